#include "drstransports_p.h"

#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketCorsAuthenticator>
#include <QtWebSockets/QWebSocketServer>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcDrsTransport, "qtdrs.transport", QtInfoMsg)

namespace QtDrsPrivate {

namespace {
QString localName(const QUrl &url)
{
    // "local:name" keeps the name in the path; "local:/tmp/x.sock" and "local:///tmp/x.sock" an
    // absolute path.
    return url.path();
}

//! A handshaking server socket's peer, "address:port", kept for the log.
constexpr char PeerNameProperty[] = "_qtdrs_peer";

QString handshakePeerName(const QSslSocket *socket)
{
    const QString kept = socket->property(PeerNameProperty).toString();
    if (!kept.isEmpty())
        return kept;
    if (socket->peerPort() != 0)
        return hostPortName(socket->peerAddress(), socket->peerPort());
    return QStringLiteral("(address gone)"); // a peer that sent nothing at all, then timed out
}

//! Why a TLS server cannot serve with \a configuration, or an empty string if it can.
QString certificateError(const QUrl &url, const QSslConfiguration &configuration)
{
    if (configuration.localCertificate().isNull())
        return QStringLiteral("cannot listen on '%1': no server certificate (set one and its "
                              "private key with DrsServer::setSslConfiguration())")
                .arg(url.toString());
    if (configuration.privateKey().isNull())
        return QStringLiteral("cannot listen on '%1': the server certificate has no private key "
                              "(set it with DrsServer::setSslConfiguration())")
                .arg(url.toString());
    return QString();
}

//! The errors of \a found that \a ignored does not excuse: the ones that failed the handshake.
QList<QSslError> unignored(const QList<QSslError> &found, const QList<QSslError> &ignored)
{
    QList<QSslError> errors;
    for (const QSslError &error : found) {
        if (!ignored.contains(error))
            errors.append(error);
    }
    return errors.isEmpty() ? found : errors;
}

} // namespace

void TlsClientState::reset()
{
    sslErrors.clear();
    fatalAlert.clear();
    closeNotified = false;
    accepted = false;
}

void TlsClientState::onAlert(QSsl::AlertLevel level, QSsl::AlertType type,
                             const QString &description)
{
    qCDebug(lcDrsTransport, "TLS alert from the peer: %s", qPrintable(description));
    if (level == QSsl::AlertLevel::Fatal)
        fatalAlert = description;
    else if (type == QSsl::AlertType::CloseNotify)
        closeNotified = true;
}

TlsClientState::Failure TlsClientState::describe(QAbstractSocket::SocketError e,
                                                 const QString &socketText) const
{
    // Qt names only the first certificate error; say all that were not ignored.
    if (e == QAbstractSocket::SslHandshakeFailedError && !sslErrors.isEmpty())
        return { e, sslErrorsText(unignored(sslErrors, ignoredSslErrors)) };
    if (!fatalAlert.isEmpty()
        && (e == QAbstractSocket::RemoteHostClosedError || e == QAbstractSocket::SslInternalError
            || e == QAbstractSocket::SslHandshakeFailedError))
        return { QAbstractSocket::SslHandshakeFailedError,
                 QStringLiteral("the peer refused the TLS connection: %1").arg(fatalAlert) };
    // Qt's server refuses a client certificate (or its absence) by closing, without an alert.
    // With TLS 1.3 it does so after the client's half of the handshake, even after connected().
    if (e == QAbstractSocket::RemoteHostClosedError && !closeNotified && !accepted)
        return { e,
                 QStringLiteral("%1 during or right after the TLS handshake (a server that "
                                "requires a client certificate does this when it gets none, or "
                                "one it does not trust)")
                         .arg(socketText) };
    return { e, socketText };
}

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
            QStringLiteral("tls"),
            [hasHostAndPort](const QUrl &url) -> DrsTransport * {
                return hasHostAndPort(url) ? new TlsTransport : nullptr;
            },
            [](const QUrl &) { return new TlsListener; });
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
    DrsTransport::registerScheme(
            QStringLiteral("wss"),
            [hasHostAndPort](const QUrl &url) -> DrsTransport * {
                return hasHostAndPort(url) ? new WebSocketTransport : nullptr;
            },
            [](const QUrl &) { return new WebSocketListener(true); });
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

