// bench-trafficlog: figures for the inspector's traffic log model. Not a test: it prints.
//
//  1. Throughput and memory: 1 000 000 commands (calls out, replies and fires in, 64-byte bodies)
//     appended in frame-sized batches, against baselines measured the same way: making the
//     commands alone, and keeping the same records in a plain ring without a model. Each phase
//     runs in its own child process so that RSS deltas are not blurred by memory freed earlier.
//  2. Responsiveness: 20 000 commands per second inbound for ~3 s through the batching path,
//     into a full ring (100 000 rows, so every batch evicts) under a filter proxy and a visible
//     QTableView that follows the tail, while a 1 ms timer measures the longest event-loop stall.
#include <trafficfiltermodel.h>
#include <trafficlogmodel.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtGui/QStandardItemModel>
#include <QtWidgets/QApplication>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>

#include <malloc.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <deque>
#include <vector>

namespace {

const QString kPeer = QStringLiteral("tcp://127.0.0.1:12000");

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// The traffic of a busy client, in a fixed cycle of 10: 4 calls out, their 4 replies in (one in
// 20 a drs.error), 2 fires in. Bodies are 64 bytes as compact JSON; every command is built as
// a decoder builds it, with its own body.
class TrafficGenerator {
public:
    struct Item {
        TrafficRecord::Direction direction;
        DrsCommand command;
    };

    Item next()
    {
        const int phase = int(m_count++ % 10);
        if (phase < 4) {
            const QString key = DrsCommand::generateKey();
            m_outstanding.push_back(key);
            return { TrafficRecord::Outgoing,
                     DrsCommand(QStringLiteral("service.method%1").arg(m_count % 8), body(), key) };
        }
        if (phase < 8) {
            const QString key = m_outstanding.front();
            m_outstanding.pop_front();
            const bool error = ++m_replies % 20 == 0;
            return { TrafficRecord::Incoming,
                     DrsCommand(error ? DrsCommand::errorAction() : DrsCommand::responseAction(),
                                body(), key) };
        }
        return { TrafficRecord::Incoming, DrsCommand(QStringLiteral("event.tick"), body()) };
    }

private:
    QJsonObject body()
    {
        // {"id":1234567,"name":"…","ok":true} padded to 64 bytes.
        const QString id = QString::number(1000000 + m_count % 9000000);
        const int nameLength = 64
                - int(QByteArrayLiteral("{\"id\":,\"name\":\"\",\"ok\":true}").size())
                - int(id.size());
        return QJsonObject { { QStringLiteral("id"), qint64(1000000 + m_count % 9000000) },
                             { QStringLiteral("name"),
                               QString(nameLength, QLatin1Char('a' + m_count % 26)) },
                             { QStringLiteral("ok"), true } };
    }

    quint64 m_count = 0;
    quint64 m_replies = 0;
    std::deque<QString> m_outstanding;
};

struct PhaseResult {
    double seconds = 0;
    qint64 rows = 0;
    qint64 rssDeltaKiB = 0;
};

void printResult(const char *phase, const PhaseResult &r)
{
    std::printf("RESULT %s seconds=%.6f rows=%lld rss=%lld\n", phase, r.seconds,
                static_cast<long long>(r.rows), static_cast<long long>(r.rssDeltaKiB));
    std::fflush(stdout);
}

constexpr int kBatch = 320; // one 16 ms frame at 20 000 commands per second

// Making the commands and throwing them away: the cost every phase below includes.
PhaseResult runGenerate(qint64 count)
{
    TrafficGenerator generator;
    qint64 sink = 0;
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i)
        sink += generator.next().command.action().size();
    PhaseResult r;
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    r.rows = sink > 0 ? count : 0;
    return r;
}

