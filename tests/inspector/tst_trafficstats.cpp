// TrafficStats with controlled times: per-second rates in and out, bytes, pending, latency
// percentiles over the sliding window, the 5-minute history, and feeding from a real model.
#include <trafficstats.h>

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

namespace {
const QString kPeer = QStringLiteral("tcp://127.0.0.1:12000");
// A second well away from any boundary trouble: S = 1'700'000'000.
constexpr qint64 kSecond = 1700000000;

TrafficRecord makeRecord(TrafficRecord::Direction direction, qint64 timeMs, qint64 size,
                         const DrsCommand &command = DrsCommand(QStringLiteral("a")))
{
    TrafficRecord r;
    r.direction = direction;
    r.timeMs = timeMs;
    r.size = size;
    r.peer = kPeer;
    r.command = command;
    return r;
}

TrafficRecord pairedReply(qint64 timeMs, qint64 latencyUs)
{
    TrafficRecord r = makeRecord(
            TrafficRecord::Incoming, timeMs, 10,
            DrsCommand(DrsCommand::responseAction(), QJsonValue(), QStringLiteral("K")));
    r.status = TrafficRecord::Response;
    r.pairedId = 1;
    r.latencyUs = latencyUs;
    return r;
}

qint64 ms(qint64 second, int offsetMs = 0)
{
    return second * 1000 + offsetMs;
}
} // namespace

class tst_TrafficStats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void rates();
    void gapsAreZeroSamples();
    void historyKeepsFiveMinutes();
    void lateRecordsAreDropped();
    void percentiles();
    void onlyPairedRepliesCount();
    void latencyWindowSlides();
    void latencyCountIsCapped();
    void pending();
    void fedByModel();
    void automaticSampling();
    void reset();

private:
    std::unique_ptr<TrafficStats> m_stats;
};

void tst_TrafficStats::init()
{
    m_stats = std::make_unique<TrafficStats>();
    m_stats->setAutomaticSampling(false);
    QVERIFY(!m_stats->automaticSampling());
    // Start the clock: this samples second S-1 (empty).
    m_stats->sampleAt(ms(kSecond, 5));
}

void tst_TrafficStats::rates()
{
    QSignalSpy sampled(m_stats.get(), &TrafficStats::sampled);
    for (int i = 0; i < 3; ++i)
        m_stats->record(makeRecord(TrafficRecord::Incoming, ms(kSecond, 100 * i), 10));
    m_stats->record(makeRecord(TrafficRecord::Outgoing, ms(kSecond, 999), 20));
    m_stats->record(makeRecord(TrafficRecord::Outgoing, ms(kSecond, 0), 25));
    m_stats->record(makeRecord(TrafficRecord::Incoming, ms(kSecond + 1, 0), 1000));

    // Second S is not over yet: no sample.
    m_stats->sampleAt(ms(kSecond, 999));
    QCOMPARE(sampled.size(), 0);

    m_stats->sampleAt(ms(kSecond + 2, 200));
    QCOMPARE(sampled.size(), 2);
    const TrafficStats::Sample s = sampled.at(0).at(0).value<TrafficStats::Sample>();
    QCOMPARE(s.timeMs, ms(kSecond));
    QCOMPARE(s.inPerSec, 3.0);
    QCOMPARE(s.outPerSec, 2.0);
    QCOMPARE(s.inBytesPerSec, 30.0);
    QCOMPARE(s.outBytesPerSec, 45.0);
    const TrafficStats::Sample next = sampled.at(1).at(0).value<TrafficStats::Sample>();
    QCOMPARE(next.timeMs, ms(kSecond + 1));
    QCOMPARE(next.inPerSec, 1.0);
    QCOMPARE(next.outPerSec, 0.0);
    QCOMPARE(next.inBytesPerSec, 1000.0);
    QCOMPARE(m_stats->current().timeMs, next.timeMs);
    QCOMPARE(m_stats->history().size(), 3);
    QCOMPARE(m_stats->history().constLast().inBytesPerSec, 1000.0);

    // Sampling again within the same second adds nothing.
    m_stats->sampleAt(ms(kSecond + 2, 900));
    QCOMPARE(sampled.size(), 2);
}

void tst_TrafficStats::gapsAreZeroSamples()
{
    m_stats->record(makeRecord(TrafficRecord::Incoming, ms(kSecond + 4, 500), 10));
    QSignalSpy sampled(m_stats.get(), &TrafficStats::sampled);
    // The timer came late: every missed second still gets its sample.
    m_stats->sampleAt(ms(kSecond + 10, 1));
    QCOMPARE(sampled.size(), 10);
    const QList<TrafficStats::Sample> history = m_stats->history();
    QCOMPARE(history.size(), 11);
    for (int i = 1; i < history.size(); ++i) {
        QCOMPARE(history.at(i).timeMs, ms(kSecond + i - 1));
        QCOMPARE(history.at(i).inPerSec, i - 1 == 4 ? 1.0 : 0.0);
    }
}

