// Internals of DrsServer.
#ifndef DRSSERVER_P_H
#define DRSSERVER_P_H

#include "drsconnection.h"
#include "drsserver.h"
#include "drssignalbridge_p.h"
#include "drstransport.h"

#include <QtCore/QList>
#include <QtCore/QLoggingCategory>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcDrsServer)

class DrsServerPrivate {
    Q_DECLARE_PUBLIC(DrsServer)
public:
    explicit DrsServerPrivate(DrsServer *q)
        : q_ptr(q)
    {
    }

    void accept(DrsTransport *transport);
    void removeConnection(DrsConnection *connection);
    //! Writes \a command to every client but \a except; the number written to.
    int broadcast(const DrsCommand &command, DrsConnection *except);

    DrsServer *q_ptr;
    QList<DrsListener *> listeners;
    QList<DrsConnection *> connections;
    DrsServer::AcceptHook acceptHook;
    QString errorString;
    qint64 maxMessageSize = DrsConnection::DefaultMaxMessageSize;
    int maxPendingCalls = DrsConnection::DefaultMaxPendingCalls;
    int handshakeTimeout = DrsServer::DefaultHandshakeTimeout;
    int idleTimeout = 0;
    int heartbeatInterval = 0;
    int heartbeatTimeout = DrsConnection::DefaultHeartbeatTimeout;
    qint64 slowConsumerLimit = DrsServer::DefaultSlowConsumerLimit;
    DrsServer::SlowConsumerPolicy slowConsumerPolicy = DrsServer::DisconnectSlowConsumer;
    QStringList allowedOrigins;
    DrsServer::Authenticator authenticator;
    int maxAuthenticationAttempts = DrsServer::DefaultMaxAuthenticationAttempts;
    bool actionListing = true;
    std::optional<QSslConfiguration> sslConfiguration; // unset: Qt's default
    DrsPublications publications;
};

#endif // DRSSERVER_P_H
