// drs-inspector: watch, filter, compose and replay DRS traffic.
//
//     drs-inspector [URL...] [--listen URL]... [--lang de|fr|en] [--screenshot FILE]
//
// Each URL opens a tab connected to it; --listen (repeatable) opens one tab serving all the
// listen URLs; with neither, an empty connection tab waits for an endpoint.
#include "mainwindow.h"
#include "sessionwidget.h"
#include "translations.h"

#include <drstransport.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QFile>
#include <QtCore/QTimer>
#include <QtGui/QIcon>
#include <QtWidgets/QApplication>
#include <QtWidgets/QTabWidget>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QtDrs"));
    QApplication::setOrganizationDomain(QStringLiteral("qtdrs.org"));
    QApplication::setApplicationName(QStringLiteral("drs-inspector"));
    QApplication::setApplicationDisplayName(QStringLiteral("DRS Inspector"));
    QApplication::setApplicationVersion(QStringLiteral(DRS_INSPECTOR_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("drs-inspector"));
    const QString iconPath = QStringLiteral(":/icons/drs-inspector.svg");
    if (QFile::exists(iconPath))
        QApplication::setWindowIcon(QIcon(iconPath));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Watch, filter, compose and replay DRS traffic, as a client of DRS endpoints or as a "
            "server their clients connect to."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("url"),
                                 QStringLiteral("Endpoints to connect to (tcp://host:port, "
                                                "ws://host:port/path, local:name), one tab each."),
                                 QStringLiteral("[URL...]"));
    const QCommandLineOption listenOption(
            QStringLiteral("listen"),
            QStringLiteral("Serve DRS on URL (repeatable: one tab serves them all)."),
            QStringLiteral("URL"));
    const QCommandLineOption langOption(
            QStringLiteral("lang"),
            QStringLiteral("The language of the interface: de, fr or en (default: the system's)."),
            QStringLiteral("language"));
    const QCommandLineOption screenshotOption(
            QStringLiteral("screenshot"),
            QStringLiteral("Save a picture of the window to FILE after --screenshot-delay ms, then "
                           "quit (for documentation)."),
            QStringLiteral("FILE"));
    const QCommandLineOption screenshotDelayOption(
            QStringLiteral("screenshot-delay"),
            QStringLiteral("Milliseconds to wait before --screenshot (default: 4000)."),
            QStringLiteral("ms"), QStringLiteral("4000"));
    parser.addOptions({ listenOption, langOption, screenshotOption, screenshotDelayOption });
    parser.process(app);

    installTranslations(&app, parser.value(langOption));

    QList<QUrl> listenUrls;
    const QStringList listenTexts = parser.values(listenOption);
    for (const QString &text : listenTexts) {
        const QUrl url = DrsTransport::urlFromUserInput(text);
        if (!url.isValid() || url.isEmpty()) {
            std::fprintf(stderr, "drs-inspector: --listen: not an endpoint URL: %s\n",
                         qPrintable(text));
            return 2;
        }
        listenUrls.append(url);
    }

    MainWindow window;
    const QStringList urls = parser.positionalArguments();
    // Each URL is checked by its session, which shows a malformed one as its message.
    for (const QString &url : urls)
        window.newClientSession(url);
    if (!listenUrls.isEmpty())
        window.newListenSession(listenUrls);
    if (urls.isEmpty() && listenUrls.isEmpty())
        window.newClientSession();
    if (!urls.isEmpty() && window.sessions().size() > 1)
        window.tabWidget()->setCurrentIndex(0);
    window.show();

    const QString screenshot = parser.value(screenshotOption);
    if (!screenshot.isEmpty()) {
        bool ok = false;
        const int delay = parser.value(screenshotDelayOption).toInt(&ok);
        QTimer::singleShot(ok ? qMax(0, delay) : 4000, &window, [&window, screenshot] {
            const bool saved = window.grab().save(screenshot);
            if (!saved)
                std::fprintf(stderr, "drs-inspector: cannot write %s\n", qPrintable(screenshot));
            QApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
