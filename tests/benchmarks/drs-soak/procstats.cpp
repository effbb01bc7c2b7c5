#include "procstats.h"

#include <QtCore/QFile>

#include <sys/resource.h>

namespace Soak {

MemoryUsage memoryUsage(qint64 pid)
{
    MemoryUsage usage;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return usage;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        // "VmRSS:	   12345 kB"
        const auto value
                = [&line] { return line.mid(6).trimmed().split(' ').first().toLongLong(); };
        if (line.startsWith("VmRSS:"))
            usage.rssKiB = value();
        else if (line.startsWith("VmHWM:"))
            usage.peakKiB = value();
    }
    return usage;
}

qint64 raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return qint64(limit.rlim_cur);
}

} // namespace Soak
