// QmlDrsHandler: answers one action from QML, inside a DrsConnection or a DrsServer.
#ifndef QMLDRSHANDLER_H
#define QMLDRSHANDLER_H

#include <drshandler.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/QQmlListProperty>
#include <QtQml/qqmlregistration.h>

/*!
    A handler written in QML:
    \code
    DrsHandler {
        action: "greet"
        handle: function(command, request) { return { hello: command.body.name } }
    }
    \endcode
    \c handle gets the command ({action, body, key[, version]}) and a DrsRequest. Returning a
    value, null included, answers drs.response with it; throwing an Error answers drs.exception
    with its message (and the app goes on); \c{request.error(message)} answers drs.error; returning
    undefined leaves the answer for later: \c{request.respond(value)} (or error()/exception()),
    from a Timer, say. A request never answered is answered drs.exception once it is garbage
    collected.

    Several handlers of one action run in order, as with DrsHandlerRegistry: each answer goes on
    to the next handler, the last one's result is the reply, the first error stops the chain.
    Setting \c enabled to false takes the handler out.
*/
class QmlDrsHandler : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(DrsHandler)
    Q_PROPERTY(QString action READ action WRITE setAction NOTIFY actionChanged)
    Q_PROPERTY(QJSValue handle READ handle WRITE setHandle NOTIFY handleChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged)
public:
    explicit QmlDrsHandler(QObject *parent = nullptr);
    ~QmlDrsHandler() override;

    QString action() const { return m_action; }
    void setAction(const QString &action);
    QJSValue handle() const { return m_handle; }
    void setHandle(const QJSValue &handle);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);

    /*!
        Registers this handler on \a registry, the registry side of \a owner (a DrsConnection's
        or DrsServer's QML wrapper's C++ object), and from now on whenever action or enabled
        changes; null detaches it. \a wrapper is the QML object the handler was declared in.
    */
    void attach(QObject *wrapper, QObject *owner, DrsHandlerRegistry *registry);

Q_SIGNALS:
    void actionChanged();
    void handleChanged();
    void enabledChanged();

private:
    void reregister();
    void run(const DrsRequest &request);

    QString m_action;
    QJSValue m_handle;
    bool m_enabled = true;
    QPointer<QObject> m_wrapper;
    QPointer<QObject> m_owner; // guards m_registry
    DrsHandlerRegistry *m_registry = nullptr;
    DrsHandlerRegistry::HandlerId m_id = 0;
};

/*!
    The default \c handlers property of DrsConnection and DrsServer: the DrsHandler elements
    declared inside, each attached to the C++ object's registry while it is in the list. Owned by
    the QML wrapper; destroying it detaches every handler (they are destroyed after the wrapper,
    with the C++ object already gone).
*/
class QmlDrsHandlerList {
public:
    QmlDrsHandlerList(QObject *wrapper, QObject *owner, DrsHandlerRegistry *registry);
    ~QmlDrsHandlerList();
    Q_DISABLE_COPY(QmlDrsHandlerList)

    QQmlListProperty<QmlDrsHandler> property();

private:
    static void append(QQmlListProperty<QmlDrsHandler> *list, QmlDrsHandler *handler);
    static qsizetype count(QQmlListProperty<QmlDrsHandler> *list);
    static QmlDrsHandler *at(QQmlListProperty<QmlDrsHandler> *list, qsizetype index);
    static void clear(QQmlListProperty<QmlDrsHandler> *list);

    QObject *m_wrapper;
    QObject *m_owner;
    DrsHandlerRegistry *m_registry;
    QList<QmlDrsHandler *> m_handlers;
};

#endif // QMLDRSHANDLER_H
