// drs-dial: a dial that follows a drs-slider, and drives it.
//
//     drs-dial [--connect URL]    (default: local:drs-signals)
#include "quitonsignal.h"
#include "syncwidgets.h"

#include <QtCore/QCommandLineParser>
#include <QtWidgets/QApplication>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"drs-dial"_s);
    QApplication::setApplicationVersion(QStringLiteral(DRS_EXAMPLE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(u"A dial kept in sync with a drs-slider over DRS."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption connectOption(u"connect"_s, u"Connect to the slider at <url>."_s,
                                           u"url"_s, defaultSignalsUrl().toString());
    parser.addOption(connectOption);
    parser.process(app);

    DialWindow window;
    window.open(QUrl(parser.value(connectOption)));
    quitOnTerminationSignals();
    window.show();
    return app.exec();
}
