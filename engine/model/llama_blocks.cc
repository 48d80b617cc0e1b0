// The llama blocks as one device runs them over a range of batch entries:
// embedding, attention, feed-forward, logits. With the whole model on one
// device the slices are the whole matrices; tensor parallel adds the
// all-reduces that make the residual stream whole again (placement.h). Every
// op goes through d.op(id, layer), which traces it when a tracer is set.
#include <algorithm>

#include "engine/model/llama_device.h"

namespace engine {

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
    const int32_t* ids = L.ids.data() + r0;
    if (tensor) {
        // Tokens outside this device's vocabulary slice embed as zeros.
        const Range v = d.share.vocab;
        for (int64_t t = 0; t < n; ++t) {
            const int32_t id = L.ids[static_cast<size_t>(r0 + t)];
            d.ws.ids[static_cast<size_t>(r0 + t)] = id >= v.begin && id < v.end ? id - static_cast<int32_t>(v.begin) : -1;
        }
        ids = d.ws.ids.data() + r0;
    }
    d.op(OpId::Embed, -1).embedRows(d.embedding, ids, n, d.ws.x.data() + r0 * dim);
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
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    Device::Workspace& s = d.ws;
    float* x = s.x.data() + r0 * c.dim;
    float* xb = s.xb.data() + r0 * c.dim;
    float* q = s.q.data() + r0 * d.qDim;
    float* k = s.k.data() + r0 * d.kvDim;
    float* proj = s.proj.data() + r0 * c.dim;
    d.op(OpId::NormAttn, l).rmsnorm(xb, x, w.attnNorm, n, c.dim, c.rmsEps);
    d.op(OpId::MatmulQ, l).matmul(w.wq, xb, n, q);
    d.op(OpId::MatmulK, l).matmul(w.wk, xb, n, k);
    d.op(OpId::MatmulV, l).matmul(w.wv, xb, n, s.v.data() + r0 * d.kvDim);
    if (w.bq) {
        d.op(OpId::BiasQkv, l).addBias(q, w.bq, n, d.qDim);
        d.op(OpId::BiasQkv, l).addBias(k, w.bk, n, d.kvDim);
        d.op(OpId::BiasQkv, l).addBias(s.v.data() + r0 * d.kvDim, w.bv, n, d.kvDim);
    }

    // GGUF `llama` (rope type NORM) and llama2.c rotate adjacent pairs
    // (x[2i], x[2i+1]). HF checkpoints rotate the two halves of each head
    // instead; converters permute wq/wk so that adjacent pairs apply here. The
    // half-split form is what NEOX-type architectures use at run time.
    // Llama 3.1 / 3.2 divide each pair's frequency by its rope_freqs factor.
    const int32_t* pos = m_layout->positions.data() + r0;
    d.op(OpId::Rope, l).rope(q, n, d.heads, c.headDim, pos, m_rope);
    d.op(OpId::Rope, l).rope(k, n, d.kvHeads, c.headDim, pos, m_rope);
    for (size_t i = e0; i < e1; ++i) sequenceAttention(d, layer, i, batch[i], store);

    d.op(OpId::MatmulAttnOut, l).matmul(w.wo, s.att.data() + r0 * d.qDim, n, proj);
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, s.proj, r0 * c.dim, n * c.dim, l);
    d.op(OpId::AddResidual, l).add(x, proj, n * c.dim);
}

