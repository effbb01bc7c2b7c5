// drs-bench: QtDrs against plain Qt sockets on the workloads of issue 6. The controller (this
// process) runs the clients; each run's server is this program again, started with --role server.
#include "benchcommon.h"
#include "drspeers.h"
#include "rawpeers.h"
#include "report.h"
#include "workloads.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTextStream>

#include <cmath>

using namespace Bench;

namespace {

struct Options {
    QList<Workload> workloads;
    QStringList transports;
    QList<DrsCommand::Encoding> encodings;
    QList<System> systems;
    QList<int> clients; // overrides the client (W5: connection) counts
    double scale = 1.0;
    int passes = 3;
    int timeoutMs = 120000;
    bool scaling = false;
    bool json = false;
};

QStringList splitList(const QString &value)
{
    QStringList items = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &item : items)
        item = item.trimmed();
    return items;
}

qint64 scaled(qint64 count, double scale, qint64 minimum)
{
    return qMax(minimum, qint64(std::llround(double(count) * scale)));
}

// The runs of one session, without their system: each is run once per pass and system.
QList<RunSpec> plan(const Options &options)
{
    QList<RunSpec> runs;
    const double scale = options.scale;
    for (Workload workload : options.workloads) {
        RunSpec base;
        base.workload = workload;
        base.timeoutMs = options.timeoutMs;
        QList<int> clients;
        switch (workload) {
        case Workload::Fire:
            base.count = scaled(200000, scale, 10);
            clients = options.scaling ? QList<int> { 1, 10, 100 } : QList<int> { 1 };
            break;
        case Workload::CallLatency:
            base.count = scaled(20000, scale, 10);
            clients = { 1 };
            break;
        case Workload::Pipelined:
            base.count = scaled(200000, scale, 10);
            clients = options.scaling ? QList<int> { 1, 10, 100 } : QList<int> { 1 };
            break;
        case Workload::Broadcast:
            base.count = scaled(10000, scale, 10);
            clients = options.scaling ? QList<int> { 10, 100, 1000 } : QList<int> { 100 };
            break;
        case Workload::Idle:
            clients = options.scaling ? QList<int> { 1000, 5000, 10000 }
                                      : QList<int> { int(scaled(5000, scale, 10)) };
            break;
        case Workload::LargeBody:
            base.count = scaled(5, scale, 1);
            base.bodySize
                    = qMax<qint64>(64 * 1024, qint64(15 * 1024 * 1024 * qMin(1.0, scale * 10)));
            clients = { 1 };
            break;
        }
        if (!options.clients.isEmpty() && workload != Workload::CallLatency
            && workload != Workload::LargeBody)
            clients = options.clients;
        for (int n : std::as_const(clients)) {
            for (const QString &transport : options.transports) {
                for (DrsCommand::Encoding encoding : options.encodings) {
                    RunSpec run = base;
                    run.clients = n;
                    run.transport = transport;
                    run.encoding = encoding;
                    if (workload == Workload::Broadcast && options.scaling)
                        run.count = qMax<qint64>(10,
                                                 qMin(base.count, scaled(1000000, scale, 10) / n));
                    if (workload == Workload::Idle)
                        run.count = n;
                    runs.append(run);
                    if (workload == Workload::Idle)
                        break; // an idle connection has no encoding yet: one run per transport
                }
            }
        }
    }
    return runs;
}

template<typename T>
bool parseList(const QString &value, QList<T> *out, bool (*parse)(const QString &, T *))
{
    out->clear();
    for (const QString &item : splitList(value)) {
        T parsed;
        if (!parse(item, &parsed))
            return false;
        out->append(parsed);
    }
    return !out->isEmpty();
}

