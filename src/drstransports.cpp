#include "drstransports_p.h"

#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

Q_LOGGING_CATEGORY(lcDrsTransport, "qtdrs.transport", QtInfoMsg)

namespace QtDrsPrivate {

namespace {
QString localName(const QUrl &url)
{
    // "local:name" keeps the name in the path; "local:/tmp/x.sock" and "local:///tmp/x.sock" an
    // absolute path.
    return url.path();
}
} // namespace

void registerBuiltinSchemes()
{
    // A client URL the transport cannot use is refused here, so open() reports InvalidUrlError.
    const auto hasHostAndPort
            = [](const QUrl &url) { return !url.host().isEmpty() && url.port() > 0; };
    DrsTransport::registerScheme(
            QStringLiteral("tcp"),
            [hasHostAndPort](const QUrl &url) -> DrsTransport * {
                return hasHostAndPort(url) ? new TcpTransport : nullptr;
            },
            [](const QUrl &) { return new TcpListener; });
    DrsTransport::registerScheme(
            QStringLiteral("local"),
            [](const QUrl &url) -> DrsTransport * {
                return localName(url).isEmpty() ? nullptr : new LocalTransport;
            },
            [](const QUrl &) { return new LocalListener; });
    DrsTransport::registerScheme(
            QStringLiteral("ws"),
            [hasHostAndPort](const QUrl &url) -> DrsTransport * {
                return hasHostAndPort(url) ? new WebSocketTransport : nullptr;
            },
            [](const QUrl &) { return new WebSocketListener; });
}

bool listenAddress(const QString &host, QHostAddress *address)
{
    if (host.isEmpty() || host == QLatin1String("*")) {
        *address = QHostAddress::Any;
        return true;
    }
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        *address = QHostAddress::LocalHost;
        return true;
    }
    return address->setAddress(host);
}

// ---- TCP ----

TcpTransport::TcpTransport(QTcpSocket *socket, QObject *parent)
    : DrsTransport(parent)
    , m_socket(socket ? socket : new QTcpSocket(this))
{
    m_socket->setParent(this);
    attach();
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

void TcpTransport::attach()
{
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Q_EMIT connected();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &DrsTransport::disconnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &DrsTransport::readyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &DrsTransport::bytesWritten);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        Q_EMIT errorOccurred(e, m_socket->errorString());
        // A failed connect attempt never emits disconnected(): say it, so the owner moves on.
        if (m_socket->state() == QAbstractSocket::UnconnectedState
            && e != QAbstractSocket::RemoteHostClosedError)
            Q_EMIT disconnected();
    });
}

void TcpTransport::connectToPeer(const QUrl &url)
{
    m_socket->connectToHost(url.host(), quint16(url.port()));
}

void TcpTransport::disconnectFromPeer()
{
    m_socket->disconnectFromHost();
}
void TcpTransport::abort()
{
    m_socket->abort();
}
bool TcpTransport::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}
void TcpTransport::write(const QByteArray &data, bool)
{
    m_socket->write(data);
}
qint64 TcpTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}
QByteArray TcpTransport::readAll()
{
    return m_socket->readAll();
}
QString TcpTransport::peerName() const
{
    const QHostAddress address = m_socket->peerAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
            : address.toString();
    return host + QLatin1Char(':') + QString::number(m_socket->peerPort());
}
QHostAddress TcpTransport::peerAddress() const
{
    return m_socket->peerAddress();
}
quint16 TcpTransport::peerPort() const
{
    return m_socket->peerPort();
}

TcpListener::TcpListener(QObject *parent)
    : DrsListener(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            Q_EMIT newTransport(new TcpTransport(socket, this));
    });
}

bool TcpListener::listen(const QUrl &url)
{
    QHostAddress address;
    if (!listenAddress(url.host(), &address)) {
        setErrorString(QStringLiteral("cannot listen on '%1': the host must be an IP address, "
                                      "localhost or *")
                               .arg(url.toString()));
        return false;
    }
    if (url.port() < 0) {
        setErrorString(QStringLiteral("cannot listen on '%1': no port (use :0 for any free port)")
                               .arg(url.toString()));
        return false;
    }
    if (!m_server->listen(address, quint16(url.port()))) {
        setErrorString(QStringLiteral("cannot listen on '%1': %2")
                               .arg(url.toString(), m_server->errorString()));
        return false;
    }
    m_url = url;
    m_url.setPort(m_server->serverPort());
    return true;
}