// The same records in a plain ring: no model, no pairing, no signals.
PhaseResult runBaseline(qint64 count, qint64 capacity)
{
    TrafficGenerator generator;
    std::vector<TrafficRecord> ring;
    ring.reserve(size_t(std::min(count, capacity)));
    size_t head = 0;
    malloc_trim(0);
    const qint64 rssBefore = rssKiB();
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i) {
        TrafficGenerator::Item item = generator.next();
        TrafficRecord record;
        record.id = quint64(i + 1);
        record.timeMs = QDateTime::currentMSecsSinceEpoch();
        record.direction = item.direction;
        record.peer = kPeer;
        record.size = item.command.toJson().size();
        record.command = std::move(item.command);
        if (ring.size() < size_t(capacity)) {
            ring.push_back(std::move(record));
        } else {
            ring[head] = std::move(record);
            head = (head + 1) % ring.size();
        }
    }
    PhaseResult r;
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    r.rows = qint64(ring.size());
    r.rssDeltaKiB = rssKiB() - rssBefore;
    return r;
}

PhaseResult runModel(qint64 count, int capacity)
{
    TrafficGenerator generator;
    TrafficLogModel model;
    model.setCapacity(capacity);
    malloc_trim(0);
    const qint64 rssBefore = rssKiB();
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i) {
        const TrafficGenerator::Item item = generator.next();
        model.append(item.direction, kPeer, item.command);
        if ((i + 1) % kBatch == 0)
            model.flush();
    }
    model.flush();
    PhaseResult r;
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    r.rows = model.rowCount();
    r.rssDeltaKiB = rssKiB() - rssBefore;
    return r;
}

// The log view, timing its repaints: an UpdateRequest paints the viewport, the headers and the
// scroll bars, and flushes the window.
class TimedTableView : public QTableView {
public:
    int repaints = 0;
    qint64 repaintNs = 0;
    qint64 maxRepaintNs = 0;

protected:
    bool event(QEvent *event) override
    {
        if (event->type() != QEvent::UpdateRequest)
            return QTableView::event(event);
        QElapsedTimer timer;
        timer.start();
        const bool result = QTableView::event(event);
        const qint64 ns = timer.nsecsElapsed();
        ++repaints;
        repaintNs += ns;
        maxRepaintNs = std::max(maxRepaintNs, ns);
        return result;
    }
};

void setUpLogView(QTableView &view)
{
    // As the inspector's log: fixed row heights, follow the tail.
    view.verticalHeader()->hide();
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 6);
    view.horizontalHeader()->setStretchLastSection(true);
    view.resize(1200, 700);
}

double meanRepaintMs(QTableView &view, int times)
{
    view.scrollToBottom();
    QCoreApplication::processEvents();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < times; ++i)
        view.viewport()->repaint();
    return double(timer.nsecsElapsed()) / 1e6 / times;
}

// What one repaint of the log costs, against the same visible text in a QStandardItemModel
// (no colours, icons or proxy): the part of a repaint that is the model's.
void runPaint()
{
    TrafficLogModel model;
    TrafficGenerator generator;
    for (int i = 0; i < model.capacity(); ++i) {
        const TrafficGenerator::Item item = generator.next();
        model.append(item.direction, kPeer, item.command);
    }
    model.flush();
    TrafficFilterModel filter;
    filter.setSourceModel(&model);
    TimedTableView view;
    setUpLogView(view);
    view.setModel(&filter);
    view.show();

    QStandardItemModel plain(1000, TrafficLogModel::ColumnCount);
    for (int row = 0; row < 1000; ++row) {
        for (int column = 0; column < TrafficLogModel::ColumnCount; ++column) {
            plain.setItem(
                    row, column,
                    new QStandardItem(
                            model.index(model.rowCount() - 1000 + row, column).data().toString()));
        }
    }
    QTableView plainView;
    setUpLogView(plainView);
    plainView.setModel(&plain);
    plainView.show();

    constexpr int kTimes = 100;
    meanRepaintMs(view, 5);
    meanRepaintMs(plainView, 5);
    const double log = meanRepaintMs(view, kTimes);
    const double baseline = meanRepaintMs(plainView, kTimes);
    std::printf("RESULT paint logMs=%.3f plainMs=%.3f rows=%d\n", log, baseline,
                view.rowAt(view.viewport()->height() - 1) - view.rowAt(0) + 1);
    std::fflush(stdout);
}

