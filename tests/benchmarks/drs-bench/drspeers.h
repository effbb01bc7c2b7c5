// The qtdrs side of drs-bench: a DrsServer child and DrsConnection clients, using the public
// QtDrs API only, the way an application would.
#ifndef DRSPEERS_H
#define DRSPEERS_H

#include "benchclient.h"

#include <drsconnection.h>

namespace Bench {

//! Serves \a spec with a DrsServer until stdin closes; the body of the server process.
int runDrsServer(const RunSpec &spec);

//! One DrsConnection driven by the workloads.
class DrsBenchClient : public BenchClient {
    Q_OBJECT
public:
    DrsBenchClient(const RunSpec &spec, QObject *parent = nullptr);

    void open(const QUrl &url) override;
    void fire(qint64 first, int count) override;
    void call(qint64 i) override;
    void callLarge() override;
    void expectBroadcasts(qint64 count) override;
    qint64 receivedSum() const override { return m_sum; }
    qint64 bytesToWrite() const override;

private:
    void watch(DrsReply *reply, qint64 expectedSize);

    DrsConnection m_connection;
    QString m_fireAction;
    QString m_echoAction;
    QJsonObject m_largeBody;
    qint64 m_largeSize = 0;
    qint64 m_expected = 0;
    qint64 m_received = 0;
    qint64 m_sum = 0;
};

} // namespace Bench

#endif // DRSPEERS_H
