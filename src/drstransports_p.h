// The built-in transports and listeners: tcp://, tls://, local:, ws:// and wss://.
#ifndef DRSTRANSPORTS_P_H
#define DRSTRANSPORTS_P_H

#include "drstransport.h"

#include <QtCore/QIODevice>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QLocalServer;
class QLocalSocket;
class QSslServer;
class QSslSocket;
class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcDrsTransport)

namespace QtDrsPrivate {

/*
    What a stream socket holds for us at most: each readyRead hands over at most this much, so
    reads stay in reused heap memory (no fresh pages per read) and a peer that writes faster than
    we decode waits in the kernel's buffers (TCP flow control), not in ours. Kept under 64 KiB:
    glibc consolidates all its small free lists whenever a chunk that large is freed, which made
    every small allocation after it slow (a quarter of the time of pipelined calls went there).
*/
constexpr qint64 ReadChunkSize = 32 * 1024;

/*
    Gathers the frames a stream transport is given in one pass of the event loop into one write
    to its socket (one system call, one TLS record), flushed when control returns to the event
    loop or once it holds GatherLimit bytes. Frames keep their order; bytesToWrite() counts
    what is gathered too.
*/
class WriteGather {
public:
    // Under glibc's 64 KiB free-consolidation threshold, like ReadChunkSize.
    static constexpr qsizetype GatherLimit = 32 * 1024;

    void setDevice(QObject *owner, QIODevice *device)
    {
        m_owner = owner;
        m_device = device;
    }
    void write(const QByteArray &data);
    void flush();
    void clear() { m_pending.clear(); }
    qint64 size() const { return m_pending.size(); }

private:
    QObject *m_owner = nullptr;
    QIODevice *m_device = nullptr;
    QByteArray m_pending;
    bool m_scheduled = false;
};

void registerBuiltinSchemes();

//! The address a listen URL's host names: an IP literal, "localhost", or "*" for any.
bool listenAddress(const QString &host, QHostAddress *address);
//! The address and port a listen URL names, or false with a message for the user.
bool listenAddressAndPort(const QUrl &url, QHostAddress *address, QString *errorString);
//! "127.0.0.1:1234", "[::1]:1234".
QString hostPortName(const QHostAddress &address, quint16 port);
//! Why a handshake failed: the texts of \a errors, for errorOccurred().
QString sslErrorsText(const QList<QSslError> &errors);

class TcpTransport : public DrsTransport {
    Q_OBJECT
public:
    //! A client transport, or a server-side one around an accepted \a socket.
    explicit TcpTransport(QTcpSocket *socket = nullptr, QObject *parent = nullptr);

    Framing framing() const override { return StreamFraming; }
    void connectToPeer(const QUrl &url) override;
    void disconnectFromPeer() override;
    void abort() override;
    bool isConnected() const override;
    void write(const QByteArray &data, bool binary) override;
    void flush() override { m_out.flush(); }
    qint64 bytesToWrite() const override;
    QByteArray readAll() override;
    QString peerName() const override;
    QHostAddress peerAddress() const override;
    quint16 peerPort() const override;

private:
    void attach();
    QTcpSocket *m_socket;
    WriteGather m_out;
};

//! What a TLS client learnt about its connection, to say why it failed.
struct TlsClientState {
    struct Failure {
        QAbstractSocket::SocketError error;
        QString message;
    };

    void reset();
    void onAlert(QSsl::AlertLevel level, QSsl::AlertType type, const QString &description);
    //! What socket error \a e means on this connection, said so a user can act on it.
    Failure describe(QAbstractSocket::SocketError e, const QString &socketText) const;

    QList<QSslError> sslErrors; // found by the handshake in progress
    QList<QSslError> ignoredSslErrors;
    QString fatalAlert; // why the peer refused us, if it said
    bool closeNotified = false; // the peer closed the TLS session properly
    bool accepted = false; // the peer spoke to us after the handshake
};

//! TLS over TCP: connected() once the handshake is done; the stream is framed as on TCP.
class TlsTransport : public DrsTransport {
    Q_OBJECT
public:
    //! A client transport, or a server-side one around an encrypted \a socket.
    explicit TlsTransport(QSslSocket *socket = nullptr, QObject *parent = nullptr);

