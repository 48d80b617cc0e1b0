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
// store by the KV-write op (encoding to its precision); then attention reads
// the sequence's whole prefix in place through kernels::KvRows (a contiguous
// slot is a one-block table), decoding f16 / int8 on the fly. Every path gives
// the attention the same fp32 numbers, so with f32 KV the logits are
// bit-identical across off / contiguous / paged (and across batch
// compositions); f16 and int8 differ only by the rounding of the stored keys
// and values. With mode off nothing is stored: each pass must start at
// position 0 and the prefix's keys/values live in the workspace for that pass.
//
// Devices: the model runs on the devices of its Placement (engine/split): one,
// or several virtual CPU devices in a pipeline or tensor-parallel split. Each
// holds views of its weights, its workspace and its KV shard, and runs its
// share on its own thread; the devices meet through the Communicator. The
// blocks (llama_blocks.cc) are written once for every placement.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "engine/config/profile.h"
#include "engine/kv/kv_store.h"
#include "engine/model/kv_cache.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/split/communicator.h"
#include "engine/split/device_worker.h"
#include "engine/split/placement.h"
#include "engine/trace/gpu_spans.h"
#include "engine/trace/tracer.h"
#include "kernels/api/device.h"
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

// What one device of the model holds and has done since the last reset.
struct DeviceReport {
    int32_t rank = 0;
    std::string name;             // "cpu:0", or "vcpu:1" for a virtual CPU device of a split
    std::string share;            // "layers 0..2", "heads 0..3, ffn 0..85"
    uint64_t weightsBytes = 0;    // matrices and norm vectors it reads
    // Of those, the matrices its ops read repacked: copies made at load (held
    // instead of the mapped pages) and converted matrices packed where they lie.
    uint64_t packedBytes = 0;
    uint64_t workspaceBytes = 0;  // its activation workspace
    uint64_t kvAllocatedBytes = 0;  // its KV shard, when the caller filled it in (bench)
    uint64_t kvUsedBytes = 0;
    int64_t busyNs = 0;           // computing (waiting and communication excluded)
    CommStats comm;               // bytes sent / received and time in communication
};

class LlamaModel {
public:
    // Validates `file` and binds its tensors, the whole model on one device.
    // The model shares ownership of the file (and so of its mapping); `ops`
    // must outlive the model.
    static Expected<std::unique_ptr<LlamaModel>> create(std::shared_ptr<const ModelFile> file,
                                                        const kernels::Ops& ops);
    // Split over the devices of `devices` (engine/split/placement.h): one ops
    // object per device, in rank order, each outliving the model. Refuses an
    // impossible split with the placement's sentence before allocating.
    // `cancel`, when raised while the tensors are bound or copied to a device
    // (polled per tensor), ends the creation with ErrorCode::Cancelled.
    static Expected<std::unique_ptr<LlamaModel>> create(std::shared_ptr<const ModelFile> file,
                                                        const DevicesConfig& devices,
                                                        std::vector<const kernels::Ops*> ops,
                                                        const std::atomic<bool>* cancel = nullptr);
    ~LlamaModel();

    const ModelConfig& config() const { return m_config; }
    // Accept positions up to n (LoadOptions::contextLength): the limit every
    // cache and forward pass checks. Nothing else depends on it.
    void setContextLength(int64_t n) { m_config.contextLength = n; }
    const Weights& weights() const { return m_weights; }
    const ModelFile& file() const { return *m_file; }
    const kernels::Ops& ops() const;  // device 0's
    const Placement& placement() const { return m_placement; }
    int32_t deviceCount() const { return m_placement.size(); }

    // A cache for `capacity` positions (at most the model context): contiguous
    // fp32 by default, or the mode / precision / block size of `kv`
    // (kv.capacityTokens is ignored: the capacity is the argument).
    Expected<KvCache> makeCache(int64_t capacity) const;
    Expected<KvCache> makeCache(int64_t capacity, const KvCacheConfig& kv) const;
    // The store spec for this model: unset fields of `kv` take the engine
    // defaults (contiguous, f32, block 16, capacity defaultKvCapacity()). A
    // split model's spec has one storage shard per device.
    KvStoreSpec kvSpec(const KvCacheConfig& kv, int32_t maxSequences) const;
    // A store for kvSpec(...): each shard allocated by, and checked against
    // the memory of, the device that reads it.
    Expected<KvStore> makeStore(const KvStoreSpec& spec) const;
    // The ops of the devices in rank order: the ones that hold the KV shards.
    std::vector<const kernels::Ops*> deviceOps() const;

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
    // Pipeline split: the batch's sequences form micro-batches that move
    // through the stages one behind the other, so stages overlap.
    Status forwardBatch(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                        const std::atomic<bool>* cancel = nullptr);
    // Rows of logits forwardBatch writes for `batch`.
    static int64_t logitsRows(std::span<const BatchSequence> batch);

    // Optional: when set, every op call of forward() records one span (on the
    // device that ran it), and every transfer between devices one
    // communication span. The tracer is not owned; nullptr (the default)
    // turns tracing off.
    void setTracer(Tracer* tracer);
    Tracer* tracer() const { return m_tracer; }

