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
#include "engine/trace/gpu_spans.h"
#include "engine/trace/tracer.h"

namespace engine {

struct BenchOptions {
    int32_t promptTokens = 512;  // pp<N>; 0 skips the prefill test
    int32_t genTokens = 128;     // tg<N>; 0 skips the decode test
    int32_t repetitions = 5;
    uint64_t seed = 1;
    // Tokens already in the cache when the timed part starts (llama-bench's -d):
    // pp<N> @ d<D> prefills positions D..D+N-1, tg<N> @ d<D> decodes from D.
    int32_t depth = 0;
    // The cache the tests run on (unset fields: contiguous f32), as a profile's kv_cache section.
    KvCacheConfig kv;
    const std::atomic<bool>* cancel = nullptr;
};

struct BenchStat {
    std::string name;     // "pp512", "tg128", "pp512 @ d1024"
    int32_t tokens = 0;
    int32_t depth = 0;    // tokens in the cache before the timed part
    double meanTokPerS = 0.0;
    double stddevTokPerS = 0.0;
    double meanMs = 0.0;  // per repetition
    std::vector<double> samplesTokPerS;
    // Per device over the timed repetitions: memory, busy time, communication.
    std::vector<DeviceReport> devices;
    int64_t forwardNs = 0;        // wall time of the forward passes, all repetitions
    double pipelineBubble = 0.0;  // pipeline split only (LlamaModel::pipelineBubble)
};

// pp<nTokens>: `repetitions` timed prefills of positions depth..depth+nTokens-1
// into a cache of the `kv` configuration (unset fields: contiguous f32) that
// holds `depth` tokens already (filled once, untimed).
Expected<BenchStat> benchPrefill(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                 const std::atomic<bool>* cancel = nullptr, const KvCacheConfig& kv = {},
                                 int32_t depth = 0);
// tg<nTokens>: `repetitions` timed runs of nTokens decode steps at positions
// depth..depth+nTokens-1. With kv mode off nothing is cached, so step i is one
// forward pass over positions 0..depth+i (what decoding without a KV cache costs).
Expected<BenchStat> benchDecode(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                const std::atomic<bool>* cancel = nullptr, const KvCacheConfig& kv = {},
                                int32_t depth = 0);
// Both, as asked by `options` (one untimed warm-up step first).
Expected<std::vector<BenchStat>> runBench(LlamaModel& model, const BenchOptions& options);

// ---- KV cache off vs on (teaching data) ---------------------------------------
// One greedy generation of nTokens after `prompt`, twice: with kv_cache mode
// off (nothing stored: every step recomputes keys and values of the whole
// prefix in one forward over all positions so far, the textbook baseline) and
// contiguous (the prompt once, then one token per step reading the cache). Latency of step i covers the
// forward pass and the argmax that produce generated token i, which sits at
// sequence position prompt.size() + i. With `repetitions` > 1 each position
// keeps the median over repetitions.
struct KvSweepResult {
    std::vector<int32_t> positions;
    std::vector<double> offMs;
    std::vector<double> onMs;
    std::vector<int32_t> tokensOff;  // the greedy tokens of each mode: equal when
    std::vector<int32_t> tokensOn;   // batched and single-token forwards agree
};
Expected<KvSweepResult> benchKvSweep(LlamaModel& model, const std::vector<int32_t>& prompt, int32_t nTokens,
                                     int32_t repetitions = 1, const std::atomic<bool>* cancel = nullptr);

// ---- tracer overhead --------------------------------------------------------------
// tg<nTokens> decode runs alternating tracer off and on (order flipped every
// repetition); the overhead is the median over repetitions of each pair's
// relative gap, so load that changes between repetitions cancels out.
struct TraceOverhead {
    int32_t tokens = 0;
    int32_t repetitions = 0;
    double offMs = 0.0;  // median run time, tracer off
    double onMs = 0.0;   // median run time, tracer on
    double overheadPct = 0.0;  // median over repetitions i of 100 * (on_i - off_i) / off_i
    uint64_t spansPerRun = 0;
    double nsPerSpan = 0.0;    // (on - off) / spans: the cost of recording one span
    std::vector<double> offSamplesMs;
    std::vector<double> onSamplesMs;
    // A model on a GPU: the last traced run's GPU activity (kernels, their
    // share tied to an op, dropped records), or why it was not traced.
    bool gpuTraced = false;
    GpuSpanStats gpu;
    std::string gpuProblem;
};
Expected<TraceOverhead> benchTraceOverhead(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                           const std::atomic<bool>* cancel = nullptr);

}  // namespace engine
