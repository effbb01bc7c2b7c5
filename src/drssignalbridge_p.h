// Signals across the wire: the receiver that turns a QObject's signals into commands
// (DrsConnection::publish, DrsServer::publish) and the handlers that turn commands into calls of
// an object's slots, signals and property writes (DrsHandlerRegistry::subscribe).
#ifndef DRSSIGNALBRIDGE_P_H
#define DRSSIGNALBRIDGE_P_H

#include "drscommand.h"
#include "drshandler.h"

#include <QtCore/QList>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMetaMethod>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcDrsSignals)

class DrsConnection;
class DrsPublications;

/*!
    Connected to the published signals of one object, under one prefix. It has no moc'ed
    members: each signal is connected to a method index past QObject's, and qt_metacall()
    receives the emission as the array of argument pointers every signal produces, whatever its
    signature.
*/
class DrsSignalPublisher : public QObject {
public:
    struct PublishedSignal {
        QString action;
        QStringList names;
        QList<QMetaType> types;
    };

    DrsSignalPublisher(DrsPublications *owner, QObject *object, const QString &prefix,
                       const QList<QMetaMethod> &methods);
    ~DrsSignalPublisher() override;

    int qt_metacall(QMetaObject::Call call, int id, void **argv) override;

    QObject *object() const { return m_object.data(); }
    QString prefix() const { return m_prefix; }
    //! Stops sending; the owner is going away.
    void detach() { m_owner = nullptr; }

private:
    void emitted(int index, void **argv);
    void objectDestroyed();

    DrsPublications *m_owner;
    QPointer<QObject> m_object;
    QString m_prefix;
    QList<PublishedSignal> m_published;
};

/*!
    The publications of one DrsConnection or DrsServer. The sink sends a command made from an
    emission; \a except is the peer whose command the emitting object was applying (no echo back
    to it), or null.
*/
class DrsPublications {
public:
    using Sink = std::function<void(const DrsCommand &command, DrsConnection *except)>;

    DrsPublications() = default;
    ~DrsPublications();
    Q_DISABLE_COPY(DrsPublications)

    void setSink(Sink sink) { m_sink = std::move(sink); }
    bool publish(QObject *object, const QString &prefix, const QStringList &signalNames);
    void unpublish(QObject *object);
    bool isPublished(const QObject *object) const;

    void send(const DrsCommand &command, DrsConnection *except);
    void remove(DrsSignalPublisher *publisher);

private:
    Sink m_sink;
    QList<DrsSignalPublisher *> m_publishers;
};

namespace QtDrsPrivate {

struct SubscriptionHandler {
    QString action;
    DrsHandlerRegistry::Handler handler;
};

/*!
    The handlers that apply \a prefix.name commands to \a object: one per slot, signal or
    invokable name (overloads chosen by the body's members) and per notify signal of a writable
    property (the property is written). With \a members empty, every public one declared past
    QObject that takes named parameters; else exactly those names. False, with a warning,
    when a named member does not exist or cannot take its arguments by name.
*/
bool subscriptionHandlers(QObject *object, const QString &prefix, const QStringList &members,
                          QList<SubscriptionHandler> *handlers);

} // namespace QtDrsPrivate

#endif // DRSSIGNALBRIDGE_P_H