void tst_TrafficStats::historyKeepsFiveMinutes()
{
    m_stats->sampleAt(ms(kSecond + 400));
    QList<TrafficStats::Sample> history = m_stats->history();
    QCOMPARE(history.size(), TrafficStats::HistorySeconds);
    QCOMPARE(history.constFirst().timeMs, ms(kSecond + 100));
    QCOMPARE(history.constLast().timeMs, ms(kSecond + 399));
    m_stats->sampleAt(ms(kSecond + 402));
    history = m_stats->history();
    QCOMPARE(history.size(), TrafficStats::HistorySeconds);
    QCOMPARE(history.constFirst().timeMs, ms(kSecond + 102));
    QCOMPARE(history.constLast().timeMs, ms(kSecond + 401));
}

void tst_TrafficStats::lateRecordsAreDropped()
{
    m_stats->sampleAt(ms(kSecond + 1, 300)); // samples S
    m_stats->record(makeRecord(TrafficRecord::Incoming, ms(kSecond, 900), 10));
    m_stats->record(makeRecord(TrafficRecord::Incoming, ms(kSecond - 50, 0), 10)); // long ago
    m_stats->sampleAt(ms(kSecond + 2, 300)); // samples S+1
    for (const TrafficStats::Sample &s : m_stats->history())
        QCOMPARE(s.inPerSec, 0.0);
}

void tst_TrafficStats::percentiles()
{
    // 100 replies, latencies 1..100 ms, in shuffled order.
    for (int i = 0; i < 100; ++i) {
        const int latencyMs = (i * 37) % 100 + 1;
        m_stats->record(pairedReply(ms(kSecond, i), latencyMs * 1000));
    }
    m_stats->sampleAt(ms(kSecond + 1, 10));
    const TrafficStats::Sample s = m_stats->current();
    // Nearest rank: p50 is the 50th smallest, p99 the 99th.
    QCOMPARE(s.p50Us, 50000.0);
    QCOMPARE(s.p99Us, 99000.0);

    // One value: both percentiles are it.
    TrafficStats single;
    single.setAutomaticSampling(false);
    single.sampleAt(ms(kSecond, 5));
    single.record(pairedReply(ms(kSecond, 1), 1234));
    single.sampleAt(ms(kSecond + 1, 5));
    QCOMPARE(single.current().p50Us, 1234.0);
    QCOMPARE(single.current().p99Us, 1234.0);
}

void tst_TrafficStats::onlyPairedRepliesCount()
{
    // A request carries its reply's latency too: counting it would count each call twice.
    TrafficRecord answered
            = makeRecord(TrafficRecord::Outgoing, ms(kSecond, 1), 10,
                         DrsCommand(QStringLiteral("a"), QJsonObject(), QStringLiteral("K")));
    answered.status = TrafficRecord::Answered;
    answered.pairedId = 2;
    answered.latencyUs = 999999;
    m_stats->record(answered);
    TrafficRecord unpaired = pairedReply(ms(kSecond, 2), 888888);
    unpaired.pairedId = 0;
    m_stats->record(unpaired);
    m_stats->sampleAt(ms(kSecond + 1, 10));
    QCOMPARE(m_stats->current().p50Us, -1.0);
    QCOMPARE(m_stats->current().p99Us, -1.0);
    QCOMPARE(m_stats->current().inPerSec, 1.0);
    QCOMPARE(m_stats->current().outPerSec, 1.0);
}

void tst_TrafficStats::latencyWindowSlides()
{
    m_stats->record(pairedReply(ms(kSecond, 0), 1000));
    m_stats->record(pairedReply(ms(kSecond + 30, 0), 5000));
    m_stats->sampleAt(ms(kSecond + 31, 0));
    QCOMPARE(m_stats->current().p50Us, 1000.0);
    QCOMPARE(m_stats->current().p99Us, 5000.0);
    // The window is 60 s up to the end of the sampled second: S leaves it with second S+60.
    m_stats->sampleAt(ms(kSecond + 60, 0));
    QCOMPARE(m_stats->current().timeMs, ms(kSecond + 59));
    QCOMPARE(m_stats->current().p50Us, 1000.0);
    m_stats->sampleAt(ms(kSecond + 61, 0));
    QCOMPARE(m_stats->current().p50Us, 5000.0);
    QCOMPARE(m_stats->current().p99Us, 5000.0);
    m_stats->sampleAt(ms(kSecond + 91, 0));
    QCOMPARE(m_stats->current().p50Us, -1.0);
    QCOMPARE(m_stats->current().p99Us, -1.0);
}

