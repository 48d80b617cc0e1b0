#pragma once
// Weights: views of a llama model's tensors in their stored dtype. Matrices are
// kernels::MatRef views straight into the file mapping (nothing is converted
// at load); only the tiny RMSNorm weight vectors are copied to fp32.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "kernels/api/ops.h"

namespace engine {

struct LayerWeights {
    std::vector<float> attnNorm;  // (dim)
    kernels::MatRef wq;           // (qDim rows, dim cols)
    kernels::MatRef wk;           // (kvDim, dim)
    kernels::MatRef wv;           // (kvDim, dim)
    kernels::MatRef wo;           // (dim, qDim)
    // Q/K/V biases (qkvBias architectures, e.g. qwen2); empty otherwise.
    std::vector<float> bq;        // (qDim)
    std::vector<float> bk;        // (kvDim)
    std::vector<float> bv;        // (kvDim)
    std::vector<float> ffnNorm;   // (dim)
    kernels::MatRef wGate;        // (hiddenDim, dim)  "w1"
    kernels::MatRef wDown;        // (dim, hiddenDim)  "w2"
    kernels::MatRef wUp;          // (hiddenDim, dim)  "w3"
};

struct Weights {
    kernels::MatRef tokenEmbedding;  // (vocab, dim)
    std::vector<LayerWeights> layers;
    std::vector<float> outputNorm;   // (dim)
    kernels::MatRef output;          // (vocab, dim); the embedding itself when tied
    // Per-pair rope frequency factors (rope_freqs.weight, ropeDim / 2 values:
    // Llama 3.1 / 3.2); empty when the file has none (all 1).
    std::vector<float> ropeFreqs;
    bool tiedOutput = false;

    // Binds every tensor of `file` (which must outlive the Weights) and checks
    // its shape against `config`; errors name the tensor, expected and actual shape.
    static Expected<Weights> bind(const ModelFile& file, const ModelConfig& config);

    // Visits every matrix with its GGUF tensor name (for reports and passes).
    void forEachMatrix(const std::function<void(const std::string& name, const kernels::MatRef&)>& visit) const;
    uint64_t matrixBytes() const;  // bytes of all matrices as stored
};

}  // namespace engine
