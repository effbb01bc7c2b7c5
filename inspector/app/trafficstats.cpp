#include "trafficstats.h"

#include <QtCore/QDateTime>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {
constexpr int kSampleDelayMs = 200; // after the end of a second: lets its last batch arrive
constexpr int kMaxBuckets = 600;

qint64 secondOf(qint64 timeMs)
{
    return timeMs >= 0 ? timeMs / 1000 : (timeMs - 999) / 1000;
}

// Nearest rank: the smallest value with at least p percent of the values at or below it.
double percentile(std::vector<qint64> &values, double p)
{
    const size_t rank = size_t(std::ceil(p / 100.0 * double(values.size())));
    const size_t index = std::clamp<size_t>(rank, 1, values.size()) - 1;
    std::nth_element(values.begin(), values.begin() + qsizetype(index), values.end());
    return double(values[index]);
}
} // namespace

TrafficStats::TrafficStats(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        sampleAt(QDateTime::currentMSecsSinceEpoch());
        scheduleSample();
    });
    scheduleSample();
}

TrafficStats::~TrafficStats() = default;

void TrafficStats::setModel(TrafficLogModel *model)
{
    disconnect(m_rowsConnection);
    disconnect(m_pendingConnection);
    if (!model)
        return;
    m_rowsConnection
            = connect(model, &TrafficLogModel::rowsBatched, this, [this, model](int count) {
                  const int rows = model->rowCount();
                  for (int row = std::max(0, rows - count); row < rows; ++row)
                      record(model->record(row));
              });
    m_pendingConnection = connect(model, &TrafficLogModel::pendingCountChanged, this,
                                  &TrafficStats::setPendingCalls);
    setPendingCalls(model->pendingCount());
}

void TrafficStats::record(const TrafficRecord &r)
{
    const qint64 second = secondOf(r.timeMs);
    if (second <= m_lastSampledSecond)
        return;
    auto it = m_buckets.find(second);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= kMaxBuckets)
            return; // far-future times would pile up here: a clock gone wrong
        it = m_buckets.insert(second, Bucket());
    }
    if (r.direction == TrafficRecord::Incoming) {
        ++it->inCount;
        it->inBytes += r.size;
    } else {
        ++it->outCount;
        it->outBytes += r.size;
    }
    if (r.command.isReply() && r.pairedId != 0 && r.latencyUs >= 0) {
        m_latencies.push_back(Latency { r.timeMs, r.latencyUs });
        if (m_latencies.size() > size_t(MaxLatencies))
            m_latencies.pop_front();
    }
}

void TrafficStats::setPendingCalls(int n)
{
    m_pending = n;
}

int TrafficStats::pendingCalls() const
{
    return m_pending;
}

TrafficStats::Sample TrafficStats::current() const
{
    if (!m_history.isEmpty())
        return m_history.constLast();
    Sample sample;
    sample.pending = m_pending;
    return sample;
}

QList<TrafficStats::Sample> TrafficStats::history() const
{
    return m_history;
}

bool TrafficStats::automaticSampling() const
{
    return m_automatic;
}

void TrafficStats::setAutomaticSampling(bool enabled)
{
    m_automatic = enabled;
    if (enabled)
        scheduleSample();
    else
        m_timer.stop();
}

void TrafficStats::sampleAt(qint64 nowMs)
{
    const qint64 lastComplete = secondOf(nowMs) - 1;
    qint64 first = m_lastSampledSecond < 0 ? lastComplete : m_lastSampledSecond + 1;
    first = std::max(first, lastComplete - HistorySeconds + 1);
    for (qint64 second = first; second <= lastComplete; ++second) {
        const Sample sample = makeSample(second);
        m_history.append(sample);
        if (m_history.size() > HistorySeconds)
            m_history.removeFirst();
        Q_EMIT sampled(sample);
    }
    if (lastComplete > m_lastSampledSecond) {
        m_lastSampledSecond = lastComplete;
        m_buckets.erase(m_buckets.begin(), m_buckets.upperBound(lastComplete));
    }
}

void TrafficStats::reset()
{
    m_buckets.clear();
    m_latencies.clear();
    m_history.clear();
    m_lastSampledSecond = -1;
}

TrafficStats::Sample TrafficStats::makeSample(qint64 second)
{
    Sample sample;
    sample.timeMs = second * 1000;
    const auto bucket = m_buckets.constFind(second);
    if (bucket != m_buckets.cend()) {
        sample.inPerSec = double(bucket->inCount);
        sample.outPerSec = double(bucket->outCount);
        sample.inBytesPerSec = double(bucket->inBytes);
        sample.outBytesPerSec = double(bucket->outBytes);
    }
    sample.pending = m_pending;

    const qint64 windowEnd = (second + 1) * 1000;
    const qint64 windowStart = windowEnd - LatencyWindowMs;
    while (!m_latencies.empty() && m_latencies.front().timeMs < windowStart)
        m_latencies.pop_front();
    std::vector<qint64> values;
    values.reserve(m_latencies.size());
    for (const Latency &latency : m_latencies) {
        if (latency.timeMs < windowEnd)
            values.push_back(latency.us);
    }
    if (!values.empty()) {
        sample.p50Us = percentile(values, 50);
        sample.p99Us = percentile(values, 99);
    }
    return sample;
}

void TrafficStats::scheduleSample()
{
    if (!m_automatic)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 nextSecondEnd = (secondOf(now) + 1) * 1000;
    m_timer.start(int(nextSecondEnd - now) + kSampleDelayMs);
}