void runLive(int rate, int seconds)
{
    TrafficLogModel model;
    TrafficFilterModel filter;
    filter.setSourceModel(&model);
    TimedTableView view;
    setUpLogView(view);
    view.setModel(&filter);
    QObject::connect(view.verticalScrollBar(), &QScrollBar::rangeChanged, &view,
                     [&view] { view.scrollToBottom(); });
    view.show();

    TrafficGenerator generator;
    // A full ring: every batch from now on also evicts.
    for (int i = 0; i < model.capacity(); ++i) {
        const TrafficGenerator::Item item = generator.next();
        model.append(item.direction, kPeer, item.command);
    }
    model.flush();
    QCoreApplication::processEvents();
    view.repaints = 0;
    view.repaintNs = 0;
    view.maxRepaintNs = 0;

    int batches = 0;
    qint64 batchedRows = 0;
    qint64 batchNs = 0;
    qint64 maxBatchNs = 0;
    QElapsedTimer batchTimer;
    // A batch into a full ring starts with its eviction and ends with rowsBatched.
    QObject::connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved, &model,
                     [&batchTimer] { batchTimer.start(); });
    QObject::connect(&model, &TrafficLogModel::rowsBatched, &model, [&](int count) {
        ++batches;
        batchedRows += count;
        if (batchTimer.isValid()) {
            const qint64 ns = batchTimer.nsecsElapsed();
            batchNs += ns;
            maxBatchNs = std::max(maxBatchNs, ns);
            batchTimer.invalidate();
        }
    });

    QEventLoop loop;
    QElapsedTimer clock;
    std::vector<qint64> gaps;
    gaps.reserve(size_t(seconds) * 1200);
    qint64 lastTickNs = -1;

    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTickNs >= 0)
            gaps.push_back(now - lastTickNs);
        lastTickNs = now;
    });

    // The wire: commands arrive at the target rate whatever the timer's jitter.
    QTimer producer;
    producer.setTimerType(Qt::PreciseTimer);
    producer.setInterval(1);
    const qint64 total = qint64(rate) * seconds;
    qint64 sent = 0;
    qint64 appendNs = 0;
    QObject::connect(&producer, &QTimer::timeout, &loop, [&] {
        const qint64 start = clock.nsecsElapsed();
        const qint64 due = std::min(total, start * rate / 1000000000);
        for (; sent < due; ++sent) {
            const TrafficGenerator::Item item = generator.next();
            model.append(item.direction, kPeer, item.command);
        }
        appendNs += clock.nsecsElapsed() - start;
        if (sent >= total) {
            producer.stop();
            // Let the last batch land, then stop.
            QTimer::singleShot(2 * TrafficLogModel::BatchIntervalMs + 5, &loop, &QEventLoop::quit);
        }
    });

    clock.start();
    probe.start();
    producer.start();
    loop.exec();
    probe.stop();
    const qint64 elapsedNs = clock.nsecsElapsed();

    std::sort(gaps.begin(), gaps.end());
    qint64 gapSum = 0;
    for (const qint64 gap : gaps)
        gapSum += gap;
    const auto ms = [](qint64 ns) { return double(ns) / 1e6; };
    std::printf("RESULT live sent=%lld seconds=%.6f batches=%d batchedRows=%lld batchMs=%.3f "
                "maxBatchMs=%.3f paints=%d paintMs=%.3f maxPaintMs=%.3f appendMs=%.3f ticks=%zu "
                "meanGapMs=%.3f p99GapMs=%.3f maxGapMs=%.3f rows=%d pending=%d\n",
                static_cast<long long>(sent), double(elapsedNs) / 1e9, batches,
                static_cast<long long>(batchedRows), ms(batchNs), ms(maxBatchNs), view.repaints,
                ms(view.repaintNs), ms(view.maxRepaintNs), ms(appendNs), gaps.size(),
                gaps.empty() ? 0.0 : ms(gapSum) / double(gaps.size()),
                gaps.empty() ? 0.0 : ms(gaps[std::min(gaps.size() - 1, gaps.size() * 99 / 100)]),
                gaps.empty() ? 0.0 : ms(gaps.back()), model.rowCount(), model.pendingCount());
    std::fflush(stdout);
}

