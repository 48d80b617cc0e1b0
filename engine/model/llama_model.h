#pragma once
// LlamaModel: the llama forward pass over a KvCache, written once against the
// kernels::Ops interface so every backend (reference, CPU SIMD, CUDA) runs the
// same code. One call processes a run of consecutive tokens: a whole prompt in
// prefill (matrix-matrix work) or a single token per decode step.
//
// forwardBatch() runs several sequences in one pass: each brings a run of
// consecutive tokens (a prompt chunk, or one decode token) at its own
// positions. All rows go through every weight matmul together (the CPU
// matmuls are batch invariant row-wise, so a row's result does not depend on
// its neighbours); attention runs per sequence over that sequence's cache.
// The single-sequence forward() is a batch of one.
//
// Attention over the KvStore: the new keys/values are first written into the
// store (in its precision); then the attention reads the sequence's whole
// prefix: a contiguous f32 slot in place (kernels::Ops::attention), a paged
// f32 cache in place through its block table (kernels::Ops::attentionPaged,
// one loop shared with attention() in the CPU ops), and f16 / int8 caches by a
// gather that dequantizes the prefix into fp32 scratch. Every path gives the
// attention the same fp32 numbers, so with f32 KV the logits are bit-identical
// across off / contiguous / paged (and across batch compositions); f16 and int8
// differ only by the rounding of the stored keys and values. With mode off
// nothing is stored: each pass must start at position 0 and the prefix's
// keys/values live in scratch for that pass.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "engine/config/profile.h"
#include "engine/kv/kv_store.h"
#include "engine/model/kv_cache.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/trace/tracer.h"
#include "kernels/api/ops.h"

namespace engine {

enum class LogitsMode {
    Last,  // logits of the last token only (generation)
    All,   // logits of every token (evaluation, tests)
    None,  // no logits (a prompt chunk that does not end the prompt)
    Count
};

// One sequence's share of a batched forward pass.
struct BatchSequence {
    int32_t sequence = 0;              // its id in the KvStore (ignored with mode off)
    std::span<const int32_t> tokens;   // at positions startPos, startPos + 1, ...
    int64_t startPos = 0;              // positions before it must already be in the store
    LogitsMode logits = LogitsMode::Last;
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

    // A cache for `capacity` positions (at most the model context): contiguous
    // fp32 by default, or the mode / precision / block size of `kv`
    // (kv.capacityTokens is ignored: the capacity is the argument).
    Expected<KvCache> makeCache(int64_t capacity) const;
    Expected<KvCache> makeCache(int64_t capacity, const KvCacheConfig& kv) const;
    // The store spec for this model: unset fields of `kv` take the engine
    // defaults (contiguous, f32, block 16, capacity defaultKvCapacity()).
    KvStoreSpec kvSpec(const KvCacheConfig& kv, int32_t maxSequences) const;

    // Runs `tokens` at positions startPos, startPos+1, ... Their keys and values
    // are written into `cache` (earlier positions must already be there) and the
    // logits go to `logits`: vocab floats (LogitsMode::Last) or tokens.size() rows
    // of vocab floats (LogitsMode::All). `cancel` is polled before every layer.
    Status forward(std::span<const int32_t> tokens, int64_t startPos, KvCache& cache, float* logits,
                   LogitsMode mode = LogitsMode::Last, const std::atomic<bool>* cancel = nullptr);

    // Several sequences in one pass. Each sequence is first resized in `store`
    // to startPos + tokens (taking blocks; a failure leaves every sequence as
    // it was and runs nothing). `logits` receives, in batch order, one row of
    // vocab floats per sequence with LogitsMode::Last, tokens.size() rows with
    // All and none with None. A sequence may appear at most once per batch.
    Status forwardBatch(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                        const std::atomic<bool>* cancel = nullptr);
    // Rows of logits forwardBatch writes for `batch`.
    static int64_t logitsRows(std::span<const BatchSequence> batch);

    // Optional: when set, every op call of forward() records one span. The
    // tracer is not owned; nullptr (the default) turns tracing off.
    void setTracer(Tracer* tracer) { m_tracer = tracer; }
    Tracer* tracer() const { return m_tracer; }

    // Bytes of the activation workspace the forward passes have grown so far
    // (residual stream, projections, FFN intermediates, this pass's keys and
    // values, gathered KV context): the high-water mark of activation memory.
    uint64_t workspaceBytes() const;

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
        std::vector<float> k;      // (rows, kvDim) keys of this pass, rotated
        std::vector<float> v;      // (rows, kvDim)
        std::vector<float> kCtx;   // (positions, kvDim) a sequence's gathered keys
        std::vector<float> vCtx;
        std::vector<int32_t> positions;
        std::vector<int32_t> ids;      // the batch's tokens, in row order
        std::vector<int64_t> rowOf;    // first row of each batch entry
        std::vector<int64_t> lengths;  // reserve(): lengths before, for rollback
    };

    Status checkBatch(std::span<const BatchSequence> batch, const KvStore& store) const;
    Status reserve(std::span<const BatchSequence> batch, KvStore& store);
    void ensureScratch(int64_t rows);
    void attentionBlock(int64_t layer, int64_t nTokens, std::span<const BatchSequence> batch, KvStore& store);
    void sequenceAttention(int64_t layer, size_t entry, const BatchSequence& b, KvStore& store);
    void outputLogits(std::span<const BatchSequence> batch, float* logits);
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