bool listenAddressAndPort(const QUrl &url, QHostAddress *address, QString *errorString)
{
    if (!listenAddress(url.host(), address)) {
        *errorString = QStringLiteral("cannot listen on '%1': the host must be an IP address, "
                                      "localhost or *")
                               .arg(url.toString());
        return false;
    }
    if (url.port() < 0) {
        *errorString = QStringLiteral("cannot listen on '%1': no port (use :0 for any free port)")
                               .arg(url.toString());
        return false;
    }
    return true;
}

QString hostPortName(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
            : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

QString sslErrorsText(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &error : errors)
        texts.append(error.errorString());
    texts.removeDuplicates();
    return QStringLiteral("TLS handshake failed: %1").arg(texts.join(QLatin1String("; ")));
}

// ---- gathering writes ----

void WriteGather::write(const QByteArray &data)
{
    if (m_pending.isEmpty())
        m_pending = data; // shares the frame: no copy for the first one
    else
        m_pending.append(data);
    if (m_pending.size() >= GatherLimit) {
        flush();
        return;
    }
    if (!m_scheduled) {
        m_scheduled = true;
        // Dropped with the owner if it goes first.
        QMetaObject::invokeMethod(
                m_owner,
                [this] {
                    m_scheduled = false;
                    flush();
                },
                Qt::QueuedConnection);
    }
}

void WriteGather::flush()
{
    if (m_pending.isEmpty() || !m_device)
        return;
    const QByteArray data = std::exchange(m_pending, QByteArray());
    m_device->write(data);
}

// ---- TCP ----

TcpTransport::TcpTransport(QTcpSocket *socket, QObject *parent)
    : DrsTransport(parent)
    , m_socket(socket ? socket : new QTcpSocket(this))
{
    m_socket->setParent(this);
    m_out.setDevice(this, m_socket);
    m_socket->setReadBufferSize(ReadChunkSize);
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
    m_out.flush();
    m_socket->disconnectFromHost();
}
void TcpTransport::abort()
{
    m_out.clear();
    m_socket->abort();
}
bool TcpTransport::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}
void TcpTransport::write(const QByteArray &data, bool)
{
    m_out.write(data);
}
qint64 TcpTransport::bytesToWrite() const
{
    return m_out.size() + m_socket->bytesToWrite();
}
QByteArray TcpTransport::readAll()
{
    return m_socket->readAll();
}
QString TcpTransport::peerName() const
{
    return hostPortName(m_socket->peerAddress(), m_socket->peerPort());
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
    QString error;
    if (!listenAddressAndPort(url, &address, &error)) {
        setErrorString(error);
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

// ---- TLS ----

TlsTransport::TlsTransport(QSslSocket *socket, QObject *parent)
    : DrsTransport(parent)
    , m_socket(socket ? socket : new QSslSocket(this))
{
    m_socket->setParent(this);
    m_out.setDevice(this, m_socket);
    // QSslSocket says connected() when TCP is up; DRS may speak only once the handshake is done.
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Q_EMIT connected();
    });
    connect(m_socket, &QSslSocket::disconnected, this, &DrsTransport::disconnected);
    connect(m_socket, &QSslSocket::readyRead, this, [this] {
        m_tls.accepted = true;
        Q_EMIT readyRead();
    });
    connect(m_socket, &QSslSocket::bytesWritten, this, &DrsTransport::bytesWritten);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_tls.sslErrors = errors;
        Q_EMIT sslErrors(errors);
    });
    connect(m_socket, &QSslSocket::alertReceived, this,
            [this](QSsl::AlertLevel level, QSsl::AlertType type, const QString &description) {
                m_tls.onAlert(level, type, description);
            });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        // A close_notify and then the TCP close are reported apart: say it once.
        if (e == QAbstractSocket::RemoteHostClosedError && std::exchange(m_closeReported, true))
            return;
        const TlsClientState::Failure failure = m_socket->mode() == QSslSocket::SslServerMode
                ? TlsClientState::Failure { e, m_socket->errorString() }
                : m_tls.describe(e, m_socket->errorString());
        Q_EMIT errorOccurred(failure.error, failure.message);
        // A failed connect attempt never emits disconnected(): say it, so the owner moves on.
        if (m_socket->state() == QAbstractSocket::UnconnectedState
            && e != QAbstractSocket::RemoteHostClosedError)
            Q_EMIT disconnected();
    });
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

