// Shared vocabulary of drs-bench: workloads, systems, what one run measures, the messages sent,
// and small process helpers (file limit, /proc memory figures, stdout lines to the controller).
#ifndef BENCHCOMMON_H
#define BENCHCOMMON_H

#include <drscommand.h>

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QUrl>

#include <stdexcept>

namespace Bench {

enum class Workload { Fire, CallLatency, Pipelined, Broadcast, Idle, LargeBody };
enum class System { QtDrs, Raw };

QString workloadName(Workload workload); // "W1".."W6"
bool parseWorkload(const QString &name, Workload *workload);
QString systemName(System system); // "qtdrs", "raw"
bool parseSystem(const QString &name, System *system);
QString encodingName(DrsCommand::Encoding encoding); // "json", "cbor"
bool parseEncoding(const QString &name, DrsCommand::Encoding *encoding);
bool isKnownTransport(const QString &transport); // tcp, local, ws

//! A failed run: a lost reply, a wrong sum, a peer that did not start, a timeout.
class BenchError : public std::runtime_error {
public:
    explicit BenchError(const QString &message)
        : std::runtime_error(message.toStdString())
    {
    }
    QString message() const { return QString::fromStdString(what()); }
};

//! One run: a workload over one transport and encoding, by one system, at one size.
struct RunSpec {
    Workload workload = Workload::Fire;
    QString transport;
    DrsCommand::Encoding encoding = DrsCommand::JsonEncoding;
    System system = System::QtDrs;
    qint64 count = 0; // messages, calls, broadcasts, connections or large calls
    int clients = 1; // concurrent client connections (W1, W3, W4)
    int window = 1000; // outstanding calls at most (W3), over all clients
    qint64 bodySize = 0; // W6: bytes of the echoed payload string
    int timeoutMs = 120000;
};

//! One figure a run produced.
struct Sample {
    QString metric; // "rate", "p50", "p99", "rss-per-conn", "peak-rss"
    double value = 0;
    QString unit;
};

//! The action names and the 64-byte payload of the workloads.
inline constexpr char FireAction[] = "bench.fire";
inline constexpr char EchoAction[] = "bench.echo";
inline constexpr char CastAction[] = "bench.cast";
QString smallPayload();

//! {"i": i, "payload": "<64 x>"}: the body of W1 fires, W2/W3 calls and W4 broadcasts.
QJsonObject smallBody(qint64 i);
//! {"payload": "<size x>"}: the body of the W6 call.
QJsonObject largeBody(qint64 size);

/*!
    The bytes DRS writes for \a command in \a encoding on a stream transport (a JSON line, or one
    CBOR item) or, with \a forMessage, as one WebSocket message (no newline).
*/
QByteArray wireBytes(const DrsCommand &command, DrsCommand::Encoding encoding, bool forMessage);

//! A listen URL on loopback for \a transport, the port chosen by the system.
QUrl listenUrl(const QString &transport);

//! Raises RLIMIT_NOFILE to the hard limit; returns the new soft limit.
qint64 raiseFileLimit();
//! A "VmRSS"/"VmHWM" figure of process \a pid in KiB, -1 when unreadable.
qint64 processMemoryKiB(qint64 pid, const char *field);

/*!
    The server reports its connection count every ConnectReportStep connections (and at the
    count it waits for); the client keeps at most ConnectWindow connections that the server has
    not reported yet. The window stays under the listen backlog (50 in Qt): a connection the
    kernel drops from a full accept queue under SYN cookies would look open to an idle client
    and never reach the server.
*/
inline constexpr int ConnectReportStep = 8;
inline constexpr int ConnectWindow = 32;
inline bool shouldReportConnections(int count, int expected)
{
    return count == expected || (count > 0 && count % ConnectReportStep == 0);
}

//! Writes \a line and a newline to stdout and flushes: the peer's channel to the controller.
void tellController(const QByteArray &line);

} // namespace Bench

#endif // BENCHCOMMON_H