void TcpListener::close()
{
    m_server->close();
}
QUrl TcpListener::url() const
{
    return m_url;
}

// ---- local sockets ----

LocalTransport::LocalTransport(QLocalSocket *socket, QObject *parent)
    : DrsTransport(parent)
    , m_socket(socket ? socket : new QLocalSocket(this))
{
    m_socket->setParent(this);
    m_name = m_socket->serverName();
    attach();
}

void LocalTransport::attach()
{
    connect(m_socket, &QLocalSocket::connected, this, &DrsTransport::connected);
    connect(m_socket, &QLocalSocket::disconnected, this, &DrsTransport::disconnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &DrsTransport::readyRead);
    connect(m_socket, &QLocalSocket::bytesWritten, this, &DrsTransport::bytesWritten);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError e) {
        // QLocalSocket's error codes are QAbstractSocket's.
        // A failed connect never emits disconnected(): say it, so the owner moves on. Qt 6.4
        // reports that failure while state() still says ConnectingState.
        const QLocalSocket::LocalSocketState state = m_socket->state();
        Q_EMIT errorOccurred(QAbstractSocket::SocketError(e), m_socket->errorString());
        if ((state == QLocalSocket::UnconnectedState || state == QLocalSocket::ConnectingState)
            && e != QLocalSocket::PeerClosedError)
            Q_EMIT disconnected();
    });
}

void LocalTransport::connectToPeer(const QUrl &url)
{
    m_name = localName(url);
    // QLocalSocket connects (or fails) inside connectToServer(); start from the event loop so the
    // owner sees connected() or errorOccurred() after connectToPeer() returns, as with TCP.
    QMetaObject::invokeMethod(
            this, [this] { m_socket->connectToServer(m_name); }, Qt::QueuedConnection);
}

void LocalTransport::disconnectFromPeer()
{
    m_socket->disconnectFromServer();
}
void LocalTransport::abort()
{
    m_socket->abort();
}
bool LocalTransport::isConnected() const
{
    return m_socket->state() == QLocalSocket::ConnectedState;
}
void LocalTransport::write(const QByteArray &data, bool)
{
    m_socket->write(data);
}
qint64 LocalTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}
QByteArray LocalTransport::readAll()
{
    return m_socket->readAll();
}
QString LocalTransport::peerName() const
{
    return QStringLiteral("local:") + m_name;
}

LocalListener::LocalListener(QObject *parent)
    : DrsListener(parent)
    , m_server(new QLocalServer(this))
{
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            auto *transport = new LocalTransport(socket, this);
            Q_EMIT newTransport(transport);
        }
    });
}

bool LocalListener::listen(const QUrl &url)
{
    const QString name = localName(url);
    if (name.isEmpty()) {
        setErrorString(QStringLiteral("cannot listen on '%1': a local URL needs a name")
                               .arg(url.toString()));
        return false;
    }
    if (!m_server->listen(name) && m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // A server that crashed leaves its socket file behind. Only if nobody answers on it is it
        // stale; then it is safe to remove. (A local connect is answered or refused at once.)
        QLocalSocket probe;
        probe.connectToServer(name);
        const bool alive = probe.waitForConnected(1000);
        probe.abort();
        if (!alive) {
            qCInfo(lcDrsTransport, "removing stale local socket '%s'", qPrintable(name));
            QLocalServer::removeServer(name);
            m_server->listen(name);
        }
    }
    if (!m_server->isListening()) {
        setErrorString(QStringLiteral("cannot listen on '%1': %2")
                               .arg(url.toString(), m_server->errorString()));
        return false;
    }
    m_url = url;
    return true;
}

void LocalListener::close()
{
    m_server->close();
}

// ---- WebSocket ----

WebSocketTransport::WebSocketTransport(QWebSocket *socket, QObject *parent)
    : DrsTransport(parent)
    , m_socket(socket)
{
    if (m_socket) {
        m_socket->setParent(this);
        attach();
    }
}

