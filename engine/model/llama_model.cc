#include "engine/model/llama_model.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <new>

#include "engine/common/message_catalog.h"
#include "engine/model/llama_device.h"

namespace engine {

namespace {

int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One layer as a device of `mode` reads it (see placement.h for the cuts).
LayerView viewOf(const LayerWeights& L, const DeviceShare& s, const ModelConfig& c, SplitMode mode)
{
    LayerView v{L.attnNorm, L.wq, L.wk, L.wv, L.wo, L.bq, L.bk, L.bv, L.qNorm, L.kNorm, L.postAttnNorm, L.ffnNorm,
                L.postFfwNorm, L.wGate, L.wUp, L.wDown};
    if (mode != SplitMode::Tensor) return v;
    const int64_t hd = c.headDim;
    if (!L.bq.empty()) {
        v.bq = L.bq.colSlice(s.heads.begin * hd, s.heads.end * hd);
        v.bk = L.bk.colSlice(s.kvHeads.begin * hd, s.kvHeads.end * hd);
        v.bv = L.bv.colSlice(s.kvHeads.begin * hd, s.kvHeads.end * hd);
    }
    v.wq = L.wq.rowSlice(s.heads.begin * hd, s.heads.end * hd);
    v.wk = L.wk.rowSlice(s.kvHeads.begin * hd, s.kvHeads.end * hd);
    v.wv = L.wv.rowSlice(s.kvHeads.begin * hd, s.kvHeads.end * hd);
    v.wo = L.wo.colSlice(s.heads.begin * hd, s.heads.end * hd);
    v.wGate = L.wGate.rowSlice(s.hidden.begin, s.hidden.end);
    v.wUp = L.wUp.rowSlice(s.hidden.begin, s.hidden.end);
    v.wDown = L.wDown.colSlice(s.hidden.begin, s.hidden.end);
    return v;
}

// Whether every ops object computes in host memory (no GPU among the devices).
bool allOnHost(const std::vector<const kernels::Ops*>& ops)
{
    return std::all_of(ops.begin(), ops.end(), [](const kernels::Ops* o) { return o->deviceKind() == kernels::DeviceKind::Cpu; });
}

}  // namespace

LlamaModel::LlamaModel(std::shared_ptr<const ModelFile> file, ModelConfig config, Weights weights,
                       Placement placement, std::vector<const kernels::Ops*> ops)
    : m_file(std::move(file)), m_config(std::move(config)), m_weights(std::move(weights)),
      m_placement(std::move(placement)), m_layout(std::make_unique<Layout>())
{
    const ModelConfig& c = m_config;
    kernels::RopeParams rope;  // from the config and rope_freqs (a view into m_weights)
    rope.rotDim = c.ropeDim;
    rope.freqBase = c.ropeFreqBase;
    rope.freqScale = c.ropeFreqScale;
    rope.factors = m_weights.ropeFreqs;
    rope.pairing = c.ropePairing;
    const bool tensor = m_placement.mode == SplitMode::Tensor;
    for (const DeviceShare& s : m_placement.devices) {
        auto d = std::make_unique<Device>();
        d->share = s;
        d->ops = ops[static_cast<size_t>(s.rank)];
        d->traced = std::make_unique<TracedOps>(*d->ops, s.rank);
        d->rope = rope;  // the host views are where a CPU device reads them
        d->ropeLocal = rope;
        if (c.localRopeBase > 0.0f) {
            d->ropeLocal.freqBase = c.localRopeBase;
            d->ropeLocal.freqScale = 1.0f;
            d->ropeLocal.factors = {};
        }
        d->outputNorm = m_weights.outputNorm;
        d->heads = s.heads.size();
        d->kvHeads = s.kvHeads.size();
        d->qDim = d->heads * c.headDim;
        d->kvDim = d->kvHeads * c.headDim;
        d->hidden = s.hidden.size();
        d->vocab = s.vocab.size();
        d->layers.resize(static_cast<size_t>(c.nLayers));
        uint64_t bytes = 0;
        for (int64_t l = s.layers.begin; l < s.layers.end; ++l) {
            LayerView& v = d->layers[static_cast<size_t>(l)];
            v = viewOf(m_weights.layers[static_cast<size_t>(l)], s, c, m_placement.mode);
            for (const kernels::Tensor* t : v.all()) bytes += t->empty() ? 0 : t->viewBytes();
        }
        const kernels::Tensor& table = m_weights.tokenEmbedding;
        const kernels::Tensor& out = m_weights.output;
        d->embedding = tensor ? table.rowSlice(s.vocab.begin, s.vocab.end) : table;
        d->output = tensor ? out.rowSlice(s.vocab.begin, s.vocab.end) : out;
        if (s.embeds) bytes += d->embedding.viewBytes();
        // A tied classifier is the embedding table: counted once where one device holds both.
        if (s.outputs && !(s.embeds && m_weights.tiedOutput)) bytes += d->output.viewBytes();
        if (s.outputs) bytes += d->outputNorm.viewBytes();
        d->weightsBytes = bytes;
        if (s.rank > 0) d->worker = std::make_unique<DeviceWorker>();
        m_devices.push_back(std::move(d));
    }
    if (m_placement.size() > 1) m_comm = std::make_unique<LocalCommunicator>(m_placement.size());
    enableGpuActivity();
}

LlamaModel::~LlamaModel() = default;

Expected<std::unique_ptr<LlamaModel>> LlamaModel::create(std::shared_ptr<const ModelFile> file,
                                                         const kernels::Ops& ops)
{
    return create(std::move(file), DevicesConfig{}, {&ops});
}

Expected<std::unique_ptr<LlamaModel>> LlamaModel::create(std::shared_ptr<const ModelFile> file,
                                                         const DevicesConfig& devices,
                                                         std::vector<const kernels::Ops*> ops,
                                                         const std::atomic<bool>* cancel)
{
    auto config = ModelConfig::fromModelFile(*file);
    if (!config) return config.error();
    auto weights = Weights::bind(*file, *config, cancel);
    if (!weights) return weights.error();
    auto placement = resolvePlacement(*config, *weights, devices);
    if (!placement) return placement.error();
    if (static_cast<int32_t>(ops.size()) != placement->size())
        return makeError(ErrorCode::InvalidArgument, "the split over " + std::to_string(placement->size()) +
                                                         " devices was given ops for " + std::to_string(ops.size()));
    if (placement->mode == SplitMode::Tensor && !allOnHost(ops))
        return makeError(ErrorCode::Unsupported, msg("model.tensor_parallel_gpus"));
    std::unique_ptr<LlamaModel> model(new LlamaModel(std::move(file), std::move(*config), std::move(*weights),
                                                     std::move(*placement), std::move(ops)));
    ENGINE_TRY(model->placeWeights(cancel));
    return model;
}

const kernels::Ops& LlamaModel::ops() const
{
    return *m_devices.front()->ops;
}

void LlamaModel::setTracer(Tracer* tracer)
{
    m_tracer = tracer;
    for (auto& d : m_devices) d->traced->setTracer(tracer);
    if (m_comm) m_comm->setTracer(tracer);
    attachGpuActivity();
}

Expected<KvCache> LlamaModel::makeCache(int64_t capacity) const
{
    return makeCache(capacity, KvCacheConfig{});
}

Expected<KvCache> LlamaModel::makeCache(int64_t capacity, const KvCacheConfig& kv) const
{
    if (capacity > m_config.contextLength)
        return makeError(ErrorCode::OutOfRange,
                         msg("model.cache_over_context", {{"capacity", capacity}, {"context", m_config.contextLength}}));
    KvStoreSpec spec = kvSpec(kv, 1);
    spec.capacityTokens = capacity;
    return KvCache::create(spec, deviceOps());
}

Expected<KvStore> LlamaModel::makeStore(const KvStoreSpec& spec) const
{
    return KvStore::create(spec, deviceOps());
}

std::vector<const kernels::Ops*> LlamaModel::deviceOps() const
{
    std::vector<const kernels::Ops*> out;
    for (const auto& d : m_devices) out.push_back(d->ops);
    return out;
}

KvStoreSpec LlamaModel::kvSpec(const KvCacheConfig& kv, int32_t maxSequences) const
{
    KvStoreSpec spec;
    spec.mode = kv.mode.value_or(KvCacheMode::Contiguous);
    spec.dtype = kv.dtype.value_or(KvDType::F32);
    spec.blockSize = kv.blockSize.value_or(kDefaultKvBlockSize);
    spec.maxSequences = maxSequences;
    spec.layers = m_config.nLayers;
    spec.kvHeads = m_config.nKvHeads;
    spec.headDim = m_config.headDim;
    if (deviceCount() > 1)
        for (const DeviceShare& d : m_placement.devices)
            spec.shards.push_back({d.layers.begin, d.layers.end, d.kvHeads.begin, d.kvHeads.end});
    setKvWindows(spec, m_config);
    // Window layers' rings cost the same whatever the capacity: the default
    // is bounded by what the layers held whole cost per position.
    spec.capacityTokens = kv.capacityTokens.value_or(
        defaultKvCapacity(m_config.contextLength, maxSequences, kvBytesPerCapacityToken(spec)));
    return spec;
}

int64_t LlamaModel::logitsRows(std::span<const BatchSequence> batch)
{
    int64_t rows = 0;
    for (const BatchSequence& b : batch) {
        if (b.logits == LogitsMode::Last) rows += 1;
        else if (b.logits == LogitsMode::All) rows += static_cast<int64_t>(b.tokens.size());
    }
    return rows;
}

Status LlamaModel::checkBatch(std::span<const BatchSequence> batch, const KvStore& store) const
{
    if (batch.empty()) return makeError(ErrorCode::InvalidArgument, "forward: no sequences to process");
    if (store.kvDim() != m_config.kvDim() || store.layers() != m_config.nLayers)
        return makeError(ErrorCode::InvalidArgument, "forward: KV cache was made for a different model");
    const bool off = store.mode() == KvCacheMode::Off;
    if (!off && store.shardCount() != deviceCount())
        return makeError(ErrorCode::InvalidArgument, "forward: KV cache has " + std::to_string(store.shardCount()) +
                                                         " storage shards but the model runs on " +
                                                         std::to_string(deviceCount()) +
                                                         " devices; make the cache with this model's kvSpec");
    for (size_t i = 0; i < batch.size(); ++i) {
        const BatchSequence& b = batch[i];
        if (b.tokens.empty()) return makeError(ErrorCode::InvalidArgument, "forward: no tokens to process");
        if (!off && !store.isLive(b.sequence))
            return makeError(ErrorCode::InvalidArgument,
                             "forward: sequence " + std::to_string(b.sequence) + " is not in the KV cache");
        for (size_t j = 0; j < i; ++j)
            if (!off && batch[j].sequence == b.sequence)
                return makeError(ErrorCode::InvalidArgument, "forward: sequence " + std::to_string(b.sequence) +
                                                                 " appears twice in one batch");
        const int64_t end = b.startPos + static_cast<int64_t>(b.tokens.size());
        if (off && b.startPos != 0)
            return makeError(ErrorCode::InvalidArgument,
                             "forward: with kv_cache mode off every pass recomputes the whole prefix, so it must "
                             "start at position 0 (got " + std::to_string(b.startPos) + ")");
        if (b.startPos < 0 || (!off && b.startPos > store.length(b.sequence)))
            return makeError(ErrorCode::InvalidArgument,
                             "forward: start position " + std::to_string(b.startPos) +
                                 " leaves a gap after the " +
                                 std::to_string(off ? 0 : store.length(b.sequence)) + " cached positions");
        if (end > m_config.contextLength)
            return makeError(ErrorCode::OutOfRange, msg("model.positions_over_context", {{"first", b.startPos},
                                                                                         {"last", end - 1},
                                                                                         {"context", m_config.contextLength}}));
        for (size_t t = 0; t < b.tokens.size(); ++t)
            if (b.tokens[t] < 0 || b.tokens[t] >= m_config.vocabSize)
                return makeError(ErrorCode::InvalidArgument, "forward: token id " + std::to_string(b.tokens[t]) +
                                                                 " at index " + std::to_string(t) +
                                                                 " is outside the vocabulary of " +
                                                                 std::to_string(m_config.vocabSize));
    }
    return okStatus();
}

// Every sequence holds exactly startPos + n positions afterwards, or none changes.
Status LlamaModel::reserve(std::span<const BatchSequence> batch, KvStore& store)
{
    if (store.mode() == KvCacheMode::Off) return okStatus();
    ScopedSpan span(m_tracer, OpId::KvReserve);
    std::vector<int64_t>& before = m_layout->lengths;
    before.clear();
    for (const BatchSequence& b : batch) {
        before.push_back(store.length(b.sequence));
        auto ok = store.resize(b.sequence, b.startPos + static_cast<int64_t>(b.tokens.size()), b.startPos);
        if (!ok) {
            // Give back what the earlier entries took (shrinking never fails).
            for (size_t i = 0; i + 1 < before.size(); ++i)
                (void)store.resize(batch[i].sequence, before[i]);
            return ok.error();
        }
    }
    return okStatus();
}

Status LlamaModel::forward(std::span<const int32_t> tokens, int64_t startPos, KvCache& cache, float* logits,
                           LogitsMode mode, const std::atomic<bool>* cancel)
{
    const int64_t end = startPos + static_cast<int64_t>(tokens.size());
    if (!tokens.empty() && (startPos < 0 || end > cache.capacity()))
        return makeError(ErrorCode::OutOfRange, msg("model.positions_over_capacity", {{"first", startPos},
                                                                                      {"last", end - 1},
                                                                                      {"capacity", cache.capacity()}}));
    const BatchSequence one{cache.sequence(), tokens, startPos, mode};
    return forwardBatch({&one, 1}, cache.store(), logits, cancel);
}

uint64_t LlamaModel::workspaceBytes() const
{
    uint64_t total = 0;
    for (const auto& d : m_devices) total += d->workspaceBytes();
    return total;
}

std::vector<DeviceReport> LlamaModel::deviceReports() const
{
    std::vector<DeviceReport> out;
    const bool split = deviceCount() > 1;
    for (const auto& d : m_devices) {
        DeviceReport r;
        r.rank = d->share.rank;
        r.name = deviceName(d->share.rank);
        r.share = split ? describeShare(d->share, m_placement.mode) : "whole model";
        r.weightsBytes = d->weightsBytes;
        r.packedBytes = (d->packedWeights ? d->packedWeights->size() : 0) + d->packedInPlaceBytes;
        r.workspaceBytes = d->workspaceBytes();
        r.busyNs = d->busyNs;
        if (m_comm) r.comm = m_comm->stats(d->share.rank);
        out.push_back(r);
    }
    return out;
}

Status LlamaModel::checkSupport(const kernels::Device& device, std::optional<KvDType> kv) const
{
    std::string problems;
    const auto ask = [&](const kernels::OpDesc& op, const std::string& what) {
        for (const std::string& why : device.supports(op))
            if (problems.find(why) == std::string::npos) problems += (problems.empty() ? "" : " ") + what + ": " + why;
    };
    for (const auto& d : m_devices) {
        const auto matmul = [&](const kernels::Tensor& m, const std::string& name) {
            ask(kernels::OpDesc::matMul(m.type, 1, m.cols, m.rows), name);
        };
        for (int64_t l = d->share.layers.begin; l < d->share.layers.end; ++l) {
            const LayerView& v = d->layers[static_cast<size_t>(l)];
            const std::string b = "blk." + std::to_string(l) + ".";
            matmul(v.wq, b + "attn_q");
            matmul(v.wk, b + "attn_k");
            matmul(v.wv, b + "attn_v");
            matmul(v.wo, b + "attn_output");
            matmul(v.wGate, b + "ffn_gate");
            matmul(v.wUp, b + "ffn_up");
            matmul(v.wDown, b + "ffn_down");
        }
        if (kv)
            ask(kernels::OpDesc::attention(1, d->heads, d->kvHeads, m_config.headDim, m_config.contextLength,
                                           kvFormatOf(*kv)),
                "attention");
        if (d->share.embeds)
            ask(kernels::OpDesc::embedding(d->embedding.type, 1, d->embedding.rows, d->embedding.cols), "token_embd");
        if (d->share.outputs) matmul(d->output, "output");
    }
    if (problems.empty()) return okStatus();
    return makeError(ErrorCode::Unsupported, m_file->path + ": " + problems);
}

double LlamaModel::kvShare(int32_t rank) const
{
    const DeviceShare& s = m_placement.devices[static_cast<size_t>(rank)];
    return static_cast<double>(s.layers.size()) / static_cast<double>(m_config.nLayers) *
           static_cast<double>(s.kvHeads.size()) / static_cast<double>(m_config.nKvHeads);
}

double LlamaModel::pipelineBubble() const
{
    if (m_placement.mode != SplitMode::Pipeline || deviceCount() < 2 || m_forwardNs <= 0) return 0.0;
    int64_t busy = 0;
    for (const auto& d : m_devices) busy += d->busyNs;
    const double share = static_cast<double>(busy) / (static_cast<double>(m_forwardNs) * deviceCount());
    return std::clamp(1.0 - share, 0.0, 1.0);
}

void LlamaModel::resetDeviceStats()
{
    for (auto& d : m_devices) d->busyNs = 0;
    if (m_comm) m_comm->resetStats();
    m_forwardNs = 0;
}

void LlamaModel::layoutBatch(std::span<const BatchSequence> batch)
{
    Layout& L = *m_layout;
    L.rowOf.assign(batch.size() + 1, 0);
    L.logitRowOf.assign(batch.size() + 1, 0);
    L.ids.clear();
    L.positions.clear();
    int64_t row = 0, logitRow = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
        L.rowOf[i] = row;
        L.logitRowOf[i] = logitRow;
        for (size_t t = 0; t < batch[i].tokens.size(); ++t, ++row) {
            L.positions.push_back(static_cast<int32_t>(batch[i].startPos + static_cast<int64_t>(t)));
            L.ids.push_back(batch[i].tokens[t]);
        }
        logitRow += logitsRows(batch.subspan(i, 1));
    }
    L.rowOf[batch.size()] = row;
    L.logitRowOf[batch.size()] = logitRow;
    L.rows = row;
}

