#include "engine/eval/compare.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/common/message_catalog.h"
#include "engine/model/llama_model.h"
#include "engine/session/sampler.h"

namespace engine {

double klDivergence(std::span<const double> logP, std::span<const double> logQ)
{
    double sum = 0.0;
    for (size_t i = 0; i < logP.size(); ++i) {
        const double p = std::exp(logP[i]);
        // p == 0 contributes nothing (the limit of p log p), even against q == 0.
        if (p > 0.0) sum += p * (logP[i] - logQ[i]);
    }
    return std::max(sum, 0.0);
}

double percentileNearestRank(std::vector<double> values, double p)
{
    if (values.empty()) return 0.0;
    const double n = double(values.size());
    const auto rank = std::clamp<int64_t>(int64_t(std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * n)), 1,
                                          int64_t(values.size()));
    auto kth = values.begin() + (rank - 1);
    std::nth_element(values.begin(), kth, values.end());
    return *kth;
}

namespace {

// Accumulates the per-position comparison of two logits rows.
class PositionStats {
public:
    explicit PositionStats(size_t vocab) : m_vocab(vocab) {}

    // Returns false when either row is not finite.
    bool add(const float* base, const float* test, int32_t target)
    {
        const std::span<const float> b(base, m_vocab);
        const std::span<const float> t(test, m_vocab);
        logSoftmax(b, m_logP);
        logSoftmax(t, m_logQ);
        const double nllBase = -m_logP[size_t(target)];
        const double nllTest = -m_logQ[size_t(target)];
        const double kld = klDivergence(m_logP, m_logQ);
        if (!std::isfinite(nllBase) || !std::isfinite(nllTest) || !std::isfinite(kld)) return false;
        m_nllBase += nllBase;
        m_nllTest += nllTest;
        m_nllDiff.push_back(nllTest - nllBase);
        const double dp = std::exp(-nllTest) - std::exp(-nllBase);
        m_deltaPSquares += dp * dp;
        m_kld.push_back(kld);
        if (argmax(b) == argmax(t)) ++m_matches;
        return true;
    }

    CompareResult finish(const EvalOptions& resolved, int64_t windows)
    {
        CompareResult r;
        const auto n = int64_t(m_kld.size());
        const auto perplexity = [&](double nllSum) {
            PerplexityResult p;
            p.tokens = n;
            p.windows = windows;
            p.window = resolved.window;
            p.stride = resolved.stride;
            p.meanNll = nllSum / double(n);
            p.ppl = std::exp(p.meanNll);
            return p;
        };
        r.base = perplexity(m_nllBase);
        r.test = perplexity(m_nllTest);
        r.deltaPpl = r.test.ppl - r.base.ppl;
        r.positions = n;
        double sum = 0.0;
        for (double k : m_kld) {
            sum += k;
            r.maxKld = std::max(r.maxKld, k);
        }
        r.meanKld = sum / double(n);
        r.medianKld = percentileNearestRank(m_kld, 50.0);
        r.p99Kld = percentileNearestRank(m_kld, 99.0);
        r.p999Kld = percentileNearestRank(m_kld, 99.9);
        r.rmsDeltaP = std::sqrt(m_deltaPSquares / double(n));
        r.top1Matches = m_matches;
        r.top1Agreement = double(m_matches) / double(n);
        r.top1StdErr = std::sqrt(r.top1Agreement * (1.0 - r.top1Agreement) / double(n));
        // ln(PPL_test / PPL_base) is the mean per-token NLL difference; its
        // standard error carries over to the ratio (delta method).
        r.pplRatio = r.test.ppl / r.base.ppl;
        if (n > 1) {
            const double meanDiff = (m_nllTest - m_nllBase) / double(n);
            double squares = 0.0;
            for (double d : m_nllDiff) squares += (d - meanDiff) * (d - meanDiff);
            r.pplRatioStdErr = r.pplRatio * std::sqrt(squares / double(n - 1) / double(n));
        }
        r.kld = std::move(m_kld);
        return r;
    }

private:
    size_t m_vocab;
    std::vector<double> m_logP, m_logQ;
    double m_nllBase = 0.0, m_nllTest = 0.0, m_deltaPSquares = 0.0;
    std::vector<double> m_nllDiff;
    int64_t m_matches = 0;
    std::vector<double> m_kld;
};

}  // namespace

