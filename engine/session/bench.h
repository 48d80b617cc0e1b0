#pragma once
// Throughput benchmarks in llama-bench terms: pp<N> is one prefill of an
// N-token prompt, tg<N> is N single-token decode steps from an empty context.
// Token ids are pseudo-random (seeded) so runs are repeatable; the numbers are
// tokens per second of forward passes only (no sampling, no tokenizer).
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/model/llama_model.h"

namespace engine {

struct BenchOptions {
    int32_t promptTokens = 512;  // pp<N>; 0 skips the prefill test
    int32_t genTokens = 128;     // tg<N>; 0 skips the decode test
    int32_t repetitions = 5;
    uint64_t seed = 1;
    const std::atomic<bool>* cancel = nullptr;
};

struct BenchStat {
    std::string name;     // "pp512", "tg128"
    int32_t tokens = 0;
    double meanTokPerS = 0.0;
    double stddevTokPerS = 0.0;
    double meanMs = 0.0;  // per repetition
    std::vector<double> samplesTokPerS;
};

// pp<nTokens>: `repetitions` timed prefills, each into a fresh cache.
Expected<BenchStat> benchPrefill(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                 const std::atomic<bool>* cancel = nullptr);
// tg<nTokens>: `repetitions` timed runs of nTokens decode steps at positions 0..nTokens-1.
Expected<BenchStat> benchDecode(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                const std::atomic<bool>* cancel = nullptr);
// Both, as asked by `options` (one untimed warm-up step first).
Expected<std::vector<BenchStat>> runBench(LlamaModel& model, const BenchOptions& options);

}  // namespace engine
