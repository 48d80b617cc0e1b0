#pragma once
// Generator: one generation request end to end: tokenize, prefill the prompt
// in one batched forward, then sample and decode one token per step, with
// timings for every token. The request's KV setting picks the cache: with mode
// off each step re-runs the whole prefix (no cache, the textbook baseline).
#include "engine/common/expected.h"
#include "engine/model/llama_model.h"
#include "engine/session/generation_types.h"

namespace engine {

class Tokenizer;

class Generator {
public:
    // `stopAtBos`: end when BOS is sampled (llama2.c's run.c does this).
    Generator(LlamaModel& model, const Tokenizer& tokenizer, bool stopAtBos);

    Expected<GenerateResult> run(const GenerateRequest& request, const Callbacks& callbacks);

private:
    Expected<std::vector<int32_t>> promptTokens(const GenerateRequest& request) const;
    Status checkFits(int64_t promptTokens, int64_t maxTokens) const;
    Expected<KvCache> makeCache(const GenerateRequest& request, int64_t promptTokens) const;
    // The prompt's forward pass, telling cb.onProgress after each layer.
    Status prefill(const std::vector<int32_t>& prompt, KvCache& cache, std::vector<float>& logits,
                   const Callbacks& cb);

    LlamaModel& m_model;
    const Tokenizer& m_tokenizer;
    bool m_stopAtBos;
};

}  // namespace engine
