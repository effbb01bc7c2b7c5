// Peers that stop reading or answering, on real sockets, for the backpressure, heartbeat and
// timeout tests: a server that accepts one client and then neither reads nor answers, and a
// client that connects to a DrsServer and never reads.
#ifndef STALLEDPEER_H
#define STALLEDPEER_H

#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QUrl>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

namespace StalledPeerDetail {
//! Qt stops taking bytes from the kernel once this much sits unread in a socket's buffer.
constexpr qint64 StalledReadBuffer = 1024;

inline QByteArray webSocketAccept(const QByteArray &request)
{
    for (const QByteArray &line : request.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.toLower().startsWith("sec-websocket-key:")) {
            const QByteArray key = trimmed.mid(int(qstrlen("sec-websocket-key:"))).trimmed();
            return QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                            QCryptographicHash::Sha1)
                    .toBase64();
        }
    }
    return QByteArray();
}
} // namespace StalledPeerDetail

/*!
    Listens on loopback (tcp or ws over QTcpServer, local over QLocalServer) and accepts one
    client. A ws client gets a correct WebSocket handshake answer, written by hand. After that
    nothing is read (the socket's read buffer is capped, so the kernel buffers fill and the
    client's writes back up) and nothing is answered, until resumeReading().
*/
class StalledServer : public QObject {
public:
    explicit StalledServer(const QString &transport, QObject *parent = nullptr)
        : QObject(parent)
        , m_transport(transport)
    {
    }

    bool listen()
    {
        if (m_transport == QLatin1String("local")) {
            m_localServer = new QLocalServer(this);
            m_name = QStringLiteral("qtdrs-stalled-%1-%2")
                             .arg(QCoreApplication::applicationPid())
                             .arg(quintptr(this));
            QLocalServer::removeServer(m_name);
            connect(m_localServer, &QLocalServer::newConnection, this, [this] {
                QLocalSocket *socket = m_localServer->nextPendingConnection();
                if (m_socket) {
                    socket->abort();
                    return;
                }
                socket->setReadBufferSize(StalledPeerDetail::StalledReadBuffer);
                m_socket = socket;
                ++m_accepted;
                m_ready = true;
            });
            return m_localServer->listen(m_name);
        }
        m_tcpServer = new QTcpServer(this);
        connect(m_tcpServer, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_tcpServer->nextPendingConnection();
            if (m_socket) {
                socket->abort();
                return;
            }
            m_socket = socket;
            ++m_accepted;
            if (m_transport == QLatin1String("ws")) {
                connect(socket, &QTcpSocket::readyRead, this,
                        [this, socket] { onHandshake(socket); });
            } else {
                socket->setReadBufferSize(StalledPeerDetail::StalledReadBuffer);
                m_ready = true;
            }
        });
        return m_tcpServer->listen(QHostAddress::LocalHost);
    }

    QUrl url() const
    {
        if (m_localServer)
            return QUrl(QStringLiteral("local:") + m_name);
        const QString port = QString::number(m_tcpServer->serverPort());
        if (m_transport == QLatin1String("ws"))
            return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket").arg(port));
        return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_transport, port));
    }

    //! A client is connected (ws: and its handshake was answered).
    bool hasClient() const { return m_ready && m_socket; }
    //! The client has gone (closed or reset its side).
    bool clientGone() const
    {
        if (!m_socket)
            return false;
        if (auto *tcp = qobject_cast<QTcpSocket *>(m_socket.data()))
            return tcp->state() != QAbstractSocket::ConnectedState;
        return static_cast<QLocalSocket *>(m_socket.data())->state()
                != QLocalSocket::ConnectedState;
    }

    //! Reads (and throws away) everything from now on.
    void resumeReading()
    {
        if (!m_socket)
            return;
        if (auto *tcp = qobject_cast<QTcpSocket *>(m_socket.data()))
            tcp->setReadBufferSize(0);
        else
            static_cast<QLocalSocket *>(m_socket.data())->setReadBufferSize(0);
        connect(m_socket, &QIODevice::readyRead, this,
                [this] { m_read += m_socket->readAll().size(); });
        m_read += m_socket->readAll().size();
    }
    qint64 bytesRead() const { return m_read; }
    //! Drops the client (so that the server can take another).
    void dropClient()
    {
        if (m_socket) {
            if (auto *tcp = qobject_cast<QTcpSocket *>(m_socket.data()))
                tcp->abort();
            else
                static_cast<QLocalSocket *>(m_socket.data())->abort();
            m_socket->deleteLater();
        }
        m_socket = nullptr;
        m_ready = false;
        m_request.clear();
    }
    int acceptedCount() const { return m_accepted; }

private:
    void onHandshake(QTcpSocket *socket)
    {
        if (m_ready)
            return; // stalled: bytes stay in the (capped) buffer
        m_request += socket->readAll();
        if (!m_request.contains("\r\n\r\n"))
            return;
        socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                      + StalledPeerDetail::webSocketAccept(m_request) + "\r\n\r\n");
        socket->setReadBufferSize(StalledPeerDetail::StalledReadBuffer);
        m_ready = true;
    }

    QString m_transport;
    QString m_name;
    QTcpServer *m_tcpServer = nullptr;
    QLocalServer *m_localServer = nullptr;
    QPointer<QIODevice> m_socket;
    QByteArray m_request;
    bool m_ready = false;
    qint64 m_read = 0;
    int m_accepted = 0;
};

/*!
    Connects to a DrsServer URL (tcp, local, or ws with a hand-written handshake request) and
    never reads a byte: what the server sends piles up in the kernel and then in the server.
*/
class StalledClient : public QObject {
public:
    explicit StalledClient(const QString &transport, QObject *parent = nullptr)
        : QObject(parent)
        , m_transport(transport)
    {
    }

    void connectTo(const QUrl &url)
    {
        if (m_transport == QLatin1String("local")) {
            m_local = new QLocalSocket(this);
            m_local->setReadBufferSize(StalledPeerDetail::StalledReadBuffer);
            m_local->connectToServer(url.path());
            return;
        }
        m_tcp = new QTcpSocket(this);
        m_tcp->setReadBufferSize(StalledPeerDetail::StalledReadBuffer);
        if (m_transport == QLatin1String("ws")) {
            connect(m_tcp, &QTcpSocket::connected, this, [this, url] {
                m_tcp->write(QStringLiteral("GET %1 HTTP/1.1\r\nHost: 127.0.0.1:%2\r\n"
                                            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                            "Sec-WebSocket-Version: 13\r\n\r\n")
                                     .arg(url.path())
                                     .arg(url.port())
                                     .toLatin1());
            });
        }
        m_tcp->connectToHost(QHostAddress::LocalHost, quint16(url.port()));
    }

    bool isConnected() const
    {
        if (m_local)
            return m_local->state() == QLocalSocket::ConnectedState;
        return m_tcp && m_tcp->state() == QAbstractSocket::ConnectedState;
    }

private:
    QString m_transport;
    QTcpSocket *m_tcp = nullptr;
    QLocalSocket *m_local = nullptr;
};

#endif // STALLEDPEER_H
