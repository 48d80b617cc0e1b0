#include "engine/session/bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "engine/session/sampler.h"

namespace engine {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<int32_t> randomTokens(int64_t n, int64_t vocab, uint64_t seed)
{
    Rng rng(seed);
    std::vector<int32_t> ids(static_cast<size_t>(n));
    for (int32_t& id : ids) id = static_cast<int32_t>(rng.nextU32() % static_cast<uint64_t>(vocab));
    return ids;
}

Status checkBenchArgs(const LlamaModel& model, const char* what, int32_t nTokens, int32_t repetitions,
                      int32_t depth = 0)
{
    if (nTokens < 1 || repetitions < 1 || depth < 0)
        return makeError(ErrorCode::InvalidArgument, std::string(what) + ": tokens and repetitions must be >= 1 (got " +
                                                         std::to_string(nTokens) + ", " +
                                                         std::to_string(repetitions) + "), depth >= 0");
    if (int64_t{depth} + nTokens > model.config().contextLength)
        return makeError(ErrorCode::OutOfRange, std::string(what) + std::to_string(nTokens) +
                                                    (depth > 0 ? " at depth " + std::to_string(depth) : "") +
                                                    " exceeds the model context of " +
                                                    std::to_string(model.config().contextLength) +
                                                    " tokens");
    return okStatus();
}

// "pp512", or "pp512 @ d1024" after a prefix (llama-bench's names).
std::string testName(const char* kind, int32_t nTokens, int32_t depth)
{
    std::string name = kind + std::to_string(nTokens);
    if (depth > 0) name += " @ d" + std::to_string(depth);
    return name;
}

// Fills positions 0..depth-1 of `cache` with `ids` (untimed).
Status fillDepth(LlamaModel& model, KvCache& cache, const std::vector<int32_t>& ids, int32_t depth,
                 std::vector<float>& logits, const std::atomic<bool>* cancel)
{
    if (depth == 0) return okStatus();
    return model.forward({ids.data(), size_t(depth)}, 0, cache, logits.data(), LogitsMode::Last, cancel);
}

// A repetition restarts at `depth`. Where the sliding-window layers' rings
// have moved past the window before it, the depth is filled again (untimed).
Status refillDepth(LlamaModel& model, KvCache& cache, const std::vector<int32_t>& ids, int32_t depth,
                   std::vector<float>& logits, const std::atomic<bool>* cancel)
{
    if (cache.store().mode() == KvCacheMode::Off || cache.store().canWriteFrom(cache.sequence(), depth))
        return okStatus();
    return fillDepth(model, cache, ids, depth, logits, cancel);
}

BenchStat summarize(std::string name, int32_t tokens, const std::vector<double>& ms)
{
    BenchStat s;
    s.name = std::move(name);
    s.tokens = tokens;
    double sumMs = 0.0;
    for (double m : ms) {
        sumMs += m;
        s.samplesTokPerS.push_back(m > 0.0 ? 1000.0 * tokens / m : 0.0);
    }
    s.meanMs = sumMs / static_cast<double>(ms.size());
    double sum = 0.0;
    for (double v : s.samplesTokPerS) sum += v;
    s.meanTokPerS = sum / static_cast<double>(ms.size());
    double var = 0.0;
    for (double v : s.samplesTokPerS) var += (v - s.meanTokPerS) * (v - s.meanTokPerS);
    s.stddevTokPerS = ms.size() > 1 ? std::sqrt(var / static_cast<double>(ms.size() - 1)) : 0.0;
    return s;
}

// Runs `once` `repetitions` times; the wall time of each run in ms.
template <typename Fn>
Expected<std::vector<double>> timeRepetitions(int32_t repetitions, const Fn& once,
                                              const std::function<Status()>& untimed = {})
{
    std::vector<double> ms;
    for (int32_t r = 0; r < repetitions; ++r) {
        if (untimed) ENGINE_TRY(untimed());
        const auto t0 = Clock::now();
        ENGINE_TRY(once());
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return ms;
}

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    if (n == 0) return 0.0;
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One greedy generation; per-step milliseconds into `ms`, tokens into `tokens`.
// cacheOn = false runs the engine's KV mode off: every step is one forward
// pass over the whole sequence from position 0.
Status timedGreedy(LlamaModel& model, const std::vector<int32_t>& prompt, int32_t nTokens, bool cacheOn,
                   const std::atomic<bool>* cancel, std::vector<double>& ms, std::vector<int32_t>& tokens)
{
    const auto capacity = static_cast<int64_t>(prompt.size()) + nTokens;
    KvCacheConfig kv;
    kv.mode = cacheOn ? KvCacheMode::Contiguous : KvCacheMode::Off;  // off: the store keeps nothing
    auto cache = model.makeCache(capacity, kv);
    if (!cache) return cache.error();
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    std::vector<int32_t> sequence = prompt;
    ms.clear();
    tokens.clear();
    for (int32_t i = 0; i < nTokens; ++i) {
        const auto t0 = Clock::now();
        if (!cacheOn || i == 0) {
            ENGINE_TRY(model.forward(sequence, 0, *cache, logits.data(), LogitsMode::Last, cancel));
        } else {
            const int32_t last = sequence.back();
            ENGINE_TRY(model.forward({&last, 1}, static_cast<int64_t>(sequence.size()) - 1, *cache, logits.data(),
                                     LogitsMode::Last, cancel));
        }
        const int32_t next = argmax(logits);
        ms.push_back(msSince(t0));
        tokens.push_back(next);
        sequence.push_back(next);
    }
    return okStatus();
}

// The devices' view of the repetitions just timed.
BenchStat withDevices(BenchStat stat, const LlamaModel& model, const KvStore& store)
{
    stat.devices = model.deviceReports();
    for (DeviceReport& d : stat.devices) {
        const KvMemoryStats kv = store.shardStats(store.shardCount() > 1 ? d.rank : 0);
        d.kvAllocatedBytes = kv.allocatedBytes;
        d.kvUsedBytes = kv.peakUsedBytes;
    }
    stat.forwardNs = model.forwardNs();
    stat.pipelineBubble = model.pipelineBubble();
    return stat;
}

}  // namespace

Expected<BenchStat> benchPrefill(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                 const std::atomic<bool>* cancel, const KvCacheConfig& kv, int32_t depth)
{
    ENGINE_TRY(checkBenchArgs(model, "pp", nTokens, repetitions, depth));
    auto cache = model.makeCache(int64_t{depth} + nTokens, kv);
    if (!cache) return cache.error();
    const std::vector<int32_t> ids = randomTokens(int64_t{depth} + nTokens, model.config().vocabSize, seed);
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    ENGINE_TRY(fillDepth(model, *cache, ids, depth, logits, cancel));
    model.resetDeviceStats();
    // Every repetition writes the same positions again, over the same prefix.
    auto ms = timeRepetitions(
        repetitions,
        [&]() -> Status {
            return model.forward({ids.data() + depth, size_t(nTokens)}, depth, *cache, logits.data(),
                                 LogitsMode::Last, cancel);
        },
        [&]() { return refillDepth(model, *cache, ids, depth, logits, cancel); });
    if (!ms) return ms.error();
    BenchStat stat = summarize(testName("pp", nTokens, depth), nTokens, *ms);
    stat.depth = depth;
    return withDevices(std::move(stat), model, cache->store());
}

Expected<BenchStat> benchDecode(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                const std::atomic<bool>* cancel, const KvCacheConfig& kv, int32_t depth)
{
    ENGINE_TRY(checkBenchArgs(model, "tg", nTokens, repetitions, depth));
    auto cache = model.makeCache(int64_t{depth} + nTokens, kv);
    if (!cache) return cache.error();
    const std::vector<int32_t> ids = randomTokens(int64_t{depth} + nTokens, model.config().vocabSize, seed);
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    const bool cached = kv.mode.value_or(KvCacheMode::Contiguous) != KvCacheMode::Off;
    if (cached) ENGINE_TRY(fillDepth(model, *cache, ids, depth, logits, cancel));
    model.resetDeviceStats();
    auto ms = timeRepetitions(repetitions, [&]() -> Status {
        for (int32_t i = depth; i < depth + nTokens; ++i) {
            const std::span<const int32_t> step = cached ? std::span<const int32_t>(&ids[size_t(i)], 1)
                                                         : std::span<const int32_t>(ids.data(), size_t(i) + 1);
            ENGINE_TRY(model.forward(step, cached ? i : 0, *cache, logits.data(), LogitsMode::Last, cancel));
        }
        return okStatus();
    }, [&]() { return refillDepth(model, *cache, ids, depth, logits, cancel); });
    if (!ms) return ms.error();
    BenchStat stat = summarize(testName("tg", nTokens, depth), nTokens, *ms);
    stat.depth = depth;
    return withDevices(std::move(stat), model, cache->store());
}

Expected<std::vector<BenchStat>> runBench(LlamaModel& model, const BenchOptions& o)
{
    std::vector<BenchStat> out;
    // Warm-up: page in the weights and let thread pools spin up.
    if (o.promptTokens > 0 || o.genTokens > 0) {
        auto warm = benchDecode(model, 1, 1, o.seed, o.cancel, o.kv);
        if (!warm) return warm.error();
    }
    if (o.promptTokens > 0) {
        auto pp = benchPrefill(model, o.promptTokens, o.repetitions, o.seed, o.cancel, o.kv, o.depth);
        if (!pp) return pp.error();
        out.push_back(std::move(*pp));
    }
    if (o.genTokens > 0) {
        auto tg = benchDecode(model, o.genTokens, o.repetitions, o.seed, o.cancel, o.kv, o.depth);
        if (!tg) return tg.error();
        out.push_back(std::move(*tg));
    }
    return out;
}

}  // namespace engine

