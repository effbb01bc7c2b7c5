// TrafficStats: the numbers behind the stats dock: command and byte rates in and out, pending
// calls, and call latency percentiles, one sample per second over the last minutes.
#ifndef TRAFFICSTATS_H
#define TRAFFICSTATS_H

#include "trafficlogmodel.h"

#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <deque>

/*!
    Records are counted in the second of their timeMs. A sample for second S (timeMs = S * 1000)
    holds the commands and bytes seen in [S, S + 1 s), the pending calls when it was taken, and the
    p50/p99 latency (nearest rank) of the replies paired with a request in the 60 s up to the end
    of S, at most the latest 10 000 of them; the percentiles are -1 when there were none.

    With automatic sampling (the default) a sample is taken a little after each second ends, so
    that a batch still on its way is counted; records for a second already sampled are dropped.
    Tests turn it off and call sampleAt() with the times they choose.
*/
class TrafficStats : public QObject {
    Q_OBJECT
public:
    struct Sample {
        qint64 timeMs = 0;
        double inPerSec = 0;
        double outPerSec = 0;
        double inBytesPerSec = 0;
        double outBytesPerSec = 0;
        int pending = 0;
        double p50Us = -1;
        double p99Us = -1;
    };

    static constexpr int HistorySeconds = 300;
    static constexpr int LatencyWindowMs = 60000;
    static constexpr int MaxLatencies = 10000;

    explicit TrafficStats(QObject *parent = nullptr);
    ~TrafficStats() override;

    //! Feeds the stats from \a model: each batch's new rows and its pending count.
    void setModel(TrafficLogModel *model);

    //! Fed by the session for each appended record.
    void record(const TrafficRecord &r);
    void setPendingCalls(int n);
    int pendingCalls() const;

    //! The latest sample (a zero one before the first).
    Sample current() const;
    //! One sample per second, oldest first, the last 5 minutes.
    QList<Sample> history() const;

    bool automaticSampling() const;
    void setAutomaticSampling(bool enabled);
    //! Takes the samples of every whole second that ended by \a nowMs and was not sampled yet.
    void sampleAt(qint64 nowMs);
    //! Forgets all samples, counts and latencies.
    void reset();

Q_SIGNALS:
    //! Once per second (once per sampled second).
    void sampled(const TrafficStats::Sample &s);

private:
    struct Bucket {
        qint64 inCount = 0;
        qint64 outCount = 0;
        qint64 inBytes = 0;
        qint64 outBytes = 0;
    };
    struct Latency {
        qint64 timeMs;
        qint64 us;
    };
    Sample makeSample(qint64 second);
    void scheduleSample();

    QMap<qint64, Bucket> m_buckets; // by second, seconds not sampled yet
    std::deque<Latency> m_latencies;
    QList<Sample> m_history;
    qint64 m_lastSampledSecond = -1;
    int m_pending = 0;
    bool m_automatic = true;
    QTimer m_timer;
    QMetaObject::Connection m_rowsConnection;
    QMetaObject::Connection m_pendingConnection;
};

Q_DECLARE_METATYPE(TrafficStats::Sample)

#endif // TRAFFICSTATS_H
