#include "workloads.h"

#include "benchclient.h"
#include "benchloop.h"
#include "peerprocess.h"

#include <QtCore/QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace Bench {

namespace {

constexpr int FireChunk = 1024; // fires per client and event-loop turn
constexpr qint64 FireHighWater = 4 * 1024 * 1024;

qint64 sumBelow(qint64 n)
{
    return n * (n - 1) / 2;
}

double seconds(qint64 nsecs)
{
    return double(qMax<qint64>(nsecs, 1)) / 1e9;
}

// Every failure of a client or of the server process ends the run's loop with its message.
void failOnErrors(const QList<BenchClient *> &clients, PeerProcess &peer, RunLoop &loop,
                  QObject *scope)
{
    for (BenchClient *client : clients)
        QObject::connect(client, &BenchClient::failed, scope,
                         [&loop](const QString &error) { loop.fail(error); });
    QObject::connect(&peer, &PeerProcess::failed, scope,
                     [&loop](const QString &error) { loop.fail(error); });
}

// The clients of one run, opened ConnectWindow at a time; deleted with the pool.
class ClientPool {
public:
    ClientPool(const RunSpec &spec, PeerProcess &peer, int count)
    {
        RunLoop loop(spec.timeoutMs, QStringLiteral("opening %1 connections").arg(count));
        QObject scope;
        QObject::connect(&peer, &PeerProcess::failed, &scope,
                         [&loop](const QString &error) { loop.fail(error); });
        int opened = 0;
        std::function<void()> openMore = [&] {
            // Bounded by what this side has opened and by what the server has accepted.
            while (m_clients.size() < count && m_clients.size() - opened < ConnectWindow
                   && m_clients.size() - peer.connectedCount() < ConnectWindow) {
                BenchClient *client = BenchClient::create(spec, &m_holder);
                m_clients.append(client);
                QObject::connect(client, &BenchClient::opened, &scope, [&] {
                    if (++opened == count)
                        loop.finish();
                    else
                        openMore();
                });
                QObject::connect(client, &BenchClient::failed, &scope,
                                 [&loop](const QString &error) { loop.fail(error); });
                client->open(peer.url());
            }
        };
        QObject::connect(&peer, &PeerProcess::reported, &scope, [&] { openMore(); });
        openMore();
        loop.exec();
    }

    const QList<BenchClient *> &clients() const { return m_clients; }
    BenchClient *first() const { return m_clients.constFirst(); }

