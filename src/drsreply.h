// DrsReply: the pending answer to one call, like QNetworkReply.
#ifndef DRSREPLY_H
#define DRSREPLY_H

#include "drscommand.h"

#include <QtCore/QObject>

#include <memory>

class DrsConnection;
class DrsReplyPrivate;

/*!
    The answer to DrsConnection::call(), delivered later. finished() is emitted exactly once, never
    from inside call(). Then either error() is NoError and result() holds the drs.response body, or
    error() says why not: the peer refused (RemoteError, drs.error), the peer's handler failed
    (RemoteException, drs.exception), no answer in time (Timeout), the connection dropped or was
    never up (ConnectionClosed), or abort() was called (Aborted).

    A reply is a child of its connection: delete it (deleteLater() in a slot connected to
    finished() is the usual way) when done, or it lives as long as the connection.
*/
class QTDRS_EXPORT DrsReply : public QObject {
    Q_OBJECT
public:
    enum Error { NoError = 0, RemoteError, RemoteException, Timeout, ConnectionClosed, Aborted };
    Q_ENUM(Error)

    ~DrsReply() override;

    bool isFinished() const;
    Error error() const;
    //! A readable reason: the peer's message for remote errors, else what happened.
    QString errorString() const;
    //! The drs.response body (null until finished, and on error).
    QJsonValue result() const;
    //! The body of the drs.error or drs.exception reply, as the peer sent it.
    QJsonValue errorBody() const;

    //! The call as sent, with its key.
    DrsCommand request() const;
    //! The reply command received (null when none came).
    DrsCommand response() const;
    QString key() const;
    DrsConnection *connection() const;

    /*!
        Blocks, running a local event loop, until the reply finishes or \a msecs pass; returns
        isFinished(). For scripts and tests: never call it on a GUI thread.
    */
    bool waitForFinished(int msecs = 30000);

public Q_SLOTS:
    //! Finishes the call with Aborted now; an answer arriving later is not matched to it.
    void abort();

Q_SIGNALS:
    void finished();

private:
    friend class DrsConnection;
    friend class DrsConnectionPrivate;
    explicit DrsReply(DrsConnection *connection);
    Q_DISABLE_COPY(DrsReply)
    std::unique_ptr<DrsReplyPrivate> d;
};

#endif // DRSREPLY_H
