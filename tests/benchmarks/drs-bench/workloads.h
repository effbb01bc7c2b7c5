// The six workloads of drs-bench, written once against BenchClient and PeerProcess so that the
// qtdrs and raw systems run exactly the same steps.
#ifndef WORKLOADS_H
#define WORKLOADS_H

#include "benchcommon.h"

namespace Bench {

/*!
    Runs \a spec once: starts its server process, drives its clients from this process, checks
    that nothing was lost (counts, sums, replies), and stops the server. Throws BenchError.
*/
QList<Sample> runWorkload(const RunSpec &spec);

} // namespace Bench

#endif // WORKLOADS_H