    Framing framing() const override { return StreamFraming; }
    void connectToPeer(const QUrl &url) override;
    void disconnectFromPeer() override;
    void abort() override;
    bool isConnected() const override;
    void write(const QByteArray &data, bool binary) override;
    void flush() override { m_out.flush(); }
    qint64 bytesToWrite() const override;
    QByteArray readAll() override;
    QString peerName() const override;
    QHostAddress peerAddress() const override;
    quint16 peerPort() const override;
    void setSslConfiguration(const QSslConfiguration &configuration) override;
    void ignoreSslErrors(const QList<QSslError> &errors) override;
    QSslCertificate peerCertificate() const override;

private:
    QSslSocket *m_socket;
    WriteGather m_out;
    TlsClientState m_tls;
    bool m_closeReported = false;
};

class LocalTransport : public DrsTransport {
    Q_OBJECT
public:
    explicit LocalTransport(QLocalSocket *socket = nullptr, QObject *parent = nullptr);

    Framing framing() const override { return StreamFraming; }
    void connectToPeer(const QUrl &url) override;
    void disconnectFromPeer() override;
    void abort() override;
    bool isConnected() const override;
    void write(const QByteArray &data, bool binary) override;
    void flush() override { m_out.flush(); }
    qint64 bytesToWrite() const override;
    QByteArray readAll() override;
    QString peerName() const override;

private:
    void attach();
    QLocalSocket *m_socket;
    WriteGather m_out;
    QString m_name;
};

class WebSocketTransport : public DrsTransport {
    Q_OBJECT
public:
    explicit WebSocketTransport(QWebSocket *socket = nullptr, QObject *parent = nullptr);

    Framing framing() const override { return MessageFraming; }
    void connectToPeer(const QUrl &url) override;
    void disconnectFromPeer() override;
    void abort() override;
    bool isConnected() const override;
    void write(const QByteArray &data, bool binary) override;
    qint64 bytesToWrite() const override;
    QString peerName() const override;
    QHostAddress peerAddress() const override;
    quint16 peerPort() const override;
    QNetworkRequest handshakeRequest() const override;
    void setMaxMessageSize(qint64 bytes) override;
    void setSslConfiguration(const QSslConfiguration &configuration) override;
    void ignoreSslErrors(const QList<QSslError> &errors) override;
    QSslCertificate peerCertificate() const override;

private:
    void attach();
    QWebSocket *m_socket = nullptr;
    qint64 m_maxMessageSize = 0;
    // wss: applied to each new QWebSocket; unset leaves Qt's default configuration.
    QSslConfiguration m_sslConfiguration;
    bool m_hasSslConfiguration = false;
    TlsClientState m_tls;
    bool m_secureClient = false; // a wss:// client
    bool m_inSslErrors = false; // sslErrors() is being emitted: ignoring now still counts
};

class TcpListener : public DrsListener {
    Q_OBJECT
public:
    explicit TcpListener(QObject *parent = nullptr);
    bool listen(const QUrl &url) override;
    void close() override;
    QUrl url() const override;

private:
    QTcpServer *m_server;
    QUrl m_url;
};

//! Serves tls:// with QSslServer: a peer is handed over once its handshake succeeded.
class TlsListener : public DrsListener {
    Q_OBJECT
public:
    explicit TlsListener(QObject *parent = nullptr);
    bool listen(const QUrl &url) override;
    void close() override;
    QUrl url() const override { return m_url; }
    void setSslConfiguration(const QSslConfiguration &configuration) override;
    void setHandshakeTimeout(int msecs) override;

private:
    QSslServer *m_server;
    QUrl m_url;
};

class LocalListener : public DrsListener {
    Q_OBJECT
public:
    explicit LocalListener(QObject *parent = nullptr);
    bool listen(const QUrl &url) override;
    void close() override;
    QUrl url() const override { return m_url; }

private:
    QLocalServer *m_server;
    QUrl m_url;
};

class WebSocketListener : public DrsListener {
    Q_OBJECT
public:
    //! Serves ws://, or wss:// when \a secure.
    explicit WebSocketListener(bool secure = false, QObject *parent = nullptr);
    bool listen(const QUrl &url) override;
    void close() override;
    QUrl url() const override;
    void setSslConfiguration(const QSslConfiguration &configuration) override;
    void setHandshakeTimeout(int msecs) override;
    void setAllowedOrigins(const QStringList &origins) override;

private:
    void acceptPending();
    QWebSocketServer *m_server;
    QStringList m_allowedOrigins; // empty: any
    bool m_secure;
    QUrl m_url;
    QString m_path; // empty: any path
};

} // namespace QtDrsPrivate

#endif // DRSTRANSPORTS_P_H
