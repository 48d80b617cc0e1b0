#include "engine/eval/perplexity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/common/message_catalog.h"
#include "engine/model/llama_model.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine {

namespace {

// max and log(sum(exp(logits - max))) in double.
std::pair<double, double> maxAndLogSumExp(std::span<const float> logits)
{
    double maxValue = -std::numeric_limits<double>::infinity();
    for (float v : logits) maxValue = std::max(maxValue, double(v));
    double sum = 0.0;
    for (float v : logits) sum += std::exp(double(v) - maxValue);
    return {maxValue, std::log(sum)};
}

}  // namespace

Error nonFiniteError(int64_t target)
{
    return makeError(ErrorCode::Internal, "the model produced non-finite logits predicting token " +
                                              std::to_string(target) + " of the evaluation sequence");
}

Status checkEvalTokens(std::span<const int32_t> tokens, int64_t vocabSize)
{
    if (tokens.size() < 2)
        return makeError(ErrorCode::InvalidArgument, msg("eval.too_few_tokens", {{"tokens", tokens.size()}}));
    for (size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i] < 0 || tokens[i] >= vocabSize)
            return makeError(ErrorCode::InvalidArgument,
                             msg("eval.token_outside_vocab", {{"token", tokens[i]}, {"index", i}, {"vocab", vocabSize}}));
    return okStatus();
}

Expected<std::vector<EvalWindow>> planWindows(int64_t nTokens, int64_t window, int64_t stride)
{
    if (nTokens < 2)
        return makeError(ErrorCode::InvalidArgument, msg("eval.too_few_tokens", {{"tokens", nTokens}}));
    if (window < 2) return makeError(ErrorCode::InvalidArgument, msg("eval.window_too_small", {{"window", window}}));
    if (stride < 1 || stride >= window)
        return makeError(ErrorCode::InvalidArgument, msg("eval.stride_range", {{"last", window - 1}, {"stride", stride}}));
    std::vector<EvalWindow> windows;
    int64_t scoredUpTo = 1;  // token 0 has no context and is never scored
    for (int64_t begin = 0;; begin += stride) {
        const int64_t end = std::min(begin + window, nTokens);
        // stride < window guarantees scoredUpTo > begin: a scored token always has context.
        windows.push_back({begin, end, scoredUpTo});
        scoredUpTo = end;
        if (end == nTokens) break;
    }
    return windows;
}

Expected<std::vector<EvalWindow>> planEvalWindows(int64_t nTokens, const EvalOptions& resolved)
{
    if (resolved.protocol == EvalProtocol::Sliding) return planWindows(nTokens, resolved.window, resolved.stride);
    const int64_t w = resolved.window;
    if (nTokens < w)
        return makeError(ErrorCode::InvalidArgument, msg("eval.llamacpp_window", {{"window", w}, {"tokens", nTokens}}));
    std::vector<EvalWindow> windows;
    for (int64_t begin = 0; begin + w <= nTokens; begin += w) windows.push_back({begin, begin + w, begin + w / 2 + 1});
    return windows;
}

Expected<EvalOptions> resolveEvalOptions(const EvalOptions& options, int64_t contextLength)
{
    EvalOptions r = options;
    if (r.window < 0 || r.stride < 0 || r.batch < 1)
        return makeError(ErrorCode::InvalidArgument, msg("eval.bad_options"));
    if (r.window == 0) r.window = contextLength;
    if (r.window > contextLength)
        return makeError(ErrorCode::OutOfRange, msg("eval.window_over_context", {{"window", r.window}, {"context", contextLength}}));
    if (r.window < 2) return makeError(ErrorCode::InvalidArgument, msg("eval.window_min"));
    if (r.protocol == EvalProtocol::LlamaCpp) {
        if (r.window < 4) return makeError(ErrorCode::InvalidArgument, msg("eval.llamacpp_window_min"));
        r.stride = r.window;  // non-overlapping
        return r;
    }
    if (r.stride == 0) r.stride = std::max<int64_t>(1, r.window / 2);
    if (r.stride >= r.window)
        return makeError(ErrorCode::InvalidArgument, msg("eval.stride_not_below", {{"stride", r.stride}, {"window", r.window}}));
    return r;
}

void logSoftmax(std::span<const float> logits, std::vector<double>& out)
{
    const auto [maxValue, logSum] = maxAndLogSumExp(logits);
    out.resize(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) out[i] = (double(logits[i]) - maxValue) - logSum;
}

double tokenNll(std::span<const float> logits, int32_t target)
{
    const auto [maxValue, logSum] = maxAndLogSumExp(logits);
    return logSum - (double(logits[size_t(target)]) - maxValue);
}

WindowRunner::WindowRunner(LlamaModel& model, const EvalOptions& resolved) : m_model(model), m_options(resolved) {}

