// StatsWidget: the contents of the Statistics dock. Shows the current session's TrafficStats:
// commands per second in and out as a live chart over the last minutes, and labels for bytes per
// second, pending calls and the p50/p99 call latency.
#ifndef STATSDOCK_H
#define STATSDOCK_H

#include "trafficstats.h"

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QGridLayout;
class QLabel;
class QLineSeries;
class QValueAxis;

class StatsWidget : public QWidget {
    Q_OBJECT
public:
    //! How far back the chart reaches.
    static constexpr qint64 WindowMs = 5 * 60 * 1000;

    explicit StatsWidget(QWidget *parent = nullptr);
    ~StatsWidget() override;

    //! Follows \a stats (null: shows nothing); the chart starts from its history.
    void setStats(TrafficStats *stats);
    TrafficStats *stats() const;

    QLineSeries *incomingSeries() const { return m_inSeries; }
    QLineSeries *outgoingSeries() const { return m_outSeries; }
    //! The labels' text, for tests: "in", "out", "inBytes", "outBytes", "pending", "p50", "p99".
    QString labelText(const QString &name) const;

private:
    void addSample(const TrafficStats::Sample &sample);
    void showNumbers(const TrafficStats::Sample &sample);
    void updateAxes();
    QLabel *addValueLabel(QGridLayout *grid, const QString &name, const QString &title, int row,
                          int column);

    QPointer<TrafficStats> m_stats;
    QChart *m_chart = nullptr;
    QChartView *m_chartView = nullptr;
    QLineSeries *m_inSeries = nullptr;
    QLineSeries *m_outSeries = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_rateAxis = nullptr;
    QHash<QString, QLabel *> m_labels;
    QMetaObject::Connection m_sampledConnection;
};

#endif // STATSDOCK_H
