// The inspector's translations: German and French are shown in real widgets, English is the
// source, the system locale is followed, and the .ts files are complete and consistent.
#include <composerwidget.h>
#include <mainwindow.h>
#include <sessionwidget.h>
#include <translations.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QXmlStreamReader>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPushButton>

class tst_Translations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void translatedStringIsShown_data();
    void translatedStringIsShown();
    void mainWindowIsTranslated_data();
    void mainWindowIsTranslated();
    void englishShowsSourceStrings();
    void systemLocaleIsFollowed();
    void languageChangesAtRuntime();
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();

private:
    QTemporaryDir m_settingsDir;

    static QString buttonText(const ComposerWidget &composer, const char *name)
    {
        auto *button = composer.findChild<QPushButton *>(QString::fromLatin1(name));
        return button ? button->text().remove(u'&') : QString();
    }
};

void tst_Translations::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("QtDrsTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_Translations::cleanup()
{
    installTranslations(qApp, QStringLiteral("en"));
    QLocale::setDefault(QLocale::c());
}

void tst_Translations::translatedStringIsShown_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("fire");
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("timeoutLabel");
    QTest::addRow("de") << QStringLiteral("de") << QStringLiteral("Senden")
                        << QStringLiteral("Aufrufen") << QStringLiteral("Zeitlimit:");
    QTest::addRow("fr") << QStringLiteral("fr") << QStringLiteral("Envoyer")
                        << QStringLiteral("Appeler") << QStringLiteral("Délai d’appel\u00a0:");
}

void tst_Translations::translatedStringIsShown()
{
    QFETCH(QString, language);
    QFETCH(QString, fire);
    QFETCH(QString, call);
    QFETCH(QString, timeoutLabel);

    QVERIFY(QFile::exists(QStringLiteral(":/i18n/drs-inspector_%1.qm").arg(language)));
    QVERIFY(installTranslations(qApp, language));
    QCOMPARE(QLocale().toString(1.5, 'f', 1), QStringLiteral("1,5")); // numbers follow too
    ComposerWidget composer;
    QCOMPARE(buttonText(composer, "composerFire"), fire);
    QCOMPARE(buttonText(composer, "composerCall"), call);
    bool labelFound = false;
    for (const QLabel *label : composer.findChildren<QLabel *>())
        labelFound = labelFound || label->text().remove(u'&') == timeoutLabel;
    QVERIFY2(labelFound, qPrintable(timeoutLabel));
}

void tst_Translations::mainWindowIsTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("installed");
    QTest::addColumn<QStringList>("menus");
    QTest::addColumn<QString>("fire");
    QTest::addRow("de") << QStringLiteral("de") << true
                        << QStringList { QStringLiteral("Datei"), QStringLiteral("Hilfe") }
                        << QStringLiteral("Senden");
    QTest::addRow("fr") << QStringLiteral("fr") << true
                        << QStringList { QStringLiteral("Fichier"), QStringLiteral("Aide") }
                        << QStringLiteral("Envoyer");
    QTest::addRow("en") << QStringLiteral("en") << false
                        << QStringList { QStringLiteral("File"), QStringLiteral("Help") }
                        << QStringLiteral("Fire");
}

// The whole window: its menu bar and the composer of a session tab.
void tst_Translations::mainWindowIsTranslated()
{
    QFETCH(QString, language);
    QFETCH(bool, installed);
    QFETCH(QStringList, menus);
    QFETCH(QString, fire);

    QCOMPARE(installTranslations(qApp, language), installed);
    MainWindow window;
    QStringList titles;
    for (const QAction *menu : window.menuBar()->actions())
        titles.append(menu->text().remove(u'&'));
    for (const QString &menu : std::as_const(menus))
        QVERIFY2(titles.contains(menu), qPrintable(titles.join(u',')));
    SessionWidget *session = window.newClientSession();
    QVERIFY(session);
    QCOMPARE(buttonText(*session->composer(), "composerFire"), fire);
}