void TlsTransport::connectToPeer(const QUrl &url)
{
    m_tls.reset();
    m_closeReported = false;
    // The URL's host is the name the certificate must carry.
    m_socket->connectToHostEncrypted(url.host(), quint16(url.port()));
}

void TlsTransport::disconnectFromPeer()
{
    m_out.flush();
    m_socket->disconnectFromHost();
}
void TlsTransport::abort()
{
    m_out.clear();
    m_socket->abort();
}
bool TlsTransport::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState && m_socket->isEncrypted();
}
void TlsTransport::write(const QByteArray &data, bool)
{
    m_out.write(data);
}
qint64 TlsTransport::bytesToWrite() const
{
    return m_out.size() + m_socket->bytesToWrite();
}
QByteArray TlsTransport::readAll()
{
    return m_socket->readAll();
}
QString TlsTransport::peerName() const
{
    return hostPortName(m_socket->peerAddress(), m_socket->peerPort());
}
QHostAddress TlsTransport::peerAddress() const
{
    return m_socket->peerAddress();
}
quint16 TlsTransport::peerPort() const
{
    return m_socket->peerPort();
}
void TlsTransport::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_socket->setSslConfiguration(configuration);
}
void TlsTransport::ignoreSslErrors(const QList<QSslError> &errors)
{
    // QSslSocket checks its list after sslErrors() returns: this works from that slot as well.
    m_tls.ignoredSslErrors = errors;
    m_socket->ignoreSslErrors(errors);
}
QSslCertificate TlsTransport::peerCertificate() const
{
    return m_socket->peerCertificate();
}

TlsListener::TlsListener(QObject *parent)
    : DrsListener(parent)
    , m_server(new QSslServer(this))
{
    // QSslServer queues a peer only once its handshake succeeded; newConnection() would come
    // before that.
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            if (auto *sslSocket = qobject_cast<QSslSocket *>(socket))
                Q_EMIT newTransport(new TlsTransport(sslSocket, this));
            else
                socket->deleteLater();
        }
    });
    // A failed handshake never reaches DRS; QSslServer deletes the socket. Say why in the log,
    // naming the peer as it was when it came (a socket that timed out has forgotten it).
    connect(m_server, &QSslServer::startedEncryptionHandshake, this, [](QSslSocket *socket) {
        socket->setProperty(PeerNameProperty,
                            hostPortName(socket->peerAddress(), socket->peerPort()));
    });
    connect(m_server, &QSslServer::sslErrors, this,
            [](QSslSocket *socket, const QList<QSslError> &errors) {
                qCInfo(lcDrsTransport, "TLS peer %s: %s", qPrintable(handshakePeerName(socket)),
                       qPrintable(sslErrorsText(errors)));
            });
    connect(m_server, &QSslServer::errorOccurred, this,
            [](QSslSocket *socket, QAbstractSocket::SocketError e) {
                if (socket->isEncrypted())
                    return; // a connection's own error: its DrsConnection reports it
                const QString why = e == QAbstractSocket::SocketTimeoutError
                        ? QStringLiteral("no TLS handshake in time")
                        : socket->errorString();
                qCInfo(lcDrsTransport, "TLS peer %s refused: %s",
                       qPrintable(handshakePeerName(socket)), qPrintable(why));
            });
}