Status LlamaModel::forwardBatch(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                                const std::atomic<bool>* cancel)
{
    ENGINE_TRY(checkBatch(batch, store));
    ENGINE_TRY(reserve(batch, store));
    layoutBatch(batch);
    ENGINE_TRY(prepareWorkspaces());
    if (m_comm && m_comm->failed()) {  // a device failed in an earlier pass
        m_comm = std::make_unique<LocalCommunicator>(m_placement.size());
        m_comm->setTracer(m_tracer);
    }
    const int64_t start = nowNs();
    Status status = okStatus();
    try {
        if (deviceCount() == 1) status = runWhole(batch, store, logits, cancel);
        else if (m_placement.mode == SplitMode::Pipeline) status = runPipeline(batch, store, logits, cancel);
        else status = runTensor(batch, store, logits, cancel);
    } catch (const std::exception& e) {  // the whole model on the calling thread
        status = deviceFailure(0, e.what());
    }
    m_forwardNs += nowNs() - start;
    if (m_tracer) recordGpuMemory(store);
    // Written or not (a failed pass may have written some rows), the window
    // layers' rings may have moved on.
    if (store.mode() != KvCacheMode::Off)
        for (const BatchSequence& b : batch) store.passWritten(b.sequence);
    return status;
}

// An op that threw (a refused call, an allocation that failed inside a
// kernel): the pass ends with this error, never with the process.
Error LlamaModel::deviceFailure(int32_t rank, const std::string& what) const
{
    return makeError(ErrorCode::Internal, "forward failed on " + deviceName(rank) + ": " + what);
}

