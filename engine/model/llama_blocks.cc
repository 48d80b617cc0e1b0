// The llama blocks as one device runs them over a range of batch entries:
// embedding, attention, feed-forward, logits. With the whole model on one
// device the slices are the whole matrices; tensor parallel adds the
// all-reduces that make the residual stream whole again (placement.h).
#include <algorithm>
#include <tuple>
#include <utility>

#include "engine/model/llama_device.h"

namespace engine {

// One weight matmul, traced with the bytes of the weight as stored and
// 2 * rows * cols * tokens FLOPs (one multiply and one add per weight per token).
void LlamaModel::matmul(Device& d, const kernels::MatRef& w, const float* x, int64_t n, float* out, const char* name,
                        int32_t layer) const
{
    ScopedSpan span(m_tracer, name, SpanCategory::Matmul, layer, d.share.rank);
    if (m_tracer)
        span.setWork(w.viewBytes(),
                     2 * static_cast<uint64_t>(w.rows) * static_cast<uint64_t>(w.cols) * static_cast<uint64_t>(n));
    d.ops->matmul(w, x, n, out);
}

void LlamaModel::allReduce(Device& d, std::vector<float>& buffer, int64_t r0, int64_t n, int32_t layer)
{
    m_comm->allReduceSum(d.share.rank, buffer.data() + r0, n, layer);
}

void LlamaModel::embed(Device& d, size_t e0, size_t e1)
{
    const Layout& L = *m_layout;
    const int64_t dim = m_config.dim;
    const int64_t r0 = L.rowOf[e0], n = L.rowOf[e1] - r0;
    const bool tensor = m_placement.mode == SplitMode::Tensor;
    {
        ScopedSpan span(m_tracer, "embed", SpanCategory::Embedding, -1, d.share.rank);
        if (m_tracer) span.setWork(static_cast<uint64_t>(n) * d.embedding.rowBytes, 0);
        const int32_t* ids = L.ids.data() + r0;
        if (tensor) {
            // Tokens outside this device's vocabulary slice embed as zeros.
            const Range v = d.share.vocab;
            for (int64_t t = 0; t < n; ++t) {
                const int32_t id = L.ids[static_cast<size_t>(r0 + t)];
                d.ws.ids[static_cast<size_t>(r0 + t)] = id >= v.begin && id < v.end ? id - static_cast<int32_t>(v.begin)
                                                                                    : -1;
            }
            ids = d.ws.ids.data() + r0;
        }
        d.ops->embedRows(d.embedding, ids, n, d.ws.x.data() + r0 * dim);
    }
    // Exactly one device holds each token's row; the sum adds zeros to it.
    if (tensor) allReduce(d, d.ws.x, r0 * dim, n * dim, -1);
}

// x += wo · attention(rope(wq·norm(x)), cache), attention per sequence.
void LlamaModel::attentionBlock(Device& d, int64_t layer, std::span<const BatchSequence> batch, size_t e0, size_t e1,
                                KvStore& store)
{
    const ModelConfig& c = m_config;
    const LayerView& w = d.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    const int32_t rank = d.share.rank;
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    Device::Workspace& s = d.ws;
    {
        ScopedSpan span(m_tracer, "rmsnorm attn", SpanCategory::Norm, l, rank);
        d.ops->rmsnorm(s.xb.data() + r0 * c.dim, s.x.data() + r0 * c.dim, w.attnNorm, n, c.dim, c.rmsEps);
    }
    const float* xb = s.xb.data() + r0 * c.dim;
    matmul(d, w.wq, xb, n, s.q.data() + r0 * d.qDim, "matmul attn_q", l);
    matmul(d, w.wk, xb, n, s.k.data() + r0 * d.kvDim, "matmul attn_k", l);
    matmul(d, w.wv, xb, n, s.v.data() + r0 * d.kvDim, "matmul attn_v", l);

    // GGUF `llama` (rope type NORM) and llama2.c rotate adjacent pairs
    // (x[2i], x[2i+1]). HF checkpoints rotate the two halves of each head
    // instead; converters permute wq/wk so that adjacent pairs apply here. The
    // half-split form is what NEOX-type architectures use at run time.
    {
        ScopedSpan span(m_tracer, "rope", SpanCategory::Attention, l, rank);
        const int32_t* pos = m_layout->positions.data() + r0;
        d.ops->ropeAdjacent(s.q.data() + r0 * d.qDim, n, d.heads, c.headDim, c.ropeDim, pos, c.ropeFreqBase);
        d.ops->ropeAdjacent(s.k.data() + r0 * d.kvDim, n, d.kvHeads, c.headDim, c.ropeDim, pos, c.ropeFreqBase);
    }
    for (size_t i = e0; i < e1; ++i) sequenceAttention(d, layer, i, batch[i], store);

    matmul(d, w.wo, s.att.data() + r0 * d.qDim, n, s.proj.data() + r0 * c.dim, "matmul attn_output", l);
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, s.proj, r0 * c.dim, n * c.dim, l);
    ScopedSpan span(m_tracer, "add residual", SpanCategory::Other, l, rank);
    d.ops->add(s.x.data() + r0 * c.dim, s.proj.data() + r0 * c.dim, n * c.dim);
}

