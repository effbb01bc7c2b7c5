// DrsServer: serves DRS on one or more URLs at once, with handlers shared by every client.
#ifndef DRSSERVER_H
#define DRSSERVER_H

#include "drscommand.h"
#include "drshandler.h"

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtNetwork/QSslConfiguration>

#include <functional>
#include <memory>

class DrsConnection;
class DrsServerPrivate;

/*!
    A DRS server. It listens on any number of URLs (\c{tcp://127.0.0.1:12000},
    \c{ws://127.0.0.1:12001/socket}, \c{local:my-service}, \c{tls://0.0.0.0:12443},
    \c{wss://0.0.0.0:12444/socket}, ...), makes a DrsConnection for each
    client, and answers their commands with the handlers registered on it (see
    DrsHandlerRegistry). Each client's encoding (JSON or CBOR) is told from the first byte it
    sends, so both are served on one port.

    \code
    DrsServer server;
    server.on("echo", [](const DrsCommand &c) { return c.body(); });
    server.listen({QUrl("tcp://127.0.0.1:12000"), QUrl("local:my-service")});
    server.broadcast("news", QJsonObject{{"text", "hello, everyone"}});
    \endcode

    The server, its connections and their handlers live in the server's thread.
*/
class QTDRS_EXPORT DrsServer : public QObject, public DrsHandlerRegistry {
    Q_OBJECT
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(QList<QUrl> serverUrls READ serverUrls NOTIFY listeningChanged)
    Q_PROPERTY(int connectionCount READ connectionCount NOTIFY connectionCountChanged)
    Q_PROPERTY(QStringList allowedOrigins READ allowedOrigins WRITE setAllowedOrigins)
    Q_PROPERTY(qint64 slowConsumerLimit READ slowConsumerLimit WRITE setSlowConsumerLimit)
    Q_PROPERTY(SlowConsumerPolicy slowConsumerPolicy READ slowConsumerPolicy WRITE
                       setSlowConsumerPolicy)
public:
    //! Decides whether a new client is served; it may read the connection's transport.
    using AcceptHook = std::function<bool(DrsConnection *connection)>;
    /*!
        Checks the credentials of an auth.upgrade command (its body) from \a connection;
        returns true to accept, or false with a reason in \a *reason (which may stay empty).
    */
    using Authenticator = std::function<bool(DrsConnection *connection,
                                             const QJsonValue &credentials, QString *reason)>;

    //! What to do with a client that does not read what it is sent.
    enum SlowConsumerPolicy {
        DisconnectSlowConsumer, //!< drop it (SlowConsumerError), the default
        DropBroadcasts //!< keep it, but skip broadcasts to it while over the limit
    };
    Q_ENUM(SlowConsumerPolicy)

    static constexpr qint64 DefaultSlowConsumerLimit = 64 * 1024 * 1024;
    static constexpr int DefaultHandshakeTimeout = 10000;
    static constexpr int DefaultMaxAuthenticationAttempts = 3;

    explicit DrsServer(QObject *parent = nullptr);
    ~DrsServer() override;

    //! Starts serving \a url as well; false (see errorString()) if it cannot.
    bool listen(const QUrl &url);
    //! Starts serving every URL of \a urls; on a failure none of them is served.
    bool listen(const QList<QUrl> &urls);
    //! Stops listening and disconnects every client.
    void close();
    bool isListening() const;
    //! The URLs served, with the ports chosen by the system where the listen URL said :0.
    QList<QUrl> serverUrls() const;
    QString errorString() const;

    QList<DrsConnection *> connections() const;
    int connectionCount() const;

    /*!
        Called for each new client before it is served; returning false disconnects it. The
        hook may read the connection's transport() (peer address, WebSocket handshake request).
    */
    void setAcceptHook(AcceptHook hook);

    /*!
        Sends \a action with \a body to every connected client, keyless. The command is encoded
        once per encoding and framing in use and the same bytes are written to each client.
        Returns the number of clients it was written to.
    */
    int broadcast(const QString &action, const QJsonValue &body = QJsonObject());
    int broadcast(const DrsCommand &command);

    /*!
        Broadcasts \a object's signals: each emission of a signal \c name becomes the keyless
        command \c{prefix.name} sent to every client, encoded once, with the arguments in the
        body by parameter name. See DrsConnection::publish() for the signals chosen, the
        conversions and the refusals. A signal the object emits while it applies a command
        from a client (see subscribe()) goes to every client but that one.
    */
    bool publish(QObject *object, const QString &prefix,
                 const QStringList &signalNames = QStringList());
    //! Stops broadcasting \a object's signals, under every prefix.
    void unpublish(QObject *object);
    bool isPublished(const QObject *object) const;

