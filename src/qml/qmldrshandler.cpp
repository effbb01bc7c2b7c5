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
