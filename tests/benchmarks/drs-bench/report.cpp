#include "report.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <algorithm>
#include <cmath>

namespace Bench {

namespace {

// A target of issue 6. JSON rows are held to a ratio to raw; CBOR rows to the JSON figure of
// the same row (CBOR at least as fast); peak memory to a multiple of the body size.
struct Target {
    enum Kind { None, RatioAtLeast, RatioAtMost, ValueAtMost, AtLeastJson, AtMostJson };
    Kind kind = None;
    double bound = 0;
};

Target targetFor(Workload workload, const QString &metric, const QString &transport,
                 DrsCommand::Encoding encoding)
{
    const bool ws = transport == QLatin1String("ws");
    if (metric == QLatin1String("peak-rss"))
        return ws ? Target() : Target { Target::ValueAtMost, 4.0 };
    const bool lowerIsBetter = metric == QLatin1String("p50") || metric == QLatin1String("p99");
    if (encoding == DrsCommand::CborEncoding && workload != Workload::Idle)
        return { lowerIsBetter ? Target::AtMostJson : Target::AtLeastJson, 1.0 };
    switch (workload) {
    case Workload::Fire:
        return { Target::RatioAtLeast, ws ? 0.40 : 0.25 };
    case Workload::CallLatency:
        return { Target::RatioAtMost, metric == QLatin1String("p50") ? 1.3 : 2.0 };
    case Workload::Pipelined:
        return { Target::RatioAtLeast, 0.15 };
    case Workload::Broadcast:
        return { Target::RatioAtLeast, 0.25 };
    case Workload::Idle:
        return { Target::RatioAtMost, ws ? 1.25 : 2.0 };
    case Workload::LargeBody:
        return { Target::RatioAtLeast, 0.50 };
    }
    return {};
}

QString describe(const Target &target)
{
    switch (target.kind) {
    case Target::None:
        return QStringLiteral("-");
    case Target::RatioAtLeast:
        return QStringLiteral(">= %1").arg(target.bound, 0, 'f', 2);
    case Target::RatioAtMost:
        return QStringLiteral("<= %1").arg(target.bound, 0, 'f', 2);
    case Target::ValueAtMost:
        return QStringLiteral("qtdrs <= %1").arg(target.bound, 0, 'f', 1);
    case Target::AtLeastJson:
        return QStringLiteral(">= json");
    case Target::AtMostJson:
        return QStringLiteral("<= json");
    }
    return QString();
}

QString formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("-");
    const double magnitude = std::fabs(value);
    if (magnitude >= 1e6)
        return QStringLiteral("%1M").arg(value / 1e6, 0, 'f', 2);
    if (magnitude >= 1e4)
        return QStringLiteral("%1k").arg(value / 1e3, 0, 'f', 1);
    if (magnitude >= 100)
        return QString::number(value, 'f', 0);
    return QString::number(value, 'f', 2);
}

} // namespace

void Results::add(const RunSpec &spec, const Sample &sample)
{
    Figures &figures = m_figures[{ spec.workload, sample.metric, spec.transport, spec.encoding,
                                   spec.clients }];
    figures.unit = sample.unit;
    figures.values[int(spec.system)].append(sample.value);
}

void Results::addFailure(const RunSpec &spec, const QString &error)
{
    m_failures.append(QStringLiteral("%1 %2 %3 %4 clients=%5: %6")
                              .arg(workloadName(spec.workload), spec.transport,
                                   encodingName(spec.encoding), systemName(spec.system))
                              .arg(spec.clients)
                              .arg(error));
}

double Results::median(QList<double> values)
{
    if (values.isEmpty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values.at(mid) : (values.at(mid - 1) + values.at(mid)) / 2;
}

double Results::medianOf(const Key &key, System system) const
{
    const auto it = m_figures.constFind(key);
    return it == m_figures.cend() ? std::nan("") : median(it->values[int(system)]);
}

void Results::writeJson(QTextStream &out) const
{
    for (auto it = m_figures.cbegin(); it != m_figures.cend(); ++it) {
        for (System system : { System::QtDrs, System::Raw }) {
            const QList<double> &values = it->values[int(system)];
            if (values.isEmpty())
                continue;
            const QJsonObject line {
                { QStringLiteral("workload"), workloadName(it.key().workload) },
                { QStringLiteral("metric"), it.key().metric },
                { QStringLiteral("transport"), it.key().transport },
                { QStringLiteral("encoding"), encodingName(it.key().encoding) },
                { QStringLiteral("clients"), it.key().clients },
                { QStringLiteral("system"), systemName(system) },
                { QStringLiteral("value"), median(values) },
                { QStringLiteral("unit"), it->unit },
                { QStringLiteral("passes"), int(values.size()) }
            };
            out << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
        }
    }
}

void Results::writeTable(QTextStream &out) const
{
    const QStringList header { QStringLiteral("workload"),  QStringLiteral("metric"),
                               QStringLiteral("transport"), QStringLiteral("enc"),
                               QStringLiteral("clients"),   QStringLiteral("qtdrs"),
                               QStringLiteral("raw"),       QStringLiteral("unit"),
                               QStringLiteral("ratio"),     QStringLiteral("target"),
                               QStringLiteral("met") };
    QList<QStringList> rows { header };
    for (auto it = m_figures.cbegin(); it != m_figures.cend(); ++it) {
        const Key &key = it.key();
        const double qtdrs = medianOf(key, System::QtDrs);
        const double raw = medianOf(key, System::Raw);
        const double ratio = qtdrs / raw;
        const Target target = targetFor(key.workload, key.metric, key.transport, key.encoding);
        Key jsonKey = key;
        jsonKey.encoding = DrsCommand::JsonEncoding;
        const double json = medianOf(jsonKey, System::QtDrs);
        bool met = false;
        double compared = std::nan("");
        switch (target.kind) {
        case Target::None:
            break;
        case Target::RatioAtLeast:
            compared = ratio;
            met = ratio >= target.bound;
            break;
        case Target::RatioAtMost:
            compared = ratio;
            met = ratio <= target.bound;
            break;
        case Target::ValueAtMost:
            compared = qtdrs;
            met = qtdrs <= target.bound;
            break;
        case Target::AtLeastJson:
            compared = qtdrs / json;
            met = qtdrs >= json;
            break;
        case Target::AtMostJson:
            compared = qtdrs / json;
            met = qtdrs <= json;
            break;
        }
        const QString verdict = target.kind == Target::None || std::isnan(compared)
                ? QStringLiteral("-")
                : (met ? QStringLiteral("yes") : QStringLiteral("NO"));
        rows.append({ workloadName(key.workload), key.metric, key.transport,
                      encodingName(key.encoding), QString::number(key.clients), formatValue(qtdrs),
                      formatValue(raw), it->unit,
                      std::isnan(ratio) ? QStringLiteral("-") : QString::number(ratio, 'f', 2),
                      describe(target), verdict });
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = qMax(widths[c], row.at(c).size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += row.at(c).leftJustified(widths[c] + 2);
        out << line.trimmed() << '\n';
    }
}

void Results::writeFailures(QTextStream &out) const
{
    for (const QString &failure : m_failures)
        out << "FAILED " << failure << '\n';
}

} // namespace Bench
