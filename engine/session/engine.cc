#include "engine/session/engine.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "engine/common/cancel.h"
#include "engine/common/message_catalog.h"
#include "engine/model/weights.h"
#include "engine/passes/prune_pass.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/generator.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/cpu_ops.h"
#include "kernels/cpu/packed_rows.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine {

namespace {

// Workspace rows reserved at load when the caller names no batch size.
constexpr int64_t kDefaultBatchTokens = 512;

// Which converted matrices the quantization pass may repack where they lie
// (PackRowsInPlace). Only where every device that will read them is a CPU
// running the SIMD kernels on whole rows: the reference ops and a GPU's copy
// read the stored layout, and a tensor-parallel split cuts column slices,
// which packed groups do not hold. A fused matrix (q | k | v, gate | up) is
// cut into row views, each of which must start on a whole group.
PackRowsInPlace packingFor(const ModelFile& file, const LoadOptions& options)
{
    const bool gpu = options.devices.gpus && !options.devices.gpus->empty();
    if (options.ops != OpsKind::Cpu || gpu || options.devices.split == SplitMode::Tensor) return {};
    auto config = ModelConfig::fromModelFile(file);
    if (!config) return {};  // the load reports it
    std::map<std::string, bool, std::less<>> whole;  // matrix name -> its views start on whole groups
    for (const TensorSlot& s : tensorSlots(*config)) {
        if (!s.matrix()) continue;
        const std::vector<int64_t> starts = rowSliceStarts(s, *config);
        whole[s.name] = std::all_of(starts.begin(), starts.end(),
                                    [](int64_t r) { return r % kernels::cpu::kPackRows == 0; });
    }
    return [whole = std::move(whole)](const TensorInfo& t) {
        const auto it = whole.find(t.name);
        return it != whole.end() && it->second;
    };
}

// The GPU of devices.gpus the model runs on; nullptr for the CPU.
Expected<kernels::Device*> chosenGpu(const DevicesConfig& d)
{
    if (!d.gpus || d.gpus->empty()) return static_cast<kernels::Device*>(nullptr);
    if (d.split.value_or(SplitMode::None) != SplitMode::None)
        return makeError(ErrorCode::Unsupported, msg("load.gpu_split"));
    const std::string id = "cuda:" + std::to_string(d.gpus->front());
    const kernels::Registry& registry = kernels::Registry::instance();
    if (kernels::Device* gpu = registry.find(id)) return gpu;
    const size_t count = registry.devices(kernels::DeviceKind::Cuda).size();
    if (count == 0)
        return makeError(ErrorCode::Unsupported,
                         msg("load.no_cuda", {{"device", id}, {"reason", registry.cudaStatus().reason}}));
    if (count == 1)
        return makeError(ErrorCode::InvalidArgument, msg("load.one_cuda_device", {{"device", id}}));
    return makeError(ErrorCode::InvalidArgument,
                     msg("load.cuda_devices", {{"device", id}, {"count", count}, {"last", count - 1}}));
}

// devices.offload_layers on a GPU: the first N layers there and the rest on
// the CPU, as a two-stage pipeline (GPU, then CPU). Nullopt when the whole
// model stays on one device: N at or above the layer count (the GPU), 0 (the CPU).
std::optional<DevicesConfig> offloadSplit(const DevicesConfig& d, int64_t layers)
{
    if (!d.offloadLayers || *d.offloadLayers <= 0 || *d.offloadLayers >= layers) return std::nullopt;
    DevicesConfig split = d;
    split.split = SplitMode::Pipeline;
    split.virtualCpus = 2;
    split.layerWeights = std::vector<int32_t>{*d.offloadLayers, static_cast<int32_t>(layers - *d.offloadLayers)};
    return split;
}

}  // namespace

Engine::~Engine() = default;

