// DrsSubscription: a signal for the commands of one action, or of an action pattern.
#ifndef DRSSUBSCRIPTION_H
#define DRSSUBSCRIPTION_H

#include "drscommand.h"

#include <QtCore/QObject>

#include <memory>

class DrsConnection;
class DrsServer;
class DrsSubscriptionPrivate;

/*!
    Emits received() for each command that a connection, or any client of a server, receives
    whose action matches pattern(): the action itself, or, for a pattern ending in \c{*}, every
    action that starts with what precedes the star (\c{"sensor.*"} matches \c{"sensor.value"};
    \c{"*"} matches everything). So an application connects to exactly what it cares about
    instead of filtering DrsConnection::commandReceived by hand:

    \code
    auto *temperature = new DrsSubscription(connection, "sensor.temperature", this);
    connect(temperature, &DrsSubscription::received, this, [this](const DrsCommand &command) {
        m_label->setNum(command.body()["value"].toDouble());
    });
    \endcode

    A subscription watches, it does not answer: the commands still go to the handlers (a call
    nobody handles is still answered "No handlers"). Like commandReceived, it sees every command
    received, replies included, before it is handled. It stops when the connection or server is
    destroyed.
*/
class QTDRS_EXPORT DrsSubscription : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString pattern READ pattern CONSTANT)
public:
    DrsSubscription(DrsConnection *connection, const QString &pattern, QObject *parent = nullptr);
    DrsSubscription(DrsServer *server, const QString &pattern, QObject *parent = nullptr);
    ~DrsSubscription() override;

    QString pattern() const;
    //! The connection watched; null when watching a server, or once it is destroyed.
    DrsConnection *connection() const;
    //! The server watched; null when watching a connection, or once it is destroyed.
    DrsServer *server() const;

    //! Whether \a action matches \a pattern, as a subscription or a wildcard handler sees it.
    static bool matches(const QString &pattern, const QString &action);

Q_SIGNALS:
    /*!
        A matching command arrived on \a connection (for a server, the client's connection).
        Slots may take only the command.
    */
    void received(const DrsCommand &command, DrsConnection *connection);

private:
    Q_DECLARE_PRIVATE(DrsSubscription)
    Q_DISABLE_COPY(DrsSubscription)
    std::unique_ptr<DrsSubscriptionPrivate> d_ptr;
};

#endif // DRSSUBSCRIPTION_H
