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
    // Sliding-window attention on alternate layers (Gemma 2: even layers are
    // local, odd layers global); the window is {arch}.attention.sliding_window.
    bool alternatingWindow = false;
};

// The architectures the engine runs; std::nullopt for any other name.
std::optional<Architecture> findArchitecture(std::string_view name);
// "llama, qwen2": for error messages.
std::string supportedArchitectures();

}  // namespace engine
