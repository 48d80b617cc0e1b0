#pragma once
// Weights: the tensors of a llama-family model as the forward pass reads
// them. Matrices are kernels::Tensor views straight into the file mapping
// (nothing is converted at load). Vectors (norm weights, biases, rope
// factors) are tensors too: views when stored as F32, else converted to F32
// once and owned here.
//
// tensorSlots() is the one list of what a model of a config reads, with each
// tensor's role and expected shape: binding walks it, and the passes and the
// model card ask it what a file's tensor is.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "kernels/api/ops.h"

namespace engine {

enum class TensorRole : uint8_t {
    Embedding,    // token_embd (vocab rows)
    AttnNorm,
    Q, K, V,
    QkvFused,     // attn_qkv: rows q | k | v
    QBias, KBias, VBias,
    QNorm, KNorm,  // Gemma 3: RMSNorm weights over each head of Q and K (headDim)
    AttnOutput,
    PostAttnNorm,  // Gemma: on the attention output, before the residual add
    FfnNorm,
    Gate, Up,
    GateUpFused,  // ffn_up holding rows gate | up
    Down,
    PostFfwNorm,   // Gemma: on the FFN output, before the residual add
    OutputNorm,
    Output,       // the classifier (absent: tied to the embedding)
    RopeFreqs,    // per-pair rope frequency factors (Llama 3.1 / 3.2)
    Count
};
std::string_view tensorRoleName(TensorRole role);  // "attn_q", "ffn_norm", ...

// One tensor a model reads, as its architecture expects it.
struct TensorSlot {
    std::string name;  // GGUF name, e.g. "blk.3.attn_q.weight"
    TensorRole role = TensorRole::Count;
    int32_t layer = -1;  // -1 outside the layers
    int64_t cols = 0;    // values per row
    int64_t rows = 1;    // 1 for a vector
    bool vector = false;    // 1-D: norm weights, biases, rope factors
    bool required = true;   // output.weight (tied when absent) and rope_freqs are optional
    bool matrix() const { return !vector; }
};

// Every tensor a model of `config` reads, in file order.
std::vector<TensorSlot> tensorSlots(const ModelConfig& config);
// Role and layer of a tensor name of any supported architecture ("blk.3.attn_q.weight"
// -> Q, 3); std::nullopt for a name no architecture reads.
std::optional<std::pair<TensorRole, int32_t>> classifyTensor(std::string_view name);

// The first row of each view Weights::bind cuts from slot `s`'s matrix:
// {0} for a matrix read whole, the q | k | v or gate | up starts for a fused one.
std::vector<int64_t> rowSliceStarts(const TensorSlot& s, const ModelConfig& config);

struct LayerWeights {
    kernels::Tensor attnNorm;  // (1, dim)
    kernels::Tensor wq;        // (qDim rows, dim cols)
    kernels::Tensor wk;        // (kvDim, dim)
    kernels::Tensor wv;        // (kvDim, dim)
    kernels::Tensor wo;        // (dim, qDim)
    // Q/K/V biases (qkvBias architectures, e.g. qwen2); empty otherwise.
    kernels::Tensor bq;        // (1, qDim)
    kernels::Tensor bk;        // (1, kvDim)
    kernels::Tensor bv;        // (1, kvDim)
    kernels::Tensor qNorm;     // (1, headDim) qkNorm architectures; else empty
    kernels::Tensor kNorm;     // (1, headDim)
    kernels::Tensor postAttnNorm;  // (1, dim) postNorms architectures; else empty
    kernels::Tensor ffnNorm;   // (1, dim)
    kernels::Tensor postFfwNorm;   // (1, dim) postNorms architectures; else empty
    kernels::Tensor wGate;     // (hiddenDim, dim)  "w1"
    kernels::Tensor wDown;     // (dim, hiddenDim)  "w2"
    kernels::Tensor wUp;       // (hiddenDim, dim)  "w3"
};

struct Weights {
    kernels::Tensor tokenEmbedding;  // (vocab, dim)
    std::vector<LayerWeights> layers;
    kernels::Tensor outputNorm;      // (1, dim)
    kernels::Tensor output;          // (vocab, dim); the embedding itself when tied
    // Per-pair rope frequency factors (1, ropeDim / 2); empty when the file has none (all 1).
    kernels::Tensor ropeFreqs;
    bool tiedOutput = false;

    // Binds every slot of tensorSlots(config) in `file` (which must outlive
    // the Weights), checking each shape; errors name the tensor, expected and
    // actual shape. Fused matrices are cut into row views (never copied).
    // `cancel` is polled per tensor: raised, the binding ends with ErrorCode::Cancelled.
    static Expected<Weights> bind(const ModelFile& file, const ModelConfig& config,
                                  const std::atomic<bool>* cancel = nullptr);

    // Visits every tensor bound from the file with its slot, in file order
    // (fused matrices as stored).
    void forEachTensor(const std::function<void(const TensorSlot&, const kernels::Tensor&)>& visit) const;
    uint64_t matrixBytes() const;  // bytes of all matrices as stored

    std::vector<float> ropeFactors() const;  // ropeFreqs as values (empty without)

private:
    Expected<kernels::Tensor> bindVector(const ModelFile& file, const TensorInfo& t, const TensorSlot& s);
    Status place(const ModelFile& file, const TensorSlot& s, const kernels::Tensor& t, const ModelConfig& c);

    std::vector<std::pair<TensorSlot, kernels::Tensor>> m_bound;
    std::vector<std::shared_ptr<const std::vector<float>>> m_converted;  // vectors not stored as F32
};

}  // namespace engine
