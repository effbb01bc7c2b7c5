#include "qmldrsclient.h"
#include "qmldrsjson_p.h"

#include <drsconnection.h>

#include <QtQml/QQmlEngine>

QmlDrsClient::QmlDrsClient(QQmlEngine *engine, DrsConnection *connection, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_connection(connection)
    , m_peerName(connection->peerName())
{
    connect(connection, &DrsConnection::stateChanged, this, &QmlDrsClient::connectedChanged);
}

QmlDrsClient::~QmlDrsClient() = default;

bool QmlDrsClient::isConnected() const
{
    return m_connection && m_connection->isConnected();
}

bool QmlDrsClient::fire(const QString &action, const QJSValue &body)
{
    QJsonValue json;
    QString errorString;
    if (!QmlDrs::toJson(body, QStringLiteral("body"), &json, &errorString)) {
        if (m_engine) {
            m_engine->throwError(
                    QJSValue::TypeError,
                    QStringLiteral("DrsClient.fire(\"%1\"): %2").arg(action, errorString));
        }
        return false;
    }
    return m_connection && m_connection->fire(action, json);
}

QmlDrsReply *QmlDrsClient::call(const QString &action, const QJSValue &body,
                                const QJSValue &timeoutOrCallback, const QJSValue &callback)
{
    if (!m_connection) {
        if (m_engine) {
            m_engine->throwError(
                    QStringLiteral("DrsClient.call(\"%1\"): the client is gone").arg(action));
        }
        return nullptr;
    }
    return QmlDrsReply::start(m_engine, m_connection, "DrsClient.call", action, body,
                              timeoutOrCallback, callback);
}

void QmlDrsClient::close()
{
    if (m_connection)
        m_connection->close();
}
