#pragma once
// LlamaModel: the llama forward pass over a KvCache, written once against the
// kernels::Ops interface so every backend (reference, CPU SIMD, CUDA) runs the
// same code. One call processes a run of consecutive tokens: a whole prompt in
// prefill (matrix-matrix work) or a single token per decode step.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "engine/model/kv_cache.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/trace/tracer.h"
#include "kernels/api/ops.h"

namespace engine {

enum class LogitsMode {
    Last,  // logits of the last token only (generation)
    All,   // logits of every token (evaluation, tests)
    Count
};

class LlamaModel {
public:
    // Validates `file` and binds its tensors. The model shares ownership of the
    // file (and so of its mapping); `ops` must outlive the model.
    static Expected<std::unique_ptr<LlamaModel>> create(std::shared_ptr<const ModelFile> file,
                                                        const kernels::Ops& ops);

    const ModelConfig& config() const { return m_config; }
    const Weights& weights() const { return m_weights; }
    const ModelFile& file() const { return *m_file; }
    const kernels::Ops& ops() const { return m_ops; }

    // A cache for `capacity` positions (at most the model context).
    Expected<KvCache> makeCache(int64_t capacity) const;

    // Runs `tokens` at positions startPos, startPos+1, ... Their keys and values
    // are written into `cache` (earlier positions must already be there) and the
    // logits go to `logits`: vocab floats (LogitsMode::Last) or tokens.size() rows
    // of vocab floats (LogitsMode::All). `cancel` is polled before every layer.
    Status forward(std::span<const int32_t> tokens, int64_t startPos, KvCache& cache, float* logits,
                   LogitsMode mode = LogitsMode::Last, const std::atomic<bool>* cancel = nullptr);

    // Optional: when set, every op call of forward() records one span. The
    // tracer is not owned; nullptr (the default) turns tracing off.
    void setTracer(Tracer* tracer) { m_tracer = tracer; }
    Tracer* tracer() const { return m_tracer; }

private:
    LlamaModel(std::shared_ptr<const ModelFile> file, ModelConfig config, Weights weights, const kernels::Ops& ops);

    // Activations for up to `rows` tokens, grown on demand and reused.
    struct Scratch {
        int64_t rows = 0;
        std::vector<float> x;      // (rows, dim) residual stream
        std::vector<float> xb;     // (rows, dim) normed input of a sub-block
        std::vector<float> q;      // (rows, qDim)
        std::vector<float> att;    // (rows, qDim) attention output
        std::vector<float> proj;   // (rows, dim) output of wo / w2
        std::vector<float> gate;   // (rows, hiddenDim)
        std::vector<float> up;     // (rows, hiddenDim)
        std::vector<int32_t> positions;
    };

    Status checkInputs(std::span<const int32_t> tokens, int64_t startPos, const KvCache& cache) const;
    void ensureScratch(int64_t rows);
    void attentionBlock(int64_t layer, int64_t nTokens, int64_t startPos, KvCache& cache);
    void feedForwardBlock(int64_t layer, int64_t nTokens);
    void addInto(std::vector<float>& acc, const std::vector<float>& delta, int64_t n, int32_t layer) const;
    void matmul(const kernels::MatRef& w, const float* x, int64_t n, float* out, const char* name,
                int32_t layer) const;

    std::shared_ptr<const ModelFile> m_file;
    ModelConfig m_config;
    Weights m_weights;
    const kernels::Ops& m_ops;
    Scratch m_s;
    Tracer* m_tracer = nullptr;
};

}  // namespace engine
