#include "engine/session/bench.h"

#include <chrono>
#include <cmath>

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

Status checkBenchArgs(const LlamaModel& model, const char* what, int32_t nTokens, int32_t repetitions)
{
    if (nTokens < 1 || repetitions < 1)
        return makeError(ErrorCode::InvalidArgument, std::string(what) + ": tokens and repetitions must be >= 1 (got " +
                                                         std::to_string(nTokens) + ", " +
                                                         std::to_string(repetitions) + ")");
    if (nTokens > model.config().contextLength)
        return makeError(ErrorCode::OutOfRange, std::string(what) + std::to_string(nTokens) +
                                                    " exceeds the model context of " +
                                                    std::to_string(model.config().contextLength) + " tokens");
    return okStatus();
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
Expected<std::vector<double>> timeRepetitions(int32_t repetitions, const Fn& once)
{
    std::vector<double> ms;
    for (int32_t r = 0; r < repetitions; ++r) {
        const auto t0 = Clock::now();
        ENGINE_TRY(once());
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return ms;
}

}  // namespace

Expected<BenchStat> benchPrefill(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                 const std::atomic<bool>* cancel)
{
    ENGINE_TRY(checkBenchArgs(model, "pp", nTokens, repetitions));
    auto cache = model.makeCache(nTokens);
    if (!cache) return cache.error();
    const std::vector<int32_t> ids = randomTokens(nTokens, model.config().vocabSize, seed);
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    auto ms = timeRepetitions(repetitions, [&]() -> Status {
        return model.forward(ids, 0, *cache, logits.data(), LogitsMode::Last, cancel);
    });
    if (!ms) return ms.error();
    return summarize("pp" + std::to_string(nTokens), nTokens, *ms);
}

Expected<BenchStat> benchDecode(LlamaModel& model, int32_t nTokens, int32_t repetitions, uint64_t seed,
                                const std::atomic<bool>* cancel)
{
    ENGINE_TRY(checkBenchArgs(model, "tg", nTokens, repetitions));
    auto cache = model.makeCache(nTokens);
    if (!cache) return cache.error();
    const std::vector<int32_t> ids = randomTokens(nTokens, model.config().vocabSize, seed);
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    auto ms = timeRepetitions(repetitions, [&]() -> Status {
        for (int32_t i = 0; i < nTokens; ++i)
            ENGINE_TRY(model.forward({&ids[static_cast<size_t>(i)], 1}, i, *cache, logits.data(),
                                     LogitsMode::Last, cancel));
        return okStatus();
    });
    if (!ms) return ms.error();
    return summarize("tg" + std::to_string(nTokens), nTokens, *ms);
}

Expected<std::vector<BenchStat>> runBench(LlamaModel& model, const BenchOptions& o)
{
    std::vector<BenchStat> out;
    // Warm-up: page in the weights and let thread pools spin up.
    if (o.promptTokens > 0 || o.genTokens > 0) {
        auto warm = benchDecode(model, 1, 1, o.seed, o.cancel);
        if (!warm) return warm.error();
    }
    if (o.promptTokens > 0) {
        auto pp = benchPrefill(model, o.promptTokens, o.repetitions, o.seed, o.cancel);
        if (!pp) return pp.error();
        out.push_back(std::move(*pp));
    }
    if (o.genTokens > 0) {
        auto tg = benchDecode(model, o.genTokens, o.repetitions, o.seed, o.cancel);
        if (!tg) return tg.error();
        out.push_back(std::move(*tg));
    }
    return out;
}

}  // namespace engine