    // GPU activity tracing (llama_gpu_trace.cc), for a model with CUDA
    // devices whose module offers a tracer. Enabled when the model is made
    // (the first enable can stall and runs a self-test); while a tracer is
    // set, the GPU records carry its clock. collectGpuActivity() synchronises
    // the devices, forces out CUPTI's buffers and records their kernels,
    // copies and runtime calls into the tracer, tied to the ops; call it when
    // a traced run ends. gpuTraceProblem(): why GPU work is not traced ("" when it is or there is none).
    bool tracesGpuActivity() const { return m_gpuActivity != nullptr; }
    const std::string& gpuTraceProblem() const { return m_gpuTraceProblem; }
    GpuSpanStats collectGpuActivity();
    // Samples of each GPU's memory into the tracer after every forward pass
    // while tracing: counters "<device> memory in use" (the driver's
    // cudaMemGetInfo: total - free) and "<device> engine memory" (what the
    // engine allocated there: weights, workspace, its KV shard).
    static constexpr const char* kGpuMemoryInUse = " memory in use";
    static constexpr const char* kGpuEngineMemory = " engine memory";

    // Optional: told after each layer of every forward pass (layers done, layer
    // count), on the calling thread, so a long pass (a prefill of thousands of
    // tokens) can show that it moves. In a pipeline split the calling thread
    // runs the first stage, so only its layers are told. Empty: off.
    using LayerObserver = std::function<void(int64_t layersDone, int64_t layers)>;
    void setLayerObserver(LayerObserver observer) { m_layerObserver = std::move(observer); }

    // Reserves every device's activation workspace (one buffer per device:
    // residual stream, projections, FFN intermediates, this pass's keys and
    // values, positions and ids) for passes of up to `rows` tokens. The engine
    // calls it once with its largest batch; a larger pass reserves again
    // before it starts. A failure names the device and the bytes.
    Status reserveWorkspace(int64_t rows);
    // Bytes of the activation workspaces reserved so far, all devices.
    uint64_t workspaceBytes() const;

    // Asks `device` whether it can run every op of every device's share
    // (weights in their stored types, attention over a KV cache of `kv`'s
    // precision when given): one sentence per problem, the device and tensor
    // named, before anything runs.
    Status checkSupport(const kernels::Device& device, std::optional<KvDType> kv = std::nullopt) const;

    // The share of the KV cache device `rank` stores (its layers x its kv heads).
    double kvShare(int32_t rank) const;
    // Each device's name in rank order ("cpu:0", or "vcpu:N" in a split).
    std::vector<std::string> deviceNames() const;
    // Per device: memory, busy time and communication since resetDeviceStats().
    std::vector<DeviceReport> deviceReports() const;
    // Wall time of the forward passes since resetDeviceStats().
    int64_t forwardNs() const { return m_forwardNs; }
    // Pipeline split: the share of stage time spent idle, 1 - sum(busy) /
    // (stages x wall); 0 for other placements.
    double pipelineBubble() const;
    void resetDeviceStats();

private:
    struct Device;
    struct Layout;

    LlamaModel(std::shared_ptr<const ModelFile> file, ModelConfig config, Weights weights, Placement placement,
               std::vector<const kernels::Ops*> ops);

    void enableGpuActivity();  // at creation, when a device is a GPU
    void attachGpuActivity();  // on setTracer: the devices' ops and the clock
    void recordGpuMemory(const KvStore& store);  // after a traced pass, when a device is a GPU

    // Copies the weights of every device that has memory of its own into it;
    // on a CPU device, packs the matrices its ops read faster repacked.
    Status placeWeights(const std::atomic<bool>* cancel);
    Status packWeights(Device& d, const std::atomic<bool>* cancel);
    Status checkBatch(std::span<const BatchSequence> batch, const KvStore& store) const;
    Status reserve(std::span<const BatchSequence> batch, KvStore& store);
    void layoutBatch(std::span<const BatchSequence> batch);
    Status prepareWorkspaces();
    struct FailureLog {
        std::mutex mutex;
        int32_t rank = 0;
        std::string message;  // the first failure's; empty: none
    };
    Error deviceFailure(int32_t rank, const std::string& what) const;
    std::string deviceName(int32_t rank) const;
    bool guarded(int32_t rank, FailureLog& log, const std::function<void()>& body);
    Status runWhole(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                    const std::atomic<bool>* cancel);
    Status runPipeline(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                       const std::atomic<bool>* cancel);
    void handOver(const Device& from, const kernels::Tensor& src, Device& to, const kernels::Tensor& dst);
    Status runTensor(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                     const std::atomic<bool>* cancel);

    // Per-device compute over the batch entries [e0, e1) (llama_blocks.cc).
    void embed(Device& d, size_t e0, size_t e1);
    void attentionBlock(Device& d, int64_t layer, std::span<const BatchSequence> batch, size_t e0, size_t e1,
                        KvStore& store);
    void sequenceAttention(Device& d, int64_t layer, size_t entry, const BatchSequence& b, KvStore& store);
    void feedForwardBlock(Device& d, int64_t layer, size_t e0, size_t e1);
    void outputLogits(Device& d, std::span<const BatchSequence> batch, size_t e0, size_t e1, float* logits);
    void allReduce(Device& d, const kernels::Tensor& rows, int32_t layer);

    std::shared_ptr<const ModelFile> m_file;
    ModelConfig m_config;
    Weights m_weights;
    Placement m_placement;
    std::vector<std::unique_ptr<Device>> m_devices;
    std::unique_ptr<Layout> m_layout;
    std::unique_ptr<Communicator> m_comm;
    Tracer* m_tracer = nullptr;
    kernels::GpuActivityTracer* m_gpuActivity = nullptr;  // the CUDA module's; nullptr: no GPU tracing
    std::string m_gpuTraceProblem;
    LayerObserver m_layerObserver;
    int64_t m_forwardNs = 0;
};

}  // namespace engine
