// DrsConnection: one DRS peer-to-peer link; fire and call commands, answer them with handlers.
#ifndef DRSCONNECTION_H
#define DRSCONNECTION_H

#include "drscommand.h"
#include "drshandler.h"
#include "drsreply.h"

#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariant>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslError>

#include <memory>

class DrsConnectionPrivate;
class DrsServer;
class DrsTransport;

/*!
    A connection to one DRS peer, over the transport its URL names: \c{tcp://host:port},
    \c{tls://host:port} (TLS over TCP), \c{local:name} (or \c{local:/absolute/path}),
    \c{ws://host:port/path}, \c{wss://host:port/path}, or a scheme registered with
    DrsTransport::registerScheme(). For tls and wss see setSslConfiguration().

    \code
    auto *connection = new DrsConnection(this);
    connection->open(QUrl("tcp://127.0.0.1:12000"));
    connection->fire("log.line", QJsonObject{{"text", "hello"}});
    DrsReply *reply = connection->call("time.now");
    connect(reply, &DrsReply::finished, this, [reply] { qDebug() << reply->result();
   reply->deleteLater(); }); connection->on("greet", [](const DrsCommand &c) { return
   QJsonObject{{"hello", c.body()["name"]}}; }); \endcode

    Everything is asynchronous and happens in the connection's thread. Commands and calls issued
    while connecting are sent, in order, once connected. Every command received, replies
    included, is announced by commandReceived(); every command sent by commandSent(). Handlers
    (see DrsHandlerRegistry) answer incoming commands; drs.ping and drs.actions are built in.

    A DrsServer makes one DrsConnection per client; those share the server's handlers.
*/
class QTDRS_EXPORT DrsConnection : public QObject, public DrsHandlerRegistry {
    Q_OBJECT
    Q_PROPERTY(QUrl url READ url NOTIFY urlChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool autoReconnect READ autoReconnect WRITE setAutoReconnect NOTIFY
                       autoReconnectChanged)
    Q_PROPERTY(DrsCommand::Encoding encoding READ encoding WRITE setEncoding NOTIFY encodingChanged)
    Q_PROPERTY(bool authenticated READ isAuthenticated NOTIFY authenticatedChanged)
    Q_PROPERTY(int heartbeatInterval READ heartbeatInterval WRITE setHeartbeatInterval)
    Q_PROPERTY(int heartbeatTimeout READ heartbeatTimeout WRITE setHeartbeatTimeout)
    Q_PROPERTY(int idleTimeout READ idleTimeout WRITE setIdleTimeout)
    Q_PROPERTY(int connectTimeout READ connectTimeout WRITE setConnectTimeout)
    Q_PROPERTY(int maxPendingCalls READ maxPendingCalls WRITE setMaxPendingCalls)
    Q_PROPERTY(qint64 maxMessageSize READ maxMessageSize WRITE setMaxMessageSize)
    Q_PROPERTY(qint64 writeHighWaterMark READ writeHighWaterMark WRITE setWriteHighWaterMark)
public:
    enum State { UnconnectedState, ConnectingState, ConnectedState, ReconnectingState };
    Q_ENUM(State)

    enum Error {
        NoError = 0,
        InvalidUrlError, //!< the URL is malformed or its scheme is not supported
        ConnectionRefusedError, //!< nothing listens there
        HostNotFoundError, //!< the host or local name does not exist
        RemoteHostClosedError, //!< the peer closed the connection
        ProtocolError, //!< the peer sent something that is not a DRS command
        MessageTooLargeError, //!< a command over maxMessageSize()
        TransportError, //!< any other failure of the socket; see errorString()
        SslError, //!< the TLS handshake failed, e.g. the certificate was not trusted or named
                  //!< another host; errorString() says why
        ConnectTimeoutError, //!< connecting (TCP, TLS or WebSocket handshake, authentication)
                             //!< took longer than connectTimeout()
        HeartbeatTimeoutError, //!< the peer did not answer a heartbeat in time: declared dead
        IdleTimeoutError, //!< nothing was received for idleTimeout()
        SlowConsumerError, //!< a server's client did not read what it was sent fast enough
        AuthenticationError //!< the server refused the credentials (see setAuthentication())
    };
    Q_ENUM(Error)

