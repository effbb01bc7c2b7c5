// Results of a drs-bench session: samples of every pass, medians, targets of issue 6 as ratios
// to the raw baseline of the same run, a readable table and JSON lines.
#ifndef REPORT_H
#define REPORT_H

#include "benchcommon.h"

#include <QtCore/QMap>
#include <QtCore/QTextStream>

namespace Bench {

class Results {
public:
    void add(const RunSpec &spec, const Sample &sample);
    void addFailure(const RunSpec &spec, const QString &error);
    bool hasFailures() const { return !m_failures.isEmpty(); }

    //! One JSON object per line and system: the median of the passes.
    void writeJson(QTextStream &out) const;
    //! The table: qtdrs and raw side by side, their ratio, the target and whether it is met.
    void writeTable(QTextStream &out) const;
    void writeFailures(QTextStream &out) const;

private:
    struct Key {
        Workload workload;
        QString metric;
        QString transport;
        DrsCommand::Encoding encoding;
        int clients;
        friend bool operator<(const Key &a, const Key &b)
        {
            return std::tie(a.workload, a.clients, a.transport, a.encoding, a.metric)
                    < std::tie(b.workload, b.clients, b.transport, b.encoding, b.metric);
        }
    };
    struct Figures {
        QString unit;
        QList<double> values[2]; // by System
    };
    static double median(QList<double> values);
    double medianOf(const Key &key, System system) const;

    QMap<Key, Figures> m_figures;
    QStringList m_failures;
};

} // namespace Bench

#endif // REPORT_H
