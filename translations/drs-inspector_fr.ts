<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About DRS Inspector</source>
        <translation>À propos de DRS Inspector</translation>
    </message>
    <message>
        <source>DRS Inspector %1</source>
        <translation>DRS Inspector %1</translation>
    </message>
    <message>
        <source>Connects to a DRS endpoint or listens as one, and shows, fires and calls commands live: a traffic log with filters and details, a composer, statistics, and sessions saved to files.</source>
        <translation>Se connecte à un point d’accès DRS ou en devient un, et affiche, envoie et appelle des commandes en direct&#xa0;: un journal du trafic avec filtres et détails, un éditeur de commandes, des statistiques et des sessions enregistrées dans des fichiers.</translation>
    </message>
    <message>
        <source>Built on QtDrs %1 with Qt %2; running on Qt %3.</source>
        <translation>Construit avec QtDrs %1 et Qt %2&#xa0;; fonctionne avec Qt %3.</translation>
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
        <translation>Encodage</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connecté depuis</translation>
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
        <translation>%1 (clé %2)</translation>
    </message>
    <message>
        <source>pending…</source>
        <translation>en attente…</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>Ac&amp;tion&#xa0;:</translation>
    </message>
    <message>
        <source>action, e.g. user.get</source>
        <translation>action, p.&#xa0;ex. user.get</translation>
    </message>
    <message>
        <source>The action to send; Up and Down recall earlier commands.</source>
        <translation>L’action à envoyer&#xa0;; les flèches haut et bas rappellent les commandes précédentes.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Commands sent before</source>
        <translation>Commandes envoyées auparavant</translation>
    </message>
    <message>
        <source>Saved commands</source>
        <translation>Commandes enregistrées</translation>
    </message>
    <message>
        <source>JSON body, e.g. {&quot;id&quot;: 7} (empty: {})</source>
        <translation>Corps JSON, p.&#xa0;ex. {&quot;id&quot;: 7} (vide&#xa0;: {})</translation>
    </message>
    <message>
        <source> ms</source>
        <translation>&#xa0;ms</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>How long a call waits for its reply (0: forever)</source>
        <translation>Durée d’attente de la réponse à un appel (0&#xa0;: sans limite)</translation>
    </message>
    <message>
        <source>&amp;Fire</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send the command one way, without a reply (Ctrl+Shift+Return)</source>
        <translation>Envoyer la commande sans attendre de réponse (Ctrl+Maj+Entrée)</translation>
    </message>
    <message>
        <source>Send the command and wait for its reply (Ctrl+Return)</source>
        <translation>Envoyer la commande et attendre sa réponse (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>The result of a call appears here.</source>
        <translation>Le résultat d’un appel s’affiche ici.</translation>
    </message>
    <message>
        <source>&amp;Save as Template…</source>
        <translation>&amp;Enregistrer comme modèle…</translation>
    </message>
    <message>
        <source>&amp;Manage Templates…</source>
        <translation>&amp;Gérer les modèles…</translation>
    </message>
    <message>
        <source>No templates</source>
        <translation>Aucun modèle</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>délai dépassé</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>connexion fermée</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1&#xa0;ms</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>ligne %1, colonne %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>only one JSON value is allowed</source>
        <translation>une seule valeur JSON est permise</translation>
    </message>
    <message>
        <source>Te&amp;mplates</source>
        <translation>&amp;Modèles</translation>
    </message>
    <message>
        <source>Call time&amp;out:</source>
        <translation>Dé&amp;lai d’appel&#xa0;:</translation>
    </message>
    <message>
        <source>Ca&amp;ll</source>
        <translation>&amp;Appeler</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Go to Reply</source>
        <translation>Aller à la réponse</translation>
    </message>
    <message>
        <source>Select the request of this reply, or the reply to this request</source>
        <translation>Sélectionner la requête de cette réponse, ou la réponse à cette requête</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Copier en JSON</translation>
    </message>
    <message>
        <source>Copy the whole command to the clipboard as JSON</source>
        <translation>Copier toute la commande dans le presse-papiers en JSON</translation>
    </message>
    <message>
        <source>Go to Request</source>
        <translation>Aller à la requête</translation>
    </message>
    <message>
        <source>Select a command in the log to see it here.</source>
        <translation>Sélectionnez une commande dans le journal pour l’afficher ici.</translation>
    </message>
    <message>
        <source>%1 after %2 ms</source>
        <translation>%1 après %2&#xa0;ms</translation>
    </message>
    <message>
        <source>received from %1 at %2</source>
        <translation>reçu de %1 à %2</translation>
    </message>
    <message>
        <source>sent to %1 at %2</source>
        <translation>envoyé à %1 à %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 bytes&lt;br&gt;%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 octets&lt;br&gt;%4</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Filter by action</source>
        <translation>Filtrer par action</translation>
    </message>
    <message>
        <source>Show only the commands whose action contains this text (Ctrl+F)</source>
        <translation>N’afficher que les commandes dont l’action contient ce texte (Ctrl+F)</translation>
    </message>
    <message>
        <source>Read the action filter as a regular expression</source>
        <translation>Lire le filtre d’action comme une expression régulière</translation>
    </message>
    <message>
        <source>In and out</source>
        <translation>Entrants et sortants</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Entrants</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Sortants</translation>
    </message>
    <message>
        <source>Show commands going one way only</source>
        <translation>N’afficher que les commandes d’un seul sens</translation>
    </message>
    <message>
        <source>Show only commands with the checked statuses</source>
        <translation>N’afficher que les commandes aux statuts cochés</translation>
    </message>
    <message>
        <source>Show All</source>
        <translation>Tout afficher</translation>
    </message>
    <message>
        <source>Search bodies</source>
        <translation>Rechercher dans les corps</translation>
    </message>
    <message>
        <source>Show only the commands whose body contains this text</source>
        <translation>N’afficher que les commandes dont le corps contient ce texte</translation>
    </message>
    <message>
        <source>Commands shown / commands in the log</source>
        <translation>Commandes affichées / commandes du journal</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Répondu</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Délai dépassé</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>Error reply</source>
        <translation>Réponse d’erreur</translation>
    </message>
    <message>
        <source>Exception reply</source>
        <translation>Réponse d’exception</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>Mal formé</translation>
    </message>
    <message>
        <source>Not a valid regular expression</source>
        <translation>Expression régulière non valide</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message numerus="yes">
        <source>%n statuses</source>
        <translation>
            <numerusform>%n statut</numerusform>
            <numerusform>%n statuts</numerusform>
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
        <translation>booléen</translation>
    </message>
    <message>
        <source>number</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>string</source>
        <translation>chaîne</translation>
    </message>
    <message>
        <source>array</source>
        <translation>tableau</translation>
    </message>
    <message>
        <source>object</source>
        <translation>objet</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
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
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New Connection</source>
        <translation>&amp;Nouvelle connexion</translation>
    </message>
    <message>
        <source>Open a tab that connects to a DRS endpoint</source>
        <translation>Ouvrir un onglet qui se connecte à un point d’accès DRS</translation>
    </message>
    <message>
        <source>&amp;Listen…</source>
        <translation>É&amp;couter…</translation>
    </message>
    <message>
        <source>Open a tab that serves DRS and shows its clients&apos; traffic</source>
        <translation>Ouvrir un onglet qui sert DRS et affiche le trafic de ses clients</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>&amp;Fermer l’onglet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Copy as JSON</source>
        <translation>&amp;Copier en JSON</translation>
    </message>
    <message>
        <source>C&amp;lear Log</source>
        <translation>&amp;Vider le journal</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <source>&amp;Pause Autoscroll</source>
        <translation>&amp;Suspendre le défilement automatique</translation>
    </message>
    <message>
        <source>Keep the log where it is while new commands arrive</source>
        <translation>Garder le journal en place pendant l’arrivée de nouvelles commandes</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Session</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Reconnecter</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Déconnecter</translation>
    </message>
    <message>
        <source>Re&amp;play Selection</source>
        <translation>Re&amp;jouer la sélection</translation>
    </message>
    <message>
        <source>Send the selected outgoing commands again, in order</source>
        <translation>Renvoyer dans l’ordre les commandes sortantes sélectionnées</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About DRS Inspector</source>
        <translation>À &amp;propos de DRS Inspector</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>Commands shown / commands in the log</source>
        <translation>Commandes affichées / commandes du journal</translation>
    </message>
    <message>
        <source>%1 — DRS Inspector</source>
        <translation>%1 — DRS Inspector</translation>
    </message>
    <message>
        <source>No session: File &gt; New Connection (Ctrl+N) or Listen (Ctrl+L)</source>
        <translation>Aucune session&#xa0;: Fichier &gt; Nouvelle connexion (Ctrl+N) ou Écouter (Ctrl+L)</translation>
    </message>
    <message>
        <source>%1 / %2 commands</source>
        <translation>%1 / %2 commandes</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Écouter</translation>
    </message>
    <message>
        <source>Serve DRS on these URLs, one per line (tcp://host:port, ws://host:port/path, local:name):</source>
        <translation>Servir DRS sur ces URL, une par ligne (tcp://hôte:port, ws://hôte:port/chemin, local:nom)&#xa0;:</translation>
    </message>
    <message>
        <source>Give at least one URL to listen on.</source>
        <translation>Indiquez au moins une URL sur laquelle écouter.</translation>
    </message>
    <message>
        <source>These are not endpoint URLs:
%1</source>
        <translation>Ce ne sont pas des URL de point d’accès&#xa0;:
%1</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>Importer une session</translation>
    </message>
    <message>
        <source>DRS sessions (*.ndjson *.jsonl *.json);;All files (*)</source>
        <translation>Sessions DRS (*.ndjson *.jsonl *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import %1 into a new tab, or add it to the current log?</source>
        <translation>Importer %1 dans un nouvel onglet, ou l’ajouter au journal actuel&#xa0;?</translation>
    </message>
    <message>
        <source>New Tab</source>
        <translation>Nouvel onglet</translation>
    </message>
    <message>
        <source>Current Log</source>
        <translation>Journal actuel</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Impossible d’ouvrir %1&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n command(s) from %1</source>
        <translation>
            <numerusform>%n commande importée depuis %1</numerusform>
            <numerusform>%n commandes importées depuis %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… et %n autre</numerusform>
            <numerusform>… et %n autres</numerusform>
        </translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 is damaged: %n line(s) could not be read and were skipped; the other %2 command(s) were imported.</source>
        <translation>
            <numerusform>%1 est endommagé&#xa0;: %n ligne illisible a été ignorée&#xa0;; les %2 autres commandes ont été importées.</numerusform>
            <numerusform>%1 est endommagé&#xa0;: %n lignes illisibles ont été ignorées&#xa0;; les %2 autres commandes ont été importées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>Exporter la session</translation>
    </message>
    <message>
        <source>DRS sessions (*.ndjson);;All files (*)</source>
        <translation>Sessions DRS (*.ndjson);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>no session to export</source>
        <translation>aucune session à exporter</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n command(s) to %1</source>
        <translation>
            <numerusform>%n commande exportée vers %1</numerusform>
            <numerusform>%n commandes exportées vers %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Select outgoing commands to replay them.</source>
        <translation>Sélectionnez des commandes sortantes pour les rejouer.</translation>
    </message>
    <message>
        <source>No connected session to replay through.</source>
        <translation>Aucune session connectée pour rejouer.</translation>
    </message>
    <message numerus="yes">
        <source>Replayed %n command(s) through %1</source>
        <translation>
            <numerusform>%n commande rejouée via %1</numerusform>
            <numerusform>%n commandes rejouées via %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaveTemplateDialog</name>
    <message>
        <source>Save as Template</source>
        <translation>Enregistrer comme modèle</translation>
    </message>
    <message>
        <source>no group</source>
        <translation>aucun groupe</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Groupe&#xa0;:</translation>
    </message>
    <message>
        <source>A template with this name exists in this group: saving replaces it.</source>
        <translation>Un modèle de ce nom existe déjà dans ce groupe&#xa0;: l’enregistrer le remplace.</translation>
    </message>
</context>
<context>
    <name>SessionFile</name>
    <message>
        <source>The file is not open for writing.</source>
        <translation>Le fichier n’est pas ouvert en écriture.</translation>
    </message>
    <message>
        <source>Writing failed: %1</source>
        <translation>Échec de l’écriture&#xa0;: %1</translation>
    </message>
    <message>
        <source>invalid JSON at column %1: %2</source>
        <translation>JSON non valide à la colonne %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>a record must be a JSON object</source>
        <translation>un enregistrement doit être un objet JSON</translation>
    </message>
    <message>
        <source>missing &quot;time&quot;</source>
        <translation>«&#xa0;time&#xa0;» manquant</translation>
    </message>
    <message>
        <source>&quot;time&quot; is not a count of milliseconds</source>
        <translation>«&#xa0;time&#xa0;» n’est pas un nombre de millisecondes</translation>
    </message>
    <message>
        <source>missing &quot;direction&quot;</source>
        <translation>«&#xa0;direction&#xa0;» manquant</translation>
    </message>
    <message>
        <source>bad &quot;direction&quot; %1 (expected &quot;in&quot; or &quot;out&quot;)</source>
        <translation>«&#xa0;direction&#xa0;» incorrecte %1 (attendu&#xa0;: «&#xa0;in&#xa0;» ou «&#xa0;out&#xa0;»)</translation>
    </message>
    <message>
        <source>missing &quot;peer&quot;</source>
        <translation>«&#xa0;peer&#xa0;» manquant</translation>
    </message>
    <message>
        <source>&quot;peer&quot; is not a string</source>
        <translation>«&#xa0;peer&#xa0;» n’est pas une chaîne</translation>
    </message>
    <message>
        <source>missing &quot;command&quot;</source>
        <translation>«&#xa0;command&#xa0;» manquant</translation>
    </message>
    <message>
        <source>&quot;command&quot; is not an object</source>
        <translation>«&#xa0;command&#xa0;» n’est pas un objet</translation>
    </message>
    <message>
        <source>malformed command: %1</source>
        <translation>commande mal formée&#xa0;: %1</translation>
    </message>
    <message>
        <source>The file is not open for reading.</source>
        <translation>Le fichier n’est pas ouvert en lecture.</translation>
    </message>
</context>
<context>
    <name>SessionWidget</name>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Point d’accès&#xa0;:</translation>
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
        <translation>L’encodage à utiliser&#xa0;; pris en compte à la prochaine connexion</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Connecter</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Déconnecter</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Reconnecter</translation>
    </message>
    <message>
        <source>Listening on:</source>
        <translation>À l’écoute sur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Send &amp;to:</source>
        <translation>Envoyer &amp;à&#xa0;:</translation>
    </message>
    <message>
        <source>All clients (broadcast)</source>
        <translation>Tous les clients (diffusion)</translation>
    </message>
    <message>
        <source>Fire and Call go to this client, or to every client</source>
        <translation>Envoyer et Appeler s’adressent à ce client, ou à tous les clients</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>%1 reported an error: %2</source>
        <translation>%1 a signalé une erreur&#xa0;: %2</translation>
    </message>
    <message>
        <source>Retrying in %1 s (attempt %2).</source>
        <translation>Nouvelle tentative dans %1&#xa0;s (tentative %2).</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Type an endpoint first, such as tcp://127.0.0.1:12000.</source>
        <translation>Saisissez d’abord un point d’accès, par exemple tcp://127.0.0.1:12000.</translation>
    </message>
    <message>
        <source>“%1” is not an endpoint URL. Use tcp://host:port, ws://host:port/path or local:name.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une URL de point d’accès. Utilisez tcp://hôte:port, ws://hôte:port/chemin ou local:nom.</translation>
    </message>
    <message>
        <source>%1 sent something that is not a DRS command (%2). The inspector answered with drs.error and closed the connection.</source>
        <translation>%1 a envoyé quelque chose qui n’est pas une commande DRS (%2). L’inspecteur a répondu par drs.error et a fermé la connexion.</translation>
    </message>
    <message>
        <source>%1 closed the connection.</source>
        <translation>%1 a fermé la connexion.</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2.</source>
        <translation>Impossible de se connecter à %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Give at least one URL to listen on, such as tcp://127.0.0.1:12000.</source>
        <translation>Indiquez au moins une URL sur laquelle écouter, par exemple tcp://127.0.0.1:12000.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Impossible d’écouter sur %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>client</source>
        <translation>client</translation>
    </message>
    <message>
        <source>%1 sent something that is not a DRS command (%2). The inspector answered with drs.error and closed its connection.</source>
        <translation>%1 a envoyé quelque chose qui n’est pas une commande DRS (%2). L’inspecteur a répondu par drs.error et a fermé sa connexion.</translation>
    </message>
    <message>
        <source>Not connected: %1 was not sent.</source>
        <translation>Non connecté&#xa0;: %1 n’a pas été envoyé.</translation>
    </message>
    <message>
        <source>Too many commands wait for the connection: %1 was not sent.</source>
        <translation>Trop de commandes attendent la connexion&#xa0;: %1 n’a pas été envoyé.</translation>
    </message>
    <message>
        <source>%1 is gone: %2 was not sent.</source>
        <translation>%1 est parti&#xa0;: %2 n’a pas été envoyé.</translation>
    </message>
    <message>
        <source>No client is connected: %1 was not sent.</source>
        <translation>Aucun client connecté&#xa0;: %1 n’a pas été envoyé.</translation>
    </message>
    <message>
        <source>That command is no longer in the log.</source>
        <translation>Cette commande n’est plus dans le journal.</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Copier en JSON</translation>
    </message>
    <message>
        <source>Load into Composer</source>
        <translation>Charger dans l’éditeur</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Rejouer</translation>
    </message>
    <message>
        <source>Go to Request</source>
        <translation>Aller à la requête</translation>
    </message>
    <message>
        <source>Go to Reply</source>
        <translation>Aller à la réponse</translation>
    </message>
    <message>
        <source>Unconnected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connexion en cours</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconnexion en cours</translation>
    </message>
    <message numerus="yes">
        <source>Listening, %n client(s)</source>
        <translation>
            <numerusform>À l’écoute, %n client</numerusform>
            <numerusform>À l’écoute, %n clients</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importé</translation>
    </message>
    <message>
        <source>New Connection</source>
        <translation>Nouvelle connexion</translation>
    </message>
    <message>
        <source>Listen %1</source>
        <translation>Écoute sur %1</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>Importé&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>É&amp;couter</translation>
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
        <translation>%1&#xa0;µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1&#xa0;ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <source>In:</source>
        <translation>Entrants&#xa0;:</translation>
    </message>
    <message>
        <source>Bytes in:</source>
        <translation>Octets entrants&#xa0;:</translation>
    </message>
    <message>
        <source>Out:</source>
        <translation>Sortants&#xa0;:</translation>
    </message>
    <message>
        <source>Bytes out:</source>
        <translation>Octets sortants&#xa0;:</translation>
    </message>
    <message>
        <source>Pending calls:</source>
        <translation>Appels en attente&#xa0;:</translation>
    </message>
    <message>
        <source>Latency p50:</source>
        <translation>Latence p50&#xa0;:</translation>
    </message>
    <message>
        <source>p99:</source>
        <translation>p99&#xa0;:</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Entrants</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Sortants</translation>
    </message>
    <message>
        <source>commands/s</source>
        <translation>cmd/s</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Move &amp;Up</source>
        <translation>&amp;Monter</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>&amp;Descendre</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Groupe&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Action&#xa0;:</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>Corps&#xa0;:</translation>
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
        <translation>%1 dans %2</translation>
    </message>
</context>
<context>
    <name>TrafficFilterModel</name>
    <message>
        <source>%1 at position %2</source>
        <translation>%1 à la position %2</translation>
    </message>
</context>
<context>
    <name>TrafficLogModel</name>
    <message>
        <source>%1 µs</source>
        <translation>%1&#xa0;µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1&#xa0;ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Entr.</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Sort.</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Répondu</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Délai dépassé</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>Exception</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>Mal formé</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 vers %2</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Clé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Fired: no reply expected</source>
        <translation>Envoyé&#xa0;: aucune réponse attendue</translation>
    </message>
    <message>
        <source>Waiting for the reply</source>
        <translation>En attente de la réponse</translation>
    </message>
    <message>
        <source>Answered after %1</source>
        <translation>Répondu après %1</translation>
    </message>
    <message>
        <source>Failed after %1</source>
        <translation>Échoué après %1</translation>
    </message>
    <message>
        <source>Timed out; the reply came after %1</source>
        <translation>Délai dépassé&#xa0;; la réponse est arrivée après %1</translation>
    </message>
    <message>
        <source>Timed out waiting for the reply</source>
        <translation>Délai dépassé en attendant la réponse</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Reply after %1</source>
        <translation>Réponse après %1</translation>
    </message>
    <message>
        <source>Reply to no known request</source>
        <translation>Réponse à aucune requête connue</translation>
    </message>
    <message>
        <source>Error answering no known request: %1</source>
        <translation>Erreur en réponse à aucune requête connue&#xa0;: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Pair</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latence</translation>
    </message>
    <message>
        <source>Local time the command was seen</source>
        <translation>Heure locale à laquelle la commande a été vue</translation>
    </message>
    <message>
        <source>In: received from the peer; Out: sent to it</source>
        <translation>Entr.&#xa0;: reçue du pair&#xa0;; Sort.&#xa0;: envoyée au pair</translation>
    </message>
    <message>
        <source>Bytes of the command as compact JSON</source>
        <translation>Octets de la commande en JSON compact</translation>
    </message>
    <message>
        <source>Time between a request and its reply</source>
        <translation>Temps entre une requête et sa réponse</translation>
    </message>
    <message>
        <source>Size: %1 bytes</source>
        <translation>Taille&#xa0;: %1 octets</translation>
    </message>
</context>
<context>
    <name>UrlBar</name>
    <message>
        <source>tcp://host:port, ws://host:port/path or local:name</source>
        <translation>tcp://hôte:port, ws://hôte:port/chemin ou local:nom</translation>
    </message>
    <message>
        <source>The endpoint to connect to; press Return to connect</source>
        <translation>Le point d’accès auquel se connecter&#xa0;; appuyez sur Entrée pour vous connecter</translation>
    </message>
</context>
</TS>
