// drs-slider: a slider that every drs-dial follows, and that follows them.
//
//     drs-slider [--listen URL]    (default: local:drs-signals)
//
// It prints the URL it serves on a line of its own to stdout once it listens.
#include "quitonsignal.h"
#include "syncwidgets.h"

#include <QtCore/QCommandLineParser>
#include <QtWidgets/QApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"drs-slider"_s);
    QApplication::setApplicationVersion(QStringLiteral(DRS_EXAMPLE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(u"A slider kept in sync with every drs-dial over DRS."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(u"listen"_s, u"Serve on <url>."_s, u"url"_s,
                                          defaultSignalsUrl().toString());
    parser.addOption(listenOption);
    parser.process(app);

    SliderWindow window;
    if (!window.listen(QUrl(parser.value(listenOption)))) {
        std::fprintf(stderr, "drs-slider: %s\n", qPrintable(window.errorString()));
        return 1;
    }
    for (const QUrl &url : window.server()->serverUrls())
        std::printf("%s\n", qPrintable(url.toString()));
    std::fflush(stdout);
    quitOnTerminationSignals();
    window.show();
    return app.exec();
}
