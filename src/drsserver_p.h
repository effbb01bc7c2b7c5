// Internals of DrsServer.
#ifndef DRSSERVER_P_H
#define DRSSERVER_P_H

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
    qint64 maxMessageSize = 16 * 1024 * 1024;
    bool actionListing = true;
    std::optional<QSslConfiguration> sslConfiguration; // unset: Qt's default
    DrsPublications publications;
};

#endif // DRSSERVER_P_H
