// DrsTransport and DrsListener: the seam between DRS and the bytes. One transport per connection,
// one listener per server URL; schemes (tcp, local, ws, ...) map to them through a registry that
// applications can extend.
#ifndef DRSTRANSPORT_H
#define DRSTRANSPORT_H

#include "qtdrs_global.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtNetwork/QAbstractSocket>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkRequest>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslError>

#include <functional>

class DrsListener;

/*!
    One open byte pipe to a peer. A transport knows nothing of commands: a stream transport
    (TCP, local sockets) emits readyRead() and hands out bytes with readAll(); a message transport
    (WebSocket) emits messageReceived() once per message. Client transports are created
    unconnected and opened with connectToPeer(); listeners hand out connected ones.

    To add a scheme, subclass DrsTransport (and DrsListener for serving) and call registerScheme().
*/
class QTDRS_EXPORT DrsTransport : public QObject {
    Q_OBJECT
public:
    enum Framing { StreamFraming, MessageFraming };
    Q_ENUM(Framing)

    //! Makes an unconnected transport for a URL; returns nullptr for a URL it cannot use.
    using TransportFactory = std::function<DrsTransport *(const QUrl &url)>;
    using ListenerFactory = std::function<DrsListener *(const QUrl &url)>;

    explicit DrsTransport(QObject *parent = nullptr);
    ~DrsTransport() override;

    virtual Framing framing() const = 0;
    //! Starts connecting; emits connected() or errorOccurred() then disconnected() later.
    virtual void connectToPeer(const QUrl &url) = 0;
    //! Closes after the queued bytes are written; emits disconnected().
    virtual void disconnectFromPeer() = 0;
    //! Closes at once, dropping queued bytes.
    virtual void abort() = 0;
    virtual bool isConnected() const = 0;
    //! Queues \a data: bytes on a stream, one message on a message transport (text unless \a
    //! binary).
    virtual void write(const QByteArray &data, bool binary) = 0;
    /*!
        Hands what write() gathered to the system now. The connection calls it after each
        batch of commands it received (so replies leave at once, in one write); a transport
        that gathers writes also flushes by itself when control returns to the event loop.
        The default does nothing.
    */
    virtual void flush();
    virtual qint64 bytesToWrite() const = 0;
    //! Stream transports: everything received since the last call.
    virtual QByteArray readAll();

    //! Who is on the other end, for logs and tools: "127.0.0.1:53012", "local:name", ...
    virtual QString peerName() const = 0;
    virtual QHostAddress peerAddress() const;
    virtual quint16 peerPort() const;
    //! WebSocket: the handshake request (URL with path and query, headers); empty elsewhere.
    virtual QNetworkRequest handshakeRequest() const;
    //! Transports that enforce the message size cap themselves (WebSocket) take it here.
    virtual void setMaxMessageSize(qint64 bytes);
    //! Encrypted transports (tls, wss) take the CA, client certificate, ... here, before
    //! connectToPeer(). Others ignore it.
    virtual void setSslConfiguration(const QSslConfiguration &configuration);
    /*!
        Encrypted transports: \a errors (with their certificates, as sslErrors() reported them)
        do not fail the handshake. Takes effect for the next connectToPeer(), or for the
        handshake in progress when called from a slot connected to sslErrors().
    */
    virtual void ignoreSslErrors(const QList<QSslError> &errors);
    //! Encrypted transports: the certificate the peer presented; null elsewhere or without one.
    virtual QSslCertificate peerCertificate() const;

    /*!
        Maps \a scheme (lowercase, e.g. "myproto") to factories for client transports and
        listeners; either may be empty. Replaces an earlier registration. Thread-safe.
    */
    static void registerScheme(const QString &scheme, TransportFactory transportFactory,
                               ListenerFactory listenerFactory);
    static QStringList supportedSchemes();
    /*!
        The endpoint URL a person means by \a text: a URL with a registered scheme as it is
        ("ws://127.0.0.1:12001/socket", "local:drs-demo"), and "host:port" or ":port" as tcp.
        Returns an invalid URL when \a text names no endpoint.
    */
    static QUrl urlFromUserInput(const QString &text);
    //! A new unconnected transport for \a url, or nullptr (with \a errorString) if none fits.
    static DrsTransport *create(const QUrl &url, QString *errorString = nullptr);

Q_SIGNALS:
    void connected();
    void disconnected();
    void errorOccurred(QAbstractSocket::SocketError error, const QString &errorString);
    void readyRead();
    void messageReceived(const QByteArray &message, bool binary);
    void bytesWritten(qint64 bytes);
    //! The handshake found \a errors with the peer's certificate; unless they are all ignored
    //! (see ignoreSslErrors()), errorOccurred(SslHandshakeFailedError) follows.
    void sslErrors(const QList<QSslError> &errors);
};

/*!
    Accepts peers on one URL and hands each over as a connected DrsTransport (parented to the
    listener until the server takes it).
*/
class QTDRS_EXPORT DrsListener : public QObject {
    Q_OBJECT
public:
    explicit DrsListener(QObject *parent = nullptr);
    ~DrsListener() override;

    virtual bool listen(const QUrl &url) = 0;
    virtual void close() = 0;
    //! The URL served, with the port the system chose when the listen URL asked for port 0.
    virtual QUrl url() const = 0;
    QString errorString() const;
    //! Encrypted listeners (tls, wss) take their certificate, key, and peer verification here,
    //! before listen(); a later call applies to peers that connect from then on. Others ignore it.
    virtual void setSslConfiguration(const QSslConfiguration &configuration);
    //! Listeners with a handshake (tls, ws, wss) drop a peer that has not completed it within
    //! \a msecs. Others ignore it.
    virtual void setHandshakeTimeout(int msecs);
    //! WebSocket listeners refuse a handshake whose Origin is not in \a origins (empty: any).
    //! Others ignore it.
    virtual void setAllowedOrigins(const QStringList &origins);

    //! A new listener for \a url, or nullptr (with \a errorString) if the scheme cannot serve.
    static DrsListener *create(const QUrl &url, QString *errorString = nullptr);

Q_SIGNALS:
    void newTransport(DrsTransport *transport);

protected:
    void setErrorString(const QString &errorString);

private:
    QString m_errorString;
};

#endif // DRSTRANSPORT_H
