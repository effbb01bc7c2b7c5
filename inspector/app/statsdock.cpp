#include "statsdock.h"

#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QVBoxLayout>

#include <cmath>

namespace {

QString rateText(double perSecond)
{
    return StatsWidget::tr("%1/s").arg(QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0));
}

QString bytesText(double bytesPerSecond)
{
    return StatsWidget::tr("%1/s").arg(QLocale().formattedDataSize(qint64(bytesPerSecond)));
}

QString latencyText(double us)
{
    if (!std::isfinite(us) || us < 0)
        return QStringLiteral("–");
    if (us < 1000)
        return StatsWidget::tr("%1 µs").arg(QLocale().toString(us, 'f', 0));
    if (us < 1000 * 1000)
        return StatsWidget::tr("%1 ms").arg(QLocale().toString(us / 1000, 'f', 2));
    return StatsWidget::tr("%1 s").arg(QLocale().toString(us / 1000000, 'f', 2));
}

} // namespace

StatsWidget::StatsWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("statsWidget"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *numbers = new QGridLayout;
    numbers->setHorizontalSpacing(12);
    addValueLabel(numbers, QStringLiteral("in"), tr("In:"), 0, 0);
    addValueLabel(numbers, QStringLiteral("inBytes"), tr("Bytes in:"), 1, 0);
    addValueLabel(numbers, QStringLiteral("out"), tr("Out:"), 0, 2);
    addValueLabel(numbers, QStringLiteral("outBytes"), tr("Bytes out:"), 1, 2);
    addValueLabel(numbers, QStringLiteral("pending"), tr("Pending calls:"), 0, 4);
    addValueLabel(numbers, QStringLiteral("p50"), tr("Latency p50:"), 1, 4);
    addValueLabel(numbers, QStringLiteral("p99"), tr("p99:"), 1, 6);
    numbers->setColumnStretch(8, 1);
    layout->addLayout(numbers);

    m_inSeries = new QLineSeries;
    m_inSeries->setName(tr("In"));
    m_outSeries = new QLineSeries;
    m_outSeries->setName(tr("Out"));
    m_chart = new QChart;
    m_chart->addSeries(m_inSeries);
    m_chart->addSeries(m_outSeries);
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_timeAxis->setTickCount(6);
    m_rateAxis = new QValueAxis;
    m_rateAxis->setTitleText(tr("commands/s"));
    m_rateAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_rateAxis, Qt::AlignLeft);
    for (QLineSeries *series : { m_inSeries, m_outSeries }) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_rateAxis);
    }
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setObjectName(QStringLiteral("statsChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(140);
    layout->addWidget(m_chartView, 1);
    updateAxes();
}

StatsWidget::~StatsWidget() = default;

QLabel *StatsWidget::addValueLabel(QGridLayout *grid, const QString &name, const QString &title,
                                   int row, int column)
{
    grid->addWidget(new QLabel(title, this), row, column);
    auto *value = new QLabel(QStringLiteral("–"), this);
    value->setObjectName(QStringLiteral("stats_%1").arg(name));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(value, row, column + 1);
    m_labels.insert(name, value);
    return value;
}

void StatsWidget::setStats(TrafficStats *stats)
{
    if (m_stats == stats)
        return;
    disconnect(m_sampledConnection);
    m_stats = stats;
    QList<QPointF> in;
    QList<QPointF> out;
    if (stats) {
        const QList<TrafficStats::Sample> history = stats->history();
        in.reserve(history.size());
        out.reserve(history.size());
        for (const TrafficStats::Sample &s : history) {
            in.append(QPointF(qreal(s.timeMs), s.inPerSec));
            out.append(QPointF(qreal(s.timeMs), s.outPerSec));
        }
        showNumbers(history.isEmpty() ? stats->current() : history.constLast());
        m_sampledConnection = connect(stats, &TrafficStats::sampled, this, &StatsWidget::addSample);
    } else {
        for (auto it = m_labels.cbegin(); it != m_labels.cend(); ++it)
            it.value()->setText(QStringLiteral("–"));
    }
    m_inSeries->replace(in);
    m_outSeries->replace(out);
    updateAxes();
}

TrafficStats *StatsWidget::stats() const
{
    return m_stats;
}

QString StatsWidget::labelText(const QString &name) const
{
    const QLabel *label = m_labels.value(name);
    return label ? label->text() : QString();
}

void StatsWidget::addSample(const TrafficStats::Sample &sample)
{
    m_inSeries->append(qreal(sample.timeMs), sample.inPerSec);
    m_outSeries->append(qreal(sample.timeMs), sample.outPerSec);
    // Drop what scrolled out of the window (a few points a second: cheap).
    const qreal oldest = qreal(sample.timeMs - WindowMs);
    for (QLineSeries *series : { m_inSeries, m_outSeries }) {
        int expired = 0;
        while (expired < series->count() && series->at(expired).x() < oldest)
            ++expired;
        if (expired > 0)
            series->removePoints(0, expired);
    }
    showNumbers(sample);
    updateAxes();
}

void StatsWidget::showNumbers(const TrafficStats::Sample &sample)
{
    m_labels.value(QStringLiteral("in"))->setText(rateText(sample.inPerSec));
    m_labels.value(QStringLiteral("out"))->setText(rateText(sample.outPerSec));
    m_labels.value(QStringLiteral("inBytes"))->setText(bytesText(sample.inBytesPerSec));
    m_labels.value(QStringLiteral("outBytes"))->setText(bytesText(sample.outBytesPerSec));
    m_labels.value(QStringLiteral("pending"))->setText(QLocale().toString(sample.pending));
    m_labels.value(QStringLiteral("p50"))->setText(latencyText(sample.p50Us));
    m_labels.value(QStringLiteral("p99"))->setText(latencyText(sample.p99Us));
}

void StatsWidget::updateAxes()
{
    // At least a minute wide, so the first samples do not fill the whole chart.
    const qint64 now = m_inSeries->count() > 0 ? qint64(m_inSeries->at(m_inSeries->count() - 1).x())
                                               : QDateTime::currentMSecsSinceEpoch();
    const qint64 first = m_inSeries->count() > 0 ? qint64(m_inSeries->at(0).x()) : now;
    const qint64 start = qMin(first, now - 60 * 1000);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(start),
                         QDateTime::fromMSecsSinceEpoch(now));
    double top = 0;
    for (QLineSeries *series : { m_inSeries, m_outSeries }) {
        const QList<QPointF> points = series->points();
        for (const QPointF &p : points)
            top = qMax(top, p.y());
    }
    // A round ceiling, so the labels stay readable.
    const double magnitude = top > 0 ? std::pow(10.0, std::floor(std::log10(top))) : 1.0;
    m_rateAxis->setRange(0, qMax(5.0, std::ceil(top * 1.1 / magnitude) * magnitude));
}