// One sequence: store its new keys/values in this device's KV shard, then
// causal GQA attention over its whole prefix, read in place (token t at
// position pos[t] sees positions 0..pos[t]; query head h reads kv head
// h / (heads / kvHeads), which a tensor-parallel slice keeps on the same
// device). With the cache off the pass's own rows are the whole prefix.
void LlamaModel::sequenceAttention(Device& d, int64_t layer, size_t entry, const BatchSequence& b, KvStore& store)
{
    const ModelConfig& c = m_config;
    const auto l = static_cast<int32_t>(layer);
    const int shard = deviceCount() > 1 ? d.share.rank : 0;
    const int64_t r0 = m_layout->rowOf[entry];
    const auto len = static_cast<int64_t>(b.tokens.size());
    Device::Workspace& s = d.ws;
    const int32_t* pos = m_layout->positions.data() + r0;
    float* out = s.att.data() + r0 * d.qDim;
    const float* q = s.q.data() + r0 * d.qDim;
    const float* keys = s.k.data() + r0 * d.kvDim;
    const float* values = s.v.data() + r0 * d.kvDim;
    if (store.mode() == KvCacheMode::Off) {
        d.op(OpId::Attention, l).attention(out, q, len, pos, keys, values, d.heads, d.kvHeads, c.headDim);
        return;
    }
    const kernels::KvRows cachedKeys = store.rows(b.sequence, layer, 0, shard);
    const kernels::KvRows cachedValues = store.rows(b.sequence, layer, 1, shard);
    d.op(OpId::KvWrite, l).kvWrite(cachedKeys, b.startPos, len, keys);
    d.op(OpId::KvWrite, l).kvWrite(cachedValues, b.startPos, len, values);
    d.op(OpId::Attention, l)
        .attentionCached(out, q, len, pos, cachedKeys, cachedValues, d.heads, d.kvHeads, c.headDim);
}

// x += w2 · (silu(w1·norm(x)) * w3·norm(x))
void LlamaModel::feedForwardBlock(Device& d, int64_t layer, size_t e0, size_t e1)
{
    const ModelConfig& c = m_config;
    const LayerView& w = d.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    Device::Workspace& s = d.ws;
    float* x = s.x.data() + r0 * c.dim;
    float* xb = s.xb.data() + r0 * c.dim;
    float* gate = s.gate.data() + r0 * d.hidden;
    float* up = s.up.data() + r0 * d.hidden;
    float* proj = s.proj.data() + r0 * c.dim;
    d.op(OpId::NormFfn, l).rmsnorm(xb, x, w.ffnNorm, n, c.dim, c.rmsEps);
    d.op(OpId::MatmulGate, l).matmul(w.wGate, xb, n, gate);
    d.op(OpId::MatmulUp, l).matmul(w.wUp, xb, n, up);
    d.op(OpId::SiluMul, l).siluMul(gate, up, n * d.hidden);
    d.op(OpId::MatmulDown, l).matmul(w.wDown, gate, n, proj);
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, s.proj, r0 * c.dim, n * c.dim, l);
    d.op(OpId::AddResidual, l).add(x, proj, n * c.dim);
}

// Final norm and classifier, only over the rows whose logits are wanted.
// Tensor parallel: each device computes its vocabulary slice's columns and
// gathers them into the caller's rows.
void LlamaModel::outputLogits(Device& d, std::span<const BatchSequence> batch, size_t e0, size_t e1, float* logits)
{
    const ModelConfig& c = m_config;
    const Layout& L = *m_layout;
    Device::Workspace& s = d.ws;
    int64_t rows = 0;
    for (size_t i = e0; i < e1; ++i) {
        const auto len = static_cast<int64_t>(batch[i].tokens.size());
        const int64_t count = batch[i].logits == LogitsMode::All ? len : batch[i].logits == LogitsMode::Last ? 1 : 0;
        if (count == 0) continue;
        const int64_t from = L.rowOf[i] + len - count;
        d.op(OpId::SelectRows, -1).copyRows(s.proj.data() + rows * c.dim, s.x.data() + from * c.dim, count * c.dim);
        rows += count;
    }
    if (rows == 0) return;
    d.op(OpId::NormOutput, -1).rmsnorm(s.xb.data(), s.proj.data(), m_weights.outputNorm.data(), rows, c.dim, c.rmsEps);
    float* dst = logits + L.logitRowOf[e0] * c.vocabSize;
    if (m_placement.mode != SplitMode::Tensor) {
        d.op(OpId::MatmulLogits, -1).matmul(d.output, s.xb.data(), rows, dst);
        return;
    }
    d.op(OpId::MatmulLogits, -1).matmul(d.output, s.xb.data(), rows, s.logits.data());
    m_comm->gatherColumns(d.share.rank, s.logits.data(), rows, d.vocab, dst, c.vocabSize, d.share.vocab.begin);
}

}  // namespace engine