int runServer(const QCommandLineParser &parser)
{
    RunSpec spec;
    if (!parseWorkload(parser.value(QStringLiteral("workload")), &spec.workload)
        || !parseSystem(parser.value(QStringLiteral("system")), &spec.system)
        || !parseEncoding(parser.value(QStringLiteral("encoding")), &spec.encoding)
        || !isKnownTransport(parser.value(QStringLiteral("transport")))) {
        tellController("error bad server arguments");
        return 2;
    }
    spec.transport = parser.value(QStringLiteral("transport"));
    spec.count = parser.value(QStringLiteral("count")).toLongLong();
    spec.clients = parser.value(QStringLiteral("clients")).toInt();
    spec.bodySize = parser.value(QStringLiteral("body-size")).toLongLong();
    return spec.system == System::QtDrs ? runDrsServer(spec) : runRawServer(spec);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("drs-bench"));
    raiseFileLimit(); // W5 holds up to 10 000 connections on each side

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures QtDrs against plain Qt sockets (the raw baseline) on workloads W1-W6."));
    parser.addHelpOption();
    parser.addOptions({
            { QStringLiteral("workloads"), QStringLiteral("Workloads to run (W1..W6)."),
              QStringLiteral("list"), QStringLiteral("W1,W2,W3,W4,W5,W6") },
            { QStringLiteral("transports"), QStringLiteral("Transports: tcp, local, ws."),
              QStringLiteral("list"), QStringLiteral("tcp,local,ws") },
            { QStringLiteral("encodings"), QStringLiteral("Encodings: json, cbor."),
              QStringLiteral("list"), QStringLiteral("json,cbor") },
            { QStringLiteral("systems"), QStringLiteral("Systems: qtdrs, raw."),
              QStringLiteral("list"), QStringLiteral("qtdrs,raw") },
            { QStringLiteral("scale"), QStringLiteral("Scales message counts (0.01: quick)."),
              QStringLiteral("factor"), QStringLiteral("1") },
            { QStringLiteral("clients"),
              QStringLiteral("Client counts of W1, W3, W4 and connection counts of W5."),
              QStringLiteral("list") },
            { QStringLiteral("scaling"),
              QStringLiteral("Runs the scaling series: W1, W3 at 1, 10, 100 clients; W4 at 10, "
                             "100, 1000; W5 at 1000, 5000, 10000 connections.") },
            { QStringLiteral("passes"), QStringLiteral("Passes per run; the median is reported."),
              QStringLiteral("n"), QStringLiteral("3") },
            { QStringLiteral("timeout"), QStringLiteral("Seconds a run may take at most."),
              QStringLiteral("seconds"), QStringLiteral("120") },
            { QStringLiteral("json"), QStringLiteral("Prints one JSON object per line.") },
            { QStringLiteral("json-file"),
              QStringLiteral("Also writes the JSON lines to this file (the table still prints)."),
              QStringLiteral("path") },
            { QStringLiteral("role"), QStringLiteral("Internal: run as a server process."),
              QStringLiteral("role") },
            { QStringLiteral("workload"), QStringLiteral("Internal."), QStringLiteral("w") },
            { QStringLiteral("transport"), QStringLiteral("Internal."), QStringLiteral("t") },
            { QStringLiteral("encoding"), QStringLiteral("Internal."), QStringLiteral("e") },
            { QStringLiteral("system"), QStringLiteral("Internal."), QStringLiteral("s") },
            { QStringLiteral("count"), QStringLiteral("Internal."), QStringLiteral("n") },
            { QStringLiteral("body-size"), QStringLiteral("Internal."), QStringLiteral("bytes") },
    });
    parser.process(app);

    if (parser.value(QStringLiteral("role")) == QLatin1String("server")) {
        // The server's stderr is the bench's: keep it for warnings and errors.
        QLoggingCategory::setFilterRules(QStringLiteral("qtdrs.*.info=false"));
        return runServer(parser);
    }

    QTextStream err(stderr);
    Options options;
    bool ok = parseList(parser.value(QStringLiteral("workloads")), &options.workloads,
                        parseWorkload)
            && parseList(parser.value(QStringLiteral("encodings")), &options.encodings,
                         parseEncoding)
            && parseList(parser.value(QStringLiteral("systems")), &options.systems, parseSystem);
    options.transports = splitList(parser.value(QStringLiteral("transports")));
    ok = ok && !options.transports.isEmpty()
            && std::all_of(options.transports.cbegin(), options.transports.cend(),
                           isKnownTransport);
    for (const QString &n : splitList(parser.value(QStringLiteral("clients")))) {
        options.clients.append(n.toInt());
        ok = ok && options.clients.constLast() > 0;
    }
    options.scale = parser.value(QStringLiteral("scale")).toDouble();
    options.passes = parser.value(QStringLiteral("passes")).toInt();
    options.timeoutMs = parser.value(QStringLiteral("timeout")).toInt() * 1000;
    options.scaling = parser.isSet(QStringLiteral("scaling"));
    options.json = parser.isSet(QStringLiteral("json"));
    if (!ok || options.scale <= 0 || options.passes < 1 || options.timeoutMs <= 0) {
        err << "drs-bench: invalid arguments; see --help\n";
        return 2;
    }

    const QList<RunSpec> runs = plan(options);
    const qsizetype total = runs.size() * options.passes * options.systems.size();
    qsizetype done = 0;
    Results results;
    for (const RunSpec &run : runs) {
        for (int pass = 0; pass < options.passes; ++pass) {
            // Systems alternate within a pass, so CPU speed swings hit both alike.
            for (System system : std::as_const(options.systems)) {
                RunSpec spec = run;
                spec.system = system;
                err << QStringLiteral("[%1/%2] %3 %4 %5 %6 clients=%7: ")
                                .arg(++done)
                                .arg(total)
                                .arg(workloadName(spec.workload), spec.transport,
                                     encodingName(spec.encoding), systemName(system))
                                .arg(spec.clients);
                err.flush();
                try {
                    const QList<Sample> samples = runWorkload(spec);
                    QStringList shown;
                    for (const Sample &sample : samples) {
                        results.add(spec, sample);
                        shown << QStringLiteral("%1 %2 %3")
                                         .arg(sample.metric)
                                         .arg(sample.value, 0, 'f', 1)
                                         .arg(sample.unit);
                    }
                    err << shown.join(QStringLiteral(", ")) << '\n';
                } catch (const BenchError &error) {
                    err << "FAILED: " << error.message() << '\n';
                    results.addFailure(spec, error.message());
                }
                err.flush();
            }
        }
    }

    const QString jsonFile = parser.value(QStringLiteral("json-file"));
    if (!jsonFile.isEmpty()) {
        QFile file(jsonFile);
        if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
            QTextStream stream(&file);
            results.writeJson(stream);
        } else {
            err << "drs-bench: cannot write " << jsonFile << ": " << file.errorString() << '\n';
        }
    }
    QTextStream out(stdout);
    if (options.json)
        results.writeJson(out);
    else
        results.writeTable(out);
    out.flush();
    results.writeFailures(err);
    return results.hasFailures() ? 1 : 0;
}
