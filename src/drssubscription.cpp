#include "drssubscription.h"
#include "drsconnection.h"
#include "drsserver.h"

#include <QtCore/QPointer>

class DrsSubscriptionPrivate {
public:
    explicit DrsSubscriptionPrivate(const QString &pattern)
        : pattern(pattern)
        , wildcard(pattern.endsWith(QLatin1Char('*')))
        , stem(wildcard ? pattern.chopped(1) : pattern)
    {
    }

    bool matches(const QString &action) const
    {
        return wildcard ? action.startsWith(stem) : action == stem;
    }

    QString pattern;
    bool wildcard;
    QString stem; // the pattern without its star
    QPointer<DrsConnection> connection;
    QPointer<DrsServer> server;
};

DrsSubscription::DrsSubscription(DrsConnection *connection, const QString &pattern, QObject *parent)
    : QObject(parent)
    , d_ptr(new DrsSubscriptionPrivate(pattern))
{
    Q_D(DrsSubscription);
    d->connection = connection;
    if (connection)
        connect(connection, &DrsConnection::commandReceived, this,
                [this, d, connection](const DrsCommand &command) {
                    if (d->matches(command.action()))
                        Q_EMIT received(command, connection);
                });
}

DrsSubscription::DrsSubscription(DrsServer *server, const QString &pattern, QObject *parent)
    : QObject(parent)
    , d_ptr(new DrsSubscriptionPrivate(pattern))
{
    Q_D(DrsSubscription);
    d->server = server;
    if (server)
        connect(server, &DrsServer::commandReceived, this,
                [this, d](DrsConnection *connection, const DrsCommand &command) {
                    if (d->matches(command.action()))
                        Q_EMIT received(command, connection);
                });
}

DrsSubscription::~DrsSubscription() = default;

QString DrsSubscription::pattern() const
{
    return d_func()->pattern;
}

DrsConnection *DrsSubscription::connection() const
{
    return d_func()->connection.data();
}

DrsServer *DrsSubscription::server() const
{
    return d_func()->server.data();
}

bool DrsSubscription::matches(const QString &pattern, const QString &action)
{
    return DrsSubscriptionPrivate(pattern).matches(action);
}
