// BenchClient: one client connection of a run. The workloads drive qtdrs and raw clients through
// this interface, so both systems do exactly the same steps.
#ifndef BENCHCLIENT_H
#define BENCHCLIENT_H

#include "benchcommon.h"

#include <QtCore/QObject>

namespace Bench {

class BenchClient : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    //! Makes the client of \a spec's system, ready to open().
    static BenchClient *create(const RunSpec &spec, QObject *parent);

    //! Connects to \a url; emits opened() or failed().
    virtual void open(const QUrl &url) = 0;
    //! W1: sends the fires numbered \a first to \a first + \a count - 1.
    virtual void fire(qint64 first, int count) = 0;
    //! W2, W3: one echo call of the small body numbered \a i; replied() follows.
    virtual void call(qint64 i) = 0;
    //! W6: one echo call of the large body; replied() follows.
    virtual void callLarge() = 0;
    //! W4: emits allReceived() once \a count broadcasts have been received and decoded.
    virtual void expectBroadcasts(qint64 count) = 0;
    //! W4: the sum of the decoded "i" of the broadcasts, -1 where nothing is decoded (raw).
    virtual qint64 receivedSum() const = 0;
    //! Bytes written but not yet handed to the kernel, for pacing.
    virtual qint64 bytesToWrite() const = 0;

Q_SIGNALS:
    void opened();
    void failed(const QString &error);
    //! \a count replies arrived (each complete).
    void replied(int count);
    void allReceived();
};

} // namespace Bench

#endif // BENCHCLIENT_H