    static constexpr int DefaultCallTimeout = 30000;
    static constexpr qint64 DefaultMaxMessageSize = 16 * 1024 * 1024;
    static constexpr int DefaultFireQueueLimit = 1000;
    static constexpr int DefaultMaxPendingCalls = 10000;
    static constexpr qint64 DefaultWriteHighWaterMark = 8 * 1024 * 1024;
    static constexpr int DefaultConnectTimeout = 30000;
    static constexpr int DefaultHeartbeatTimeout = 10000;

    //! The action of the authentication handshake: \c{auth.upgrade}.
    static QString authenticationAction();

    explicit DrsConnection(QObject *parent = nullptr);
    ~DrsConnection() override;

    //! Connects to \a url; state() goes to ConnectingState, then connected() or errorOccurred().
    void open(const QUrl &url);
    //! Closes now: pending calls finish with ConnectionClosed, no reconnect follows.
    void close();

    //! The URL given to open(); empty for a server's client connection.
    QUrl url() const;
    State state() const;
    bool isConnected() const;
    Error error() const;
    QString errorString() const;

    //! The server this connection belongs to (for a server's client connection), else null.
    DrsServer *server() const;
    //! The current transport, for its peer address or handshake request; may be null.
    DrsTransport *transport() const;
    //! Who is on the other end, e.g. "127.0.0.1:50312" or "local:drs-demo".
    QString peerName() const;

    /*!
        The encoding this side writes. A client chooses it (JSON by default); a server's
        connection follows what its client sent first.
    */
    DrsCommand::Encoding encoding() const;
    void setEncoding(DrsCommand::Encoding encoding);

    /*!
        Sends \a action with \a body one way, without a key (so no reply comes). Returns false
        when the command cannot be sent nor queued: unconnected, or the reconnect queue is full.
    */
    bool fire(const QString &action, const QJsonValue &body = QJsonObject());
    //! Sends \a command as it is: with its key if it has one (a keyed fire gets a reply).
    bool fire(const DrsCommand &command);

    /*!
        Publishes \a object's signals: every emission of a signal \c name fires the keyless
        command \c{prefix.name}, the arguments in the body by parameter name:
        \c{valueChanged(int value)} emitted with 42 fires
        \c{{"action": "sensor.valueChanged", "body": {"value": 42}}}.

        \a signalNames selects the signals, by name (every overload) or by signature
        (\c{"changed(QString)"}); empty means every signal \a object declares beyond QObject's
        own. Arguments are converted to JSON: numbers, bool, QString, QStringList,
        QVariantList/Map, Qt's JSON types, QDateTime as ISO 8601 text with milliseconds, enums
        registered with Q_ENUM by name, and whatever else Qt converts to text. A signal with a
        parameter JSON cannot carry (QPoint, a pointer, ...) or without a name is refused now:
        false, with a warning naming the signal and the type, and nothing is published.

        Publishing \a object again under the same prefix replaces the selection. Its signals
        stop being sent when it is destroyed or unpublished. Emissions are fired as they
        happen, in order (so while unconnected they are dropped, and while connecting they wait
        in the fire queue). A signal emitted in another thread is sent from this one. A signal
        \a object emits while it applies a command from this peer (see subscribe()) is not
        sent back to it.
    */
    bool publish(QObject *object, const QString &prefix,
                 const QStringList &signalNames = QStringList());
    //! Stops publishing \a object's signals, under every prefix.
    void unpublish(QObject *object);
    bool isPublished(const QObject *object) const;

