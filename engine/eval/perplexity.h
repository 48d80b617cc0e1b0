#pragma once
// Perplexity of a model over a token sequence, with the sliding-window
// evaluation common in LLM benchmarks.
//
// Token i (i >= 1) is "scored" by the logits the model produces at position
// i - 1: its negative log-likelihood is -log softmax(logits)[token i]. A text
// longer than the window is cut into windows of `window` tokens that start
// `stride` tokens apart. The first window scores all its tokens but the first;
// every later window scores only the tokens the previous windows did not, so
// its first window - stride tokens serve as context only. Every token after
// the first is therefore scored exactly once, always with at least
// window - stride tokens of context (except near the start of the text).
//
//   PPL = exp(mean NLL over the scored tokens)
//
// Log-softmax is done in double precision with the max subtracted first.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/model/kv_cache.h"

namespace engine {

class LlamaModel;
class Tokenizer;

// One window: tokens [begin, end) are fed at positions 0 .. end - begin - 1,
// and tokens [scoreFrom, end) are scored (begin < scoreFrom <= end).
struct EvalWindow {
    int64_t begin = 0;
    int64_t end = 0;
    int64_t scoreFrom = 0;

    int64_t scored() const { return end - scoreFrom; }
};

// How the text is cut into windows:
//   Sliding   windows `stride` apart; every token after the first is scored
//             once, with window - stride tokens of context (the default).
//   LlamaCpp  llama.cpp's llama-perplexity: non-overlapping windows of
//             `window` tokens (a shorter tail is dropped), the first token of
//             each replaced by BOS when `bos` is set, and only the second half
//             of each scored (the first half is context), so results can be
//             set beside its published tables.
enum class EvalProtocol { Sliding, LlamaCpp };

struct EvalOptions {
    int64_t window = 0;   // tokens per window; 0 = the model's context length
    int64_t stride = 0;   // start-to-start distance of windows, 1 .. window - 1; 0 = window / 2
    EvalProtocol protocol = EvalProtocol::Sliding;
    int32_t bos = -1;     // LlamaCpp: the token put at the start of every window; -1: none
    int64_t batch = 256;  // tokens per forward call (bounds the logits memory to batch x vocab)
    const std::atomic<bool>* cancel = nullptr;  // polled before every batch and every layer
    // The KV cache the scored model attends over (mode, precision); unset:
    // contiguous f32. compareModels applies it to the model under test only,
    // so a KV precision's effect on quality is measured against f32 KV.
    KvCacheConfig kv;
    // Called after each window with (windows done, windows in total).
    std::function<void(int64_t done, int64_t total)> onProgress;
};

struct PerplexityResult {
    int64_t tokens = 0;   // tokens scored (sequence length - 1)
    int64_t windows = 0;
    int64_t window = 0;   // the window and stride actually used
    int64_t stride = 0;
    double meanNll = 0.0;  // nats per scored token
    double ppl = 0.0;      // exp(meanNll)
};

// The windows for a sequence of `nTokens` tokens. Needs nTokens >= 2,
// window >= 2 and 1 <= stride < window.
Expected<std::vector<EvalWindow>> planWindows(int64_t nTokens, int64_t window, int64_t stride);
// The windows of `resolved`'s protocol: planWindows for Sliding; for LlamaCpp
// floor(nTokens / window) windows [k·w, (k+1)·w) scoring targets from
// k·w + w/2 + 1 (at least one whole window is needed).
Expected<std::vector<EvalWindow>> planEvalWindows(int64_t nTokens, const EvalOptions& resolved);

// At least 2 tokens, all inside the vocabulary.
Status checkEvalTokens(std::span<const int32_t> tokens, int64_t vocabSize);

// The error for a NaN or infinite logit row predicting token `target`.
Error nonFiniteError(int64_t target);

// Resolves the 0 defaults of `options` against the model's context length and
// checks the ranges; the result has window and stride set.
Expected<EvalOptions> resolveEvalOptions(const EvalOptions& options, int64_t contextLength);

// log softmax(logits) in double precision: out[i] = logits[i] - max - log sum exp(logits - max).
void logSoftmax(std::span<const float> logits, std::vector<double>& out);
// -log softmax(logits)[target], without materialising the distribution.
double tokenNll(std::span<const float> logits, int32_t target);

Expected<PerplexityResult> computePerplexity(LlamaModel& model, std::span<const int32_t> tokens,
                                             const EvalOptions& options = {});

// Tokenizes `text` (with BOS when the tokenizer adds it by default) and
// evaluates it.
Expected<PerplexityResult> perplexityOfText(LlamaModel& model, const Tokenizer& tokenizer, std::string_view text,
                                            const EvalOptions& options = {});

// Logits rows of consecutive scored tokens: row r (of `count`) predicts
// token firstTarget + r. Valid until the runner's next call.
struct ScoredRows {
    int64_t firstTarget = 0;
    int64_t count = 0;
    const float* logits = nullptr;
};

// Feeds one window at a time through `model`, `batch` tokens per forward call,
// and hands out the logits rows of the scored tokens. Shared by perplexity and
// the comparison, which steps two runners in lockstep.
class WindowRunner {
public:
    // `resolved`: options with window and stride set (resolveEvalOptions).
    WindowRunner(LlamaModel& model, const EvalOptions& resolved);

    Status start(std::span<const int32_t> tokens, const EvalWindow& window);
    bool done() const { return m_next >= m_fed; }
    // Feeds the next batch of the window; count is 0 when it scores nothing.
    Expected<ScoredRows> next();

private:
    LlamaModel& m_model;
    EvalOptions m_options;
    std::optional<KvCache> m_cache;
    std::vector<float> m_logits;
    std::vector<int32_t> m_feed;  // the tokens fed for the current window
    EvalWindow m_window;
    int64_t m_fed = 0;       // tokens of the window that are fed (its last one is only a target)
    int64_t m_firstRow = 0;  // local position whose logits predict window.scoreFrom
    int64_t m_next = 0;      // next local position to feed
};

}  // namespace engine