bool TlsListener::listen(const QUrl &url)
{
    QHostAddress address;
    QString error;
    if (!listenAddressAndPort(url, &address, &error)) {
        setErrorString(error);
        return false;
    }
    error = certificateError(url, m_server->sslConfiguration());
    if (!error.isEmpty()) {
        setErrorString(error);
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

void TlsListener::close()
{
    m_server->close();
}
void TlsListener::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_server->setSslConfiguration(configuration);
}
void TlsListener::setHandshakeTimeout(int msecs)
{
    m_server->setHandshakeTimeout(msecs);
}

// ---- local sockets ----

LocalTransport::LocalTransport(QLocalSocket *socket, QObject *parent)
    : DrsTransport(parent)
    , m_socket(socket ? socket : new QLocalSocket(this))
{
    m_socket->setParent(this);
    m_out.setDevice(this, m_socket);
    m_socket->setReadBufferSize(ReadChunkSize);
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
    m_out.flush();
    m_socket->disconnectFromServer();
}
void LocalTransport::abort()
{
    m_out.clear();
    m_socket->abort();
}
bool LocalTransport::isConnected() const
{
    return m_socket->state() == QLocalSocket::ConnectedState;
}
void LocalTransport::write(const QByteArray &data, bool)
{
    m_out.write(data);
}
qint64 LocalTransport::bytesToWrite() const
{
    return m_out.size() + m_socket->bytesToWrite();
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
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_tls.accepted = true; // the server answered the upgrade request
        Q_EMIT connected();
    });
    // A message over the cap makes Qt close with 1009 (as does a peer refusing ours): say so,
    // before the disconnected() below, so the owner does not see a silent drop.
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        if (m_socket->closeCode() != QWebSocketProtocol::CloseCodeTooMuchData)
            return;
        const QString reason = m_socket->closeReason();
        Q_EMIT errorOccurred(
                QAbstractSocket::DatagramTooLargeError,
                QStringLiteral("message too large: the WebSocket was closed with "
                               "code 1009%1")
                        .arg(reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(reason)));
    });
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
                const TlsClientState::Failure failure = m_secureClient
                        ? m_tls.describe(e, m_socket->errorString())
                        : TlsClientState::Failure { e, m_socket->errorString() };
                Q_EMIT errorOccurred(failure.error, failure.message);
            });
    connect(m_socket, &QWebSocket::alertReceived, this,
            [this](QSsl::AlertLevel level, QSsl::AlertType type, const QString &description) {
                m_tls.onAlert(level, type, description);
            });
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_tls.sslErrors = errors;
        m_inSslErrors = true;
        Q_EMIT sslErrors(errors);
        m_inSslErrors = false;
    });
    if (m_maxMessageSize > 0)
        setMaxMessageSize(m_maxMessageSize);
}