// Runs this program again for one phase and reads its RESULT line.
QHash<QString, QString> runChild(const QString &phase, const QStringList &extra)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    process.start(QCoreApplication::applicationFilePath(),
                  QStringList { QStringLiteral("--phase"), phase } + extra);
    loop.exec();
    QHash<QString, QString> values;
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith("RESULT "))
            continue;
        const QStringList fields
                = QString::fromUtf8(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &field : fields.mid(2)) {
            const int eq = int(field.indexOf(QLatin1Char('=')));
            if (eq > 0)
                values.insert(field.left(eq), field.mid(eq + 1));
        }
    }
    if (values.isEmpty())
        std::fprintf(stderr, "phase %s gave no result (exit code %d)\n", qPrintable(phase),
                     process.exitCode());
    return values;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Figures for the drs-inspector traffic log model."));
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"),
                                        QStringLiteral("Commands per phase."), QStringLiteral("n"),
                                        QStringLiteral("1000000"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("Inbound commands per second."),
                                        QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Length of the live phase."),
                                           QStringLiteral("s"), QStringLiteral("3"));
    const QCommandLineOption phaseOption(QStringLiteral("phase"),
                                         QStringLiteral("Run one phase (internal)."),
                                         QStringLiteral("name"));
    parser.addOptions({ rowsOption, rateOption, secondsOption, phaseOption });
    parser.process(app);
    const qint64 rows = std::max(1LL, parser.value(rowsOption).toLongLong());
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());

    if (parser.isSet(phaseOption)) {
        const QString phase = parser.value(phaseOption);
        if (phase == QLatin1String("generate"))
            printResult("generate", runGenerate(rows));
        else if (phase == QLatin1String("baseline"))
            printResult("baseline", runBaseline(rows, rows));
        else if (phase == QLatin1String("baseline-ring"))
            printResult("baseline-ring", runBaseline(rows, TrafficLogModel::DefaultCapacity));
        else if (phase == QLatin1String("model"))
            printResult("model", runModel(rows, int(std::min<qint64>(rows, INT_MAX))));
        else if (phase == QLatin1String("model-ring"))
            printResult("model-ring", runModel(rows, TrafficLogModel::DefaultCapacity));
        else if (phase == QLatin1String("paint"))
            runPaint();
        else if (phase == QLatin1String("live"))
            runLive(rate, seconds);
        else
            return 2;
        return 0;
    }

    const QStringList extra { QStringLiteral("--rows"),    QString::number(rows),
                              QStringLiteral("--rate"),    QString::number(rate),
                              QStringLiteral("--seconds"), QString::number(seconds) };
    std::printf("bench-trafficlog: %lld commands per phase (per 10: 4 calls out, their 4 replies "
                "in, 2 fires in; 64-byte bodies), flushed in batches of %d; each phase in its own "
                "process\n\n",
                static_cast<long long>(rows), kBatch);
    {
        // Other work on the machine inflates every time below; say how busy it was.
        QFile loadavg(QStringLiteral("/proc/loadavg"));
        if (loadavg.open(QIODevice::ReadOnly)) {
            std::printf("load average at start: %s (%d CPUs)\n\n",
                        loadavg.readAll().split(' ').mid(0, 3).join(' ').constData(),
                        QThread::idealThreadCount());
        }
    }
    std::printf("%-46s %10s %12s %11s %10s\n", "phase", "rows kept", "commands/s", "us/command",
                "bytes/row");
    struct Figures {
        double seconds;
        double bytesPerRow;
    };
    const auto row = [&extra, rows](const char *name, const char *phase) {
        const QHash<QString, QString> v = runChild(QLatin1String(phase), extra);
        const double secs = v.value(QStringLiteral("seconds")).toDouble();
        const qint64 kept = v.value(QStringLiteral("rows")).toLongLong();
        const double perRow
                = kept > 0 ? v.value(QStringLiteral("rss")).toDouble() * 1024.0 / double(kept) : 0;
        const QByteArray memory = QByteArray(phase) == "generate"
                ? QByteArray("-")
                : QByteArray::number(perRow, 'f', 0);
        std::printf("%-46s %10lld %12.0f %11.3f %10s\n", name, static_cast<long long>(kept),
                    secs > 0 ? double(rows) / secs : 0.0, secs * 1e6 / double(rows),
                    memory.constData());
        return Figures { secs, perRow };
    };
    const Figures generate = row("make the commands only", "generate");
    const Figures baseline = row("baseline: plain vector, every row kept", "baseline");
    const Figures model = row("TrafficLogModel, capacity = every row", "model");
    const Figures baselineRing = row("baseline: plain ring of 100 000", "baseline-ring");
    const Figures modelRing = row("TrafficLogModel, capacity 100 000 (evicting)", "model-ring");
    std::printf("\nmodel / baseline: time %.2fx (every row kept), %.2fx (ring of 100 000); "
                "memory per row %.2fx\n",
                model.seconds / baseline.seconds, modelRing.seconds / baselineRing.seconds,
                model.bytesPerRow / std::max(1.0, baseline.bytesPerRow));
    std::printf("the same, less the time to make the commands: %.2fx, %.2fx\n",
                (model.seconds - generate.seconds)
                        / std::max(1e-9, baseline.seconds - generate.seconds),
                (modelRing.seconds - generate.seconds)
                        / std::max(1e-9, baselineRing.seconds - generate.seconds));

    const QHash<QString, QString> live = runChild(QStringLiteral("live"), extra);
    const auto value
            = [&live](const char *key) { return live.value(QLatin1String(key)).toDouble(); };
    std::printf(
            "\nlive: %d commands/s inbound for %d s into a full ring (100 000 rows, every batch "
            "evicts),\n      through a filter proxy into a visible QTableView following the tail\n",
            rate, seconds);
    std::printf("  %-32s %.0f in %.2f s (%.0f/s)\n", "commands appended", value("sent"),
                value("seconds"), value("sent") / std::max(1e-9, value("seconds")));
    std::printf("  %-32s %.0f, %.0f rows each on average\n", "batches (one rowsInserted each)",
                value("batches"), value("batchedRows") / std::max(1.0, value("batches")));
    std::printf("  %-32s %.1f ms in all, longest %.2f ms\n", "  time in batches", value("batchMs"),
                value("maxBatchMs"));
    std::printf("  %-32s %.1f ms in all\n", "  time appending", value("appendMs"));
    std::printf("  %-32s %.0f, %.1f ms in all, longest %.2f ms\n", "view repaints", value("paints"),
                value("paintMs"), value("maxPaintMs"));
    std::printf("  %-32s %.0f ticks; gap mean %.2f ms, p99 %.2f ms, max %.2f ms\n",
                "1 ms probe timer", value("ticks"), value("meanGapMs"), value("p99GapMs"),
                value("maxGapMs"));
    std::printf("  %-32s %.0f rows, %.0f pending\n", "log at the end", value("rows"),
                value("pending"));
    std::printf("  max event-loop stall %.1f ms: %s (limit 50 ms)\n", value("maxGapMs"),
                value("maxGapMs") < 50.0 ? "OK" : "TOO SLOW");
    const QHash<QString, QString> paint = runChild(QStringLiteral("paint"), extra);
    std::printf("\none repaint of the log view (%s rows visible): %.2f ms; the same text in a "
                "QStandardItemModel: %.2f ms\n",
                qPrintable(paint.value(QStringLiteral("rows"))),
                paint.value(QStringLiteral("logMs")).toDouble(),
                paint.value(QStringLiteral("plainMs")).toDouble());
    return live.isEmpty() ? 1 : 0;
}
