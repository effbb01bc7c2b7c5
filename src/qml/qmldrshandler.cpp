#include "qmldrshandler.h"
#include "qmldrsjson_p.h"
#include "qmldrsrequest.h"
#include "qmldrsserver.h"

#include <QtQml/QQmlEngine>

QmlDrsHandler::QmlDrsHandler(QObject *parent)
    : QObject(parent)
{
}

QmlDrsHandler::~QmlDrsHandler()
{
    attach(nullptr, nullptr, nullptr);
}

void QmlDrsHandler::setAction(const QString &action)
{
    if (m_action == action)
        return;
    m_action = action;
    reregister();
    Q_EMIT actionChanged();
}

void QmlDrsHandler::setHandle(const QJSValue &handle)
{
    // The function is looked up at each command, so no re-registration is needed.
    m_handle = handle;
    Q_EMIT handleChanged();
}

void QmlDrsHandler::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    reregister();
    Q_EMIT enabledChanged();
}

void QmlDrsHandler::attach(QObject *wrapper, QObject *owner, DrsHandlerRegistry *registry)
{
    if (m_owner && m_id)
        m_registry->off(m_id);
    m_id = 0;
    m_wrapper = wrapper;
    m_owner = owner;
    m_registry = owner ? registry : nullptr;
    reregister();
}

void QmlDrsHandler::reregister()
{
    if (m_owner && m_id)
        m_registry->off(m_id);
    m_id = 0;
    if (!m_owner || !m_registry || !m_enabled || m_action.isEmpty())
        return;
    // This object is the context: the handler goes when it does, as a connection would.
    m_id = m_registry->onAsync(m_action, this, [this](DrsRequest request) { run(request); });
}

void QmlDrsHandler::run(const DrsRequest &request)
{
    QQmlEngine *engine = qmlEngine(this);
    if (!engine && m_wrapper)
        engine = qmlEngine(m_wrapper);
    if (!engine || !m_handle.isCallable()) {
        DrsRequest(request).exception(
                QStringLiteral("the DrsHandler of %1 has no handle function").arg(m_action));
        return;
    }
    QmlDrsClient *client = nullptr;
    if (auto *server = qobject_cast<QmlDrsServer *>(m_wrapper.data()))
        client = server->clientFor(request.connection());

    // The engine owns the request object; while JavaScript keeps it (a Timer's closure, say),
    // the C++ request stays unanswered and alive.
    auto *qmlRequest = new QmlDrsRequest(engine, request,
                                         QmlDrs::commandToJs(engine, request.command()), client);
    const QJSValue requestValue = engine->newQObject(qmlRequest);
    const QJSValue result = QmlDrs::callAndReport(m_handle, { qmlRequest->command(), requestValue },
                                                  "a DrsHandler");
    qmlRequest->answerWith(result);
}

QmlDrsHandlerList::QmlDrsHandlerList(QObject *wrapper, QObject *owner, DrsHandlerRegistry *registry)
    : m_wrapper(wrapper)
    , m_owner(owner)
    , m_registry(registry)
{
}

QmlDrsHandlerList::~QmlDrsHandlerList()
{
    for (QmlDrsHandler *handler : std::as_const(m_handlers))
        handler->attach(nullptr, nullptr, nullptr);
}

QQmlListProperty<QmlDrsHandler> QmlDrsHandlerList::property()
{
    return { m_wrapper, this, &append, &count, &at, &clear };
}

void QmlDrsHandlerList::append(QQmlListProperty<QmlDrsHandler> *list, QmlDrsHandler *handler)
{
    auto *self = static_cast<QmlDrsHandlerList *>(list->data);
    if (!handler)
        return;
    self->m_handlers.append(handler);
    QObject::connect(handler, &QObject::destroyed, self->m_wrapper,
                     [self, handler] { self->m_handlers.removeAll(handler); });
    handler->attach(self->m_wrapper, self->m_owner, self->m_registry);
}

qsizetype QmlDrsHandlerList::count(QQmlListProperty<QmlDrsHandler> *list)
{
    return static_cast<QmlDrsHandlerList *>(list->data)->m_handlers.size();
}

QmlDrsHandler *QmlDrsHandlerList::at(QQmlListProperty<QmlDrsHandler> *list, qsizetype index)
{
    return static_cast<QmlDrsHandlerList *>(list->data)->m_handlers.value(index);
}

void QmlDrsHandlerList::clear(QQmlListProperty<QmlDrsHandler> *list)
{
    auto *self = static_cast<QmlDrsHandlerList *>(list->data);
    for (QmlDrsHandler *handler : std::exchange(self->m_handlers, {})) {
        QObject::disconnect(handler, &QObject::destroyed, self->m_wrapper, nullptr);
        handler->attach(nullptr, nullptr, nullptr);
    }
}