void WebSocketTransport::connectToPeer(const QUrl &url)
{
    // Send Origin as the Go client did: some servers refuse a handshake without one.
    const bool secure = url.scheme() == QLatin1String("wss");
    delete m_socket;
    m_socket = new QWebSocket((secure ? QStringLiteral("https://") : QStringLiteral("http://"))
                                      + url.host(),
                              QWebSocketProtocol::VersionLatest, this);
    attach();
    m_secureClient = secure;
    m_tls.reset();
    if (m_hasSslConfiguration)
        m_socket->setSslConfiguration(m_sslConfiguration);
    if (!m_tls.ignoredSslErrors.isEmpty())
        m_socket->ignoreSslErrors(m_tls.ignoredSslErrors);
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
    return m_socket ? hostPortName(m_socket->peerAddress(), m_socket->peerPort()) : QString();
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
void WebSocketTransport::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_sslConfiguration = configuration;
    m_hasSslConfiguration = true;
}
void WebSocketTransport::ignoreSslErrors(const QList<QSslError> &errors)
{
    m_tls.ignoredSslErrors = errors;
    if (!m_socket)
        return;
    m_socket->ignoreSslErrors(errors);
    // QWebSocket applies a list only at open(); in its sslErrors() it takes only "ignore all".
    // That is right when the list covers every error found.
    if (m_inSslErrors
        && std::all_of(m_tls.sslErrors.cbegin(), m_tls.sslErrors.cend(),
                       [&errors](const QSslError &e) { return errors.contains(e); }))
        m_socket->ignoreSslErrors();
}
QSslCertificate WebSocketTransport::peerCertificate() const
{
    // QWebSocket copies the socket's configuration, peer certificate included, once encrypted.
    return m_socket ? m_socket->sslConfiguration().peerCertificate() : QSslCertificate();
}

WebSocketListener::WebSocketListener(bool secure, QObject *parent)
    : DrsListener(parent)
    , m_server(new QWebSocketServer(
              QStringLiteral("QtDrs"),
              secure ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode, this))
    , m_secure(secure)
{
    connect(m_server, &QWebSocketServer::newConnection, this, &WebSocketListener::acceptPending);
    // Qt asks during the handshake, so a refused origin gets an HTTP error, not a WebSocket.
    connect(m_server, &QWebSocketServer::originAuthenticationRequired, this,
            [this](QWebSocketCorsAuthenticator *authenticator) {
                if (m_allowedOrigins.isEmpty()
                    || m_allowedOrigins.contains(authenticator->origin()))
                    return;
                qCInfo(lcDrsTransport, "refusing WebSocket from origin '%s' (not allowed)",
                       qPrintable(authenticator->origin()));
                authenticator->setAllowed(false);
            });
    connect(m_server, &QWebSocketServer::serverError, this,
            [this](QWebSocketProtocol::CloseCode code) {
                qCInfo(lcDrsTransport, "WebSocket handshake failed on %s: %s (code %d)",
                       qPrintable(m_url.toString()), qPrintable(m_server->errorString()),
                       int(code));
            });
    if (secure) {
        // A failed handshake never reaches DRS. Say why in the log.
        connect(m_server, &QWebSocketServer::sslErrors, this, [](const QList<QSslError> &errors) {
            qCInfo(lcDrsTransport, "wss peer: %s", qPrintable(sslErrorsText(errors)));
        });
    }
}

void WebSocketListener::acceptPending()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        const QString path = socket->requestUrl().path();
        if (!m_path.isEmpty() && path != m_path) {
            // QWebSocketServer cannot refuse a handshake by path, so close right after it.
            qCInfo(lcDrsTransport, "refusing WebSocket at path '%s' (serving '%s')",
                   qPrintable(path), qPrintable(m_path));
            // Ours until it is gone: a peer that never finishes the close must not leak it.
            socket->setParent(this);
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
    QString error;
    if (!listenAddressAndPort(url, &address, &error)) {
        setErrorString(error);
        return false;
    }
    if (m_secure)
        error = certificateError(url, m_server->sslConfiguration());
    if (!error.isEmpty()) {
        setErrorString(error);
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
void WebSocketListener::setSslConfiguration(const QSslConfiguration &configuration)
{
    if (m_secure)
        m_server->setSslConfiguration(configuration);
}
void WebSocketListener::setHandshakeTimeout(int msecs)
{
    m_server->setHandshakeTimeout(msecs);
}
void WebSocketListener::setAllowedOrigins(const QStringList &origins)
{
    m_allowedOrigins = origins;
}
QUrl WebSocketListener::url() const
{
    return m_url;
}

} // namespace QtDrsPrivate