    /*!
        Calls \a action: sends it under a new key and returns the reply to come. \a timeoutMs
        overrides callTimeout(); 0 waits forever.
    */
    DrsReply *call(const QString &action, const QJsonValue &body = QJsonObject(),
                   int timeoutMs = -1);
    //! Calls with \a command, keeping its key if it has one.
    DrsReply *call(const DrsCommand &command, int timeoutMs = -1);

    int callTimeout() const;
    void setCallTimeout(int msecs);
    int pendingCallCount() const;

    int maxPendingCalls() const;
    /*!
        Caps the calls in flight on this connection, both ways (default 10 000): a call() made
        while \a limit of ours await their answer finishes at once (from the event loop) with
        DrsReply::Aborted and an errorString() saying so, and is not sent; a call from the peer
        that arrives while \a limit of its calls are still being handled here (asynchronous
        handlers that have not answered yet) is answered with drs.error "too many pending
        calls". Nothing is ever dropped silently. A server sets it on its connections from
        DrsServer::setMaxPendingCalls().
    */
    void setMaxPendingCalls(int limit);

    bool autoReconnect() const;
    //! Reconnects after a drop or a failed attempt, with exponential backoff and jitter.
    void setAutoReconnect(bool enable);
    void setReconnectDelays(int initialMsecs, int maximumMsecs);
    int reconnectInitialDelay() const;
    int reconnectMaximumDelay() const;
    //! How many fires may wait while (re)connecting; fire() returns false beyond it.
    int fireQueueLimit() const;
    void setFireQueueLimit(int limit);
    int queuedFireCount() const;

    qint64 maxMessageSize() const;
    /*!
        The largest command accepted from the peer (default 16 MiB). A larger one on a stream
        transport is answered with drs.error "message too large" and the connection closes with
        MessageTooLargeError; on WebSocket the connection is closed with code 1009. Incomplete
        commands are never buffered beyond this size.
    */
    void setMaxMessageSize(qint64 bytes);

    int connectTimeout() const;
    /*!
        How long connecting may take, in ms (default 30 000; 0 waits as long as the system
        does): the TCP connect, the TLS and WebSocket handshakes and, with setAuthentication(),
        the server's answer to the upgrade. Past it the attempt fails with ConnectTimeoutError
        (and a reconnect follows if autoReconnect() is on).
    */
    void setConnectTimeout(int msecs);

    int heartbeatInterval() const;
    /*!
        Sends a drs.ping call whenever nothing was received from the peer, or nothing was sent
        to it, for \a msecs (0, the default, turns heartbeats off): the first finds a dead
        peer, the second keeps a peer's idle timeout from closing a connection that only
        listens. Any bytes received count as life. The pings and their answers show in
        commandSent() and commandReceived(). When the peer stays silent for heartbeatTimeout() after
       a ping, it is declared dead: errorOccurred(HeartbeatTimeoutError), calls on the wire finish
       with DrsReply::ConnectionClosed, disconnected(), and a reconnect starts if autoReconnect() is
       on. This is how a half-open TCP connection or a hung peer is found. A DrsServer sets it on
       its connections from DrsServer::setHeartbeatInterval().
    */
    void setHeartbeatInterval(int msecs);
    int heartbeatTimeout() const;
    //! How long a heartbeat ping may go unanswered (default 10 000 ms); see
    //! setHeartbeatInterval().
    void setHeartbeatTimeout(int msecs);

    int idleTimeout() const;
    /*!
        Closes the connection with IdleTimeoutError when nothing was received for \a msecs
        (default 0: never). Useful on a server (see DrsServer::setIdleTimeout()); pair it with
        a heartbeat on the other side to keep a quiet but live connection open.
    */
    void setIdleTimeout(int msecs);