// A GPU by its id; the CPU as "cpu:0", or "vcpu:N" when it is presented as
// several devices (a split with no other kind of device in it).
std::string LlamaModel::deviceName(int32_t rank) const
{
    const kernels::Ops& ops = *m_devices[static_cast<size_t>(rank)]->ops;
    if (ops.deviceKind() != kernels::DeviceKind::Cpu) return ops.deviceId();
    return deviceCount() > 1 && allOnHost(deviceOps()) ? "vcpu:" + std::to_string(rank) : "cpu:0";
}

std::vector<std::string> LlamaModel::deviceNames() const
{
    std::vector<std::string> out;
    for (int32_t r = 0; r < deviceCount(); ++r) out.push_back(deviceName(r));
    return out;
}

// Runs `body` for `rank`; an exception is recorded (the first that is not a
// peer's abort) and the rank leaves the communicator, so its peers unwind.
// True when the body threw.
bool LlamaModel::guarded(int32_t rank, FailureLog& log, const std::function<void()>& body)
{
    try {
        body();
        return false;
    } catch (const CollectiveAborted&) {
    } catch (const std::exception& e) {
        std::lock_guard lock(log.mutex);
        if (log.message.empty()) {
            log.rank = rank;
            log.message = e.what();
        }
    } catch (...) {
        std::lock_guard lock(log.mutex);
        if (log.message.empty()) {
            log.rank = rank;
            log.message = "an unknown exception";
        }
    }
    m_comm->fail(rank);
    return true;
}

