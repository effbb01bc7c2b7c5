// Process statistics from /proc (Linux): resident memory of a process, and the open-files limit.
#ifndef PROCSTATS_H
#define PROCSTATS_H

#include <QtCore/QtGlobal>

namespace Soak {

struct MemoryUsage {
    qint64 rssKiB = -1; //!< VmRSS: resident now
    qint64 peakKiB = -1; //!< VmHWM: the highest resident size so far
};

//! Reads /proc/<pid>/status; -1 fields when it cannot.
MemoryUsage memoryUsage(qint64 pid);

//! Raises the soft RLIMIT_NOFILE to the hard limit; returns the limit now in force.
qint64 raiseOpenFileLimit();

} // namespace Soak

#endif // PROCSTATS_H
