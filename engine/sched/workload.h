#pragma once
// Workloads: the requests a serving benchmark replays. A workload is a list of
// requests, each with a prompt (text, or just a length filled with seeded
// pseudo-random token ids), an output length and an arrival time. Workloads
// come from a JSON file, a named preset, or an arrival-process generator.
//
// JSON form ("schema": "inferscope.workload/1"):
//   { "schema": "inferscope.workload/1", "name": "...",
//     "requests": [ {"prompt": "Once upon", "output_tokens": 64, "arrival_ms": 0},
//                   {"prompt_tokens": 128,  "output_tokens": 32, "arrival_ms": 12.5} ] }
// or a generator instead of "requests":
//   "generator": {"arrival": "poisson"|"fixed", "rate_per_s": 4, "count": 32,
//                 "prompt_tokens": 64, "output_tokens": 64, "seed": 1}
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"

namespace engine {

inline constexpr std::string_view kWorkloadSchema = "inferscope.workload/1";

struct WorkloadRequest {
    int32_t id = 0;                    // 0..n-1 in arrival order
    std::optional<std::string> prompt; // tokenized with BOS when set
    int32_t promptTokens = 0;          // used when prompt is empty: BOS + (promptTokens - 1) seeded ids
    int32_t outputTokens = 0;          // exactly this many are generated (EOS ignored)
    double arrivalMs = 0.0;            // relative to the start of the run
    bool operator==(const WorkloadRequest&) const = default;
};

struct Workload {
    std::string name;
    std::vector<WorkloadRequest> requests;  // sorted by arrivalMs
    uint64_t seed = 1;                      // for prompt-length-only requests
    bool operator==(const Workload&) const = default;
};

enum class ArrivalProcess { Fixed, Poisson, Count };

struct ArrivalSpec {
    ArrivalProcess process = ArrivalProcess::Poisson;
    double ratePerS = 4.0;   // mean arrivals per second; <= 0: all at time 0
    int32_t count = 16;
    int32_t promptTokens = 64;
    int32_t outputTokens = 64;
    uint64_t seed = 1;
};

// Fixed: request i arrives at i / rate. Poisson: exponential gaps with mean
// 1 / rate drawn from a seeded generator (same seed, same arrivals).
Workload generateArrivals(const ArrivalSpec& spec, const std::string& name);

// Parse / load; errors name the JSON path ("requests[3].output_tokens: ...").
Expected<Workload> parseWorkload(std::string_view jsonText);
Expected<Workload> loadWorkloadFile(const std::string& path);
std::string serializeWorkload(const Workload& workload);

// Built-in presets, by name (see workloadPresetNames()).
std::vector<std::string> workloadPresetNames();
Expected<Workload> workloadPreset(std::string_view name);

// The prompt token ids of a request: the tokenized prompt, or BOS followed by
// seeded ids in [3, vocabSize) when only a length is given.
class Tokenizer;
std::vector<int32_t> requestPromptIds(const WorkloadRequest& request, const Tokenizer& tokenizer, uint64_t seed);

}  // namespace engine
