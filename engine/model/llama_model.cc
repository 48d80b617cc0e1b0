#include "engine/model/llama_model.h"

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
    if (capacity > m_config.contextLength)
        return makeError(ErrorCode::OutOfRange, "KV cache of " + std::to_string(capacity) +
                                                    " tokens exceeds the model context of " +
                                                    std::to_string(m_config.contextLength));
    return KvCache::create(m_config.nLayers, capacity, m_config.kvDim());
}

Status LlamaModel::checkInputs(std::span<const int32_t> tokens, int64_t startPos, const KvCache& cache) const
{
    if (tokens.empty()) return makeError(ErrorCode::InvalidArgument, "forward: no tokens to process");
    if (cache.kvDim() != m_config.kvDim() || cache.layers() != m_config.nLayers)
        return makeError(ErrorCode::InvalidArgument, "forward: KV cache was made for a different model");
    const int64_t end = startPos + static_cast<int64_t>(tokens.size());
    if (startPos < 0 || end > cache.capacity())
        return makeError(ErrorCode::OutOfRange, "forward: positions " + std::to_string(startPos) + ".." +
                                                    std::to_string(end - 1) + " exceed the KV cache capacity of " +
                                                    std::to_string(cache.capacity()) + " tokens");
    for (size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i] < 0 || tokens[i] >= m_config.vocabSize)
            return makeError(ErrorCode::InvalidArgument, "forward: token id " + std::to_string(tokens[i]) +
                                                             " at index " + std::to_string(i) +
                                                             " is outside the vocabulary of " +
                                                             std::to_string(m_config.vocabSize));
    return okStatus();
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
    m_s.positions.resize(n);
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

Status LlamaModel::forward(std::span<const int32_t> tokens, int64_t startPos, KvCache& cache, float* logits,
                           LogitsMode mode, const std::atomic<bool>* cancel)
{
    ENGINE_TRY(checkInputs(tokens, startPos, cache));
    const ModelConfig& c = m_config;
    const auto n = static_cast<int64_t>(tokens.size());
    ensureScratch(n);
    for (int64_t t = 0; t < n; ++t) m_s.positions[static_cast<size_t>(t)] = static_cast<int32_t>(startPos + t);

    {
        ScopedSpan span(m_tracer, "embed", SpanCategory::Embedding);
        if (m_tracer) span.setWork(static_cast<uint64_t>(n) * m_weights.tokenEmbedding.rowBytes, 0);
        m_ops.embedRows(m_weights.tokenEmbedding, tokens.data(), n, m_s.x.data());
    }
    for (int64_t l = 0; l < c.nLayers; ++l) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return makeError(ErrorCode::Cancelled, "forward cancelled before layer " + std::to_string(l));
        attentionBlock(l, n, startPos, cache);
        feedForwardBlock(l, n);
    }

    // Final norm and classifier: only the rows whose logits are wanted.
    const int64_t first = mode == LogitsMode::All ? 0 : n - 1;
    const int64_t rows = n - first;
    const float* x = m_s.x.data() + first * c.dim;
    {
        ScopedSpan span(m_tracer, "rmsnorm output", SpanCategory::Norm);
        m_ops.rmsnorm(m_s.xb.data(), x, m_weights.outputNorm.data(), rows, c.dim, c.rmsEps);
    }
    matmul(m_weights.output, m_s.xb.data(), rows, logits, "matmul logits", -1);
    return okStatus();
}

// x += wo · attention(rope(wq·norm(x)), cache)
void LlamaModel::attentionBlock(int64_t layer, int64_t n, int64_t startPos, KvCache& cache)
{
    const ModelConfig& c = m_config;
    const LayerWeights& w = m_weights.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    {
        ScopedSpan span(m_tracer, "rmsnorm attn", SpanCategory::Norm, l);
        m_ops.rmsnorm(m_s.xb.data(), m_s.x.data(), w.attnNorm.data(), n, c.dim, c.rmsEps);
    }

    // The new keys and values go straight into their cache rows.
    float* k = cache.keys(layer) + startPos * c.kvDim();
    float* v = cache.values(layer) + startPos * c.kvDim();
    matmul(w.wq, m_s.xb.data(), n, m_s.q.data(), "matmul attn_q", l);
    matmul(w.wk, m_s.xb.data(), n, k, "matmul attn_k", l);
    matmul(w.wv, m_s.xb.data(), n, v, "matmul attn_v", l);

    // GGUF `llama` (rope type NORM) and llama2.c rotate adjacent pairs
    // (x[2i], x[2i+1]). HF checkpoints rotate the two halves of each head
    // instead; converters permute wq/wk so that adjacent pairs apply here. The
    // half-split form is what NEOX-type architectures use at run time.
    const int32_t* pos = m_s.positions.data();
    {
        ScopedSpan span(m_tracer, "rope", SpanCategory::Attention, l);
        m_ops.ropeAdjacent(m_s.q.data(), n, c.nHeads, c.headDim, c.ropeDim, pos, c.ropeFreqBase);
        m_ops.ropeAdjacent(k, n, c.nKvHeads, c.headDim, c.ropeDim, pos, c.ropeFreqBase);
    }

    // Causal GQA attention: token t (at position pos[t]) sees cache rows 0..pos[t];
    // query head h reads kv head h / (nHeads / nKvHeads).
    {
        ScopedSpan span(m_tracer, "attention", SpanCategory::Attention, l);
        m_ops.attention(m_s.att.data(), m_s.q.data(), n, pos, cache.keys(layer), cache.values(layer), c.nHeads,
                        c.nKvHeads, c.headDim);
    }

    matmul(w.wo, m_s.att.data(), n, m_s.proj.data(), "matmul attn_output", l);
    addInto(m_s.x, m_s.proj, n * c.dim, l);
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
