#include "qmldrsrequest.h"
#include "qmldrsjson_p.h"

#include <QtQml/QQmlEngine>

QmlDrsRequest::QmlDrsRequest(QQmlEngine *engine, const DrsRequest &request, const QJSValue &command,
                             QmlDrsClient *client)
    : m_engine(engine)
    , m_request(request)
    , m_command(command)
    , m_client(client)
{
}

// Dropping m_request here lets the C++ request answer drs.exception if nobody answered.
QmlDrsRequest::~QmlDrsRequest() = default;

bool QmlDrsRequest::isAnswered() const
{
    return m_request.isAnswered();
}

bool QmlDrsRequest::checkUnanswered(const char *method)
{
    if (!m_request.isAnswered())
        return true;
    if (m_engine) {
        m_engine->throwError(QStringLiteral("DrsRequest.%1: %2 was already answered")
                                     .arg(QString::fromLatin1(method), m_request.action()));
    }
    return false;
}

void QmlDrsRequest::respond(const QJSValue &result)
{
    if (!checkUnanswered("respond"))
        return;
    QJsonValue json;
    QString errorString;
    if (!QmlDrs::toJson(result, QStringLiteral("result"), &json, &errorString,
                        QJsonValue(QJsonValue::Null))) {
        if (m_engine) {
            m_engine->throwError(QJSValue::TypeError,
                                 QStringLiteral("DrsRequest.respond: %1").arg(errorString));
        }
        return;
    }
    m_request.respond(json);
    Q_EMIT answeredChanged();
}

void QmlDrsRequest::error(const QString &message)
{
    if (!checkUnanswered("error"))
        return;
    m_request.error(message);
    Q_EMIT answeredChanged();
}

void QmlDrsRequest::exception(const QString &message)
{
    if (!checkUnanswered("exception"))
        return;
    m_request.exception(message);
    Q_EMIT answeredChanged();
}

void QmlDrsRequest::answerWith(const QJSValue &handlerResult)
{
    if (handlerResult.isError()) {
        // A bug in the handler, as a C++ exception would be: drs.exception, and the app goes on.
        if (!m_request.isAnswered()) {
            m_request.exception(handlerResult.property(QStringLiteral("message")).toString());
            Q_EMIT answeredChanged();
        }
        return;
    }
    if (handlerResult.isUndefined())
        return; // answered already, or answered later through this request
    if (m_request.isAnswered()) {
        qCWarning(lcDrsQml,
                  "the DrsHandler of %s answered through its request and returned a value too; "
                  "the value is ignored",
                  qPrintable(m_request.action()));
        return;
    }
    QJsonValue json;
    QString errorString;
    if (!QmlDrs::toJson(handlerResult, QStringLiteral("result"), &json, &errorString)) {
        qCWarning(lcDrsQml, "the DrsHandler of %s returned a value that cannot be sent: %s",
                  qPrintable(m_request.action()), qPrintable(errorString));
        m_request.exception(
                QStringLiteral("the handler's result cannot be sent: %1").arg(errorString));
    } else {
        m_request.respond(json);
    }
    Q_EMIT answeredChanged();
}
