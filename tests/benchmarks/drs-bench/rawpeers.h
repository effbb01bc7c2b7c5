// The raw baseline of drs-bench: plain Qt sockets moving the same bytes as DRS, with no DRS and
// no JSON. Servers count records or echo bytes; clients send precomputed records.
#ifndef RAWPEERS_H
#define RAWPEERS_H

#include "benchclient.h"
#include "rawchannel.h"

namespace Bench {

//! Serves \a spec with plain Qt servers until stdin closes; the body of the server process.
int runRawServer(const RunSpec &spec);

//! One plain socket driven by the workloads.
class RawBenchClient : public BenchClient {
    Q_OBJECT
public:
    RawBenchClient(const RunSpec &spec, QObject *parent = nullptr);

    void open(const QUrl &url) override;
    void fire(qint64 first, int count) override;
    void call(qint64 i) override;
    void callLarge() override;
    void expectBroadcasts(qint64 count) override;
    qint64 receivedSum() const override { return -1; }
    qint64 bytesToWrite() const override;

private:
    void countRecords(qint64 records);

    RawChannel *m_channel = nullptr;
    RawRecord m_sent; // the record this workload sends
    QByteArray m_fireBlock; // FireBlock fire records back to back
    RecordCounter m_counter; // counts the records this workload receives
    qint64 m_expected = 0;
    qint64 m_received = 0;
};

} // namespace Bench

#endif // RAWPEERS_H