// One sequence: store its new keys/values in this device's KV shard, then
// causal GQA attention over its whole prefix (token t at position pos[t] sees
// positions 0..pos[t]; query head h reads kv head h / (heads / kvHeads), which
// a tensor-parallel slice keeps on the same device).
void LlamaModel::sequenceAttention(Device& d, int64_t layer, size_t entry, const BatchSequence& b, KvStore& store)
{
    const ModelConfig& c = m_config;
    const auto l = static_cast<int32_t>(layer);
    const int32_t rank = d.share.rank;
    const int shard = deviceCount() > 1 ? rank : 0;
    const int64_t r0 = m_layout->rowOf[entry];
    const auto len = static_cast<int64_t>(b.tokens.size());
    const int64_t kvDim = d.kvDim;
    Device::Workspace& s = d.ws;
    const int32_t* pos = m_layout->positions.data() + r0;
    float* out = s.att.data() + r0 * d.qDim;
    const float* q = s.q.data() + r0 * d.qDim;
    const float* keys = s.k.data() + r0 * kvDim;  // mode off: the pass's own rows are the prefix
    const float* values = s.v.data() + r0 * kvDim;
    if (store.mode() != KvCacheMode::Off) {
        const int64_t total = b.startPos + len;
        // Row bytes are proportional to the kv heads held (int8 scales are per head).
        const uint64_t rowBytes = kvBytesPerToken(store.spec()) / static_cast<uint64_t>(2 * c.nLayers) *
                                  static_cast<uint64_t>(d.kvHeads) / static_cast<uint64_t>(c.nKvHeads);
        {
            ScopedSpan span(m_tracer, "kv write", SpanCategory::Kv, l, rank);
            if (m_tracer) span.setWork(2 * static_cast<uint64_t>(len) * rowBytes, 0);
            store.write(b.sequence, layer, b.startPos, len, keys, values, shard);
        }
        if (auto paged = store.pagedView(b.sequence, layer, shard)) {
            ScopedSpan span(m_tracer, "attention", SpanCategory::Attention, l, rank);
            d.ops->attentionPaged(out, q, len, pos, *paged, d.heads, d.kvHeads, c.headDim);
            return;
        }
        keys = store.directKeys(b.sequence, layer, shard);
        values = store.directValues(b.sequence, layer, shard);
        if (!keys) {
            ScopedSpan span(m_tracer, "kv gather", SpanCategory::Kv, l, rank);
            if (m_tracer) span.setWork(2 * static_cast<uint64_t>(total) * rowBytes, 0);
            const auto need = static_cast<size_t>(total * kvDim);
            if (s.kCtx.size() < need) {
                s.kCtx.resize(need);
                s.vCtx.resize(need);
            }
            store.gather(b.sequence, layer, total, s.kCtx.data(), s.vCtx.data(), shard);
            keys = s.kCtx.data();
            values = s.vCtx.data();
        }
    }
    ScopedSpan span(m_tracer, "attention", SpanCategory::Attention, l, rank);
    d.ops->attention(out, q, len, pos, keys, values, d.heads, d.kvHeads, c.headDim);
}

