#include "rawpeers.h"

#include "benchloop.h"

#include <QtCore/QCoreApplication>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

namespace Bench {

namespace {

// Records per fire() at most, as the workloads send them. A whole block goes to the socket as one
// QByteArray, which Qt queues without a copy and writes with one system call.
constexpr int FireBlock = 1024;
constexpr int BroadcastChunk = 64;
constexpr qint64 BroadcastHighWater = 256 * 1024;

// The raw server: accepts plain sockets and, per workload, counts records, echoes them, or
// broadcasts records to every client.
class RawServer : public QObject {
public:
    explicit RawServer(const RunSpec &spec);
    QUrl listen(QString *error);
    void startBroadcast() { m_broadcaster.start(); }

private:
    void accept(RawChannel *channel);
    void received(qint64 records);
    void broadcastChunk();

    RunSpec m_spec;
    QTcpServer m_tcp;
    QLocalServer m_local;
    QWebSocketServer m_webSocket;
    QList<RawChannel *> m_channels;
    RawRecord m_record; // W1: the fire record; W4: the broadcast record
    QByteArray m_castBlock; // W4: BroadcastChunk broadcast records back to back
    qint64 m_received = 0;
    qint64 m_cast = 0;
    Pacer m_broadcaster;
};

RawServer::RawServer(const RunSpec &spec)
    : m_spec(spec)
    , m_webSocket(QString(), QWebSocketServer::NonSecureMode)
    , m_broadcaster(
              [this] {
                  broadcastChunk();
                  return m_cast < m_spec.count;
              },
              [this] {
                  qint64 most = 0;
                  for (const RawChannel *channel : std::as_const(m_channels))
                      most = qMax(most, channel->bytesToWrite());
                  return most;
              },
              BroadcastHighWater)
{
    m_record = spec.workload == Workload::Broadcast ? RawRecord::cast(spec.encoding)
                                                    : RawRecord::fire(spec.encoding);
    if (spec.workload == Workload::Broadcast)
        m_castBlock = m_record.bytes.repeated(BroadcastChunk);
    m_webSocket.setMaxPendingConnections(1000);
    connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_tcp.nextPendingConnection())
            accept(new RawChannel(socket, this));
    });
    connect(&m_local, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_local.nextPendingConnection())
            accept(new RawChannel(socket, this));
    });
    connect(&m_webSocket, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_webSocket.nextPendingConnection())
            accept(new RawChannel(socket, this));
    });
}

QUrl RawServer::listen(QString *error)
{
    const QUrl url = listenUrl(m_spec.transport);
    if (m_spec.transport == QLatin1String("local")) {
        QLocalServer::removeServer(url.path());
        if (!m_local.listen(url.path())) {
            *error = m_local.errorString();
            return QUrl();
        }
        return url;
    }
    if (m_spec.transport == QLatin1String("ws")) {
        if (!m_webSocket.listen(QHostAddress::LocalHost, 0)) {
            *error = m_webSocket.errorString();
            return QUrl();
        }
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket").arg(m_webSocket.serverPort()));
    }
    if (!m_tcp.listen(QHostAddress::LocalHost, 0)) {
        *error = m_tcp.errorString();
        return QUrl();
    }
    return QUrl(QStringLiteral("tcp://127.0.0.1:%1").arg(m_tcp.serverPort()));
}

void RawServer::accept(RawChannel *channel)
{
    m_channels.append(channel);
    switch (m_spec.workload) {
    case Workload::Fire:
        if (channel->isMessageBased()) {
            connect(channel, &RawChannel::bytesReceived, this, [this] { received(1); });
            connect(channel, &RawChannel::textReceived, this, [this] { received(1); });
        } else {
            connect(channel, &RawChannel::bytesReceived, this,
                    [this, counter = RecordCounter(m_spec.encoding, m_record.bytes.size())](
                            const QByteArray &data) mutable {
                        received(counter.feed(data.constData(), data.size()));
                    });
        }
        break;
    case Workload::CallLatency:
    case Workload::Pipelined:
    case Workload::LargeBody:
        // An echo: bytes back as they come (stream), or the same message (WebSocket).
        // The bytes live in the channel's read buffer, reused by the next read: copy them.
        connect(channel, &RawChannel::bytesReceived, channel, [channel](const QByteArray &data) {
            channel->write(data.constData(), data.size());
        });
        connect(channel, &RawChannel::textReceived, channel, &RawChannel::writeText);
        break;
    case Workload::Broadcast:
    case Workload::Idle:
        break;
    }
    if (shouldReportConnections(int(m_channels.size()), m_spec.clients))
        tellController("connected " + QByteArray::number(m_channels.size()));
}