Status LlamaModel::runWhole(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                            const std::atomic<bool>* cancel)
{
    Device& d = *m_devices.front();
    const int64_t start = nowNs();
    embed(d, 0, batch.size());
    for (int64_t l = 0; l < m_config.nLayers; ++l) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            d.busyNs += nowNs() - start;
            return makeError(ErrorCode::Cancelled, msg("model.cancelled", {{"layer", l}}));
        }
        attentionBlock(d, l, batch, 0, batch.size(), store);
        feedForwardBlock(d, l, 0, batch.size());
        if (m_layerObserver) {
            d.ops->synchronize();  // a device that queues work: the layer is done when it says so
            m_layerObserver(l + 1, m_config.nLayers);
        }
    }
    outputLogits(d, batch, 0, batch.size(), logits);
    d.ops->synchronize();
    d.busyNs += nowNs() - start;
    return okStatus();
}

// Stage s runs micro-batch m once stage s-1 has finished it; the batch's
// entries are cut into as many micro-batches as there are stages (at most one
// per entry), so with several sequences in flight every stage has work while
// the next one runs the previous micro-batch. Each stage keeps its own
// layers' KV shard, so attention never leaves the device.
Status LlamaModel::runPipeline(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                               const std::atomic<bool>* cancel)
{
    const int32_t stages = deviceCount();
    const size_t micro = std::min<size_t>(static_cast<size_t>(stages), batch.size());
    const auto bound = [&](size_t m) { return batch.size() * m / micro; };
    std::mutex mutex;
    std::condition_variable progress;
    std::vector<size_t> done(static_cast<size_t>(stages), 0);  // micro-batches each stage has finished
    bool aborted = false;
    int64_t abortLayer = 0;

    const auto runStage = [&](int32_t s) {
        Device& d = *m_devices[static_cast<size_t>(s)];
        const int64_t start = nowNs();
        const int64_t commBefore = m_comm->stats(s).ns;
        int64_t waited = 0;
        const auto finish = [&] { d.busyNs += nowNs() - start - waited - (m_comm->stats(s).ns - commBefore); };
        for (size_t m = 0; m < micro; ++m) {
            const size_t e0 = bound(m), e1 = bound(m + 1);
            if (s == 0) {
                embed(d, e0, e1);
            } else {
                const int64_t waitStart = nowNs();
                std::unique_lock lock(mutex);
                progress.wait(lock, [&] { return aborted || done[static_cast<size_t>(s - 1)] > m; });
                waited += nowNs() - waitStart;
                if (aborted) return finish();
                lock.unlock();
                const Device& prev = *m_devices[static_cast<size_t>(s - 1)];
                const int64_t r0 = m_layout->rowOf[e0], r1 = m_layout->rowOf[e1];
                handOver(prev, prev.ws.x.rowSlice(r0, r1), d, d.ws.x.rowSlice(r0, r1));
            }
            for (int64_t l = d.share.layers.begin; l < d.share.layers.end; ++l) {
                if (cancel && cancel->load(std::memory_order_relaxed)) {
                    std::lock_guard lock(mutex);
                    if (!aborted) abortLayer = l;
                    aborted = true;
                    progress.notify_all();
                    return finish();
                }
                attentionBlock(d, l, batch, e0, e1, store);
                feedForwardBlock(d, l, e0, e1);
                if (s == 0 && m == micro - 1 && m_layerObserver) m_layerObserver(l + 1, m_config.nLayers);
            }
            if (d.share.outputs) outputLogits(d, batch, e0, e1, logits);
            d.ops->synchronize();  // the next stage reads this micro-batch's residual stream
            std::lock_guard lock(mutex);
            done[static_cast<size_t>(s)] = m + 1;
            progress.notify_all();
        }
        finish();
    };
    // A stage that fails stops the pipeline like a cancel does, so no later
    // stage waits for a micro-batch that will never come.
    FailureLog failure;
    const auto guardedStage = [&](int32_t s) {
        if (!guarded(s, failure, [&] { runStage(s); })) return;
        std::lock_guard lock(mutex);
        aborted = true;
        progress.notify_all();
    };
    for (int32_t s = 1; s < stages; ++s) m_devices[static_cast<size_t>(s)]->worker->submit([&, s] { guardedStage(s); });
    guardedStage(0);
    for (int32_t s = 1; s < stages; ++s) m_devices[static_cast<size_t>(s)]->worker->wait();
    if (!failure.message.empty()) return deviceFailure(failure.rank, failure.message);
    if (aborted) return makeError(ErrorCode::Cancelled, msg("model.cancelled", {{"layer", abortLayer}}));
    return okStatus();
}

