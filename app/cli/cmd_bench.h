#pragma once
// The modes of `inferscope-cli bench` beside pp/tg (cmd_bench.cc): a serving
// run of a workload, the batch-size sweep (cmd_bench_serving.cc), the KV cache
// on/off sweep and the tracer overhead (cmd_bench.cc). Each prints a table or,
// with --json, one JSON object, and returns the exit code.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/config/profile.h"
#include "engine/session/engine.h"

namespace cli {

struct BenchContext {
    std::string modelPath;
    engine::Engine* engine = nullptr;
    engine::Profile profile;         // empty when no --profile was given
    std::string profilePath;
    std::string workloadPath;        // --workload
    std::string preset;              // --preset
    std::string tracePath;           // --trace
    std::optional<engine::BatchingPolicy> policy;  // --policy overrides batching.policy
    std::optional<int32_t> maxSequences;           // --max-sequences overrides batching.max_sequences
    bool realTime = true;            // --no-wait clears it
    bool emitTokens = false;
    bool json = false;
    bool contextOverridden = false;  // --ctx
};

int runServingBench(const BenchContext& context);
int runBatchSweep(const BenchContext& context);

// The effective-configuration record of a run: the requested profile and
// what the load passes adjusted, as JSON.
nlohmann::json effectiveJson(const BenchContext& context);

std::string humanBytes(double bytes);

}  // namespace cli
