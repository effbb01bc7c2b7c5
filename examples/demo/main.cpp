// drs-demo: serves the demo service (see demoservice.h) over TCP, WebSocket and a local socket
// at once, so any DRS client (drs, the inspector, a Go or Node peer) has something to talk to.
//
//     drs-demo [--host 127.0.0.1] [--tcp-port 12000] [--ws-port 12001] [--local-name drs-demo]
//
// It prints each URL it serves on a line of its own to stdout, the ports the system chose when
// a port is 0, so scripts and tests can read where to connect.
#include "demoservice.h"
#include "quitonsignal.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QUrl>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "drs-demo: %s\n", qPrintable(message));
    return 2;
}

bool parsePort(const QString &text, quint16 *port)
{
    bool ok = false;
    *port = text.toUShort(&ok);
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"drs-demo"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DRS_EXAMPLE_VERSION));
    // Before anything else: whoever sees our output may already signal us to stop.
    quitOnTerminationSignals();

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"A demo DRS service on TCP, WebSocket and a local socket. Actions: echo, time, "
            "counter.get, counter.increment (broadcasts counter.changed), fail (drs.error), "
            "crash (drs.exception), delay, math.add/subtract/multiply/divide/sum; broadcasts "
            "demo.tick every second."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostOption(
            u"host"_s, u"Address to serve TCP and WebSocket on (default: 127.0.0.1)."_s,
            u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption tcpPortOption(u"tcp-port"_s,
                                           u"TCP port, 0 for any free one (default: 12000)."_s,
                                           u"port"_s, u"12000"_s);
    const QCommandLineOption wsPortOption(u"ws-port"_s,
                                          u"WebSocket port, 0 for any free one (default: 12001)."_s,
                                          u"port"_s, u"12001"_s);
    const QCommandLineOption localNameOption(
            u"local-name"_s, u"Local socket name (default: drs-demo)."_s, u"name"_s, u"drs-demo"_s);
    const QCommandLineOption tickIntervalOption(
            u"tick-interval"_s, u"Milliseconds between demo.tick broadcasts (default: 1000)."_s,
            u"ms"_s, QString::number(DemoService::DefaultTickInterval));
    const QCommandLineOption noTickOption(u"no-tick"_s, u"Do not broadcast demo.tick."_s);
    parser.addOptions({ hostOption, tcpPortOption, wsPortOption, localNameOption,
                        tickIntervalOption, noTickOption });
    parser.process(app); // exits on --help, --version and unknown options

    quint16 tcpPort = 0;
    quint16 wsPort = 0;
    if (!parsePort(parser.value(tcpPortOption), &tcpPort))
        return usageError(u"--tcp-port: not a port: %1"_s.arg(parser.value(tcpPortOption)));
    if (!parsePort(parser.value(wsPortOption), &wsPort))
        return usageError(u"--ws-port: not a port: %1"_s.arg(parser.value(wsPortOption)));
    bool ok = false;
    const int tickInterval = parser.value(tickIntervalOption).toInt(&ok);
    if (!ok || tickInterval <= 0)
        return usageError(u"--tick-interval: not a positive number: %1"_s.arg(
                parser.value(tickIntervalOption)));
    const QString localName = parser.value(localNameOption);
    if (localName.isEmpty())
        return usageError(u"--local-name: the name is empty"_s);

    // Build URLs with QUrl's setters: they put brackets around an IPv6 host such as ::1.
    QUrl tcpUrl;
    tcpUrl.setScheme(u"tcp"_s);
    tcpUrl.setHost(parser.value(hostOption));
    tcpUrl.setPort(tcpPort);
    QUrl wsUrl = tcpUrl;
    wsUrl.setScheme(u"ws"_s);
    wsUrl.setPort(wsPort);
    wsUrl.setPath(u"/socket"_s); // where the original Go server served WebSockets
    QUrl localUrl;
    localUrl.setScheme(u"local"_s);
    localUrl.setPath(localName);

    DemoService demo;
    demo.setTickInterval(parser.isSet(noTickOption) ? 0 : tickInterval);
    // All or nothing: a half-started service would only confuse whoever started it.
    if (!demo.server()->listen({ tcpUrl, wsUrl, localUrl })) {
        std::fprintf(stderr, "drs-demo: %s\n", qPrintable(demo.server()->errorString()));
        return 1;
    }

    for (const QUrl &url : demo.server()->serverUrls())
        std::printf("%s\n", qPrintable(url.toString()));
    // stdout is block-buffered when it is a pipe: flush, or a reader waits for nothing.
    std::fflush(stdout);

    return app.exec();
}
