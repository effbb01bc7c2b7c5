// drs-soak: a long run of many clients against one server in a child process. It fires and calls
// at random (echo, slow echo, a handler that refuses, one that throws), drops clients at random
// (close and reopen, or a dead socket and auto reconnect), and reports whether every call ended
// exactly once and how the server's memory behaved. Not a timed test: a program that prints
// figures; exit code 1 when a call was lost or a reply duplicated, 3 on the global timeout.
#include "procstats.h"
#include "soakdriver.h"
#include "soakserver.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QProcess>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QList<QUrl> listenUrls(const QStringList &transports)
{
    QList<QUrl> urls;
    for (const QString &transport : transports) {
        if (transport == u"tcp"_s)
            urls.append(QUrl(u"tcp://127.0.0.1:0"_s));
        else if (transport == u"local"_s)
            urls.append(QUrl(u"local:drs-soak-%1"_s.arg(QCoreApplication::applicationPid())));
        else if (transport == u"ws"_s)
            urls.append(QUrl(u"ws://127.0.0.1:0/socket"_s));
    }
    return urls;
}

//! The sample nearest to \a seconds into the run.
qint64 rssAt(const QList<Soak::RssSample> &samples, double seconds)
{
    qint64 best = -1;
    double distance = 1e300;
    for (const Soak::RssSample &s : samples) {
        if (qAbs(s.seconds - seconds) < distance) {
            distance = qAbs(s.seconds - seconds);
            best = s.rssKiB;
        }
    }
    return best;
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"drs-soak"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Soak test for QtDrs: many clients, mixed fires and calls, random disconnects."_s);
    parser.addHelpOption();
    const QCommandLineOption clientsOption(u"clients"_s, u"Concurrent clients (2000)."_s, u"n"_s,
                                           u"2000"_s);
    const QCommandLineOption opsOption(u"ops"_s, u"Operations, fires and calls (1000000)."_s,
                                       u"n"_s, u"1000000"_s);
    const QCommandLineOption transportsOption(u"transports"_s,
                                              u"Comma-separated: tcp,local,ws (all)."_s, u"list"_s,
                                              u"tcp,local,ws"_s);
    const QCommandLineOption disconnectOption(
            u"disconnect-rate"_s, u"Chance per operation that a client drops (0.001)."_s, u"p"_s,
            u"0.001"_s);
    const QCommandLineOption windowOption(
            u"window"_s, u"Calls in flight at once (one per client)."_s, u"n"_s, u"0"_s);
    const QCommandLineOption timeoutOption(u"timeout"_s, u"Global time limit in seconds (1800)."_s,
                                           u"s"_s, u"1800"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Random seed (from the clock)."_s, u"n"_s);
    const QCommandLineOption jsonOption(u"json"_s, u"Print the report as JSON."_s);
    const QCommandLineOption verboseOption(u"verbose"_s, u"Keep the library's info logging."_s);
    const QCommandLineOption roleOption(u"role"_s, u"Internal: 'server' runs the server."_s,
                                        u"role"_s);
    const QCommandLineOption listenOption(u"listen"_s, u"Internal: a URL the server serves."_s,
                                          u"url"_s);
    parser.addOptions({ clientsOption, opsOption, transportsOption, disconnectOption, windowOption,
                        timeoutOption, seedOption, jsonOption, verboseOption, roleOption,
                        listenOption });
    parser.process(app);

    // Thousands of drops and thrown handlers are expected here; each would log a line.
    if (!parser.isSet(verboseOption))
        QLoggingCategory::setFilterRules(
                u"qtdrs.*.info=false\nqtdrs.*.debug=false\nqtdrs.handler.warning=false"_s);
    const qint64 fileLimit = Soak::raiseOpenFileLimit();

    if (parser.value(roleOption) == u"server"_s) {
        QList<QUrl> urls;
        for (const QString &url : parser.values(listenOption))
            urls.append(QUrl(url));
        return Soak::runServer(urls);
    }

    Soak::Options options;
    options.clients = qMax(1, parser.value(clientsOption).toInt());
    options.ops = qMax<qint64>(1, parser.value(opsOption).toLongLong());
    options.transports = parser.value(transportsOption).split(u',', Qt::SkipEmptyParts);
    for (const QString &transport : std::as_const(options.transports)) {
        if (transport != u"tcp"_s && transport != u"local"_s && transport != u"ws"_s) {
            std::fprintf(stderr, "drs-soak: unknown transport '%s'\n", qPrintable(transport));
            return 2;
        }
    }
    if (options.transports.isEmpty())
        return 2;
    options.disconnectRate = parser.value(disconnectOption).toDouble();
    options.window = parser.value(windowOption).toInt();
    options.timeoutSecs = qMax(10, parser.value(timeoutOption).toInt());
    options.seed = parser.isSet(seedOption) ? parser.value(seedOption).toUInt()
                                            : quint32(QDateTime::currentMSecsSinceEpoch());
    options.json = parser.isSet(jsonOption);
    if (fileLimit >= 0 && fileLimit < options.clients + 100) {
        std::fprintf(stderr, "drs-soak: the open-files limit (%lld) is too low for %d clients\n",
                     fileLimit, options.clients);
        return 2;
    }

    // The server, in a child process of its own.
    QProcess server;
    QStringList arguments { u"--role"_s, u"server"_s };
    for (const QUrl &url : listenUrls(options.transports))
        arguments << u"--listen"_s << url.toString();
    if (parser.isSet(verboseOption))
        arguments << u"--verbose"_s;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(QCoreApplication::applicationFilePath(), arguments);
    QByteArray banner;
    for (int i = 0; i < 100 && !banner.contains('\n') && server.waitForReadyRead(200); ++i)
        banner += server.readAllStandardOutput();
    if (!banner.startsWith("listening ")) {
        std::fprintf(stderr, "drs-soak: the server did not start\n");
        server.kill();
        server.waitForFinished(5000);
        return 2;
    }
    QList<QUrl> urls;
    for (const QByteArray &url : banner.trimmed().split(' ').mid(1))
        urls.append(QUrl(QString::fromUtf8(url)));

    Soak::SoakDriver driver(options, urls, server.processId());
    QObject::connect(&driver, &Soak::SoakDriver::finished, &app, &QCoreApplication::quit);
    driver.start();
    app.exec();
    if (!server.waitForFinished(5000)) {
        server.kill();
        server.waitForFinished(5000);
    }

    // The report.
    const Soak::Counters &c = driver.counters();
    const qint64 ops = c.fires + c.calls;
    const double seconds = driver.runSeconds();
    const QList<Soak::RssSample> samples = driver.samples();
    const double baselineAt = seconds >= 120 ? 60 : seconds * 0.2;
    const qint64 baseline = rssAt(samples, baselineAt);
    const qint64 growth = driver.rssAtEndOfOps() - baseline;
    const bool pass = driver.lost() == 0 && c.duplicated == 0 && c.callsWrong == 0
            && c.strayReplies == 0 && c.callsOtherError == 0 && !driver.timedOut();
    const QHash<QString, int> perTransport = driver.clientsPerTransport();

    QJsonObject report {
        { u"clients"_s, options.clients },
        { u"seed"_s, qint64(options.seed) },
        { u"disconnectRate"_s, options.disconnectRate },
        { u"connectSeconds"_s, driver.connectSeconds() },
        { u"ops"_s, ops },
        { u"seconds"_s, seconds },
        { u"opsPerSecond"_s, seconds > 0 ? ops / seconds : 0 },
        { u"calls"_s, c.calls },
        { u"callsOk"_s, c.callsOk },
        { u"callsDrsError"_s, c.callsRemoteError },
        { u"callsDrsException"_s, c.callsRemoteException },
        { u"callsConnectionClosed"_s, c.callsClosed },
        { u"callsOtherError"_s, c.callsOtherError },
        { u"callsWrongOutcome"_s, c.callsWrong },
        { u"lost"_s, driver.lost() },
        { u"duplicated"_s, c.duplicated },
        { u"strayReplies"_s, c.strayReplies },
        { u"fires"_s, c.fires },
        { u"firesSentConnected"_s, c.firesSentConnected },
        { u"firesQueuedWhileReconnecting"_s, c.firesQueued },
        { u"firesRefused"_s, c.firesRefused },
        { u"firesCountedByServer"_s, driver.serverTicks() },
        { u"closes"_s, c.closes },
        { u"aborts"_s, c.aborts },
        { u"serverPeakRssKiB"_s, driver.serverPeakKiB() },
        { u"serverRssBaselineKiB"_s, baseline },
        { u"serverRssBaselineAtSeconds"_s, baselineAt },
        { u"serverRssEndKiB"_s, driver.rssAtEndOfOps() },
        { u"serverRssGrowthKiB"_s, growth },
        { u"serverRssAfterCloseKiB"_s, driver.rssAfterClose() },
        { u"serverConnectionsAfterClose"_s, driver.connectionsAfterClose() },
        { u"timedOut"_s, driver.timedOut() },
        { u"pass"_s, pass },
    };
    QJsonObject transports;
    for (auto it = perTransport.cbegin(); it != perTransport.cend(); ++it)
        transports.insert(it.key(), it.value());
    report.insert(u"clientsPerTransport"_s, transports);
    QJsonArray rss;
    for (const Soak::RssSample &s : samples)
        rss.append(QJsonArray { s.seconds, s.rssKiB });
    report.insert(u"serverRssSamples"_s, rss);

    if (options.json) {
        std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
    } else {
        QStringList split;
        for (const QString &t : std::as_const(options.transports))
            split << u"%1 %2"_s.arg(t).arg(perTransport.value(t));
        print(u"drs-soak: %1 clients (%2), %3 operations, disconnect rate %4, seed %5"_s
                      .arg(options.clients)
                      .arg(split.join(u", "_s))
                      .arg(options.ops)
                      .arg(options.disconnectRate)
                      .arg(options.seed));
        print(u"connect:    all clients up in %1 s"_s.arg(driver.connectSeconds(), 0, 'f', 1));
        print(u"run:        %1 ops in %2 s = %3 ops/s"_s.arg(ops)
                      .arg(seconds, 0, 'f', 1)
                      .arg(seconds > 0 ? ops / seconds : 0, 0, 'f', 0));
        print(u"calls:      %1: ok %2, drs.error %3 (fail), drs.exception %4 (throw), "
              "connection closed %5, other errors %6, wrong outcome %7"_s.arg(c.calls)
                      .arg(c.callsOk)
                      .arg(c.callsRemoteError)
                      .arg(c.callsRemoteException)
                      .arg(c.callsClosed)
                      .arg(c.callsOtherError)
                      .arg(c.callsWrong));
        print(u"LOST:       %1 (must be 0)"_s.arg(driver.lost()));
        print(u"DUPLICATED: %1 (must be 0); stray replies %2"_s.arg(c.duplicated)
                      .arg(c.strayReplies));
        print(u"fires:      %1: sent while connected %2, queued while reconnecting %3, refused "
              "%4; counted by the server %5"_s.arg(c.fires)
                      .arg(c.firesSentConnected)
                      .arg(c.firesQueued)
                      .arg(c.firesRefused)
                      .arg(driver.serverTicks()));
        print(u"drops:      %1 closed and reopened, %2 sockets aborted (auto reconnect)"_s
                      .arg(c.closes)
                      .arg(c.aborts));
        print(u"server RSS: peak (VmHWM) %1 KiB; %2 KiB at %3 s, %4 KiB at the end of the "
              "operations: growth %5 KiB (%6%); %7 KiB once all clients closed (%8 connection "
              "left)"_s.arg(driver.serverPeakKiB())
                      .arg(baseline)
                      .arg(baselineAt, 0, 'f', 0)
                      .arg(driver.rssAtEndOfOps())
                      .arg(growth)
                      .arg(baseline > 0 ? 100.0 * growth / baseline : 0, 0, 'f', 1)
                      .arg(driver.rssAfterClose())
                      .arg(driver.connectionsAfterClose()));
        QStringList points;
        const qsizetype stride = qMax<qsizetype>(1, samples.size() / 40);
        for (qsizetype i = 0; i < samples.size(); i += stride)
            points << u"%1s:%2"_s.arg(samples.at(i).seconds, 0, 'f', 0).arg(samples.at(i).rssKiB);
        print(u"RSS samples (s:KiB): "_s + points.join(u' '));
        if (driver.timedOut())
            print(u"TIMED OUT after %1 s"_s.arg(options.timeoutSecs));
        print(pass ? u"result: PASS"_s : u"result: FAIL"_s);
    }
    if (driver.timedOut())
        return 3;
    return pass ? 0 : 1;
}
