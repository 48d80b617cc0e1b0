#include "engine/model/llama_model.h"

#include <algorithm>

namespace engine {

LlamaModel::LlamaModel(std::shared_ptr<const ModelFile> file, ModelConfig config, Weights weights,
                       const kernels::Ops& ops)
    : m_file(std::move(file)), m_config(std::move(config)), m_weights(std::move(weights)), m_ops(ops)
{
}

Expected<std::unique_ptr<LlamaModel>> LlamaModel::create(std::shared_ptr<const ModelFile> file,
                                                         const kernels::Ops& ops)
{
    auto config = ModelConfig::fromModelFile(*file);
    if (!config) return config.error();
    auto weights = Weights::bind(*file, *config);
    if (!weights) return weights.error();
    return std::unique_ptr<LlamaModel>(
        new LlamaModel(std::move(file), std::move(*config), std::move(*weights), ops));
}

Expected<KvCache> LlamaModel::makeCache(int64_t capacity) const
{
    return makeCache(capacity, KvCacheConfig{});
}

Expected<KvCache> LlamaModel::makeCache(int64_t capacity, const KvCacheConfig& kv) const
{
    if (capacity > m_config.contextLength)
        return makeError(ErrorCode::OutOfRange, "KV cache of " + std::to_string(capacity) +
                                                    " tokens exceeds the model context of " +
                                                    std::to_string(m_config.contextLength));
    KvStoreSpec spec = kvSpec(kv, 1);
    spec.capacityTokens = capacity;
    return KvCache::create(spec);
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
    spec.capacityTokens = kv.capacityTokens.value_or(
        defaultKvCapacity(m_config.contextLength, maxSequences, kvBytesPerToken(spec)));
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
            return makeError(ErrorCode::OutOfRange, "forward: positions " + std::to_string(b.startPos) + ".." +
                                                        std::to_string(end - 1) + " exceed the model context of " +
                                                        std::to_string(m_config.contextLength) + " tokens");
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
    ScopedSpan span(m_tracer, "kv reserve", SpanCategory::Kv);
    std::vector<int64_t>& before = m_s.lengths;
    before.clear();
    for (const BatchSequence& b : batch) {
        before.push_back(store.length(b.sequence));
        auto ok = store.resize(b.sequence, b.startPos + static_cast<int64_t>(b.tokens.size()));
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
        return makeError(ErrorCode::OutOfRange, "forward: positions " + std::to_string(startPos) + ".." +
                                                    std::to_string(end - 1) + " exceed the KV cache capacity of " +
                                                    std::to_string(cache.capacity()) + " tokens");
    const BatchSequence one{cache.sequence(), tokens, startPos, mode};
    return forwardBatch({&one, 1}, cache.store(), logits, cancel);
}

void LlamaModel::ensureScratch(int64_t rows)
{
    if (rows <= m_s.rows) return;
    const auto n = static_cast<size_t>(rows);
    const ModelConfig& c = m_config;
    m_s.rows = rows;
    m_s.x.resize(n * c.dim);
    m_s.xb.resize(n * c.dim);
    m_s.q.resize(n * c.qDim());
    m_s.att.resize(n * c.qDim());
    m_s.proj.resize(n * c.dim);
    m_s.gate.resize(n * c.hiddenDim);
    m_s.up.resize(n * c.hiddenDim);
    m_s.k.resize(n * c.kvDim());
    m_s.v.resize(n * c.kvDim());
    m_s.positions.resize(n);
}

uint64_t LlamaModel::workspaceBytes() const
{
    const auto capacityBytes = [](const auto& v) { return static_cast<uint64_t>(v.capacity() * sizeof(v[0])); };
    uint64_t total = 0;
    for (const std::vector<float>* v : {&m_s.x, &m_s.xb, &m_s.q, &m_s.att, &m_s.proj, &m_s.gate, &m_s.up, &m_s.k,
                                        &m_s.v, &m_s.kCtx, &m_s.vCtx})
        total += capacityBytes(*v);
    for (const std::vector<int32_t>* v : {&m_s.positions, &m_s.ids}) total += capacityBytes(*v);
    return total + capacityBytes(m_s.rowOf) + capacityBytes(m_s.lengths);
}

// The residual add is a plain loop on the host activations.
void LlamaModel::addInto(std::vector<float>& acc, const std::vector<float>& delta, int64_t n, int32_t layer) const
{
    ScopedSpan span(m_tracer, "add residual", SpanCategory::Other, layer);
    for (int64_t i = 0; i < n; ++i) acc[static_cast<size_t>(i)] += delta[static_cast<size_t>(i)];
}

// One weight matmul, traced with the bytes of the weight as stored and
// 2 * rows * cols * tokens FLOPs (one multiply and one add per weight per token).
void LlamaModel::matmul(const kernels::MatRef& w, const float* x, int64_t n, float* out, const char* name,
                        int32_t layer) const
{
    ScopedSpan span(m_tracer, name, SpanCategory::Matmul, layer);
    if (m_tracer)
        span.setWork(static_cast<uint64_t>(w.rows) * w.rowBytes,
                     2 * static_cast<uint64_t>(w.rows) * static_cast<uint64_t>(w.cols) * static_cast<uint64_t>(n));
    m_ops.matmul(w, x, n, out);
}

Status LlamaModel::forwardBatch(std::span<const BatchSequence> batch, KvStore& store, float* logits,
                                const std::atomic<bool>* cancel)
{
    ENGINE_TRY(checkBatch(batch, store));
    ENGINE_TRY(reserve(batch, store));
    const ModelConfig& c = m_config;
    int64_t n = 0;
    for (const BatchSequence& b : batch) n += static_cast<int64_t>(b.tokens.size());
    ensureScratch(n);
    m_s.rowOf.resize(batch.size());
    std::vector<int32_t>& ids = m_s.ids;
    ids.clear();
    int64_t row = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
        m_s.rowOf[i] = row;
        for (size_t t = 0; t < batch[i].tokens.size(); ++t, ++row) {
            m_s.positions[static_cast<size_t>(row)] = static_cast<int32_t>(batch[i].startPos + static_cast<int64_t>(t));
            ids.push_back(batch[i].tokens[t]);
        }
    }

    {
        ScopedSpan span(m_tracer, "embed", SpanCategory::Embedding);
        if (m_tracer) span.setWork(static_cast<uint64_t>(n) * m_weights.tokenEmbedding.rowBytes, 0);
        m_ops.embedRows(m_weights.tokenEmbedding, ids.data(), n, m_s.x.data());
    }
    for (int64_t l = 0; l < c.nLayers; ++l) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return makeError(ErrorCode::Cancelled, "forward cancelled before layer " + std::to_string(l));
        attentionBlock(l, n, batch, store);
        feedForwardBlock(l, n);
    }
    outputLogits(batch, logits);
    return okStatus();
}

