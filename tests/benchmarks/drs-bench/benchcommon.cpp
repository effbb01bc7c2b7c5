#include "benchcommon.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>

#include <sys/resource.h>

#include <cstdio>

namespace Bench {

QString workloadName(Workload workload)
{
    return QStringLiteral("W%1").arg(int(workload) + 1);
}

bool parseWorkload(const QString &name, Workload *workload)
{
    bool ok = false;
    const int n = name.mid(1).toInt(&ok);
    if (!name.startsWith(QLatin1Char('W'), Qt::CaseInsensitive) || !ok || n < 1 || n > 6)
        return false;
    *workload = Workload(n - 1);
    return true;
}

QString systemName(System system)
{
    return system == System::QtDrs ? QStringLiteral("qtdrs") : QStringLiteral("raw");
}

bool parseSystem(const QString &name, System *system)
{
    if (name == QLatin1String("qtdrs"))
        *system = System::QtDrs;
    else if (name == QLatin1String("raw"))
        *system = System::Raw;
    else
        return false;
    return true;
}

QString encodingName(DrsCommand::Encoding encoding)
{
    return encoding == DrsCommand::CborEncoding ? QStringLiteral("cbor") : QStringLiteral("json");
}

bool parseEncoding(const QString &name, DrsCommand::Encoding *encoding)
{
    if (name == QLatin1String("json"))
        *encoding = DrsCommand::JsonEncoding;
    else if (name == QLatin1String("cbor"))
        *encoding = DrsCommand::CborEncoding;
    else
        return false;
    return true;
}

bool isKnownTransport(const QString &transport)
{
    return transport == QLatin1String("tcp") || transport == QLatin1String("local")
            || transport == QLatin1String("ws");
}

QString smallPayload()
{
    return QString(64, QLatin1Char('x'));
}

QJsonObject smallBody(qint64 i)
{
    static const QString payload = smallPayload();
    return QJsonObject { { QStringLiteral("i"), i }, { QStringLiteral("payload"), payload } };
}

QJsonObject largeBody(qint64 size)
{
    return QJsonObject { { QStringLiteral("payload"), QString(size, QLatin1Char('x')) } };
}

QByteArray wireBytes(const DrsCommand &command, DrsCommand::Encoding encoding, bool forMessage)
{
    if (encoding == DrsCommand::CborEncoding)
        return command.toCbor();
    QByteArray json = command.toJson();
    if (!forMessage)
        json.append('\n');
    return json;
}

QUrl listenUrl(const QString &transport)
{
    static int counter = 0;
    if (transport == QLatin1String("ws"))
        return QUrl(QStringLiteral("ws://127.0.0.1:0/socket"));
    if (transport == QLatin1String("local"))
        return QUrl(QStringLiteral("local:drs-bench-%1-%2")
                            .arg(QCoreApplication::applicationPid())
                            .arg(++counter));
    return QUrl(QStringLiteral("tcp://127.0.0.1:0"));
}

qint64 raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
            return -1;
    }
    return qint64(limit.rlim_cur);
}

qint64 processMemoryKiB(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void tellController(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace Bench