Status WindowRunner::start(std::span<const int32_t> tokens, const EvalWindow& window)
{
    // Every window feeds at most window - 1 tokens, so one cache serves them
    // all; a window overwrites it from position 0.
    if (!m_cache) {
        auto cache = m_model.makeCache(m_options.window - 1, m_options.kv);
        if (!cache) return cache.error();
        m_cache.emplace(std::move(*cache));
        m_logits.resize(size_t(std::min(m_options.batch, m_options.window - 1) * m_model.config().vocabSize));
    }
    m_window = window;
    m_fed = window.end - 1 - window.begin;
    if (m_fed < 0 || window.end > int64_t(tokens.size()))
        return makeError(ErrorCode::Internal, "evaluation window [" + std::to_string(window.begin) + ", " +
                                                  std::to_string(window.end) + ") is outside the text");
    // The tokens fed: the window's, its first replaced by BOS under the llama.cpp protocol.
    m_feed.assign(tokens.begin() + window.begin, tokens.begin() + window.begin + m_fed);
    if (m_options.protocol == EvalProtocol::LlamaCpp && m_options.bos >= 0 && !m_feed.empty()) m_feed[0] = m_options.bos;
    m_firstRow = window.scoreFrom - 1 - window.begin;
    m_next = 0;
    if (m_fed > m_options.window - 1 || m_firstRow < 0 || window.end > int64_t(tokens.size()))
        return makeError(ErrorCode::Internal, "evaluation window [" + std::to_string(window.begin) + ", " +
                                                  std::to_string(window.end) + ") does not fit the plan");
    return okStatus();
}

Expected<ScoredRows> WindowRunner::next()
{
    if (m_options.cancel && m_options.cancel->load()) return makeError(ErrorCode::Cancelled, msg("eval.cancelled"));
    const int64_t p0 = m_next;
    const int64_t p1 = std::min(p0 + m_options.batch, m_fed);
    m_next = p1;
    // Batches wholly before the scored range only fill the cache: skip the classifier for their rows.
    const bool scores = p1 > m_firstRow;
    ENGINE_TRY(m_model.forward(std::span<const int32_t>(m_feed).subspan(size_t(p0), size_t(p1 - p0)), p0, *m_cache,
                               m_logits.data(), scores ? LogitsMode::All : LogitsMode::Last, m_options.cancel));
    if (!scores) return ScoredRows{};
    const int64_t r0 = std::max(p0, m_firstRow);
    return ScoredRows{m_window.begin + r0 + 1, p1 - r0,
                      m_logits.data() + (r0 - p0) * m_model.config().vocabSize};
}

Expected<PerplexityResult> computePerplexity(LlamaModel& model, std::span<const int32_t> tokens,
                                             const EvalOptions& options)
{
    const ModelConfig& config = model.config();
    ENGINE_TRY(checkEvalTokens(tokens, config.vocabSize));
    auto resolved = resolveEvalOptions(options, config.contextLength);
    if (!resolved) return resolved.error();
    auto windows = planEvalWindows(int64_t(tokens.size()), *resolved);
    if (!windows) return windows.error();

    const size_t vocab = size_t(config.vocabSize);
    double nllSum = 0.0;
    int64_t scored = 0;
    WindowRunner runner(model, *resolved);
    for (size_t k = 0; k < windows->size(); ++k) {
        ENGINE_TRY(runner.start(tokens, (*windows)[k]));
        while (!runner.done()) {
            auto rows = runner.next();
            if (!rows) return rows.error();
            for (int64_t r = 0; r < rows->count; ++r) {
                const int64_t target = rows->firstTarget + r;
                const double nll = tokenNll({rows->logits + size_t(r) * vocab, vocab}, tokens[size_t(target)]);
                if (!std::isfinite(nll)) return nonFiniteError(target);
                nllSum += nll;
            }
            scored += rows->count;
        }
        if (resolved->onProgress) resolved->onProgress(int64_t(k + 1), int64_t(windows->size()));
    }

    PerplexityResult result;
    result.tokens = scored;
    result.windows = int64_t(windows->size());
    result.window = resolved->window;
    result.stride = resolved->stride;
    result.meanNll = nllSum / double(scored);
    result.ppl = std::exp(result.meanNll);
    return result;
}

Expected<PerplexityResult> perplexityOfText(LlamaModel& model, const Tokenizer& tokenizer, std::string_view text,
                                            const EvalOptions& options)
{
    const std::vector<int32_t> tokens = tokenizer.encode(text, tokenizer.addBosByDefault());
    if (tokens.size() < 2)
        return makeError(ErrorCode::InvalidArgument, msg("eval.text_too_short", {{"tokens", tokens.size()}}));
    return computePerplexity(model, tokens, options);
}

}  // namespace engine