void tst_Translations::englishShowsSourceStrings()
{
    QVERIFY(installTranslations(qApp, QStringLiteral("de")));
    QVERIFY(!installTranslations(qApp, QStringLiteral("en"))); // and removes German
    QCOMPARE(QLocale().toString(1.5, 'f', 1), QStringLiteral("1.5"));
    ComposerWidget composer;
    QCOMPARE(buttonText(composer, "composerFire"), QStringLiteral("Fire"));
    QCOMPARE(buttonText(composer, "composerCall"), QStringLiteral("Call"));

    QVERIFY(!installTranslations(qApp, QStringLiteral("xx"))); // no such translation
    QCOMPARE(buttonText(ComposerWidget(), "composerFire"), QStringLiteral("Fire"));
}

void tst_Translations::systemLocaleIsFollowed()
{
    QLocale::setDefault(QLocale(QLocale::French, QLocale::Canada));
    QVERIFY(installTranslations(qApp, QString()));
    QCOMPARE(buttonText(ComposerWidget(), "composerFire"), QStringLiteral("Envoyer"));

    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(!installTranslations(qApp, QString()));
    QCOMPARE(buttonText(ComposerWidget(), "composerFire"), QStringLiteral("Fire"));
}

void tst_Translations::languageChangesAtRuntime()
{
    ComposerWidget composer;
    QCOMPARE(buttonText(composer, "composerCall"), QStringLiteral("Call"));
    QVERIFY(installTranslations(qApp, QStringLiteral("fr")));
    QTRY_COMPARE(buttonText(composer, "composerCall"), QStringLiteral("Appeler"));
    QVERIFY(installTranslations(qApp, QStringLiteral("de")));
    QTRY_COMPARE(buttonText(composer, "composerCall"), QStringLiteral("Aufrufen"));
    installTranslations(qApp, QStringLiteral("en"));
    QTRY_COMPARE(buttonText(composer, "composerCall"), QStringLiteral("Call"));
}

void tst_Translations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("de") << QStringLiteral(QTDRS_TRANSLATIONS_DIR "/drs-inspector_de.ts");
    QTest::addRow("fr") << QStringLiteral(QTDRS_TRANSLATIONS_DIR "/drs-inspector_fr.ts");
}

/*
    Every tr() string of the app has a translation: lupdate (a real child process) refreshes a copy
    of the .ts file from the sources, then every message of the copy must be translated (none
    unfinished or empty) with the same placeholders as its source.
*/
void tst_Translations::tsFilesAreComplete()
{
    QFETCH(QString, file);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QFileInfo(file).fileName());
    QVERIFY(QFile::copy(file, copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(QTDRS_LUPDATE),
                  { QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                    QStringLiteral("none"), QStringLiteral(QTDRS_INSPECTOR_SOURCE_DIR),
                    QStringLiteral("-ts"), copy });
    QVERIFY2(lupdate.waitForFinished(60000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             lupdate.readAll().constData());

    QFile ts(copy);
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(copy));
    QXmlStreamReader xml(&ts);
    const QRegularExpression placeholder(QStringLiteral("%L?(\\d+|n)"));
    const auto placeholders = [&placeholder](const QString &text) {
        QStringList found;
        for (auto it = placeholder.globalMatch(text); it.hasNext();)
            found.append(it.next().captured().remove(u'L'));
        found.sort();
        found.removeDuplicates();
        return found;
    };

    int messages = 0;
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            ++messages;
            const QString where = QStringLiteral("%1: \"%2\"").arg(context, source);
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            QVERIFY2(type.isEmpty(), qPrintable(where + QStringLiteral(" is ") + type));
            // Plain text, or one <numerusform> per plural form.
            QStringList forms;
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == u"numerusform")
                    forms.append(xml.readElementText());
                else if (xml.isEndElement() && xml.name() == u"translation")
                    break;
            }
            if (forms.isEmpty())
                forms.append(text);
            for (const QString &form : std::as_const(forms)) {
                QVERIFY2(!form.trimmed().isEmpty(),
                         qPrintable(where + QStringLiteral(" is empty")));
                QVERIFY2(placeholders(form) == placeholders(source),
                         qPrintable(where + QStringLiteral(" placeholders differ: ") + form));
            }
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(messages > 100, qPrintable(QString::number(messages)));
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