// Final norm and classifier, only over the rows whose logits are wanted.
void LlamaModel::outputLogits(std::span<const BatchSequence> batch, float* logits)
{
    const ModelConfig& c = m_config;
    const auto dim = static_cast<size_t>(c.dim);
    int64_t rows = 0;
    const auto take = [&](int64_t from, int64_t count) {
        std::copy_n(m_s.x.begin() + static_cast<ptrdiff_t>(from * c.dim), static_cast<size_t>(count) * dim,
                    m_s.proj.begin() + static_cast<ptrdiff_t>(rows * c.dim));
        rows += count;
    };
    for (size_t i = 0; i < batch.size(); ++i) {
        const auto len = static_cast<int64_t>(batch[i].tokens.size());
        if (batch[i].logits == LogitsMode::All) take(m_s.rowOf[i], len);
        else if (batch[i].logits == LogitsMode::Last) take(m_s.rowOf[i] + len - 1, 1);
    }
    if (rows == 0) return;
    {
        ScopedSpan span(m_tracer, "rmsnorm output", SpanCategory::Norm);
        m_ops.rmsnorm(m_s.xb.data(), m_s.proj.data(), m_weights.outputNorm.data(), rows, c.dim, c.rmsEps);
    }
    matmul(m_weights.output, m_s.xb.data(), rows, logits, "matmul logits", -1);
}

// x += wo · attention(rope(wq·norm(x)), cache), attention per sequence.
void LlamaModel::attentionBlock(int64_t layer, int64_t n, std::span<const BatchSequence> batch, KvStore& store)
{
    const ModelConfig& c = m_config;
    const LayerWeights& w = m_weights.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    {
        ScopedSpan span(m_tracer, "rmsnorm attn", SpanCategory::Norm, l);
        m_ops.rmsnorm(m_s.xb.data(), m_s.x.data(), w.attnNorm.data(), n, c.dim, c.rmsEps);
    }
    matmul(w.wq, m_s.xb.data(), n, m_s.q.data(), "matmul attn_q", l);
    matmul(w.wk, m_s.xb.data(), n, m_s.k.data(), "matmul attn_k", l);
    matmul(w.wv, m_s.xb.data(), n, m_s.v.data(), "matmul attn_v", l);

    // GGUF `llama` (rope type NORM) and llama2.c rotate adjacent pairs
    // (x[2i], x[2i+1]). HF checkpoints rotate the two halves of each head
    // instead; converters permute wq/wk so that adjacent pairs apply here. The
    // half-split form is what NEOX-type architectures use at run time.
    {
        ScopedSpan span(m_tracer, "rope", SpanCategory::Attention, l);
        m_ops.ropeAdjacent(m_s.q.data(), n, c.nHeads, c.headDim, c.ropeDim, m_s.positions.data(), c.ropeFreqBase);
        m_ops.ropeAdjacent(m_s.k.data(), n, c.nKvHeads, c.headDim, c.ropeDim, m_s.positions.data(),
                           c.ropeFreqBase);
    }
    for (size_t i = 0; i < batch.size(); ++i) sequenceAttention(layer, i, batch[i], store);

    matmul(w.wo, m_s.att.data(), n, m_s.proj.data(), "matmul attn_output", l);
    addInto(m_s.x, m_s.proj, n * c.dim, l);
}