void tst_TrafficStats::latencyCountIsCapped()
{
    // 200 slow calls, then 9 900 fast ones: only the latest 10 000 count, so 100 slow ones
    // remain and the 99th percentile (rank 9 900) is fast. With all 10 100 it would be slow.
    for (int i = 0; i < 200; ++i)
        m_stats->record(pairedReply(ms(kSecond, i % 1000), 1000000));
    for (int i = 0; i < 9900; ++i)
        m_stats->record(pairedReply(ms(kSecond, i % 1000), 10));
    m_stats->sampleAt(ms(kSecond + 1, 0));
    QCOMPARE(m_stats->current().p99Us, 10.0);
    QCOMPARE(m_stats->current().inPerSec, 10100.0);
    m_stats->record(pairedReply(ms(kSecond + 1, 0), 1000000));
    m_stats->sampleAt(ms(kSecond + 2, 0));
    QCOMPARE(m_stats->current().p99Us, 10.0);
}

void tst_TrafficStats::pending()
{
    QCOMPARE(m_stats->current().pending, 0);
    m_stats->setPendingCalls(4);
    QCOMPARE(m_stats->pendingCalls(), 4);
    m_stats->sampleAt(ms(kSecond + 1, 0));
    QCOMPARE(m_stats->current().pending, 4);
    m_stats->setPendingCalls(1);
    m_stats->sampleAt(ms(kSecond + 2, 0));
    QCOMPARE(m_stats->current().pending, 1);
    QCOMPARE(m_stats->history().at(1).pending, 4);
}

void tst_TrafficStats::fedByModel()
{
    TrafficLogModel model;
    m_stats->setModel(&model);
    const DrsCommand call(QStringLiteral("user.get"), QJsonObject(), QStringLiteral("K"));
    model.append(TrafficRecord::Outgoing, kPeer, call, ms(kSecond, 10));
    model.append(TrafficRecord::Outgoing, kPeer,
                 DrsCommand(QStringLiteral("slow"), QJsonObject(), QStringLiteral("L")),
                 ms(kSecond, 20));
    model.flush();
    QCOMPARE(m_stats->pendingCalls(), 2);
    model.append(TrafficRecord::Incoming, kPeer, call.replyWith(DrsCommand::responseAction(), 1),
                 ms(kSecond, 30));
    model.append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("event")),
                 ms(kSecond + 1, 0));
    model.flush();
    QCOMPARE(m_stats->pendingCalls(), 1);

    m_stats->sampleAt(ms(kSecond + 2, 0));
    const QList<TrafficStats::Sample> history = m_stats->history();
    const TrafficStats::Sample s = history.at(history.size() - 2);
    QCOMPARE(s.timeMs, ms(kSecond));
    QCOMPARE(s.outPerSec, 2.0);
    QCOMPARE(s.inPerSec, 1.0);
    QCOMPARE(s.outBytesPerSec, double(call.toJson().size() + model.record(1).size));
    QVERIFY(s.p50Us >= 0);
    QCOMPARE(s.pending, 1);
    QCOMPARE(history.constLast().inPerSec, 1.0);

    // Detached: the model's traffic no longer counts.
    m_stats->setModel(nullptr);
    model.append(TrafficRecord::Incoming, kPeer, DrsCommand(QStringLiteral("event")),
                 ms(kSecond + 2, 0));
    model.flush();
    m_stats->sampleAt(ms(kSecond + 3, 0));
    QCOMPARE(m_stats->current().inPerSec, 0.0);
}

void tst_TrafficStats::automaticSampling()
{
    TrafficStats stats;
    QVERIFY(stats.automaticSampling());
    QSignalSpy sampled(&stats, &TrafficStats::sampled);
    // A sample comes a little after each second ends.
    QVERIFY(sampled.wait(3000));
    const TrafficStats::Sample s = sampled.at(0).at(0).value<TrafficStats::Sample>();
    QCOMPARE(s.timeMs % 1000, qint64(0));
    QCOMPARE(stats.current().timeMs, s.timeMs);
    stats.setAutomaticSampling(false);
    const qsizetype count = sampled.size();
    QVERIFY(!sampled.wait(1500));
    QCOMPARE(sampled.size(), count);
}

void tst_TrafficStats::reset()
{
    m_stats->record(pairedReply(ms(kSecond, 0), 1000));
    m_stats->sampleAt(ms(kSecond + 1, 0));
    QVERIFY(!m_stats->history().isEmpty());
    m_stats->reset();
    QVERIFY(m_stats->history().isEmpty());
    QCOMPARE(m_stats->current().timeMs, qint64(0));
    m_stats->sampleAt(ms(kSecond + 5, 0));
    QCOMPARE(m_stats->history().size(), 1);
    QCOMPARE(m_stats->current().p50Us, -1.0);
}

QTEST_MAIN(tst_TrafficStats)

#include "tst_trafficstats.moc"
