#include "engine/model/architecture.h"

#include <array>

namespace engine {

namespace {

constexpr std::array kArchitectures = {
    // GGUF `llama` rotates adjacent pairs: converters permute the q/k rows of
    // half-split checkpoints so that they do.
    Architecture{"llama", "Llama 2 / 3.x, Mistral, TinyLlama, SmolLM2, llama2.c", kernels::RopePairing::Adjacent,
                 false, false, false},
    // Qwen2 / 2.5: biases on Q, K and V; rope on the two halves of each head ("NeoX").
    Architecture{"qwen2", "Qwen2, Qwen2.5", kernels::RopePairing::HalfSplit, true, false, false},
    // Phi-3: fused attn_qkv and fused ffn_up (gate | up), half-split rope.
    Architecture{"phi3", "Phi-3, Phi-3.5 (mini)", kernels::RopePairing::HalfSplit, false, true, true},
    // Gemma 2: sqrt(dim) embedding scale, post-attention / post-FFN norms, GELU
    // gate, attention-logit and final-logit soft-capping, local (sliding
    // window) and global layers alternating, head size independent of the width.
    Architecture{"gemma2", "Gemma 2", kernels::RopePairing::HalfSplit, false, false, false, true, true, true, 2},
    // Gemma 3 (text): Gemma 2's block without soft-capping, plus Q/K norms; five
    // local layers (window, rope base 10000) to every global one.
    Architecture{"gemma3", "Gemma 3 (text)", kernels::RopePairing::HalfSplit, false, false, false, true, true, true, 6,
                 true, 10000.0f},
};

}  // namespace

std::optional<Architecture> findArchitecture(std::string_view name)
{
    for (const Architecture& a : kArchitectures)
        if (a.name == name) return a;
    return std::nullopt;
}

std::string supportedArchitectures()
{
    std::string out;
    for (const Architecture& a : kArchitectures) out += (out.empty() ? "" : ", ") + std::string(a.name);
    return out;
}

}  // namespace engine