Expected<CompareResult> compareModels(LlamaModel& base, LlamaModel& test, std::span<const int32_t> tokens,
                                      const EvalOptions& options)
{
    const ModelConfig& cb = base.config();
    const ModelConfig& ct = test.config();
    if (cb.vocabSize != ct.vocabSize)
        return makeError(ErrorCode::InvalidArgument,
                         msg("eval.vocab_mismatch", {{"first", cb.vocabSize}, {"second", ct.vocabSize}}));
    ENGINE_TRY(checkEvalTokens(tokens, cb.vocabSize));
    auto resolved = resolveEvalOptions(options, std::min(cb.contextLength, ct.contextLength));
    if (!resolved) return resolved.error();
    auto windows = planEvalWindows(int64_t(tokens.size()), *resolved);
    if (!windows) return windows.error();

    // Each runner keeps its own logits buffer, so even one model used as both
    // base and test leaves the base rows intact while the test batch runs.
    EvalOptions baseOptions = *resolved;
    baseOptions.kv = {};
    WindowRunner baseRunner(base, baseOptions);
    WindowRunner testRunner(test, *resolved);
    PositionStats stats(size_t(cb.vocabSize));
    for (size_t k = 0; k < windows->size(); ++k) {
        ENGINE_TRY(baseRunner.start(tokens, (*windows)[k]));
        ENGINE_TRY(testRunner.start(tokens, (*windows)[k]));
        while (!baseRunner.done()) {
            auto b = baseRunner.next();
            if (!b) return b.error();
            auto t = testRunner.next();
            if (!t) return t.error();
            for (int64_t r = 0; r < b->count; ++r) {
                const size_t offset = size_t(r) * size_t(cb.vocabSize);
                const int64_t target = b->firstTarget + r;
                if (!stats.add(b->logits + offset, t->logits + offset, tokens[size_t(target)]))
                    return nonFiniteError(target);
            }
        }
        if (resolved->onProgress) resolved->onProgress(int64_t(k + 1), int64_t(windows->size()));
    }
    return stats.finish(*resolved, int64_t(windows->size()));
}

int64_t firstDivergence(std::span<const int32_t> a, std::span<const int32_t> b)
{
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return int64_t(i);
    return a.size() == b.size() ? -1 : int64_t(n);
}

Expected<std::vector<int32_t>> greedyGenerate(LlamaModel& model, std::span<const int32_t> prompt, int32_t count,
                                              const std::atomic<bool>* cancel)
{
    const ModelConfig& config = model.config();
    if (prompt.empty()) return makeError(ErrorCode::InvalidArgument, msg("eval.greedy_empty_prompt"));
    if (count < 1) return makeError(ErrorCode::InvalidArgument, msg("eval.greedy_count"));
    for (int32_t id : prompt)
        if (id < 0 || id >= config.vocabSize)
            return makeError(ErrorCode::InvalidArgument,
                             msg("eval.prompt_outside_vocab", {{"token", id}, {"vocab", config.vocabSize}}));
    // The last generated token is never fed back.
    const int64_t positions = int64_t(prompt.size()) + count - 1;
    if (positions > config.contextLength)
        return makeError(ErrorCode::OutOfRange, msg("eval.greedy_over_context", {{"prompt", prompt.size()},
                                                                                 {"count", count},
                                                                                 {"context", config.contextLength}}));
    auto cache = model.makeCache(positions);
    if (!cache) return cache.error();
    std::vector<float> logits(size_t(config.vocabSize));
    ENGINE_TRY(model.forward(prompt, 0, *cache, logits.data(), LogitsMode::Last, cancel));
    std::vector<int32_t> out;
    out.reserve(size_t(count));
    out.push_back(argmax(logits));
    while (int32_t(out.size()) < count) {
        const int32_t token = out.back();
        const int64_t pos = int64_t(prompt.size() + out.size()) - 1;
        ENGINE_TRY(model.forward({&token, 1}, pos, *cache, logits.data(), LogitsMode::Last, cancel));
        out.push_back(argmax(logits));
    }
    return out;
}

Expected<GreedyComparison> compareGreedy(LlamaModel& base, LlamaModel& test, std::span<const int32_t> prompt,
                                         int32_t count, const std::atomic<bool>* cancel)
{
    auto b = greedyGenerate(base, prompt, count, cancel);
    if (!b) return b.error();
    auto t = greedyGenerate(test, prompt, count, cancel);
    if (!t) return t.error();
    GreedyComparison r;
    r.base = std::move(*b);
    r.test = std::move(*t);
    r.firstDivergent = firstDivergence(r.base, r.test);
    return r;
}

}  // namespace engine
