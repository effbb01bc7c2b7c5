#include "benchclient.h"

#include "drspeers.h"
#include "rawpeers.h"

namespace Bench {

BenchClient *BenchClient::create(const RunSpec &spec, QObject *parent)
{
    if (spec.system == System::QtDrs)
        return new DrsBenchClient(spec, parent);
    return new RawBenchClient(spec, parent);
}

} // namespace Bench
