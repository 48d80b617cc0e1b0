// Placeholder until the serving scheduler links.
#include "app/cli/cmd_bench.h"
#include "app/cli/commands.h"
namespace cli {
int runServingBench(const BenchContext&) { return failWith("serving runs need the scheduler"); }
int runBatchSweep(const BenchContext&) { return failWith("serving runs need the scheduler"); }
}  // namespace cli