// The residual stream of a micro-batch from one stage to the next. Between
// CPU devices the communicator copies it; memory the host cannot read (a
// GPU's) is staged through host buffers of the receiving device: downloaded,
// copied by the communicator (so bytes and time are counted and traced the
// same way), uploaded.
void LlamaModel::handOver(const Device& from, const kernels::Tensor& src, Device& to, const kernels::Tensor& dst)
{
    const int32_t layer = static_cast<int32_t>(to.share.layers.begin);
    const bool hostToHost = from.ops->deviceKind() == kernels::DeviceKind::Cpu &&
                            to.ops->deviceKind() == kernels::DeviceKind::Cpu;
    if (hostToHost) {
        m_comm->send(from.share.rank, to.share.rank, src.f32(), dst.f32Out(), src.elements(), layer);
        return;
    }
    const size_t n = static_cast<size_t>(src.elements());
    to.sendStage.resize(n);
    to.receiveStage.resize(n);
    from.ops->download(to.sendStage.data(), src);
    from.ops->synchronize();
    m_comm->send(from.share.rank, to.share.rank, to.sendStage.data(), to.receiveStage.data(), src.elements(), layer);
    to.ops->upload(dst, to.receiveStage.data());
    to.ops->synchronize();  // the stage buffers are reused by the next micro-batch
}