void RawServer::received(qint64 records)
{
    m_received += records;
    if (records > 0 && m_received == m_spec.count)
        tellController("done " + QByteArray::number(m_received) + " -1");
}

void RawServer::broadcastChunk()
{
    const int n = int(qMin<qint64>(BroadcastChunk, m_spec.count - m_cast));
    for (RawChannel *channel : std::as_const(m_channels)) {
        if (channel->isMessageBased()) {
            for (int i = 0; i < n; ++i)
                channel->writeRecord(m_record);
        } else {
            if (n == BroadcastChunk)
                channel->write(m_castBlock);
            else
                channel->write(m_castBlock.constData(), n * m_record.bytes.size());
        }
    }
    m_cast += n;
}

} // namespace

int runRawServer(const RunSpec &spec)
{
    RawServer server(spec);
    StdinReader controller;
    QObject::connect(&controller, &StdinReader::lineReceived, &server, [&](const QByteArray &line) {
        if (line == "go")
            server.startBroadcast();
    });
    QObject::connect(&controller, &StdinReader::closed, &server, &QCoreApplication::quit);
    QString error;
    const QUrl url = server.listen(&error);
    if (url.isEmpty()) {
        tellController("error " + error.toUtf8());
        return 1;
    }
    tellController("listening " + url.toEncoded());
    return QCoreApplication::exec();
}

RawBenchClient::RawBenchClient(const RunSpec &spec, QObject *parent)
    : BenchClient(parent)
{
    switch (spec.workload) {
    case Workload::Fire:
        m_sent = RawRecord::fire(spec.encoding);
        m_fireBlock = m_sent.bytes.repeated(FireBlock);
        break;
    case Workload::CallLatency:
    case Workload::Pipelined:
        m_sent = RawRecord::call(spec.encoding);
        m_counter = RecordCounter(spec.encoding, m_sent.bytes.size());
        break;
    case Workload::LargeBody:
        m_sent = RawRecord::largeCall(spec.encoding, spec.bodySize);
        m_counter = RecordCounter(spec.encoding, m_sent.bytes.size());
        break;
    case Workload::Broadcast:
        m_counter = RecordCounter(spec.encoding, RawRecord::cast(spec.encoding).bytes.size());
        break;
    case Workload::Idle:
        break;
    }
}

void RawBenchClient::open(const QUrl &url)
{
    m_channel = new RawChannel(this);
    connect(m_channel, &RawChannel::connected, this, &BenchClient::opened);
    connect(m_channel, &RawChannel::failed, this, &BenchClient::failed);
    connect(m_channel, &RawChannel::bytesReceived, this, [this](const QByteArray &data) {
        countRecords(m_channel->isMessageBased() ? 1
                                                 : m_counter.feed(data.constData(), data.size()));
    });
    connect(m_channel, &RawChannel::textReceived, this, [this] { countRecords(1); });
    m_channel->connectToPeer(url);
}

void RawBenchClient::fire(qint64 first, int count)
{
    Q_UNUSED(first);
    while (count > 0) {
        const int n = qMin(count, FireBlock);
        if (m_channel->isMessageBased()) {
            for (int i = 0; i < n; ++i)
                m_channel->writeRecord(m_sent);
        } else if (n == FireBlock) {
            m_channel->write(m_fireBlock);
        } else {
            m_channel->write(m_fireBlock.constData(), n * m_sent.bytes.size());
        }
        count -= n;
    }
}

void RawBenchClient::call(qint64 i)
{
    Q_UNUSED(i);
    m_channel->writeRecord(m_sent);
}

void RawBenchClient::callLarge()
{
    m_channel->writeRecord(m_sent);
}

void RawBenchClient::expectBroadcasts(qint64 count)
{
    m_expected = count;
}

qint64 RawBenchClient::bytesToWrite() const
{
    return m_channel ? m_channel->bytesToWrite() : 0;
}

void RawBenchClient::countRecords(qint64 records)
{
    if (records == 0)
        return;
    if (m_expected > 0) {
        m_received += records;
        if (m_received == m_expected)
            Q_EMIT allReceived();
        return;
    }
    Q_EMIT replied(int(records));
}

} // namespace Bench
