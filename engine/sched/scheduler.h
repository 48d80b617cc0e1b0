#pragma once
// The serving scheduler: replays a Workload through one model with batched
// forward passes over a shared KV cache, the way serving systems do.
//
//   static      requests are taken in arrival order in fixed batches of
//               maxSequences; a batch runs until every sequence in it is done,
//               then the next batch starts (late arrivals wait).
//   continuous  a request queue; every step, finished sequences leave and
//               arrived requests join while there is room (maxSequences, KV
//               blocks). Each forward pass holds at most maxBatch tokens
//               (decode tokens first, then prompt chunks). When the paged pool
//               runs out, the newest running sequence is preempted: its blocks
//               are freed and it is recomputed from its prompt + generated
//               tokens when room returns (vLLM's recompute preemption).
//
// Details: a static batch is formed when the previous one ends, from the
// requests that have arrived by then (waiting for the next one if none has);
// it reserves the cache its sequences need at their longest, so it never
// preempts (a paged batch that would not fit is cut short). Continuous
// admission is first come first served and needs room for the request's
// prefix plus one token. With kv mode off nothing is cached: every pass feeds
// each sequence's whole prefix (a sequence longer than maxBatch runs alone).
// Requests that could never fit (context, cache slot or pool) are refused
// before the cache is allocated, naming the request and the numbers.
//
// Sampling is greedy unless the options say otherwise; every request generates
// exactly outputTokens tokens (EOS does not stop a benchmark request).
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/kv/kv_store.h"
#include "engine/metrics/latency_stats.h"
#include "engine/sched/workload.h"
#include "engine/trace/tracer.h"

namespace engine {

class LlamaModel;
class Tokenizer;

// What the scheduler just did, told to SchedulerOptions::onStep after every
// forward pass and after sequences leave: the cache as it stands and which
// request each live cache sequence serves. Read-only, for visualisations.
struct SchedulerStep {
    int64_t pass = 0;   // forward passes so far
    double ms = 0.0;    // since the run started
    const KvStore* store = nullptr;
    std::vector<std::pair<int32_t, int32_t>> owners;  // (cache sequence id, request id) of every running sequence
    int32_t finishedRequests = 0;  // requests that have generated all their tokens
    int64_t generatedTokens = 0;   // output tokens sampled so far, over every request
};

struct SchedulerOptions {
    BatchingPolicy policy = BatchingPolicy::Continuous;
    int32_t maxBatch = 512;      // tokens per forward pass
    int32_t maxSequences = 8;    // sequences running at once
    KvCacheConfig kv;            // mode / block size / capacity / dtype (unset = engine defaults)
    SamplingConfig sampling;     // unset = greedy
    bool realTime = true;        // honour arrival times (sleep until due); false: all arrive at 0
    std::function<void(const SchedulerStep&)> onStep;  // optional observer (on the calling thread)
};

struct RequestOutcome {
    int32_t id = 0;
    std::vector<int32_t> promptTokens;
    std::vector<int32_t> outputTokens;
    RequestTimeline timeline;   // ms since the run started; startMs = arrival
    RequestMetrics metrics;
    int32_t preemptions = 0;
};

// One forward pass: when it ended, how long it took (the pass and its
// sampling) and what it served, for throughput against batch size.
struct PassRecord {
    double endMs = 0.0;          // since the run started
    double ms = 0.0;             // the pass's own time
    int32_t sequences = 0;       // sequences in the pass (= batchSizes entry)
    int32_t fedTokens = 0;       // tokens fed (prompt chunks, decode tokens, recomputed prefixes)
    int32_t sampledTokens = 0;   // output tokens it produced
};

// KvMemoryStats (allocated / used / peak bytes, fragmentation, blocks) is
// defined with the store in engine/kv/kv_store.h.

struct ScheduleResult {
    std::vector<RequestOutcome> requests;  // by request id
    double wallMs = 0.0;
    int64_t forwardPasses = 0;
    int64_t preemptions = 0;
    std::vector<int32_t> batchSizes;       // sequences in each forward pass
    std::vector<PassRecord> passes;        // every forward pass, in order
    KvMemoryStats kv;                      // at the end, with the peak
    KvStoreSpec kvSpec;                    // the cache as resolved (defaults filled in: mode, capacity, ...)
    Throughput throughput;
};

Expected<ScheduleResult> runWorkload(LlamaModel& model, const Tokenizer& tokenizer, const Workload& workload,
                                     const SchedulerOptions& options, const std::atomic<bool>* cancel = nullptr,
                                     Tracer* tracer = nullptr);

}  // namespace engine