    //! The bytes written to the transport that it has not sent yet.
    qint64 bytesToWrite() const;
    qint64 writeHighWaterMark() const;
    /*!
        When bytesToWrite() reaches \a bytes (default 8 MiB), writeHighWaterMarkReached() is
        emitted, once, and writeDrained() when the queue is empty again: a sender of bulk data
        pauses between the two. Commands are still queued above the mark; on a server, the
        slow-consumer policy (DrsServer::setSlowConsumerLimit()) bounds the queue.
    */
    void setWriteHighWaterMark(qint64 bytes);

    /*!
        Authenticates after every connect and reconnect: sends an auth.upgrade call with
        \a credentials (e.g. \c{{"token": "..."}}) first, and only once the server answered it
        with drs.response is the connection connected(): fires and calls made meanwhile wait in
        the queue and go after the upgrade. A refusal (drs.error) fails the connection with
        AuthenticationError, without reconnecting. A null value (the default) turns it off.
    */
    void setAuthentication(const QJsonValue &credentials);
    QJsonValue authentication() const;
    /*!
        Client: the server accepted setAuthentication()'s credentials on this connection.
        Server's client connection: the client passed DrsServer::setAuthenticator().
    */
    bool isAuthenticated() const;

    //! The TLS settings for tls:// and wss:// (QSslConfiguration::defaultConfiguration() unless
    //! set).
    QSslConfiguration sslConfiguration() const;
    /*!
        Sets the TLS settings used from the next open() or reconnect on: the CA certificates
        to trust (setCaCertificates() or addCaCertificates(); the default trusts the system's),
        a client certificate and key (setLocalCertificate(), setPrivateKey()), protocols...
        The peer's certificate is always verified against the URL's host unless the
        configuration says otherwise.
    */
    void setSslConfiguration(const QSslConfiguration &configuration);
    /*!
        Accepts \a errors (as sslErrors() reported them, with their certificates) in the TLS
        handshakes of this connection, e.g. a known self-signed certificate. Replaces an earlier
        list. Applies from the next open() on, and, called from a slot connected to sslErrors(),
        to the handshake in progress. Any other error still fails the connection.
    */
    void ignoreSslErrors(const QList<QSslError> &errors);

    bool isActionListingEnabled() const;
    //! Whether drs.actions is answered (default true).
    void setActionListingEnabled(bool enable);

    //! Values kept per connection (session data, user identity, ...).
    QVariant value(const QString &name, const QVariant &defaultValue = QVariant()) const;
    void setValue(const QString &name, const QVariant &value);
    void removeValue(const QString &name);
    bool hasValue(const QString &name) const;

Q_SIGNALS:
    void urlChanged(const QUrl &url);
    void stateChanged(DrsConnection::State state);
    void autoReconnectChanged(bool autoReconnect);
    void encodingChanged(DrsCommand::Encoding encoding);
    void connected();
    void disconnected();
    void errorOccurred(DrsConnection::Error error);
    //! Every command received, replies included, before it is handled.
    void commandReceived(const DrsCommand &command);
    //! Every command written to the transport, replies included.
    void commandSent(const DrsCommand &command);
    //! A reconnect attempt is scheduled in \a delayMsecs.
    void reconnecting(int attempt, int delayMsecs);
    /*!
        The TLS handshake found \a errors with the peer's certificate. Unless they are all
        ignored (see ignoreSslErrors()), errorOccurred(SslError) follows.
    */
    void sslErrors(const QList<QSslError> &errors);
    void authenticatedChanged(bool authenticated);
    //! bytesToWrite() reached writeHighWaterMark(); writeDrained() follows once it is empty.
    void writeHighWaterMarkReached(qint64 bytesToWrite);
    //! Everything queued has been handed to the system after writeHighWaterMarkReached().
    void writeDrained();

private:
    friend class DrsServer;
    friend class DrsServerPrivate;
    friend class DrsReply;
    friend class DrsRequestPrivate;
    Q_DECLARE_PRIVATE(DrsConnection)
    Q_DISABLE_COPY(DrsConnection)
    std::unique_ptr<DrsConnectionPrivate> d_ptr;
};

#endif // DRSCONNECTION_H