Expected<std::unique_ptr<Engine>> Engine::load(const std::string& modelPath, const std::string& tokenizerPath,
                                               const LoadOptions& options)
{
    const auto start = std::chrono::steady_clock::now();
    if (options.threads < 0)
        return makeError(ErrorCode::InvalidArgument, msg("load.threads", {{"threads", options.threads}}));
    // Cancel points: between the phases below, and inside each (the readers per
    // metadata item and tensor, the passes per tensor and within large ones, the
    // binding and the copies to a device per tensor).
    const auto cancelled = [&] { return cancelRequested(options.cancel); };
    std::unique_ptr<Engine> e(new Engine());
    auto file = openModelFile(modelPath, tokenizerPath, options.cancel);
    if (!file) return file.error();
    if (cancelled()) return loadCancelled();
    const auto tellLoading = [&](const ModelFile& f, bool bound) {
        if (!options.progress) return;
        PhaseProgress p;
        p.phase = Phase::Loading;
        p.total = static_cast<int64_t>(f.tensors.size());
        p.done = bound ? p.total : 0;
        p.bytesTotal = f.tensorDataBytes();
        p.bytesDone = bound ? p.bytesTotal : 0;
        options.progress(p);
    };
    tellLoading(*file, false);
    // A split the model's shape cannot take is refused before the passes run
    // and before any device is set up (block boundaries are checked again
    // once the passes have chosen the storage types).
    if (requestedDeviceCount(options.devices) > 1 || options.devices.split) {
        auto shape = ModelConfig::fromModelFile(*file);
        if (!shape) return shape.error();
        auto placement = resolvePlacement(*shape, CutBlocks{}, options.devices);
        if (!placement) return placement.error();
    }
    if (cancelled()) return loadCancelled();
    // What each pass deviated from and said, kept for the effective configuration.
    const auto record = [&e](const auto& report) {
        e->m_adjustments.insert(e->m_adjustments.end(), report.adjustments.begin(), report.adjustments.end());
        e->m_loadNotes.insert(e->m_loadNotes.end(), report.notes.begin(), report.notes.end());
    };
    if (options.pruning) {
        PruneRunOptions pruneRun;
        pruneRun.calibrationText = options.calibrationText;
        pruneRun.threads = options.threads;
        pruneRun.cancel = options.cancel;
        const EtaClock pruneClock(file->tensors.size());
        if (options.progress)
            pruneRun.progress = [&](size_t done, size_t total) {
                PhaseProgress p;
                p.phase = Phase::Pruning;
                p.done = static_cast<int64_t>(done);
                p.total = static_cast<int64_t>(total);
                p.etaSeconds = pruneClock.secondsLeft(done);
                options.progress(p);
            };
        auto pruned = pruneModel(*file, *options.pruning, pruneRun);
        if (!pruned) return pruned.error();
        *file = std::move(pruned->file);
        record(pruned->report);
    }
    if (options.weights) {
        auto quantized =
            quantizeWeights(*file, *options.weights, options.progress, options.cancel, packingFor(*file, options));
        if (!quantized) return quantized.error();
        *file = std::move(quantized->file);
        record(quantized->report);
    }
    e->m_file = std::make_shared<const ModelFile>(std::move(*file));
    if (cancelled()) return loadCancelled();

    auto gpu = chosenGpu(options.devices);
    if (!gpu) return gpu.error();
    if (*gpu && options.ops == OpsKind::Reference)
        return makeError(ErrorCode::InvalidArgument, msg("load.reference_on_gpu", {{"device", (*gpu)->id()}}));
    DevicesConfig devicesConfig = options.devices;
    std::optional<DevicesConfig> offload;
    if (*gpu && options.devices.offloadLayers) {
        auto shape = ModelConfig::fromModelFile(*e->m_file);
        if (!shape) return shape.error();
        if (*options.devices.offloadLayers == 0) *gpu = nullptr;  // no layer on the GPU
        offload = offloadSplit(options.devices, shape->nLayers);
        if (offload) devicesConfig = *offload;
    }
    kernels::Device& device = *gpu ? **gpu : kernels::Registry::instance().cpu();

    const unsigned hw = std::thread::hardware_concurrency();
    e->m_threads = options.threads > 0 ? options.threads : static_cast<int32_t>(hw ? hw : 1);
    // Each virtual CPU device gets its share of the threads, at least one; an
    // offload's CPU stage gets them all.
    const int32_t devices = std::max(1, requestedDeviceCount(devicesConfig));
    const int32_t threadsPerDevice = offload ? e->m_threads : std::max(1, e->m_threads / devices);
    std::vector<const kernels::Ops*> ops;
    for (int32_t d = 0; d < devices; ++d) {
        kernels::Device& on = offload && d > 0 ? kernels::Registry::instance().cpu() : device;
        if (options.ops == OpsKind::Reference) {
            e->m_ops.push_back(kernels::makeRefOps());
        } else {
            kernels::Reasons why;
            e->m_ops.push_back(on.createOps(threadsPerDevice, why));
            if (!e->m_ops.back())
                return makeError(ErrorCode::Unsupported,
                                 msg("load.cannot_run_on", {{"device", on.id()}, {"reasons", kernels::joinReasons(why)}}));
        }
        ops.push_back(e->m_ops.back().get());
    }

    if (cancelled()) return loadCancelled();
    auto model = LlamaModel::create(e->m_file, devicesConfig, std::move(ops), options.cancel);
    if (!model) return model.error();
    if (cancelled()) return loadCancelled();
    // Asked once, here: a device that cannot run part of the model says so now.
    ENGINE_TRY((*model)->checkSupport(device, options.kvDType));
    if (options.contextLength > 0) (*model)->setContextLength(options.contextLength);
    const int64_t batchRows = options.maxBatchTokens > 0 ? options.maxBatchTokens : kDefaultBatchTokens;
    ENGINE_TRY((*model)->reserveWorkspace(std::min<int64_t>(batchRows, (*model)->config().contextLength)));
    e->m_model = std::move(*model);
    if (cancelled()) return loadCancelled();
    auto tokenizer = Tokenizer::fromModel(*e->m_file);
    if (!tokenizer) return tokenizer.error();
    if (cancelled()) return loadCancelled();
    e->m_tokenizer = std::move(*tokenizer);
    if (e->m_tokenizer->vocabSize() != e->m_model->config().vocabSize)
        return makeError(ErrorCode::Format, msg("tokenizer.embedding_mismatch", {{"path", modelPath},
                                                                               {"tokens", e->m_tokenizer->vocabSize()},
                                                                               {"rows", e->m_model->config().vocabSize}}));
    tellLoading(*e->m_file, true);
    e->m_loadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return e;
}

uint64_t Engine::weightsBytes() const
{
    return m_file->tensorDataBytes();
}

Expected<GenerateResult> Engine::generate(const GenerateRequest& request, const Callbacks& callbacks)
{
    Generator generator(*m_model, *m_tokenizer, stopsAtBos());
    auto result = generator.run(request, callbacks);
    if (result) result->timings.loadMs = m_loadMs;
    return result;
}

}  // namespace engine
