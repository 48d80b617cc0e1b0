#include "engine/session/generator.h"

#include <chrono>
#include <cmath>

#include "engine/common/message_catalog.h"
#include "engine/metrics/latency_stats.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/trace/tracer.h"

namespace engine {

namespace {

Status checkFinite(const std::vector<float>& logits, int32_t step)
{
    for (size_t v = 0; v < logits.size(); ++v)
        if (!std::isfinite(logits[v]))
            return makeError(ErrorCode::Format, msg("generate.not_finite", {{"step", step},
                                                                            {"token", v},
                                                                            {"value", std::to_string(logits[v])}}));
    return okStatus();
}

using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

bool cancelled(const Callbacks& cb)
{
    return cb.cancel && cb.cancel->load(std::memory_order_relaxed);
}

}  // namespace

const char* stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens: return "max_tokens";
    case StopReason::Eos: return "eos";
    case StopReason::Bos: return "bos";
    case StopReason::Count: break;
    }
    return "?";
}

Generator::Generator(LlamaModel& model, const Tokenizer& tokenizer, bool stopAtBos)
    : m_model(model), m_tokenizer(tokenizer), m_stopAtBos(stopAtBos)
{
}

Expected<std::vector<int32_t>> Generator::promptTokens(const GenerateRequest& request) const
{
    if (request.promptIds) {
        if (request.promptIds->empty())
            return makeError(ErrorCode::InvalidArgument, msg("generate.empty_prompt"));
        return *request.promptIds;
    }
    std::vector<int32_t> ids = m_tokenizer.encode(request.prompt, true);
    if (ids.empty()) return makeError(ErrorCode::InvalidArgument, msg("generate.prompt_no_tokens"));
    return ids;
}

Status Generator::checkFits(int64_t promptTokens, int64_t maxTokens) const
{
    if (maxTokens < 1)
        return makeError(ErrorCode::InvalidArgument, msg("generate.max_tokens", {{"tokens", maxTokens}}));
    const int64_t context = m_model.config().contextLength;
    if (promptTokens + maxTokens > context)
        return makeError(ErrorCode::OutOfRange, msg("generate.over_context", {{"prompt", promptTokens},
                                                                              {"max", maxTokens},
                                                                              {"total", promptTokens + maxTokens},
                                                                              {"context", context}}));
    return okStatus();
}

// The last sampled token is never fed back, so prompt + maxTokens - 1 positions
// suffice; the cache is sized to prompt + maxTokens to keep the arithmetic obvious.
Expected<KvCache> Generator::makeCache(const GenerateRequest& request, int64_t promptTokens) const
{
    const int64_t need = promptTokens + request.maxTokens;
    const KvCacheMode mode = request.kv.mode.value_or(KvCacheMode::Contiguous);
    if (mode != KvCacheMode::Off && request.kv.capacityTokens && *request.kv.capacityTokens < need)
        return makeError(ErrorCode::OutOfRange, msg("generate.over_capacity", {{"prompt", promptTokens},
                                                                               {"max", request.maxTokens},
                                                                               {"need", need},
                                                                               {"capacity", *request.kv.capacityTokens}}));
    return m_model.makeCache(need, request.kv);
}

Status Generator::prefill(const std::vector<int32_t>& prompt, KvCache& cache, std::vector<float>& logits,
                          const Callbacks& cb)
{
    if (!cb.onProgress)
        return m_model.forward(prompt, 0, cache, logits.data(), LogitsMode::Last, cb.cancel);
    const auto tell = [&](int64_t layersDone, int64_t layers) {
        PhaseProgress p;
        p.phase = Phase::Prefill;
        p.done = layersDone;
        p.total = layers;
        p.tokens = static_cast<int64_t>(prompt.size());
        cb.onProgress(p);
    };
    tell(0, m_model.config().nLayers);
    m_model.setLayerObserver(tell);
    Status status = m_model.forward(prompt, 0, cache, logits.data(), LogitsMode::Last, cb.cancel);
    m_model.setLayerObserver({});
    return status;
}

