// Internals of DrsConnection and DrsReply.
#ifndef DRSCONNECTION_P_H
#define DRSCONNECTION_P_H

#include "drsconnection.h"
#include "drssignalbridge_p.h"
#include "drsstreamdecoder_p.h"
#include "drstransport.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>
#include <QtCore/QQueue>
#include <QtCore/QTimer>

#include <map>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcDrsConnection)

//! How long a closing transport may take to write what it still holds before it is dropped.
constexpr int GracefulCloseTimeout = 30000;

class DrsReplyPrivate {
public:
    QPointer<DrsConnection> connection;
    DrsCommand request;
    DrsCommand response;
    QJsonValue result;
    QString errorString;
    DrsReply::Error error = DrsReply::NoError;
    bool finished = false;
    bool pending = false; // registered in the connection's pending table
    bool queued = false; // waiting in the connection's queue to be sent once connected
    std::multimap<qint64, DrsReply *>::iterator deadline;
    bool hasDeadline = false;
};

class DrsConnectionPrivate {
    Q_DECLARE_PUBLIC(DrsConnection)
public:
    explicit DrsConnectionPrivate(DrsConnection *q);

    // Set-up
    void attachTransport(DrsTransport *transport);
    void detachTransport(bool graceful);
    void startConnecting();
    void setState(DrsConnection::State state);
    void setError(DrsConnection::Error error, const QString &message);

    // Transport events
    void onConnected();
    void onDisconnected();
    void onTransportError(QAbstractSocket::SocketError error, const QString &message);
    void onReadyRead();
    void onMessage(const QByteArray &message, bool binary);
    void onMalformed(const QtDrsPrivate::DecodeError &error);

    // Commands
    void handleCommand(const DrsCommand &command);
    void dispatch(const DrsCommand &command);
    bool sendCommand(const DrsCommand &command);
    void writeFrame(const QByteArray &frame, const DrsCommand &command);
    //! The answer of a handler chain (DrsRequest) to the peer's call \a request.
    void sendReply(const DrsCommand &request, const QString &action, const QJsonValue &body);
    //! Any other answer to \a request (built-ins, refusals).
    void answer(const DrsCommand &request, const QString &action, const QJsonValue &body);
    bool builtin(const DrsCommand &command);
    QStringList handledActions() const;
    void flushQueue();

    // Calls
    void addPending(DrsReply *reply, int timeoutMs);
    void finishReply(DrsReply *reply, DrsReply::Error error, const QString &errorString,
                     const DrsCommand &response = DrsCommand());
    void failAllPending(DrsReply::Error error, const QString &errorString);
    void failQueued(const QString &why);
    void onTimeoutTimer();
    void armTimeoutTimer();
    qint64 now() const { return clock.elapsed(); }

    void scheduleReconnect();

    // Robustness: limits, liveness, backpressure, authentication
    //! Reports \a error, then drops the transport at once as if the peer had gone.
    void dropConnection(DrsConnection::Error error, const QString &message);
    //! Queued dropConnection(): safe from inside a write or a read.
    void dropConnectionLater(DrsConnection::Error error, const QString &message);
    void noteReceived() { lastReceived = now(); }
    void startLiveness(); // the transport is connected: heartbeat and idle timers run
    void stopTimers();
    void onHeartbeatTimer();
    void onIdleTimer();
    void onConnectTimer();
    void onBytesWritten();
    void checkWriteQueue();
    //! Server side: answers what an unauthenticated client may not do, or an over-limit call;
    //! true when \a command was dealt with here.
    bool gate(const DrsCommand &command);
    void authenticate(const DrsCommand &command);
    void sendAuthentication();
    void onAuthenticationReply(DrsReply *reply);
    void setAuthenticated(bool authenticated);
    //! Connected at last (after the upgrade when authenticating): flush and announce.
    void becomeConnected();

    DrsConnection *q_ptr;
    DrsServer *server = nullptr; // set for a server's client connections
    QPointer<DrsTransport> transport;
    QtDrsPrivate::StreamDecoder decoder;
    QUrl url;
    QString peerName; // kept after the transport is gone, for logs and signals
    DrsConnection::State state = DrsConnection::UnconnectedState;
    DrsConnection::Error error = DrsConnection::NoError;
    QString errorString;
    DrsCommand::Encoding encoding = DrsCommand::JsonEncoding;
    bool encodingFromPeer = false; // a server's connection answers in the client's encoding
    bool peerEncodingKnown = false; // the client's first command has fixed it
    bool closing = false; // close() called: no reconnect
    bool malformed = false; // the stream broke; the rest of the bytes are ignored

    // Outgoing while (re)connecting: fires and calls, in order.
    struct Queued {
        DrsCommand command;
        QPointer<DrsReply> reply;
        bool isCall;
    };
    QQueue<Queued> queue;
    int queuedFires = 0;
    int fireQueueLimit = DrsConnection::DefaultFireQueueLimit;

    QHash<QString, DrsReply *> pending;
    std::multimap<qint64, DrsReply *> deadlines;
    QElapsedTimer clock;
    QTimer timeoutTimer;
    int callTimeout = DrsConnection::DefaultCallTimeout;

    bool autoReconnect = false;
    int reconnectInitialDelay = 200;
    int reconnectMaximumDelay = 30000;
    int reconnectAttempt = 0;
    QTimer reconnectTimer;

    qint64 maxMessageSize = DrsConnection::DefaultMaxMessageSize;
    // Unset means Qt's default; kept unset so TCP-only users never load the TLS backend.
    std::optional<QSslConfiguration> sslConfiguration;
    QList<QSslError> ignoredSslErrors;
    bool actionListing = true;

    int maxPendingCalls = DrsConnection::DefaultMaxPendingCalls;
    int handlingCount = 0; // the peer's calls our handler chains have not answered yet
    int connectTimeout = DrsConnection::DefaultConnectTimeout;
    QTimer connectTimer;
    int heartbeatInterval = 0;
    int heartbeatTimeout = DrsConnection::DefaultHeartbeatTimeout;
    QTimer heartbeatTimer; // when a ping may be due, or the outstanding one overdue
    qint64 pingSentAt = -1; // the outstanding ping, or -1
    int idleTimeout = 0;
    QTimer idleTimer;
    qint64 lastReceived = 0;
    qint64 lastSent = 0;
    qint64 writeHighWaterMark = DrsConnection::DefaultWriteHighWaterMark;
    bool aboveHighWaterMark = false;
    qint64 slowConsumerLimit = 0; // server's clients: the queue above which the policy applies
    bool dropPending = false; // dropConnectionLater() was called: write nothing more
    qint64 droppedBroadcasts = 0; // DropBroadcasts policy: skipped while over the limit
    QJsonValue credentials; // client: sent as auth.upgrade after each connect
    QPointer<DrsReply> authReply;
    bool authenticated = false;
    int failedAuthentications = 0;
    qint64 unauthorizedFires = 0;

    QVariantHash values;
    DrsPublications publications;
};

#endif // DRSCONNECTION_P_H