    qint64 largestBacklog() const
    {
        qint64 most = 0;
        for (const BenchClient *client : m_clients)
            most = qMax(most, client->bytesToWrite());
        return most;
    }

private:
    QObject m_holder;
    QList<BenchClient *> m_clients;
};

void waitForServerConnections(const RunSpec &spec, PeerProcess &peer, int count)
{
    if (peer.connectedCount() >= count)
        return;
    RunLoop loop(spec.timeoutMs,
                 QStringLiteral("waiting for the server to hold %1 connections").arg(count));
    QObject scope;
    QObject::connect(&peer, &PeerProcess::reported, &scope, [&] {
        if (peer.connectedCount() >= count)
            loop.finish();
    });
    QObject::connect(&peer, &PeerProcess::failed, &scope,
                     [&loop](const QString &error) { loop.fail(error); });
    loop.exec();
}

// Client k of n sends the numbers [first(k), first(k + 1)) of 0..total-1.
qint64 shareStart(qint64 total, int clients, int k)
{
    return total * k / clients;
}

// W1: fires as fast as the server takes them; msg/s until the server reports it has all.
QList<Sample> runFire(const RunSpec &spec, PeerProcess &peer)
{
    ClientPool pool(spec, peer, spec.clients);
    RunLoop loop(spec.timeoutMs, QStringLiteral("W1"));
    QObject scope;
    failOnErrors(pool.clients(), peer, loop, &scope);
    qint64 count = -1;
    qint64 sum = -1;
    QObject::connect(&peer, &PeerProcess::reported, &scope, [&](const QList<QByteArray> &f) {
        if (f.value(0) == "done") {
            count = f.value(1).toLongLong();
            sum = f.value(2).toLongLong();
            loop.finish();
        }
    });
    std::vector<qint64> next, end;
    for (int k = 0; k < spec.clients; ++k) {
        next.push_back(shareStart(spec.count, spec.clients, k));
        end.push_back(shareStart(spec.count, spec.clients, k + 1));
    }
    Pacer pacer(
            [&] {
                bool more = false;
                for (int k = 0; k < spec.clients; ++k) {
                    const int n = int(qMin<qint64>(FireChunk, end[k] - next[k]));
                    if (n > 0)
                        pool.clients().at(k)->fire(next[k], n);
                    next[k] += n;
                    more = more || next[k] < end[k];
                }
                return more;
            },
            [&] { return pool.largestBacklog(); }, FireHighWater);
    QElapsedTimer timer;
    timer.start();
    pacer.start();
    loop.exec();
    const qint64 elapsed = timer.nsecsElapsed();
    if (count != spec.count)
        throw BenchError(
                QStringLiteral("W1: the server counted %1 fires of %2").arg(count).arg(spec.count));
    if (spec.system == System::QtDrs && sum != sumBelow(spec.count))
        throw BenchError(QStringLiteral("W1: the server summed %1, expected %2")
                                 .arg(sum)
                                 .arg(sumBelow(spec.count)));
    return { { QStringLiteral("rate"), double(spec.count) / seconds(elapsed),
               QStringLiteral("msg/s") } };
}

double percentile(std::vector<qint64> &sorted, double p)
{
    const auto index = qMin(sorted.size() - 1, size_t(std::ceil(p * double(sorted.size()))) - 1);
    return double(sorted[index]) / 1000.0;
}

// W2: sequential calls, each sent when the previous reply is in; p50 and p99 in microseconds.
QList<Sample> runCallLatency(const RunSpec &spec, PeerProcess &peer)
{
    ClientPool pool(spec, peer, 1);
    BenchClient *client = pool.first();
    RunLoop loop(spec.timeoutMs, QStringLiteral("W2"));
    QObject scope;
    failOnErrors(pool.clients(), peer, loop, &scope);
    const qint64 warmUp = qMin<qint64>(100, spec.count / 10);
    const qint64 total = spec.count + warmUp;
    std::vector<qint64> latencies;
    latencies.reserve(size_t(spec.count));
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    qint64 sentAt = 0;
    auto callNext = [&] {
        sentAt = clock.nsecsElapsed();
        client->call(sent++);
    };
    QObject::connect(client, &BenchClient::replied, &scope, [&](int replies) {
        const qint64 now = clock.nsecsElapsed();
        if (replies != 1)
            return loop.fail(QStringLiteral("%1 replies to one call").arg(replies));
        if (sent > warmUp)
            latencies.push_back(now - sentAt);
        if (sent == total)
            loop.finish();
        else
            callNext();
    });
    callNext();
    loop.exec();
    std::sort(latencies.begin(), latencies.end());
    return { { QStringLiteral("p50"), percentile(latencies, 0.50), QStringLiteral("us") },
             { QStringLiteral("p99"), percentile(latencies, 0.99), QStringLiteral("us") } };
}

// W3: calls kept in flight, at most spec.window over all clients; calls/s.
QList<Sample> runPipelined(const RunSpec &spec, PeerProcess &peer)
{
    ClientPool pool(spec, peer, spec.clients);
    RunLoop loop(spec.timeoutMs, QStringLiteral("W3"));
    QObject scope;
    failOnErrors(pool.clients(), peer, loop, &scope);
    const int window = qMax(1, spec.window / spec.clients);
    std::vector<qint64> next, end;
    std::vector<int> outstanding(size_t(spec.clients), 0);
    for (int k = 0; k < spec.clients; ++k) {
        next.push_back(shareStart(spec.count, spec.clients, k));
        end.push_back(shareStart(spec.count, spec.clients, k + 1));
    }
    qint64 done = 0;
    auto refill = [&](int k) {
        BenchClient *client = pool.clients().at(k);
        while (outstanding[k] < window && next[k] < end[k]) {
            client->call(next[k]++);
            ++outstanding[k];
        }
    };
    for (int k = 0; k < spec.clients; ++k) {
        QObject::connect(pool.clients().at(k), &BenchClient::replied, &scope, [&, k](int replies) {
            outstanding[k] -= replies;
            done += replies;
            if (outstanding[k] < 0)
                return loop.fail(QStringLiteral("more replies than calls"));
            if (done == spec.count)
                return loop.finish();
            refill(k);
        });
    }
    QElapsedTimer timer;
    timer.start();
    for (int k = 0; k < spec.clients; ++k)
        refill(k);
    loop.exec();
    const qint64 elapsed = timer.nsecsElapsed();
    return { { QStringLiteral("rate"), double(spec.count) / seconds(elapsed),
               QStringLiteral("calls/s") } };
}

// W4: the server broadcasts spec.count commands to spec.clients clients that decode each one;
// deliveries/s until every client has all.
QList<Sample> runBroadcast(const RunSpec &spec, PeerProcess &peer)
{
    ClientPool pool(spec, peer, spec.clients);
    waitForServerConnections(spec, peer, spec.clients);
    RunLoop loop(spec.timeoutMs, QStringLiteral("W4"));
    QObject scope;
    failOnErrors(pool.clients(), peer, loop, &scope);
    int complete = 0;
    for (BenchClient *client : pool.clients()) {
        client->expectBroadcasts(spec.count);
        QObject::connect(client, &BenchClient::allReceived, &scope, [&] {
            if (++complete == spec.clients)
                loop.finish();
        });
    }
    QElapsedTimer timer;
    timer.start();
    peer.send("go");
    loop.exec();
    const qint64 elapsed = timer.nsecsElapsed();
    if (spec.system == System::QtDrs) {
        for (const BenchClient *client : pool.clients()) {
            if (client->receivedSum() != sumBelow(spec.count))
                throw BenchError(QStringLiteral("W4: a client summed %1, expected %2")
                                         .arg(client->receivedSum())
                                         .arg(sumBelow(spec.count)));
        }
    }
    return { { QStringLiteral("rate"), double(spec.count) * spec.clients / seconds(elapsed),
               QStringLiteral("deliveries/s") } };
}

qint64 serverMemoryKiB(PeerProcess &peer, const char *field)
{
    const qint64 kib = processMemoryKiB(peer.pid(), field);
    if (kib < 0)
        throw BenchError(QStringLiteral("cannot read %1 of the server process").arg(field));
    return kib;
}

// W5: spec.clients idle connections; the server's resident memory growth per connection.
QList<Sample> runIdle(const RunSpec &spec, PeerProcess &peer)
{
    const qint64 before = serverMemoryKiB(peer, "VmRSS");
    ClientPool pool(spec, peer, spec.clients);
    waitForServerConnections(spec, peer, spec.clients);
    const qint64 after = serverMemoryKiB(peer, "VmRSS");
    return { { QStringLiteral("rss-per-conn"), double(after - before) / spec.clients,
               QStringLiteral("KiB") } };
}

// W6: spec.count sequential echo calls of a spec.bodySize body; MB/s of body echoed, and the
// server's peak memory growth as a multiple of the body size.
QList<Sample> runLargeBody(const RunSpec &spec, PeerProcess &peer)
{
    const qint64 before = serverMemoryKiB(peer, "VmRSS");
    ClientPool pool(spec, peer, 1);
    BenchClient *client = pool.first();
    RunLoop loop(spec.timeoutMs, QStringLiteral("W6"));
    QObject scope;
    failOnErrors(pool.clients(), peer, loop, &scope);
    qint64 done = 0;
    QObject::connect(client, &BenchClient::replied, &scope, [&](int replies) {
        done += replies;
        if (done >= spec.count)
            loop.finish();
        else
            client->callLarge();
    });
    QElapsedTimer timer;
    timer.start();
    client->callLarge();
    loop.exec();
    const qint64 elapsed = timer.nsecsElapsed();
    if (done != spec.count)
        throw BenchError(QStringLiteral("W6: %1 replies to %2 calls").arg(done).arg(spec.count));
    const qint64 peak = serverMemoryKiB(peer, "VmHWM");
    return { { QStringLiteral("rate"),
               double(spec.count) * double(spec.bodySize) / 1e6 / seconds(elapsed),
               QStringLiteral("MB/s") },
             { QStringLiteral("peak-rss"), double(peak - before) * 1024.0 / double(spec.bodySize),
               QStringLiteral("x body") } };
}

} // namespace

QList<Sample> runWorkload(const RunSpec &spec)
{
    PeerProcess peer(spec);
    peer.start();
    switch (spec.workload) {
    case Workload::Fire:
        return runFire(spec, peer);
    case Workload::CallLatency:
        return runCallLatency(spec, peer);
    case Workload::Pipelined:
        return runPipelined(spec, peer);
    case Workload::Broadcast:
        return runBroadcast(spec, peer);
    case Workload::Idle:
        return runIdle(spec, peer);
    case Workload::LargeBody:
        return runLargeBody(spec, peer);
    }
    return {};
}

} // namespace Bench
