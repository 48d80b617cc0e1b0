#pragma once
// Internal to LlamaModel (llama_model.cc, llama_blocks.cc, llama_workspace.cc):
// what one device holds for the forward pass, and the batch layout every
// device reads.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/model/llama_model.h"
#include "engine/trace/traced_ops.h"

namespace engine {

// One layer's weights as one device reads them: whole tensors, or the
// device's slice of each (tensor parallel). Views, never copies.
struct LayerView {
    kernels::Tensor attnNorm;
    kernels::Tensor wq, wk, wv, wo;
    kernels::Tensor bq, bk, bv;  // biases of this device's rows (qkvBias architectures); else empty
    kernels::Tensor qNorm, kNorm;  // per-head norms (qkNorm architectures); else empty
    kernels::Tensor postAttnNorm;  // postNorms architectures; else empty
    kernels::Tensor ffnNorm;
    kernels::Tensor postFfwNorm;   // postNorms architectures; else empty
    kernels::Tensor wGate, wUp, wDown;

    // Every tensor slot of the layer (empty ones included), for walks over all of them.
    std::array<kernels::Tensor*, 16> all()
    {
        return {&attnNorm, &wq, &wk, &wv, &wo, &bq, &bk, &bv, &qNorm, &kNorm, &postAttnNorm, &ffnNorm, &postFfwNorm,
                &wGate, &wUp, &wDown};
    }
};

// n rounded up to a multiple of `align` (offsets into a device buffer).
inline size_t alignUp(size_t n, size_t align)
{
    return (n + align - 1) / align * align;
}

struct LlamaModel::Device {
    DeviceShare share;
    const kernels::Ops* ops = nullptr;
    std::unique_ptr<TracedOps> traced;  // wraps ops; records spans when a tracer is set

    // The ops to run one call on, named for the trace.
    const kernels::Ops& op(OpId id, int32_t layer) const { return traced->as(id, layer); }
    std::vector<LayerView> layers;  // indexed by model layer; only share.layers are bound
    kernels::Tensor embedding;      // vocabulary rows share.vocab
    kernels::Tensor output;         // vocabulary rows share.vocab
    kernels::Tensor outputNorm;
    kernels::RopeParams rope;       // factors on this device
    kernels::RopeParams ropeLocal;  // sliding-window layers (their own base, Gemma 3)
    uint64_t weightsBytes = 0;
    // A device with memory of its own holds its weights here (llama_residency.cc);
    // the views above then point into it. Empty on the CPU.
    std::unique_ptr<kernels::Buffer> weightBuffer;
    // Matrices the device's ops read in a layout of their own (the CPU's
    // packed row groups), in one buffer; the views above point into it
    // through Tensor::packed.
    std::unique_ptr<kernels::Buffer> packedWeights;
    // Bytes of the matrices it reads packed where they lie (converted at load,
    // TensorInfo::layout CpuPacked): no copy, counted once per matrix.
    uint64_t packedInPlaceBytes = 0;
    std::unique_ptr<DeviceWorker> worker;  // ranks > 0 run on their own thread

    // Sizes of this device's slices.
    int64_t qDim = 0, kvDim = 0, hidden = 0, vocab = 0, heads = 0, kvHeads = 0;

    // Activation workspace: one buffer from the device's ops, cut into the
    // tensors below, each `rows` rows. Reserved once for the largest batch
    // the engine will run (LlamaModel::reserveWorkspace), on the calling
    // thread: no allocation happens while the devices run, so none can fail
    // half-way through a split. A larger pass re-reserves before it starts.
    struct Workspace {
        int64_t rows = 0;
        std::unique_ptr<kernels::Buffer> buffer;
        kernels::Tensor x;          // (rows, dim) residual stream
        kernels::Tensor xb;         // (rows, dim) normed input of a sub-block
        kernels::Tensor q;          // (rows, qDim)
        kernels::Tensor att;        // (rows, qDim) attention output
        kernels::Tensor proj;       // (rows, dim) output of wo / w2
        kernels::Tensor gate;       // (rows, hidden)
        kernels::Tensor up;         // (rows, hidden)
        kernels::Tensor k;          // (rows, kvDim) keys of this pass, rotated
        kernels::Tensor v;          // (rows, kvDim)
        kernels::Tensor logits;     // (rows, vocab) this device's logits, when they cannot go to the caller directly
        kernels::Tensor ids;        // (rows, 1) I32 token ids (local to the vocabulary slice, tensor parallel)
        kernels::Tensor positions;  // (rows, 1) I32
    } ws;
    std::vector<int32_t> localIds;  // tensor parallel: host copy of ws.ids until uploaded
    // Pipeline hand-over through the host when a device's memory is its own.
    std::vector<float> sendStage, receiveStage;

    int64_t busyNs = 0;  // since the last reset

    // Every weight view this device reads (its layers, embedding, classifier, rope factors).
    std::vector<kernels::Tensor*> weightTensors();
    // The weight views matmuls read (layer matrices and the classifier).
    std::vector<kernels::Tensor*> matmulWeights();

    // Whether logits are computed into ws.logits (tensor-parallel columns, or a
    // device that cannot write the caller's host memory).
    bool logitsInWorkspace(SplitMode mode) const;
    Status reserveWorkspace(int64_t rows, int64_t dim, SplitMode mode);
    uint64_t workspaceBytes() const { return ws.buffer ? ws.buffer->size() : 0; }
};

// The batch as rows: filled once per forward pass, read by every device.
struct LlamaModel::Layout {
    int64_t rows = 0;
    std::vector<int32_t> positions;   // per row (uploaded to every device's workspace)
    std::vector<int32_t> ids;         // per row
    std::vector<int64_t> rowOf;       // first row of each entry; one extra: rows
    std::vector<int64_t> logitRowOf;  // first logits row of each entry; one extra: total
    std::vector<int64_t> lengths;     // reserve(): lengths before, for rollback
};

}  // namespace engine
