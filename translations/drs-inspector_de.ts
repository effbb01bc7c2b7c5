<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About DRS Inspector</source>
        <translation>Über DRS Inspector</translation>
    </message>
    <message>
        <source>DRS Inspector %1</source>
        <translation>DRS Inspector %1</translation>
    </message>
    <message>
        <source>Connects to a DRS endpoint or listens as one, and shows, fires and calls commands live: a traffic log with filters and details, a composer, statistics, and sessions saved to files.</source>
        <translation>Verbindet sich mit einem DRS-Endpunkt oder lauscht selbst als einer und zeigt, sendet und ruft Befehle live auf: ein Verkehrsprotokoll mit Filtern und Details, ein Editor für Befehle, Statistiken und Sitzungen, die in Dateien gespeichert werden.</translation>
    </message>
    <message>
        <source>Built on QtDrs %1 with Qt %2; running on Qt %3.</source>
        <translation>Erstellt mit QtDrs %1 und Qt %2; läuft unter Qt %3.</translation>
    </message>
</context>
<context>
    <name>ClientListWidget</name>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>Kodierung</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden seit</translation>
    </message>
    <message>
        <source>CBOR</source>
        <translation>CBOR</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
</context>
<context>
    <name>ComposerWidget</name>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1 (Schlüssel %2)</translation>
    </message>
    <message>
        <source>pending…</source>
        <translation>ausstehend…</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>A&amp;ktion:</translation>
    </message>
    <message>
        <source>action, e.g. user.get</source>
        <translation>Aktion, z. B. user.get</translation>
    </message>
    <message>
        <source>The action to send; Up and Down recall earlier commands.</source>
        <translation>Die zu sendende Aktion; Pfeil hoch und runter holen frühere Befehle zurück.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Commands sent before</source>
        <translation>Zuvor gesendete Befehle</translation>
    </message>
    <message>
        <source>Saved commands</source>
        <translation>Gespeicherte Befehle</translation>
    </message>
    <message>
        <source>JSON body, e.g. {&quot;id&quot;: 7} (empty: {})</source>
        <translation>JSON-Inhalt, z. B. {&quot;id&quot;: 7} (leer: {})</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>How long a call waits for its reply (0: forever)</source>
        <translation>Wie lange ein Aufruf auf seine Antwort wartet (0: unbegrenzt)</translation>
    </message>
    <message>
        <source>&amp;Fire</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send the command one way, without a reply (Ctrl+Shift+Return)</source>
        <translation>Den Befehl in eine Richtung senden, ohne Antwort (Strg+Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Send the command and wait for its reply (Ctrl+Return)</source>
        <translation>Den Befehl senden und auf seine Antwort warten (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>The result of a call appears here.</source>
        <translation>Das Ergebnis eines Aufrufs erscheint hier.</translation>
    </message>
    <message>
        <source>&amp;Save as Template…</source>
        <translation>Als Vorlage &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Manage Templates…</source>
        <translation>Vorlagen &amp;verwalten…</translation>
    </message>
    <message>
        <source>No templates</source>
        <translation>Keine Vorlagen</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>Verbindung geschlossen</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>only one JSON value is allowed</source>
        <translation>nur ein JSON-Wert ist erlaubt</translation>
    </message>
    <message>
        <source>Te&amp;mplates</source>
        <translation>V&amp;orlagen</translation>
    </message>
    <message>
        <source>Call time&amp;out:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>Ca&amp;ll</source>
        <translation>A&amp;ufrufen</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Go to Reply</source>
        <translation>Zur Antwort</translation>
    </message>
    <message>
        <source>Select the request of this reply, or the reply to this request</source>
        <translation>Die Anfrage zu dieser Antwort oder die Antwort auf diese Anfrage auswählen</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Als JSON kopieren</translation>
    </message>
    <message>
        <source>Copy the whole command to the clipboard as JSON</source>
        <translation>Den ganzen Befehl als JSON in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Go to Request</source>
        <translation>Zur Anfrage</translation>
    </message>
    <message>
        <source>Select a command in the log to see it here.</source>
        <translation>Einen Befehl im Protokoll auswählen, um ihn hier zu sehen.</translation>
    </message>
    <message>
        <source>%1 after %2 ms</source>
        <translation>%1 nach %2 ms</translation>
    </message>
    <message>
        <source>received from %1 at %2</source>
        <translation>empfangen von %1 um %2</translation>
    </message>
    <message>
        <source>sent to %1 at %2</source>
        <translation>gesendet an %1 um %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 bytes&lt;br&gt;%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 Bytes&lt;br&gt;%4</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Filter by action</source>
        <translation>Nach Aktion filtern</translation>
    </message>
    <message>
        <source>Show only the commands whose action contains this text (Ctrl+F)</source>
        <translation>Nur die Befehle zeigen, deren Aktion diesen Text enthält (Strg+F)</translation>
    </message>
    <message>
        <source>Read the action filter as a regular expression</source>
        <translation>Den Aktionsfilter als regulären Ausdruck lesen</translation>
    </message>
    <message>
        <source>In and out</source>
        <translation>Ein und aus</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>Show commands going one way only</source>
        <translation>Nur Befehle einer Richtung zeigen</translation>
    </message>
    <message>
        <source>Show only commands with the checked statuses</source>
        <translation>Nur Befehle mit den angehakten Status zeigen</translation>
    </message>
    <message>
        <source>Show All</source>
        <translation>Alle zeigen</translation>
    </message>
    <message>
        <source>Search bodies</source>
        <translation>Inhalte durchsuchen</translation>
    </message>
    <message>
        <source>Show only the commands whose body contains this text</source>
        <translation>Nur die Befehle zeigen, deren Inhalt diesen Text enthält</translation>
    </message>
    <message>
        <source>Commands shown / commands in the log</source>
        <translation>Angezeigte Befehle / Befehle im Protokoll</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Error reply</source>
        <translation>Fehlerantwort</translation>
    </message>
    <message>
        <source>Exception reply</source>
        <translation>Ausnahmeantwort</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <source>Not a valid regular expression</source>
        <translation>Kein gültiger regulärer Ausdruck</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message numerus="yes">
        <source>%n statuses</source>
        <translation>
            <numerusform>%n Status</numerusform>
            <numerusform>%n Status</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>JsonTreeModel</name>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>Wahrheitswert</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>string</source>
        <translation>Zeichenkette</translation>
    </message>
    <message>
        <source>array</source>
        <translation>Array</translation>
    </message>
    <message>
        <source>object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DRS Inspector</source>
        <translation>DRS Inspector</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Connection</source>
        <translation>&amp;Neue Verbindung</translation>
    </message>
    <message>
        <source>Open a tab that connects to a DRS endpoint</source>
        <translation>Einen Tab öffnen, der sich mit einem DRS-Endpunkt verbindet</translation>
    </message>
    <message>
        <source>&amp;Listen…</source>
        <translation>&amp;Lauschen…</translation>
    </message>
    <message>
        <source>Open a tab that serves DRS and shows its clients&apos; traffic</source>
        <translation>Einen Tab öffnen, der DRS anbietet und den Verkehr seiner Clients zeigt</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>Tab &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Copy as JSON</source>
        <translation>Als JSON &amp;kopieren</translation>
    </message>
    <message>
        <source>C&amp;lear Log</source>
        <translation>Protokoll &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>&amp;Pause Autoscroll</source>
        <translation>Automatisches Scrollen &amp;anhalten</translation>
    </message>
    <message>
        <source>Keep the log where it is while new commands arrive</source>
        <translation>Das Protokoll an seiner Stelle lassen, während neue Befehle eintreffen</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Re&amp;play Selection</source>
        <translation>Auswahl &amp;erneut senden</translation>
    </message>
    <message>
        <source>Send the selected outgoing commands again, in order</source>
        <translation>Die ausgewählten ausgehenden Befehle der Reihe nach erneut senden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About DRS Inspector</source>
        <translation>&amp;Über DRS Inspector</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Commands shown / commands in the log</source>
        <translation>Angezeigte Befehle / Befehle im Protokoll</translation>
    </message>
    <message>
        <source>%1 — DRS Inspector</source>
        <translation>%1 — DRS Inspector</translation>
    </message>
    <message>
        <source>No session: File &gt; New Connection (Ctrl+N) or Listen (Ctrl+L)</source>
        <translation>Keine Sitzung: Datei &gt; Neue Verbindung (Strg+N) oder Lauschen (Strg+L)</translation>
    </message>
    <message>
        <source>%1 / %2 commands</source>
        <translation>%1 / %2 Befehle</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Lauschen</translation>
    </message>
    <message>
        <source>Serve DRS on these URLs, one per line (tcp://host:port, ws://host:port/path, local:name):</source>
        <translation>DRS auf diesen URLs anbieten, eine pro Zeile (tcp://host:port, ws://host:port/pfad, local:name):</translation>
    </message>
    <message>
        <source>Give at least one URL to listen on.</source>
        <translation>Mindestens eine URL zum Lauschen angeben.</translation>
    </message>
    <message>
        <source>These are not endpoint URLs:
%1</source>
        <translation>Dies sind keine Endpunkt-URLs:
%1</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>Sitzung importieren</translation>
    </message>
    <message>
        <source>DRS sessions (*.ndjson *.jsonl *.json);;All files (*)</source>
        <translation>DRS-Sitzungen (*.ndjson *.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import %1 into a new tab, or add it to the current log?</source>
        <translation>%1 in einen neuen Tab importieren oder dem aktuellen Protokoll hinzufügen?</translation>
    </message>
    <message>
        <source>New Tab</source>
        <translation>Neuer Tab</translation>
    </message>
    <message>
        <source>Current Log</source>
        <translation>Aktuelles Protokoll</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n command(s) from %1</source>
        <translation>
            <numerusform>%n Befehl aus %1 importiert</numerusform>
            <numerusform>%n Befehle aus %1 importiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 is damaged: %n line(s) could not be read and were skipped; the other %2 command(s) were imported.</source>
        <translation>
            <numerusform>%1 ist beschädigt: %n Zeile konnte nicht gelesen werden und wurde übersprungen; die übrigen %2 Befehle wurden importiert.</numerusform>
            <numerusform>%1 ist beschädigt: %n Zeilen konnten nicht gelesen werden und wurden übersprungen; die übrigen %2 Befehle wurden importiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>Sitzung exportieren</translation>
    </message>
    <message>
        <source>DRS sessions (*.ndjson);;All files (*)</source>
        <translation>DRS-Sitzungen (*.ndjson);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>no session to export</source>
        <translation>keine Sitzung zum Exportieren</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n command(s) to %1</source>
        <translation>
            <numerusform>%n Befehl nach %1 exportiert</numerusform>
            <numerusform>%n Befehle nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Select outgoing commands to replay them.</source>
        <translation>Ausgehende Befehle auswählen, um sie erneut zu senden.</translation>
    </message>
    <message>
        <source>No connected session to replay through.</source>
        <translation>Keine verbundene Sitzung, über die erneut gesendet werden kann.</translation>
    </message>
    <message numerus="yes">
        <source>Replayed %n command(s) through %1</source>
        <translation>
            <numerusform>%n Befehl über %1 erneut gesendet</numerusform>
            <numerusform>%n Befehle über %1 erneut gesendet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaveTemplateDialog</name>
    <message>
        <source>Save as Template</source>
        <translation>Als Vorlage speichern</translation>
    </message>
    <message>
        <source>no group</source>
        <translation>keine Gruppe</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>A template with this name exists in this group: saving replaces it.</source>
        <translation>In dieser Gruppe gibt es bereits eine Vorlage mit diesem Namen: Speichern ersetzt sie.</translation>
    </message>
</context>
<context>
    <name>SessionFile</name>
    <message>
        <source>The file is not open for writing.</source>
        <translation>Die Datei ist nicht zum Schreiben geöffnet.</translation>
    </message>
    <message>
        <source>Writing failed: %1</source>
        <translation>Schreiben fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>invalid JSON at column %1: %2</source>
        <translation>ungültiges JSON in Spalte %1: %2</translation>
    </message>
    <message>
        <source>a record must be a JSON object</source>
        <translation>ein Eintrag muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>missing &quot;time&quot;</source>
        <translation>&quot;time&quot; fehlt</translation>
    </message>
    <message>
        <source>&quot;time&quot; is not a count of milliseconds</source>
        <translation>&quot;time&quot; ist keine Anzahl von Millisekunden</translation>
    </message>
    <message>
        <source>missing &quot;direction&quot;</source>
        <translation>&quot;direction&quot; fehlt</translation>
    </message>
    <message>
        <source>bad &quot;direction&quot; %1 (expected &quot;in&quot; or &quot;out&quot;)</source>
        <translation>ungültige &quot;direction&quot; %1 (erwartet: &quot;in&quot; oder &quot;out&quot;)</translation>
    </message>
    <message>
        <source>missing &quot;peer&quot;</source>
        <translation>&quot;peer&quot; fehlt</translation>
    </message>
    <message>
        <source>&quot;peer&quot; is not a string</source>
        <translation>&quot;peer&quot; ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>missing &quot;command&quot;</source>
        <translation>&quot;command&quot; fehlt</translation>
    </message>
    <message>
        <source>&quot;command&quot; is not an object</source>
        <translation>&quot;command&quot; ist kein Objekt</translation>
    </message>
    <message>
        <source>malformed command: %1</source>
        <translation>fehlerhafter Befehl: %1</translation>
    </message>
    <message>
        <source>The file is not open for reading.</source>
        <translation>Die Datei ist nicht zum Lesen geöffnet.</translation>
    </message>
</context>
<context>
    <name>SessionWidget</name>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>CBOR</source>
        <translation>CBOR</translation>
    </message>
    <message>
        <source>The encoding to speak; takes effect on the next connect</source>
        <translation>Die zu sprechende Kodierung; gilt ab der nächsten Verbindung</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>Listening on:</source>
        <translation>Lauscht auf:</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>Send &amp;to:</source>
        <translation>Senden &amp;an:</translation>
    </message>
    <message>
        <source>All clients (broadcast)</source>
        <translation>Alle Clients (Broadcast)</translation>
    </message>
    <message>
        <source>Fire and Call go to this client, or to every client</source>
        <translation>Senden und Aufrufen gehen an diesen Client oder an alle Clients</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>%1 reported an error: %2</source>
        <translation>%1 meldete einen Fehler: %2</translation>
    </message>
    <message>
        <source>Retrying in %1 s (attempt %2).</source>
        <translation>Neuer Versuch in %1 s (Versuch %2).</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Type an endpoint first, such as tcp://127.0.0.1:12000.</source>
        <translation>Zuerst einen Endpunkt eingeben, etwa tcp://127.0.0.1:12000.</translation>
    </message>
    <message>
        <source>“%1” is not an endpoint URL. Use tcp://host:port, ws://host:port/path or local:name.</source>
        <translation>„%1“ ist keine Endpunkt-URL. tcp://host:port, ws://host:port/pfad oder local:name verwenden.</translation>
    </message>
    <message>
        <source>%1 sent something that is not a DRS command (%2). The inspector answered with drs.error and closed the connection.</source>
        <translation>%1 hat etwas gesendet, das kein DRS-Befehl ist (%2). Der Inspector hat mit drs.error geantwortet und die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>%1 closed the connection.</source>
        <translation>%1 hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2.</source>
        <translation>Verbindung mit %1 nicht möglich: %2.</translation>
    </message>
    <message>
        <source>Give at least one URL to listen on, such as tcp://127.0.0.1:12000.</source>
        <translation>Mindestens eine URL zum Lauschen angeben, etwa tcp://127.0.0.1:12000.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Lauschen auf %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>%1 sent something that is not a DRS command (%2). The inspector answered with drs.error and closed its connection.</source>
        <translation>%1 hat etwas gesendet, das kein DRS-Befehl ist (%2). Der Inspector hat mit drs.error geantwortet und dessen Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>Not connected: %1 was not sent.</source>
        <translation>Nicht verbunden: %1 wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>Too many commands wait for the connection: %1 was not sent.</source>
        <translation>Zu viele Befehle warten auf die Verbindung: %1 wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>%1 is gone: %2 was not sent.</source>
        <translation>%1 ist nicht mehr da: %2 wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>No client is connected: %1 was not sent.</source>
        <translation>Kein Client verbunden: %1 wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>That command is no longer in the log.</source>
        <translation>Dieser Befehl ist nicht mehr im Protokoll.</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Als JSON kopieren</translation>
    </message>
    <message>
        <source>Load into Composer</source>
        <translation>In den Editor laden</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Go to Request</source>
        <translation>Zur Anfrage</translation>
    </message>
    <message>
        <source>Go to Reply</source>
        <translation>Zur Antwort</translation>
    </message>
    <message>
        <source>Unconnected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindet</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Verbindet erneut</translation>
    </message>
    <message numerus="yes">
        <source>Listening, %n client(s)</source>
        <translation>
            <numerusform>Lauscht, %n Client</numerusform>
            <numerusform>Lauscht, %n Clients</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>New Connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <source>Listen %1</source>
        <translation>Lauscht auf %1</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>Importiert: %1</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>&amp;Lauschen</translation>
    </message>
</context>
<context>
    <name>StatsWidget</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>In:</source>
        <translation>Ein:</translation>
    </message>
    <message>
        <source>Bytes in:</source>
        <translation>Bytes ein:</translation>
    </message>
    <message>
        <source>Out:</source>
        <translation>Aus:</translation>
    </message>
    <message>
        <source>Bytes out:</source>
        <translation>Bytes aus:</translation>
    </message>
    <message>
        <source>Pending calls:</source>
        <translation>Ausstehende Aufrufe:</translation>
    </message>
    <message>
        <source>Latency p50:</source>
        <translation>Latenz p50:</translation>
    </message>
    <message>
        <source>p99:</source>
        <translation>p99:</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>commands/s</source>
        <translation>Befehle/s</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>A&amp;ktion:</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>Inhalt:</translation>
    </message>
</context>
<context>
    <name>TemplatesModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
</context>
<context>
    <name>TrafficFilterModel</name>
    <message>
        <source>%1 at position %2</source>
        <translation>%1 an Position %2</translation>
    </message>
</context>
<context>
    <name>TrafficLogModel</name>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>Ausnahme</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 an %2</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Schlüssel: %1</translation>
    </message>
    <message>
        <source>Fired: no reply expected</source>
        <translation>Gesendet: keine Antwort erwartet</translation>
    </message>
    <message>
        <source>Waiting for the reply</source>
        <translation>Wartet auf die Antwort</translation>
    </message>
    <message>
        <source>Answered after %1</source>
        <translation>Beantwortet nach %1</translation>
    </message>
    <message>
        <source>Failed after %1</source>
        <translation>Fehlgeschlagen nach %1</translation>
    </message>
    <message>
        <source>Timed out; the reply came after %1</source>
        <translation>Zeitüberschreitung; die Antwort kam nach %1</translation>
    </message>
    <message>
        <source>Timed out waiting for the reply</source>
        <translation>Zeitüberschreitung beim Warten auf die Antwort</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Reply after %1</source>
        <translation>Antwort nach %1</translation>
    </message>
    <message>
        <source>Reply to no known request</source>
        <translation>Antwort auf keine bekannte Anfrage</translation>
    </message>
    <message>
        <source>Error answering no known request: %1</source>
        <translation>Fehler als Antwort auf keine bekannte Anfrage: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Richt.</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Local time the command was seen</source>
        <translation>Ortszeit, zu der der Befehl gesehen wurde</translation>
    </message>
    <message>
        <source>In: received from the peer; Out: sent to it</source>
        <translation>Ein: von der Gegenstelle empfangen; Aus: an sie gesendet</translation>
    </message>
    <message>
        <source>Bytes of the command as compact JSON</source>
        <translation>Bytes des Befehls als kompaktes JSON</translation>
    </message>
    <message>
        <source>Time between a request and its reply</source>
        <translation>Zeit zwischen einer Anfrage und ihrer Antwort</translation>
    </message>
    <message>
        <source>Size: %1 bytes</source>
        <translation>Größe: %1 Bytes</translation>
    </message>
</context>
<context>
    <name>UrlBar</name>
    <message>
        <source>tcp://host:port, ws://host:port/path or local:name</source>
        <translation>tcp://host:port, ws://host:port/pfad oder local:name</translation>
    </message>
    <message>
        <source>The endpoint to connect to; press Return to connect</source>
        <translation>Der Endpunkt, mit dem verbunden wird; Eingabetaste drücken zum Verbinden</translation>
    </message>
</context>
</TS>
