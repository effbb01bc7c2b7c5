#include "soakserver.h"

#include <drsconnection.h>
#include <drsserver.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

#include <csignal>
#include <cstdio>
#include <stdexcept>

#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace Soak {

int runServer(const QList<QUrl> &urls)
{
    // Dies with the driver, whatever happens to it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    DrsServer server;
    qint64 ticks = 0;
    qint64 calls = 0;
    qint64 connectionsSeen = 0;
    server.on(u"echo"_s, [&calls](const DrsCommand &command) {
        ++calls;
        return command.body();
    });
    server.onAsync(u"slow"_s, [&server, &calls](DrsRequest request) {
        ++calls;
        const int ms = request.body()[u"ms"_s].toInt(10);
        // The request may outlive its client (a random disconnect): its answer is then dropped.
        QTimer::singleShot(ms, &server, [request]() mutable { request.respond(request.body()); });
    });
    server.on(u"fail"_s, [&calls]() -> QJsonValue {
        ++calls;
        throw DrsError(u"refused on purpose"_s);
    });
    server.on(u"throw"_s, [&calls]() -> QJsonValue {
        ++calls;
        throw std::runtime_error("thrown on purpose");
    });
    server.on(u"tick"_s, [&ticks] { ++ticks; });
    server.on(u"stats"_s, [&] {
        return QJsonObject { { u"ticks"_s, ticks },
                             { u"calls"_s, calls },
                             { u"connections"_s, server.connectionCount() },
                             { u"connectionsSeen"_s, connectionsSeen } };
    });
    server.on(u"soak.quit"_s, [] { QTimer::singleShot(0, qApp, &QCoreApplication::quit); });
    QObject::connect(&server, &DrsServer::clientConnected, &server,
                     [&connectionsSeen] { ++connectionsSeen; });

    // DRS_SOAK_TRACE=1: every command received, by key, for chasing a lost call.
    if (qEnvironmentVariableIsSet("DRS_SOAK_TRACE")) {
        QObject::connect(&server, &DrsServer::commandReceived, &server,
                         [](DrsConnection *connection, const DrsCommand &command) {
                             std::fprintf(stderr, "trace: %s %s from %s\n",
                                          qPrintable(command.key()), qPrintable(command.action()),
                                          qPrintable(connection->peerName()));
                         });
        QObject::connect(
                &server, &DrsServer::clientDisconnected, &server, [](DrsConnection *connection) {
                    std::fprintf(stderr, "trace: gone %s\n", qPrintable(connection->peerName()));
                });
    }
    if (!server.listen(urls)) {
        std::fprintf(stderr, "drs-soak server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QByteArray line = "listening";
    for (const QUrl &url : server.serverUrls())
        line += ' ' + url.toString().toUtf8();
    std::printf("%s\n", line.constData());
    std::fflush(stdout);
    return QCoreApplication::exec();
}

} // namespace Soak