// Every rank runs every layer over its slice, concurrently; the all-reduces
// inside the blocks keep them in step. Cancellation is agreed on (rank 0's
// view of the flag) so all ranks stop at the same layer.
Status LlamaModel::runTensor(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                             const std::atomic<bool>* cancel)
{
    const int32_t ranks = deviceCount();
    std::vector<int64_t> stoppedAt(static_cast<size_t>(ranks), -1);
    const auto runRank = [&](int32_t r) {
        Device& d = *m_devices[static_cast<size_t>(r)];
        const int64_t start = nowNs();
        const int64_t commBefore = m_comm->stats(r).ns;
        embed(d, 0, batch.size());
        for (int64_t l = 0; l < m_config.nLayers; ++l) {
            const bool wantStop = r == 0 && cancel && cancel->load(std::memory_order_relaxed);
            if (m_comm->agree(r, wantStop)) {
                stoppedAt[static_cast<size_t>(r)] = l;
                break;
            }
            attentionBlock(d, l, batch, 0, batch.size(), store);
            feedForwardBlock(d, l, 0, batch.size());
            if (r == 0 && m_layerObserver) m_layerObserver(l + 1, m_config.nLayers);
        }
        if (stoppedAt[static_cast<size_t>(r)] < 0) outputLogits(d, batch, 0, batch.size(), logits);
        d.ops->synchronize();
        d.busyNs += nowNs() - start - (m_comm->stats(r).ns - commBefore);
    };
    FailureLog failure;
    for (int32_t r = 1; r < ranks; ++r)
        m_devices[static_cast<size_t>(r)]->worker->submit([&, r] { guarded(r, failure, [&] { runRank(r); }); });
    guarded(0, failure, [&] { runRank(0); });
    for (int32_t r = 1; r < ranks; ++r) m_devices[static_cast<size_t>(r)]->worker->wait();
    if (!failure.message.empty()) return deviceFailure(failure.rank, failure.message);
    if (stoppedAt[0] >= 0)
        return makeError(ErrorCode::Cancelled, msg("model.cancelled", {{"layer", stoppedAt[0]}}));
    return okStatus();
}

}  // namespace engine