// x += w2 · (silu(w1·norm(x)) * w3·norm(x))
void LlamaModel::feedForwardBlock(Device& d, int64_t layer, size_t e0, size_t e1)
{
    const ModelConfig& c = m_config;
    const LayerView& w = d.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    const int32_t rank = d.share.rank;
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    Device::Workspace& s = d.ws;
    {
        ScopedSpan span(m_tracer, "rmsnorm ffn", SpanCategory::Norm, l, rank);
        d.ops->rmsnorm(s.xb.data() + r0 * c.dim, s.x.data() + r0 * c.dim, w.ffnNorm, n, c.dim, c.rmsEps);
    }
    const float* xb = s.xb.data() + r0 * c.dim;
    float* gate = s.gate.data() + r0 * d.hidden;
    matmul(d, w.wGate, xb, n, gate, "matmul ffn_gate", l);
    matmul(d, w.wUp, xb, n, s.up.data() + r0 * d.hidden, "matmul ffn_up", l);
    {
        ScopedSpan span(m_tracer, "silu_mul", SpanCategory::Matmul, l, rank);
        d.ops->siluMul(gate, s.up.data() + r0 * d.hidden, n * d.hidden);
    }
    matmul(d, w.wDown, gate, n, s.proj.data() + r0 * c.dim, "matmul ffn_down", l);
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, s.proj, r0 * c.dim, n * c.dim, l);
    ScopedSpan span(m_tracer, "add residual", SpanCategory::Other, l, rank);
    d.ops->add(s.x.data() + r0 * c.dim, s.proj.data() + r0 * c.dim, n * c.dim);
}

// Final norm and classifier, only over the rows whose logits are wanted.
// Tensor parallel: each device computes its vocabulary slice's columns and
// gathers them into the caller's rows.
void LlamaModel::outputLogits(Device& d, std::span<const BatchSequence> batch, size_t e0, size_t e1, float* logits)
{
    const ModelConfig& c = m_config;
    const Layout& L = *m_layout;
    const int32_t rank = d.share.rank;
    Device::Workspace& s = d.ws;
    int64_t rows = 0;
    {
        ScopedSpan span(m_tracer, "select rows", SpanCategory::Other, -1, rank);
        for (size_t i = e0; i < e1; ++i) {
            const auto len = static_cast<int64_t>(batch[i].tokens.size());
            int64_t from = 0, count = 0;
            if (batch[i].logits == LogitsMode::All) std::tie(from, count) = std::pair{L.rowOf[i], len};
            else if (batch[i].logits == LogitsMode::Last) std::tie(from, count) = std::pair{L.rowOf[i] + len - 1, int64_t{1}};
            d.ops->copyRows(s.proj.data() + rows * c.dim, s.x.data() + from * c.dim, count * c.dim);
            rows += count;
        }
    }
    if (rows == 0) return;
    {
        ScopedSpan span(m_tracer, "rmsnorm output", SpanCategory::Norm, -1, rank);
        d.ops->rmsnorm(s.xb.data(), s.proj.data(), m_weights.outputNorm.data(), rows, c.dim, c.rmsEps);
    }
    float* dst = logits + L.logitRowOf[e0] * c.vocabSize;
    if (m_placement.mode != SplitMode::Tensor) {
        matmul(d, d.output, s.xb.data(), rows, dst, "matmul logits", -1);
        return;
    }
    if (s.logits.size() < static_cast<size_t>(rows * d.vocab)) s.logits.resize(static_cast<size_t>(rows * d.vocab));
    matmul(d, d.output, s.xb.data(), rows, s.logits.data(), "matmul logits", -1);
    m_comm->gatherColumns(rank, s.logits.data(), rows, d.vocab, dst, c.vocabSize, d.share.vocab.begin);
}

}  // namespace engine
