// Internals of DrsServer.
#ifndef DRSSERVER_P_H
#define DRSSERVER_P_H

#include "drsserver.h"
#include "drstransport.h"

#include <QtCore/QList>
#include <QtCore/QLoggingCategory>

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

    DrsServer *q_ptr;
    QList<DrsListener *> listeners;
    QList<DrsConnection *> connections;
    DrsServer::AcceptHook acceptHook;
    QString errorString;
    qint64 maxMessageSize = 16 * 1024 * 1024;
    bool actionListing = true;
};

#endif // DRSSERVER_P_H
