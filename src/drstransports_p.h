// The built-in transports and listeners: tcp://, local: and ws://.
#ifndef DRSTRANSPORTS_P_H
#define DRSTRANSPORTS_P_H

#include "drstransport.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QLocalServer;
class QLocalSocket;
class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcDrsTransport)

namespace QtDrsPrivate {

void registerBuiltinSchemes();

//! The address a listen URL's host names: an IP literal, "localhost", or "*" for any.
bool listenAddress(const QString &host, QHostAddress *address);

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
    qint64 bytesToWrite() const override;
    QByteArray readAll() override;
    QString peerName() const override;
    QHostAddress peerAddress() const override;
    quint16 peerPort() const override;

private:
    void attach();
    QTcpSocket *m_socket;
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
    qint64 bytesToWrite() const override;
    QByteArray readAll() override;
    QString peerName() const override;

private:
    void attach();
    QLocalSocket *m_socket;
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

private:
    void attach();
    QWebSocket *m_socket = nullptr;
    qint64 m_maxMessageSize = 0;
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
    explicit WebSocketListener(QObject *parent = nullptr);
    bool listen(const QUrl &url) override;
    void close() override;
    QUrl url() const override;

private:
    void acceptPending();
    QWebSocketServer *m_server;
    QUrl m_url;
    QString m_path; // empty: any path
};

} // namespace QtDrsPrivate

#endif // DRSTRANSPORTS_P_H