namespace engine {

Expected<KvSweepResult> benchKvSweep(LlamaModel& model, const std::vector<int32_t>& prompt, int32_t nTokens,
                                     int32_t repetitions, const std::atomic<bool>* cancel)
{
    if (prompt.empty()) return makeError(ErrorCode::InvalidArgument, "kv sweep: the prompt needs at least one token");
    ENGINE_TRY(checkBenchArgs(model, "kv sweep -n ", nTokens, repetitions));
    const auto total = static_cast<int64_t>(prompt.size()) + nTokens;
    if (total > model.config().contextLength)
        return makeError(ErrorCode::OutOfRange, "kv sweep: " + std::to_string(prompt.size()) + " prompt + " +
                                                    std::to_string(nTokens) + " generated tokens exceed the model context of " +
                                                    std::to_string(model.config().contextLength));
    ENGINE_TRY(benchDecode(model, 1, 1, 1, cancel));  // warm-up
    KvSweepResult r;
    std::vector<std::vector<double>> off(static_cast<size_t>(nTokens)), on(static_cast<size_t>(nTokens));
    std::vector<double> ms;
    for (int32_t rep = 0; rep < repetitions; ++rep) {
        ENGINE_TRY(timedGreedy(model, prompt, nTokens, false, cancel, ms, r.tokensOff));
        for (size_t i = 0; i < ms.size(); ++i) off[i].push_back(ms[i]);
        ENGINE_TRY(timedGreedy(model, prompt, nTokens, true, cancel, ms, r.tokensOn));
        for (size_t i = 0; i < ms.size(); ++i) on[i].push_back(ms[i]);
    }
    for (int32_t i = 0; i < nTokens; ++i) {
        r.positions.push_back(static_cast<int32_t>(prompt.size()) + i);
        r.offMs.push_back(median(off[static_cast<size_t>(i)]));
        r.onMs.push_back(median(on[static_cast<size_t>(i)]));
    }
    return r;
}

Expected<TraceOverhead> benchTraceOverhead(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                           const std::atomic<bool>* cancel)
{
    ENGINE_TRY(checkBenchArgs(model, "trace overhead tg", nTokens, repetitions));
    ENGINE_TRY(benchDecode(model, nTokens, 1, seed, cancel));  // warm-up: pages, pools, scratch
    Tracer* const previous = model.tracer();
    Tracer tracer(size_t{1} << 16);
    TraceOverhead t;
    t.tokens = nTokens;
    t.repetitions = repetitions;
    auto timedRun = [&](bool traced) -> Expected<double> {
        tracer.clear();
        model.setTracer(traced ? &tracer : nullptr);
        auto stat = benchDecode(model, nTokens, 1, seed, cancel);
        // The GPU's records are part of the traced run's cost.
        if (traced && model.tracesGpuActivity()) {
            t.gpu = model.collectGpuActivity();
            t.gpuTraced = true;
        }
        model.setTracer(previous);
        if (!stat) return stat.error();
        return stat->meanMs;
    };
    for (int32_t rep = 0; rep < repetitions; ++rep) {
        for (int32_t k = 0; k < 2; ++k) {
            const bool traced = (rep + k) % 2 == 1;  // off, on; then on, off; ...
            auto ms = timedRun(traced);
            if (!ms) return ms.error();
            (traced ? t.onSamplesMs : t.offSamplesMs).push_back(*ms);
            if (traced) t.spansPerRun = tracer.spans().size() + tracer.droppedSpans();
        }
    }
    t.gpuProblem = model.gpuTraceProblem();
    t.offMs = median(t.offSamplesMs);
    t.onMs = median(t.onSamplesMs);
    // Paired: each repetition's traced run against its untraced neighbour, so a
    // change in machine load between repetitions cancels out of every pair.
    std::vector<double> pairedPct;
    for (size_t i = 0; i < t.offSamplesMs.size(); ++i)
        if (t.offSamplesMs[i] > 0.0) pairedPct.push_back(100.0 * (t.onSamplesMs[i] - t.offSamplesMs[i]) / t.offSamplesMs[i]);
    t.overheadPct = median(pairedPct);
    if (t.spansPerRun > 0) t.nsPerSpan = 1e6 * (t.onMs - t.offMs) / static_cast<double>(t.spansPerRun);
    return t;
}

}  // namespace engine
