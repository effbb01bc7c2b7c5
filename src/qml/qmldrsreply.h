// QmlDrsReply: DrsReply for QML, the answer to DrsConnection.call() and DrsClient.call().
#ifndef QMLDRSREPLY_H
#define QMLDRSREPLY_H

#include <drsreply.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

QT_BEGIN_NAMESPACE
class QQmlEngine;
QT_END_NAMESPACE

class DrsConnection;

/*!
    The answer to a call, delivered later: finished() is emitted once, then \c result holds the
    drs.response body, or \c error says why not (RemoteError for drs.error, RemoteException for
    drs.exception, Timeout, ConnectionClosed, Aborted) with \c errorString and \c errorBody.

    A JavaScript callback given to call() runs right after finished(), as
    \c{callback(result, error, reply)}: \c error is null on success, else
    \c{{code: DrsReply.RemoteError, message: "...", body: {...}}}.

    The engine owns replies: a reply stays alive while it waits for its answer and is garbage
    collected once nothing refers to it after that. If the connection is destroyed first, the
    reply ends as ConnectionClosed without emitting finished() or running its callback (whatever
    they would touch is being destroyed too).
*/
class QmlDrsReply : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(DrsReply)
    QML_UNCREATABLE("DrsReply is returned by DrsConnection.call() and DrsClient.call()")
    Q_PROPERTY(bool pending READ isPending NOTIFY finished)
    Q_PROPERTY(QString action READ action CONSTANT)
    Q_PROPERTY(QString key READ key CONSTANT)
    Q_PROPERTY(QJSValue result READ result NOTIFY finished)
    Q_PROPERTY(Error error READ error NOTIFY finished)
    Q_PROPERTY(QString errorString READ errorString NOTIFY finished)
    Q_PROPERTY(QJSValue errorBody READ errorBody NOTIFY finished)
public:
    enum Error {
        NoError = DrsReply::NoError,
        RemoteError = DrsReply::RemoteError,
        RemoteException = DrsReply::RemoteException,
        Timeout = DrsReply::Timeout,
        ConnectionClosed = DrsReply::ConnectionClosed,
        Aborted = DrsReply::Aborted
    };
    Q_ENUM(Error)

    ~QmlDrsReply() override;

    /*!
        Calls \a action on \a connection for the QML method \a method ("DrsConnection.call"):
        parses the optional (timeoutMs, callback) arguments, converts \a body, and returns the
        reply. Bad arguments or a body that cannot be sent throw a JavaScript error in \a engine
        and return null.
    */
    static QmlDrsReply *start(QQmlEngine *engine, DrsConnection *connection, const char *method,
                              const QString &action, const QJSValue &body,
                              const QJSValue &timeoutOrCallback, const QJSValue &callback);

    bool isPending() const { return m_pending; }
    QString action() const { return m_action; }
    QString key() const { return m_key; }
    QJSValue result() const;
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    QJSValue errorBody() const;

    //! Ends the call now with Aborted; an answer arriving later is ignored.
    Q_INVOKABLE void abort();

Q_SIGNALS:
    void finished();

private:
    QmlDrsReply(QQmlEngine *engine, DrsReply *reply, const QJSValue &callback);
    void onFinished();
    void onReplyDestroyed();

    QPointer<QQmlEngine> m_engine;
    QPointer<DrsReply> m_reply;
    QJSValue m_callback;
    QJSValue m_self; // keeps this reply from the garbage collector while it is pending
    QString m_action;
    QString m_key;
    QJsonValue m_result;
    QJsonValue m_errorBody;
    QString m_errorString;
    Error m_error = NoError;
    bool m_pending = true;
};

#endif // QMLDRSREPLY_H