    qint64 maxMessageSize() const;
    //! The largest command a client may send (default 16 MiB); applies to every client,
    //! connected or to come. See DrsConnection::setMaxMessageSize().
    void setMaxMessageSize(qint64 bytes);

    int maxPendingCalls() const;
    /*!
        How many calls of one client may be handled at once (asynchronous handlers that have
        not answered yet; default 10 000); beyond it a call is answered with drs.error "too many
        pending calls". Applies to every client. See DrsConnection::setMaxPendingCalls().
    */
    void setMaxPendingCalls(int limit);

    int handshakeTimeout() const;
    /*!
        How long a tls://, ws:// or wss:// client may take for its TLS or WebSocket handshake
        (default 10 000 ms); one that sends nothing, or half a handshake, is dropped and logged
        without holding anything up. Applies to every URL served, for clients connecting from
        now on.
    */
    void setHandshakeTimeout(int msecs);

    int idleTimeout() const;
    //! Drops a client that sent nothing for \a msecs (default 0: never); see
    //! DrsConnection::setIdleTimeout(). Applies to clients connecting from now on.
    void setIdleTimeout(int msecs);

    int heartbeatInterval() const;
    /*!
        Pings each client that was silent for \a msecs (default 0: off) and drops one that does
        not answer within heartbeatTimeout(); see DrsConnection::setHeartbeatInterval().
        Applies to clients connecting from now on.
    */
    void setHeartbeatInterval(int msecs);
    int heartbeatTimeout() const;
    void setHeartbeatTimeout(int msecs);

    qint64 slowConsumerLimit() const;
    /*!
        The most bytes queued for one client (default 64 MiB; 0: no limit). A client above it
        is handled by slowConsumerPolicy(): by default disconnected, with clientDisconnected()
        and the reason in its DrsConnection::errorString() (error() is SlowConsumerError), so
        one client that stops reading never grows the server's memory without bound nor holds
        up the others. Applies to every client.
    */
    void setSlowConsumerLimit(qint64 bytes);
    SlowConsumerPolicy slowConsumerPolicy() const;
    void setSlowConsumerPolicy(SlowConsumerPolicy policy);

    QStringList allowedOrigins() const;
    /*!
        The Origin header values a WebSocket client may send (e.g. "https://app.example.com");
        a handshake with any other Origin, or none, is refused (HTTP 403) and logged. Empty, the
        default, allows any. Applies to ws:// and wss:// URLs, served now or later.
    */
    void setAllowedOrigins(const QStringList &origins);

    /*!
        Requires clients to authenticate: each must first send an auth.upgrade call whose body
        \a authenticator accepts. Until then every other command but drs.ping is refused: a
        call is answered with drs.error "unauthorized", a fire (which gets no reply) is dropped
        and logged. A refused upgrade is answered with drs.error "unauthorized: <reason>";
        after maxAuthenticationAttempts() refusals the client is disconnected. An accepted one
        is answered with drs.response \c true, clientAuthenticated() is emitted and
        DrsConnection::isAuthenticated() becomes true. An empty function (the default) turns
        authentication off.
    */
    void setAuthenticator(Authenticator authenticator);
    int maxAuthenticationAttempts() const;
    void setMaxAuthenticationAttempts(int attempts);
    bool isActionListingEnabled() const;
    void setActionListingEnabled(bool enable);

    //! The TLS settings of tls:// and wss:// URLs (QSslConfiguration::defaultConfiguration()
    //! unless set).
    QSslConfiguration sslConfiguration() const;
    /*!
        Sets the TLS settings for tls:// and wss:// URLs: the server's certificate and private
        key (setLocalCertificate(), setPrivateKey(); listen() fails on those URLs without them)
        and, to require client certificates, setPeerVerifyMode(QSslSocket::VerifyPeer) with the
        CA certificates that issue them. Applies to later listen() calls and to clients that
        connect from now on to URLs already served. A client's certificate is then
        DrsConnection::transport()->peerCertificate(), e.g. in the accept hook.
    */
    void setSslConfiguration(const QSslConfiguration &configuration);

Q_SIGNALS:
    void listeningChanged();
    void connectionCountChanged();
    void clientConnected(DrsConnection *connection);
    //! Emitted when a client has gone; the connection is deleted later.
    void clientDisconnected(DrsConnection *connection);
    void commandReceived(DrsConnection *connection, const DrsCommand &command);
    //! \a connection passed the authenticator.
    void clientAuthenticated(DrsConnection *connection);

private:
    friend class DrsConnection;
    friend class DrsConnectionPrivate;
    Q_DECLARE_PRIVATE(DrsServer)
    Q_DISABLE_COPY(DrsServer)
    std::unique_ptr<DrsServerPrivate> d_ptr;
};

#endif // DRSSERVER_H
