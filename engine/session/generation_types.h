#pragma once
// Value types of the generation API: what a caller asks for, what it is told
// per token, and what it gets back. Plain structs, copyable across threads.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/progress.h"
#include "engine/config/profile.h"
#include "engine/metrics/latency_stats.h"
#include "engine/session/sampler.h"

namespace engine {

struct GenerateRequest {
    std::string prompt;                              // tokenized with BOS; "" = BOS only
    std::optional<std::vector<int32_t>> promptIds;   // used verbatim instead of `prompt` when set
    int32_t maxTokens = 256;                         // tokens to generate at most
    SamplerParams sampler;
    uint64_t seed = 0;
    // KV cache of the request: mode off / contiguous / paged, precision f32 /
    // f16 / int8, block size (paged). Unset fields: contiguous fp32. An unset
    // capacity sizes the cache to prompt + maxTokens; a set one smaller than
    // that is refused before anything is allocated. With f32 KV every mode
    // gives bit-identical logits, hence identical greedy tokens (the attention
    // reads the same fp32 keys/values in the same order); f16 / int8 KV only
    // round the stored keys/values (mean KLD vs f32 on stories260K: ~6e-7 and
    // ~7e-4 nats).
    KvCacheConfig kv;
};

struct TokenTiming {
    int32_t index = 0;       // 0 for the first generated token
    double latencyMs = 0.0;  // since the previous token (the first: since the request began, i.e. TTFT)
    double elapsedMs = 0.0;  // since the request began
};

struct Callbacks {
    // Called for every generated token with its decoded text piece.
    std::function<void(int32_t id, const std::string& piece, const TokenTiming& timing)> onToken;
    // Polled before every layer and every step; when set the request ends with Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    // Phase::Prefill after each layer of the prompt's forward pass (done/total:
    // layers, tokens: the prompt's length), then Phase::Decode after each
    // generated token (done: tokens so far, total: max tokens).
    ProgressFn onProgress;
};

enum class StopReason {
    MaxTokens,  // maxTokens were generated
    Eos,        // the model produced end-of-sequence
    Bos,        // the model produced BOS (llama2.c models: run.c stops there too)
    Count
};
const char* stopReasonName(StopReason reason);

struct GenerateTimings {
    double loadMs = 0.0;        // model load (from the engine)
    double ttftMs = 0.0;        // request start to first token (tokenize + prefill + sample)
    double prefillMs = 0.0;
    double decodeMs = 0.0;      // first token to last token
    double prefillTokPerS = 0.0;
    double decodeTokPerS = 0.0;  // decode steps / decodeMs
    std::vector<double> tokenLatenciesMs;  // one per generated token (the first is the TTFT)
};

struct GenerateResult {
    std::vector<int32_t> promptTokens;  // BOS included
    std::vector<int32_t> tokens;        // generated ids (the stop token excluded)
    std::string text;                   // the generated pieces concatenated
    StopReason stop = StopReason::MaxTokens;
    GenerateTimings timings;
    // TTFT, ITL, TPOT and e2e by the definitions of engine/metrics, over the
    // generated tokens (the stop token excluded), from the request start.
    RequestMetrics metrics;
};

}  // namespace engine
