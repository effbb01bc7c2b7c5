#include "drspeers.h"

#include "benchloop.h"

#include <drsserver.h>
#include <drstransport.h>

#include <QtCore/QCoreApplication>

namespace Bench {

namespace {
constexpr int BroadcastChunk = 64; // broadcasts per event-loop turn
constexpr qint64 BroadcastHighWater = 256 * 1024; // per client
} // namespace

int runDrsServer(const RunSpec &spec)
{
    DrsServer server;
    qint64 received = 0;
    qint64 sum = 0;
    // W1: the handler reads body.i through the public accessor and sums it.
    server.on(QString::fromLatin1(FireAction), [&](const DrsCommand &command) {
        sum += command.bodyValue(u"i").toInteger();
        if (++received == spec.count)
            tellController("done " + QByteArray::number(received) + ' ' + QByteArray::number(sum));
    });
    server.on(QString::fromLatin1(EchoAction),
              [](const DrsCommand &command) { return command.body(); });
    QObject::connect(&server, &DrsServer::connectionCountChanged, &server, [&] {
        const int count = server.connectionCount();
        if (shouldReportConnections(count, spec.clients))
            tellController("connected " + QByteArray::number(count));
    });

    // W4: on "go", broadcast spec.count commands, a chunk per event-loop turn.
    const QString castAction = QString::fromLatin1(CastAction);
    qint64 cast = 0;
    Pacer broadcaster(
            [&] {
                const qint64 end = qMin(cast + BroadcastChunk, spec.count);
                for (; cast < end; ++cast)
                    server.broadcast(castAction, smallBody(cast));
                return cast < spec.count;
            },
            [&] {
                qint64 most = 0;
                for (DrsConnection *connection : server.connections()) {
                    if (DrsTransport *transport = connection->transport())
                        most = qMax(most, transport->bytesToWrite());
                }
                return most;
            },
            BroadcastHighWater);

    StdinReader controller;
    QObject::connect(&controller, &StdinReader::lineReceived, &server, [&](const QByteArray &line) {
        if (line == "go")
            broadcaster.start();
    });
    QObject::connect(&controller, &StdinReader::closed, &server, &QCoreApplication::quit);

    if (!server.listen(listenUrl(spec.transport))) {
        tellController("error " + server.errorString().toUtf8());
        return 1;
    }
    tellController("listening " + server.serverUrls().value(0).toEncoded());
    return QCoreApplication::exec();
}

DrsBenchClient::DrsBenchClient(const RunSpec &spec, QObject *parent)
    : BenchClient(parent)
    , m_fireAction(QString::fromLatin1(FireAction))
    , m_echoAction(QString::fromLatin1(EchoAction))
{
    m_connection.setEncoding(spec.encoding);
    if (spec.workload == Workload::LargeBody) {
        m_largeBody = largeBody(spec.bodySize);
        m_largeSize = spec.bodySize;
    }
    connect(&m_connection, &DrsConnection::connected, this, &BenchClient::opened);
    connect(&m_connection, &DrsConnection::errorOccurred, this,
            [this] { Q_EMIT failed(m_connection.errorString()); });
}

void DrsBenchClient::open(const QUrl &url)
{
    m_connection.open(url);
}

void DrsBenchClient::fire(qint64 first, int count)
{
    for (qint64 i = first; i < first + count; ++i) {
        if (!m_connection.fire(m_fireAction, smallBody(i))) {
            Q_EMIT failed(QStringLiteral("fire %1 was refused").arg(i));
            return;
        }
    }
}

void DrsBenchClient::call(qint64 i)
{
    watch(m_connection.call(m_echoAction, smallBody(i)), -1);
}

void DrsBenchClient::callLarge()
{
    watch(m_connection.call(m_echoAction, m_largeBody), m_largeSize);
}

void DrsBenchClient::watch(DrsReply *reply, qint64 expectedSize)
{
    connect(reply, &DrsReply::finished, this, [this, reply, expectedSize] {
        reply->deleteLater();
        if (reply->error() != DrsReply::NoError) {
            Q_EMIT failed(QStringLiteral("a call failed: %1").arg(reply->errorString()));
            return;
        }
        if (expectedSize >= 0
            && reply->result()[QLatin1String("payload")].toString().size() != expectedSize) {
            Q_EMIT failed(QStringLiteral("the large body came back changed"));
            return;
        }
        Q_EMIT replied(1);
    });
}

void DrsBenchClient::expectBroadcasts(qint64 count)
{
    m_expected = count;
    // W4: every client decodes each broadcast's "i", as a subscriber would.
    m_connection.on(QString::fromLatin1(CastAction), [this](const DrsCommand &command) {
        m_sum += command.bodyValue(u"i").toInteger();
        if (++m_received == m_expected)
            Q_EMIT allReceived();
    });
}

qint64 DrsBenchClient::bytesToWrite() const
{
    DrsTransport *transport = m_connection.transport();
    return transport ? transport->bytesToWrite() : 0;
}

} // namespace Bench
