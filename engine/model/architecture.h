#pragma once
// Architectures as data: what one forward pass needs to know about a model
// family, read from the GGUF `general.architecture`. The forward pass reads
// these flags; there is no copy of it per architecture.
#include <optional>
#include <string>
#include <string_view>

#include "kernels/api/ops.h"

namespace engine {

struct Architecture {
    std::string_view name;  // GGUF spelling, also the metadata key prefix ("qwen2.")
    std::string_view family;  // for people: "Llama 2 / 3, Mistral, TinyLlama, SmolLM2"
    kernels::RopePairing ropePairing;  // how rope pairs the dims of a head
    bool qkvBias;  // attn_q / attn_k / attn_v carry a bias vector (required)
    // Q, K and V stored as one matrix attn_qkv (rows q | k | v), and gate and
    // up as one ffn_up (rows gate | up): bound as row views, never copied.
    bool fusedQkv;
    bool fusedGateUp;
    // Gemma: token embeddings scaled by sqrt(dim); an RMSNorm on the attention
    // and FFN outputs before each residual add (post_attention_norm,
    // post_ffw_norm); a GELU (tanh) gate instead of SiLU.
    bool embedScale = false;
    bool postNorms = false;
    bool geluGate = false;
    // Sliding-window attention: of every `windowPattern` layers the last is
    // global and the others local (Gemma 2: 2, so even layers are local;
    // Gemma 3: 6); 0 = every layer global. The window is
    // {arch}.attention.sliding_window.
    int windowPattern = 0;
    // Gemma 3: an RMSNorm over each head of Q and K before rope (attn_q_norm,
    // attn_k_norm), and local layers rotating with their own base (10000,
    // unscaled) while global ones use rope.freq_base and its scaling.
    bool qkNorm = false;
    float localRopeBase = 0.0f;  // 0: local layers rotate like global ones
};

// The architectures the engine runs; std::nullopt for any other name.
std::optional<Architecture> findArchitecture(std::string_view name);
// "llama, qwen2": for error messages.
std::string supportedArchitectures();

}  // namespace engine
