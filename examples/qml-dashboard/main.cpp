// drs-qml-dashboard: a live dashboard for the demo service (examples/demo, drs-demo), written in
// QML with `import QtDrs`: connection state, the shared counter with a button to increment it, the
// server's time, and a log of the commands received.
//
//     drs-qml-dashboard [--url tcp://127.0.0.1:12000] [--quit-after-counter N]
//
// Each log line also goes to the console ("qml: dashboard: ..."), so scripts can follow along.
#include <QtCore/QCommandLineParser>
#include <QtCore/QUrl>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"drs-qml-dashboard"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DRS_EXAMPLE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"A live dashboard for the DRS demo service (drs-demo)."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(
            u"url"_s,
            u"The demo service to connect to (default: %1)."_s.arg(u"tcp://127.0.0.1:12000"_s),
            u"url"_s, u"tcp://127.0.0.1:12000"_s);
    const QCommandLineOption quitOption(
            u"quit-after-counter"_s,
            u"Quit (exit code 0) once the counter shown reaches <n>: for scripts and tests."_s,
            u"n"_s);
    parser.addOptions({ urlOption, quitOption });
    parser.process(app);

    const QUrl url(parser.value(urlOption));
    if (!url.isValid() || url.scheme().isEmpty()) {
        std::fprintf(stderr, "drs-qml-dashboard: --url: not a URL: %s\n",
                     qPrintable(parser.value(urlOption)));
        return 2;
    }
    qint64 quitAfterCounter = -1;
    if (parser.isSet(quitOption)) {
        bool ok = false;
        quitAfterCounter = parser.value(quitOption).toLongLong(&ok);
        if (!ok || quitAfterCounter < 0) {
            std::fprintf(stderr, "drs-qml-dashboard: --quit-after-counter: not a count: %s\n",
                         qPrintable(parser.value(quitOption)));
            return 2;
        }
    }

    QQmlApplicationEngine engine;
#ifdef QTDRS_QML_IMPORT_DIR
    engine.addImportPath(QStringLiteral(QTDRS_QML_IMPORT_DIR));
#endif
    engine.setInitialProperties(
            { { u"serverUrl"_s, url }, { u"quitAfterCounter"_s, double(quitAfterCounter) } });
    QObject::connect(
            &engine, &QQmlApplicationEngine::objectCreated, &app,
            [](QObject *object) {
                if (!object)
                    QCoreApplication::exit(1); // the QML failed to load; the engine said why
            },
            Qt::QueuedConnection);
    engine.load(QUrl(u"qrc:/qml-dashboard/Main.qml"_s));
    return app.exec();
}
