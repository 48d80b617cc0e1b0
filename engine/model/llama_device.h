#pragma once
// Internal to LlamaModel (llama_model.cc, llama_blocks.cc): what one device
// holds for the forward pass, and the batch layout every device reads.
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/model/llama_model.h"
#include "engine/trace/traced_ops.h"

namespace engine {

// One layer's weights as one device reads them: whole matrices, or the
// device's slice of each (tensor parallel). Views, never copies.
struct LayerView {
    const float* attnNorm = nullptr;
    kernels::MatRef wq, wk, wv, wo;
    const float* bq = nullptr;  // biases of this device's rows (qkvBias architectures)
    const float* bk = nullptr;
    const float* bv = nullptr;
    const float* ffnNorm = nullptr;
    kernels::MatRef wGate, wUp, wDown;
};

struct LlamaModel::Device {
    DeviceShare share;
    const kernels::Ops* ops = nullptr;
    std::unique_ptr<TracedOps> traced;  // wraps ops; records spans when a tracer is set

    // The ops to run one call on, named for the trace.
    const kernels::Ops& op(OpId id, int32_t layer) const { return traced->as(id, layer); }
    std::vector<LayerView> layers;  // indexed by model layer; only share.layers are bound
    kernels::MatRef embedding;      // vocabulary rows share.vocab
    kernels::MatRef output;         // vocabulary rows share.vocab
    uint64_t weightsBytes = 0;
    std::unique_ptr<DeviceWorker> worker;  // ranks > 0 run on their own thread

    // Sizes of this device's slices.
    int64_t qDim = 0, kvDim = 0, hidden = 0, vocab = 0, heads = 0, kvHeads = 0;

    // Activation workspace, sized on the calling thread before a pass for its
    // rows (grown to the largest batch seen, then reused): no allocation
    // happens while the devices run, so none can fail half-way through a split.
    struct Workspace {
        int64_t rows = 0;
        std::vector<float> x;      // (rows, dim) residual stream
        std::vector<float> xb;     // (rows, dim) normed input of a sub-block
        std::vector<float> q;      // (rows, qDim)
        std::vector<float> att;    // (rows, qDim) attention output
        std::vector<float> proj;   // (rows, dim) output of wo / w2
        std::vector<float> gate;   // (rows, hidden)
        std::vector<float> up;     // (rows, hidden)
        std::vector<float> k;      // (rows, kvDim) keys of this pass, rotated
        std::vector<float> v;      // (rows, kvDim)
        std::vector<float> logits;  // (rows, vocab) tensor parallel only: this device's columns
        std::vector<int32_t> ids;   // tensor parallel: token ids local to the vocabulary slice
    } ws;

    int64_t busyNs = 0;  // since the last reset

    void ensureWorkspace(int64_t rows, int64_t dim, bool tensorParallel);
    uint64_t workspaceBytes() const;
};

// The batch as rows: filled once per forward pass, read by every device.
struct LlamaModel::Layout {
    int64_t rows = 0;
    std::vector<int32_t> positions;   // per row
    std::vector<int32_t> ids;         // per row
    std::vector<int64_t> rowOf;       // first row of each entry; one extra: rows
    std::vector<int64_t> logitRowOf;  // first logits row of each entry; one extra: total
    std::vector<int64_t> lengths;     // reserve(): lengths before, for rollback
};

}  // namespace engine