void WebSocketTransport::attach()
{
    connect(m_socket, &QWebSocket::connected, this, &DrsTransport::connected);
    // Queued: when open() fails, QWebSocket says disconnected() before error(); the owner must
    // hear why before it moves on (and it stops listening once disconnected).
    connect(m_socket, &QWebSocket::disconnected, this, &DrsTransport::disconnected,
            Qt::QueuedConnection);
    connect(m_socket, &QWebSocket::bytesWritten, this, &DrsTransport::bytesWritten);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { Q_EMIT messageReceived(message.toUtf8(), false); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) { Q_EMIT messageReceived(message, true); });
    // Qt 6.4 names this signal error(); 6.5 renamed it errorOccurred().
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError e) {
                Q_EMIT errorOccurred(e, m_socket->errorString());
            });
    if (m_maxMessageSize > 0)
        setMaxMessageSize(m_maxMessageSize);
}

void WebSocketTransport::connectToPeer(const QUrl &url)
{
    // Send Origin as the Go client did: some servers refuse a handshake without one.
    delete m_socket;
    m_socket = new QWebSocket(QStringLiteral("http://") + url.host(),
                              QWebSocketProtocol::VersionLatest, this);
    attach();
    QUrl target = url;
    if (target.path().isEmpty())
        target.setPath(QStringLiteral("/socket"));
    m_socket->open(target);
}

void WebSocketTransport::disconnectFromPeer()
{
    if (m_socket)
        m_socket->close();
}
void WebSocketTransport::abort()
{
    if (m_socket)
        m_socket->abort();
}
bool WebSocketTransport::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}
void WebSocketTransport::write(const QByteArray &data, bool binary)
{
    if (!m_socket)
        return;
    if (binary)
        m_socket->sendBinaryMessage(data);
    else
        m_socket->sendTextMessage(QString::fromUtf8(data));
}
qint64 WebSocketTransport::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}
QString WebSocketTransport::peerName() const
{
    if (!m_socket)
        return QString();
    const QHostAddress address = m_socket->peerAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
            : address.toString();
    return host + QLatin1Char(':') + QString::number(m_socket->peerPort());
}
QHostAddress WebSocketTransport::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}
quint16 WebSocketTransport::peerPort() const
{
    return m_socket ? m_socket->peerPort() : 0;
}
QNetworkRequest WebSocketTransport::handshakeRequest() const
{
    return m_socket ? m_socket->request() : QNetworkRequest();
}
void WebSocketTransport::setMaxMessageSize(qint64 bytes)
{
    m_maxMessageSize = bytes;
    if (m_socket) {
        // Qt closes the connection with 1009 (message too big) past these.
        m_socket->setMaxAllowedIncomingMessageSize(quint64(bytes));
        m_socket->setMaxAllowedIncomingFrameSize(quint64(bytes));
    }
}

WebSocketListener::WebSocketListener(QObject *parent)
    : DrsListener(parent)
    , m_server(new QWebSocketServer(QStringLiteral("QtDrs"), QWebSocketServer::NonSecureMode, this))
{
    connect(m_server, &QWebSocketServer::newConnection, this, &WebSocketListener::acceptPending);
}

void WebSocketListener::acceptPending()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        const QString path = socket->requestUrl().path();
        if (!m_path.isEmpty() && path != m_path) {
            // QWebSocketServer cannot refuse a handshake by path, so close right after it.
            qCInfo(lcDrsTransport, "refusing WebSocket at path '%s' (serving '%s')",
                   qPrintable(path), qPrintable(m_path));
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unknown path %1").arg(path));
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        Q_EMIT newTransport(new WebSocketTransport(socket, this));
    }
}

bool WebSocketListener::listen(const QUrl &url)
{
    QHostAddress address;
    if (!listenAddress(url.host(), &address)) {
        setErrorString(QStringLiteral("cannot listen on '%1': the host must be an IP address, "
                                      "localhost or *")
                               .arg(url.toString()));
        return false;
    }
    if (url.port() < 0) {
        setErrorString(QStringLiteral("cannot listen on '%1': no port (use :0 for any free port)")
                               .arg(url.toString()));
        return false;
    }
    if (!m_server->listen(address, quint16(url.port()))) {
        setErrorString(QStringLiteral("cannot listen on '%1': %2")
                               .arg(url.toString(), m_server->errorString()));
        return false;
    }
    m_path = url.path() == QLatin1String("/") ? QString() : url.path();
    m_url = url;
    m_url.setPort(m_server->serverPort());
    return true;
}

void WebSocketListener::close()
{
    m_server->close();
}
QUrl WebSocketListener::url() const
{
    return m_url;
}

} // namespace QtDrsPrivate