Expected<GenerateResult> Generator::run(const GenerateRequest& request, const Callbacks& cb)
{
    const Clock::time_point start = Clock::now();
    GenerateResult result;
    auto prompt = promptTokens(request);
    if (!prompt) return prompt.error();
    result.promptTokens = std::move(*prompt);
    const auto nPrompt = static_cast<int64_t>(result.promptTokens.size());
    ENGINE_TRY(checkFits(nPrompt, request.maxTokens));

    auto cache = makeCache(request, nPrompt);
    if (!cache) return cache.error();
    std::vector<float> logits(static_cast<size_t>(m_model.config().vocabSize));
    Sampler sampler(request.sampler, request.seed);
    std::vector<int32_t> history = result.promptTokens;
    // With the cache off every step recomputes the whole prefix from position 0.
    const bool recompute = request.kv.mode == KvCacheMode::Off;

    // Prefill: the whole prompt in one batched forward.
    const Clock::time_point prefillStart = Clock::now();
    ENGINE_TRY(prefill(result.promptTokens, *cache, logits, cb));
    const Clock::time_point prefillEnd = Clock::now();
    result.timings.prefillMs = msBetween(prefillStart, prefillEnd);

    RequestTimeline timeline;
    timeline.promptTokens = nPrompt;
    Tracer* tracer = m_model.tracer();
    Clock::time_point previous = start;
    Clock::time_point firstToken = start;
    int32_t prev = result.promptTokens.back();
    int64_t pos = nPrompt;
    for (int32_t i = 0; i < request.maxTokens; ++i) {
        // NaN or Inf weights (a corrupt or badly converted file) make every
        // logit meaningless: stop with an error instead of sampling noise.
        ENGINE_TRY(checkFinite(logits, i));
        int32_t next = 0;
        {
            ScopedSpan span(tracer, OpId::Sample);
            next = sampler.sample(logits, history);
        }
        const Clock::time_point now = Clock::now();
        if (tracer) tracer->recordCounter("rss_bytes", static_cast<double>(currentRssBytes()));
        if (i == 0) {
            firstToken = now;
            result.timings.ttftMs = msBetween(start, now);
        }
        if (m_tokenizer.isEndOfGeneration(next)) {
            result.stop = StopReason::Eos;
            break;
        }
        if (m_stopAtBos && next == m_tokenizer.bos()) {
            result.stop = StopReason::Bos;
            break;
        }
        const TokenTiming timing{i, msBetween(previous, now), msBetween(start, now)};
        previous = now;
        result.timings.tokenLatenciesMs.push_back(timing.latencyMs);
        timeline.tokenMs.push_back(timing.elapsedMs);
        result.timings.decodeMs = msBetween(firstToken, now);
        result.tokens.push_back(next);
        history.push_back(next);
        const std::string piece = m_tokenizer.decodePiece(prev, next);
        result.text += piece;
        if (cb.onToken) cb.onToken(next, piece, timing);
        if (cb.onProgress) {
            PhaseProgress p;
            p.phase = Phase::Decode;
            p.done = i + 1;
            p.total = request.maxTokens;
            cb.onProgress(p);
        }
        prev = next;

        if (i + 1 == request.maxTokens) break;
        if (cancelled(cb)) return makeError(ErrorCode::Cancelled, msg("generate.cancelled", {{"tokens", i + 1}}));
        if (recompute)
            ENGINE_TRY(m_model.forward(history, 0, *cache, logits.data(), LogitsMode::Last, cb.cancel));
        else
            ENGINE_TRY(m_model.forward({&next, 1}, pos, *cache, logits.data(), LogitsMode::Last, cb.cancel));
        ++pos;
    }

    timeline.endMs = msBetween(start, Clock::now());
    result.metrics = requestMetrics(timeline);
    GenerateTimings& t = result.timings;
    if (t.prefillMs > 0.0) t.prefillTokPerS = 1000.0 * static_cast<double>(nPrompt) / t.prefillMs;
    const auto decodeSteps = static_cast<double>(result.tokens.size()) - 1.0;
    if (decodeSteps > 0.0 && t.decodeMs > 0.0) t.decodeTokPerS = 1000.0 * decodeSteps / t.decodeMs;
    return result;
}

}  // namespace engine
