#pragma once
// ModelConfig: the hyper-parameters of a llama-architecture model, read from
// the GGUF-style metadata of a ModelFile (llama2.c checkpoints are presented
// with the same keys by their reader).
#include <cstdint>
#include <string>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "kernels/api/ops.h"

namespace engine {

struct ModelConfig {
    std::string architecture;   // "llama", "qwen2" (engine/model/architecture.h)
    int64_t dim = 0;            // embedding width (llama.embedding_length)
    int64_t hiddenDim = 0;      // FFN width (llama.feed_forward_length)
    int64_t nLayers = 0;        // llama.block_count
    int64_t nHeads = 0;         // query heads
    int64_t nKvHeads = 0;       // key/value heads (GQA when < nHeads)
    int64_t headDim = 0;        // attention.key_length, else dim / nHeads
    int64_t ropeDim = 0;        // rotated dims per head (llama.rope.dimension_count)
    int64_t vocabSize = 0;      // rows of token_embd.weight
    int64_t contextLength = 0;  // llama.context_length
    float ropeFreqBase = 10000.0f;
    float ropeFreqScale = 1.0f;  // linear rope scaling: 1 / rope.scaling.factor
    kernels::RopePairing ropePairing = kernels::RopePairing::Adjacent;
    bool qkvBias = false;  // attn_q/k/v.bias vectors (qwen2)
    bool fusedQkv = false;     // attn_qkv.weight instead of attn_q/k/v (phi3)
    bool fusedGateUp = false;  // ffn_up.weight holds gate | up, no ffn_gate (phi3)
    // Gemma (engine/model/architecture.h).
    bool embedScale = false;   // embeddings times sqrt(dim)
    bool postNorms = false;    // post_attention_norm, post_ffw_norm
    bool geluGate = false;     // GELU (tanh) gate instead of SiLU
    float attnSoftcap = 0.0f;   // {arch}.attn_logit_softcapping; 0: none
    float finalSoftcap = 0.0f;  // {arch}.final_logit_softcapping; 0: none
    float attnScale = 0.0f;     // score scale; 0: 1 / sqrt(headDim)
    int64_t slidingWindow = 0;  // {arch}.attention.sliding_window, on the local layers; 0: none
    int windowPattern = 0;      // of every N layers the last is global, the others local (architecture.h)
    bool qkNorm = false;        // attn_q_norm / attn_k_norm over each head (Gemma 3)
    float localRopeBase = 0.0f;  // rope base of the local layers (unscaled); 0: as the global ones
    float rmsEps = 1e-5f;

    int64_t qDim() const { return nHeads * headDim; }  // may differ from dim (pruned heads)
    int64_t kvDim() const { return nKvHeads * headDim; }
    int64_t kvGroup() const { return nHeads / nKvHeads; }  // query heads per kv head
    bool isLocal(int64_t layer) const { return windowPattern > 0 && (layer + 1) % windowPattern != 0; }
    // The attention window of `layer` (0: the whole prefix).
    int64_t windowOf(int64_t layer) const { return isLocal(layer) ? slidingWindow : 0; }

    // Reads and validates the hyper-parameters. Fails with Unsupported for an
    // architecture not in engine/model/architecture.h, NotFound for a missing key and Format for
    // inconsistent values (e.g. heads that do not divide the width).
    static Expected<ModelConfig> fromModelFile(const ModelFile& file);

    std::string summary() const;  // one line, for logs and the CLI
};

}  // namespace engine
