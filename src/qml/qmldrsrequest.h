// QmlDrsRequest: the command a DrsHandler is answering, with the means to answer it later.
#ifndef QMLDRSREQUEST_H
#define QMLDRSREQUEST_H

#include "qmldrsclient.h"

#include <drshandler.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

QT_BEGIN_NAMESPACE
class QQmlEngine;
QT_END_NAMESPACE

/*!
    The second argument of a DrsHandler's \c handle function. A handler that returns a value
    answers at once; one that returns undefined answers later through its request, exactly once:
    \c{respond(value)} (drs.response), \c{error(message)} (drs.error) or \c{exception(message)}
    (drs.exception). A request that is garbage collected unanswered is answered drs.exception.

    It holds a DrsRequest copy, so the C++ request lives as long as this object does.
*/
class QmlDrsRequest : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(DrsRequest)
    QML_UNCREATABLE("DrsRequest is given to a DrsHandler's handle function")
    Q_PROPERTY(QJSValue command READ command CONSTANT)
    Q_PROPERTY(bool answered READ isAnswered NOTIFY answeredChanged)
    Q_PROPERTY(QmlDrsClient *client READ client CONSTANT)
public:
    QmlDrsRequest(QQmlEngine *engine, const DrsRequest &request, const QJSValue &command,
                  QmlDrsClient *client);
    ~QmlDrsRequest() override;

    QJSValue command() const { return m_command; }
    bool isAnswered() const;
    //! The client the command came from when a DrsServer handles it; null in a DrsConnection.
    QmlDrsClient *client() const { return m_client; }

    //! Answers drs.response with \a result (null when omitted).
    Q_INVOKABLE void respond(const QJSValue &result = QJSValue(QJSValue::NullValue));
    //! Answers drs.error {"message": message}: the command is refused.
    Q_INVOKABLE void error(const QString &message);
    //! Answers drs.exception {"message": message}: the handler failed.
    Q_INVOKABLE void exception(const QString &message);

    //! Answers with the value a handle function returned or threw (see DrsHandler).
    void answerWith(const QJSValue &handlerResult);

Q_SIGNALS:
    void answeredChanged();

private:
    bool checkUnanswered(const char *method);

    QPointer<QQmlEngine> m_engine;
    DrsRequest m_request;
    QJSValue m_command;
    QPointer<QmlDrsClient> m_client;
};

#endif // QMLDRSREQUEST_H
