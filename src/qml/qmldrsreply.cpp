#include "qmldrsreply.h"
#include "qmldrsjson_p.h"

#include <drsconnection.h>

#include <QtQml/QQmlEngine>

#include <limits>

QmlDrsReply::QmlDrsReply(QQmlEngine *engine, DrsReply *reply, const QJSValue &callback)
    : m_engine(engine)
    , m_reply(reply)
    , m_callback(callback)
    , m_action(reply->request().action())
    , m_key(reply->key())
{
    // The engine owns the reply (no parent, JavaScript ownership); the reference to ourselves
    // keeps the collector away until the answer is in, even if the caller dropped the reply.
    m_self = engine->newQObject(this);
    connect(reply, &DrsReply::finished, this, &QmlDrsReply::onFinished);
    connect(reply, &QObject::destroyed, this, &QmlDrsReply::onReplyDestroyed);
}

QmlDrsReply::~QmlDrsReply()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QmlDrsReply *QmlDrsReply::start(QQmlEngine *engine, DrsConnection *connection, const char *method,
                                const QString &action, const QJSValue &body,
                                const QJSValue &timeoutOrCallback, const QJSValue &callback)
{
    if (!engine) {
        qCWarning(lcDrsQml, "%s: the object has no QML engine", method);
        return nullptr;
    }
    const QString name = QString::fromLatin1(method);
    int timeoutMs = -1;
    QJSValue function;
    if (timeoutOrCallback.isCallable()) {
        function = timeoutOrCallback;
        if (!callback.isUndefined()) {
            engine->throwError(QJSValue::TypeError,
                               QStringLiteral("%1: nothing may follow the callback").arg(name));
            return nullptr;
        }
    } else {
        if (timeoutOrCallback.isNumber()) {
            const double timeout = timeoutOrCallback.toNumber();
            if (!(timeout >= 0 && timeout <= std::numeric_limits<int>::max())) {
                engine->throwError(QJSValue::RangeError,
                                   QStringLiteral("%1: the timeout must be between 0 and %2 ms")
                                           .arg(name)
                                           .arg(std::numeric_limits<int>::max()));
                return nullptr;
            }
            timeoutMs = int(timeout);
        } else if (!timeoutOrCallback.isUndefined() && !timeoutOrCallback.isNull()) {
            engine->throwError(QJSValue::TypeError,
                               QStringLiteral("%1: the third argument must be a timeout in "
                                              "milliseconds or a callback function")
                                       .arg(name));
            return nullptr;
        }
        if (callback.isCallable()) {
            function = callback;
        } else if (!callback.isUndefined() && !callback.isNull()) {
            engine->throwError(QJSValue::TypeError,
                               QStringLiteral("%1: the fourth argument must be a callback function")
                                       .arg(name));
            return nullptr;
        }
    }

    QJsonValue json;
    QString errorString;
    if (!QmlDrs::toJson(body, QStringLiteral("body"), &json, &errorString)) {
        engine->throwError(QJSValue::TypeError,
                           QStringLiteral("%1(\"%2\"): %3").arg(name, action, errorString));
        return nullptr;
    }
    return new QmlDrsReply(engine, connection->call(action, json, timeoutMs), function);
}

QJSValue QmlDrsReply::result() const
{
    return m_engine && !m_pending ? QmlDrs::fromJson(m_engine, m_result)
                                  : QJSValue(QJSValue::NullValue);
}

QJSValue QmlDrsReply::errorBody() const
{
    return m_engine && !m_pending ? QmlDrs::fromJson(m_engine, m_errorBody)
                                  : QJSValue(QJSValue::NullValue);
}

void QmlDrsReply::abort()
{
    if (m_reply)
        m_reply->abort();
}

void QmlDrsReply::onFinished()
{
    DrsReply *reply = m_reply;
    if (!reply || !m_pending)
        return;
    m_pending = false;
    m_error = Error(reply->error());
    m_errorString = reply->errorString();
    m_result = reply->result();
    m_errorBody = reply->errorBody();
    disconnect(reply, nullptr, this, nullptr);
    m_reply = nullptr;
    reply->deleteLater();

    // Released after the callback ran, so the reply is alive for it whatever the caller kept.
    const QJSValue self = std::exchange(m_self, QJSValue());
    Q_EMIT finished();
    if (m_callback.isCallable() && m_engine) {
        QJSValue error(QJSValue::NullValue);
        if (m_error != NoError) {
            error = m_engine->newObject();
            error.setProperty(QStringLiteral("code"), int(m_error));
            error.setProperty(QStringLiteral("message"), m_errorString);
            error.setProperty(QStringLiteral("body"), QmlDrs::fromJson(m_engine, m_errorBody));
        }
        const QJSValue callback = std::exchange(m_callback, QJSValue());
        QmlDrs::callAndReport(callback, { result(), error, self }, "a DrsReply callback");
    }
}

void QmlDrsReply::onReplyDestroyed()
{
    // The connection went away with the call still out (see the class comment).
    if (!m_pending)
        return;
    m_pending = false;
    m_error = ConnectionClosed;
    m_errorString = QStringLiteral("the connection was destroyed");
    m_callback = QJSValue();
    m_self = QJSValue();
}