// One sequence: store its new keys/values, then causal GQA attention over its
// whole prefix (token t at position pos[t] sees positions 0..pos[t]; query head
// h reads kv head h / (nHeads / nKvHeads)).
void LlamaModel::sequenceAttention(int64_t layer, size_t entry, const BatchSequence& b, KvStore& store)
{
    const ModelConfig& c = m_config;
    const auto l = static_cast<int32_t>(layer);
    const int64_t r0 = m_s.rowOf[entry];
    const auto len = static_cast<int64_t>(b.tokens.size());
    const int64_t kvDim = c.kvDim();
    const float* keys = m_s.k.data() + r0 * kvDim;  // mode off: the pass's own rows are the prefix
    const float* values = m_s.v.data() + r0 * kvDim;
    if (store.mode() != KvCacheMode::Off) {
        const int64_t total = b.startPos + len;
        const uint64_t rowBytes = kvBytesPerToken(store.spec()) / static_cast<uint64_t>(2 * c.nLayers);
        {
            ScopedSpan span(m_tracer, "kv write", SpanCategory::Kv, l);
            if (m_tracer) span.setWork(2 * static_cast<uint64_t>(len) * rowBytes, 0);
            store.write(b.sequence, layer, b.startPos, len, keys, values);
        }
        if (auto paged = store.pagedView(b.sequence, layer)) {
            ScopedSpan span(m_tracer, "attention", SpanCategory::Attention, l);
            m_ops.attentionPaged(m_s.att.data() + r0 * c.qDim(), m_s.q.data() + r0 * c.qDim(), len,
                                 m_s.positions.data() + r0, *paged, c.nHeads, c.nKvHeads, c.headDim);
            return;
        }
        keys = store.directKeys(b.sequence, layer);
        values = store.directValues(b.sequence, layer);
        if (!keys) {
            ScopedSpan span(m_tracer, "kv gather", SpanCategory::Kv, l);
            if (m_tracer) span.setWork(2 * static_cast<uint64_t>(total) * rowBytes, 0);
            const auto need = static_cast<size_t>(total * kvDim);
            if (m_s.kCtx.size() < need) {
                m_s.kCtx.resize(need);
                m_s.vCtx.resize(need);
            }
            store.gather(b.sequence, layer, total, m_s.kCtx.data(), m_s.vCtx.data());
            keys = m_s.kCtx.data();
            values = m_s.vCtx.data();
        }
    }
    ScopedSpan span(m_tracer, "attention", SpanCategory::Attention, l);
    m_ops.attention(m_s.att.data() + r0 * c.qDim(), m_s.q.data() + r0 * c.qDim(), len,
                    m_s.positions.data() + r0, keys, values, c.nHeads, c.nKvHeads, c.headDim);
}

// x += w2 · (silu(w1·norm(x)) * w3·norm(x))
void LlamaModel::feedForwardBlock(int64_t layer, int64_t n)
{
    const ModelConfig& c = m_config;
    const LayerWeights& w = m_weights.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    {
        ScopedSpan span(m_tracer, "rmsnorm ffn", SpanCategory::Norm, l);
        m_ops.rmsnorm(m_s.xb.data(), m_s.x.data(), w.ffnNorm.data(), n, c.dim, c.rmsEps);
    }
    matmul(w.wGate, m_s.xb.data(), n, m_s.gate.data(), "matmul ffn_gate", l);
    matmul(w.wUp, m_s.xb.data(), n, m_s.up.data(), "matmul ffn_up", l);
    {
        ScopedSpan span(m_tracer, "silu_mul", SpanCategory::Matmul, l);
        m_ops.siluMul(m_s.gate.data(), m_s.up.data(), n * c.hiddenDim);
    }
    matmul(w.wDown, m_s.gate.data(), n, m_s.proj.data(), "matmul ffn_down", l);
    addInto(m_s.x, m_s.proj, n * c.dim, l);
}

}  // namespace engine
