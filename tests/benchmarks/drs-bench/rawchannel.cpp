#include "rawchannel.h"

#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>

#include <cstring>

namespace Bench {

namespace {
constexpr qint64 RepresentativeIndex = 100000; // the "i" of every raw record: six digits
constexpr qsizetype ReadBufferSize = 256 * 1024;
} // namespace

RawRecord RawRecord::make(const DrsCommand &command, DrsCommand::Encoding encoding)
{
    RawRecord record;
    record.bytes = wireBytes(command, encoding, false);
    record.message = wireBytes(command, encoding, true);
    record.binary = encoding == DrsCommand::CborEncoding;
    if (!record.binary)
        record.text = QString::fromUtf8(record.message);
    return record;
}

RawRecord RawRecord::fire(DrsCommand::Encoding encoding)
{
    return make(DrsCommand(QString::fromLatin1(FireAction), smallBody(RepresentativeIndex)),
                encoding);
}

RawRecord RawRecord::call(DrsCommand::Encoding encoding)
{
    return make(DrsCommand(QString::fromLatin1(EchoAction), smallBody(RepresentativeIndex),
                           DrsCommand::generateKey()),
                encoding);
}

RawRecord RawRecord::cast(DrsCommand::Encoding encoding)
{
    return make(DrsCommand(QString::fromLatin1(CastAction), smallBody(RepresentativeIndex)),
                encoding);
}

RawRecord RawRecord::largeCall(DrsCommand::Encoding encoding, qint64 bodySize)
{
    return make(DrsCommand(QString::fromLatin1(EchoAction), largeBody(bodySize),
                           DrsCommand::generateKey()),
                encoding);
}

qint64 RecordCounter::feed(const char *data, qsizetype size)
{
    if (m_recordSize > 0) {
        const qint64 total = m_partial + size;
        m_partial = total % m_recordSize;
        return total / m_recordSize;
    }
    qint64 records = 0;
    const char *end = data + size;
    while (const void *newline = std::memchr(data, '\n', size_t(end - data))) {
        ++records;
        data = static_cast<const char *>(newline) + 1;
    }
    return records;
}

RawChannel::RawChannel(QObject *parent)
    : QObject(parent)
{
}

RawChannel::RawChannel(QIODevice *stream, QObject *parent)
    : QObject(parent)
{
    setStream(stream);
}

RawChannel::RawChannel(QWebSocket *socket, QObject *parent)
    : QObject(parent)
{
    setWebSocket(socket);
}

RawChannel::~RawChannel() = default;

void RawChannel::connectToPeer(const QUrl &url)
{
    if (url.scheme() == QLatin1String("ws")) {
        auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        setWebSocket(socket);
        connect(socket, &QWebSocket::connected, this, &RawChannel::connected);
        socket->open(url);
    } else if (url.scheme() == QLatin1String("local")) {
        auto *socket = new QLocalSocket(this);
        setStream(socket);
        connect(socket, &QLocalSocket::connected, this, &RawChannel::connected);
        socket->connectToServer(url.path());
    } else {
        auto *socket = new QTcpSocket(this);
        setStream(socket);
        connect(socket, &QTcpSocket::connected, this, &RawChannel::connected);
        socket->connectToHost(url.host(), quint16(url.port()));
    }
}

void RawChannel::setStream(QIODevice *stream)
{
    m_stream = stream;
    stream->setParent(this);
    connect(stream, &QIODevice::readyRead, this, [this] {
        // Read into one reused buffer: no allocation per read, whatever the burst size.
        if (m_readBuffer.isEmpty())
            m_readBuffer.resize(ReadBufferSize);
        qint64 n;
        while ((n = m_stream->read(m_readBuffer.data(), m_readBuffer.size())) > 0)
            Q_EMIT bytesReceived(QByteArray::fromRawData(m_readBuffer.constData(), n));
    });
    if (auto *tcp = qobject_cast<QTcpSocket *>(stream)) {
        // Like DRS's transport: no Nagle delay, set once connected (accepted sockets already are).
        tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(tcp, &QTcpSocket::connected, this,
                [tcp] { tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        connect(tcp, &QTcpSocket::errorOccurred, this,
                [this, tcp] { Q_EMIT failed(tcp->errorString()); });
    } else if (auto *local = qobject_cast<QLocalSocket *>(stream)) {
        connect(local, &QLocalSocket::errorOccurred, this,
                [this, local] { Q_EMIT failed(local->errorString()); });
    }
}

void RawChannel::setWebSocket(QWebSocket *socket)
{
    m_webSocket = socket;
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(quint64(RawMaxMessageSize));
    socket->setMaxAllowedIncomingFrameSize(quint64(RawMaxMessageSize));
    connect(socket, &QWebSocket::binaryMessageReceived, this, &RawChannel::bytesReceived);
    connect(socket, &QWebSocket::textMessageReceived, this, &RawChannel::textReceived);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this] { Q_EMIT failed(m_webSocket->errorString()); });
}

void RawChannel::write(const char *data, qsizetype size)
{
    if (m_webSocket)
        m_webSocket->sendBinaryMessage(QByteArray::fromRawData(data, size));
    else
        m_stream->write(data, size);
}

void RawChannel::write(const QByteArray &data)
{
    if (m_webSocket)
        m_webSocket->sendBinaryMessage(data);
    else
        m_stream->write(data);
}

void RawChannel::writeText(const QString &text)
{
    m_webSocket->sendTextMessage(text);
}

void RawChannel::writeRecord(const RawRecord &record)
{
    if (!m_webSocket)
        m_stream->write(record.bytes);
    else if (record.binary)
        m_webSocket->sendBinaryMessage(record.message);
    else
        m_webSocket->sendTextMessage(record.text);
}

qint64 RawChannel::bytesToWrite() const
{
    return m_webSocket ? m_webSocket->bytesToWrite() : m_stream->bytesToWrite();
}

} // namespace Bench
