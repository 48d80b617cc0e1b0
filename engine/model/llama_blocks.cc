// The llama blocks as one device runs them over a range of batch entries:
// embedding, attention, feed-forward, logits. With the whole model on one
// device the slices are the whole matrices; tensor parallel adds the
// all-reduces that make the residual stream whole again (placement.h). Every
// op goes through d.op(id, layer), which traces it when a tracer is set; every
// operand is a tensor of the device's workspace or weights, cut to the rows
// of the entries being run.
#include <algorithm>
#include <cmath>

#include "engine/model/llama_device.h"

namespace engine {

namespace {

// Rows [r0, r0 + n) of a workspace tensor.
kernels::Tensor rows(const kernels::Tensor& t, int64_t r0, int64_t n)
{
    return t.rowSlice(r0, r0 + n);
}

}  // namespace

// The communicator reads host memory: the device's queued work must be done.
void LlamaModel::allReduce(Device& d, const kernels::Tensor& t, int32_t layer)
{
    d.ops->synchronize();
    m_comm->allReduceSum(d.share.rank, t.f32Out(), t.elements(), layer);
}

void LlamaModel::embed(Device& d, size_t e0, size_t e1)
{
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    const kernels::Tensor x = rows(d.ws.x, r0, n);
    d.op(OpId::Embed, -1).embedRows(d.embedding, rows(d.ws.ids, r0, n), x);
    // Tensor parallel: exactly one device holds each token's row; the sum adds zeros to it.
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, x, -1);
    if (m_config.embedScale)
        d.op(OpId::ScaleEmbed, -1).scale(x, std::sqrt(static_cast<float>(m_config.dim)));
}

// x += wo · attention(rope(wq·norm(x)), cache), attention per sequence.
void LlamaModel::attentionBlock(Device& d, int64_t layer, std::span<const BatchSequence> batch, size_t e0, size_t e1,
                                KvStore& store)
{
    const ModelConfig& c = m_config;
    const LayerView& w = d.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    const Device::Workspace& s = d.ws;
    const kernels::Tensor x = rows(s.x, r0, n), xb = rows(s.xb, r0, n), q = rows(s.q, r0, n);
    const kernels::Tensor k = rows(s.k, r0, n), v = rows(s.v, r0, n), proj = rows(s.proj, r0, n);
    d.op(OpId::NormAttn, l).rmsnorm(xb, x, w.attnNorm, c.rmsEps);
    d.op(OpId::MatmulQ, l).matmul(w.wq, xb, q);
    d.op(OpId::MatmulK, l).matmul(w.wk, xb, k);
    d.op(OpId::MatmulV, l).matmul(w.wv, xb, v);
    if (!w.bq.empty()) {
        d.op(OpId::BiasQkv, l).addBias(q, w.bq);
        d.op(OpId::BiasQkv, l).addBias(k, w.bk);
        d.op(OpId::BiasQkv, l).addBias(v, w.bv);
    }

    // GGUF `llama` (rope type NORM) and llama2.c rotate adjacent pairs
    // (x[2i], x[2i+1]). HF checkpoints rotate the two halves of each head
    // instead; converters permute wq/wk so that adjacent pairs apply here. The
    // half-split form is what NEOX-type architectures use at run time.
    // Llama 3.1 / 3.2 divide each pair's frequency by its rope_freqs factor.
    // Gemma 3 norms each head of Q and K (rows seen as heads) before rope.
    if (!w.qNorm.empty()) {
        d.op(OpId::NormQk, l).rmsnorm(q.reshaped(n * d.heads, c.headDim), q.reshaped(n * d.heads, c.headDim), w.qNorm,
                                      c.rmsEps);
        d.op(OpId::NormQk, l).rmsnorm(k.reshaped(n * d.kvHeads, c.headDim), k.reshaped(n * d.kvHeads, c.headDim),
                                      w.kNorm, c.rmsEps);
    }
    const kernels::Tensor pos = rows(s.positions, r0, n);
    const kernels::RopeParams& rope = c.isLocal(layer) ? d.ropeLocal : d.rope;
    d.op(OpId::Rope, l).rope(q, c.headDim, pos, rope);
    d.op(OpId::Rope, l).rope(k, c.headDim, pos, rope);
    for (size_t i = e0; i < e1; ++i) sequenceAttention(d, layer, i, batch[i], store);

    d.op(OpId::MatmulAttnOut, l).matmul(w.wo, rows(s.att, r0, n), proj);
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, proj, l);
    if (!w.postAttnNorm.empty()) d.op(OpId::NormPostAttn, l).rmsnorm(proj, proj, w.postAttnNorm, c.rmsEps);
    d.op(OpId::AddResidual, l).add(x, proj);
}

// One sequence: store its new keys/values in this device's KV shard, then
// causal GQA attention over its whole prefix, read in place (token t at
// position pos[t] sees positions 0..pos[t]; query head h reads kv head
// h / (heads / kvHeads), which a tensor-parallel slice keeps on the same
// device). With the cache off the pass's own rows are the whole prefix.
void LlamaModel::sequenceAttention(Device& d, int64_t layer, size_t entry, const BatchSequence& b, KvStore& store)
{
    const auto l = static_cast<int32_t>(layer);
    const int shard = deviceCount() > 1 ? d.share.rank : 0;
    const int64_t r0 = m_layout->rowOf[entry];
    const auto len = static_cast<int64_t>(b.tokens.size());
    const Device::Workspace& s = d.ws;
    const kernels::Tensor out = rows(s.att, r0, len), q = rows(s.q, r0, len), pos = rows(s.positions, r0, len);
    const kernels::Tensor keys = rows(s.k, r0, len), values = rows(s.v, r0, len);
    const ModelConfig& c = m_config;
    const kernels::AttentionShape shape{d.heads, d.kvHeads, c.headDim, c.attnScale, c.attnSoftcap, c.windowOf(layer)};
    if (store.mode() == KvCacheMode::Off) {
        d.op(OpId::Attention, l).attention(out, q, pos, keys, values, shape);
        return;
    }
    const kernels::KvRows cachedKeys = store.rows(b.sequence, layer, 0, shard);
    const kernels::KvRows cachedValues = store.rows(b.sequence, layer, 1, shard);
    // A sliding-window layer held in a ring takes the pass in chunks, each
    // written and then attended to: the ring holds window + chunk - 1
    // positions, never the whole pass. Every query reads the same rows as in
    // one call (its own window), so the scores are unchanged bit for bit.
    const int64_t chunk = store.windowHeldApart() && store.spec().isWindowed(layer) ? kvWindowChunk(store.spec()) : len;
    for (int64_t t0 = 0; t0 < len; t0 += chunk) {
        const int64_t n = std::min(chunk, len - t0);
        const auto part = [&](const kernels::Tensor& t) { return rows(t, t0, n); };
        d.op(OpId::KvWrite, l).kvWrite(cachedKeys, b.startPos + t0, part(keys));
        d.op(OpId::KvWrite, l).kvWrite(cachedValues, b.startPos + t0, part(values));
        d.op(OpId::Attention, l).attentionCached(part(out), part(q), part(pos), cachedKeys, cachedValues, shape);
    }
}

// x += w2 · (silu(w1·norm(x)) * w3·norm(x))
void LlamaModel::feedForwardBlock(Device& d, int64_t layer, size_t e0, size_t e1)
{
    const ModelConfig& c = m_config;
    const LayerView& w = d.layers[static_cast<size_t>(layer)];
    const auto l = static_cast<int32_t>(layer);
    const int64_t r0 = m_layout->rowOf[e0], n = m_layout->rowOf[e1] - r0;
    const Device::Workspace& s = d.ws;
    const kernels::Tensor x = rows(s.x, r0, n), xb = rows(s.xb, r0, n), proj = rows(s.proj, r0, n);
    const kernels::Tensor gate = rows(s.gate, r0, n), up = rows(s.up, r0, n);
    d.op(OpId::NormFfn, l).rmsnorm(xb, x, w.ffnNorm, c.rmsEps);
    d.op(OpId::MatmulGate, l).matmul(w.wGate, xb, gate);
    d.op(OpId::MatmulUp, l).matmul(w.wUp, xb, up);
    if (c.geluGate) d.op(OpId::GeluMul, l).geluMul(gate, up);
    else d.op(OpId::SiluMul, l).siluMul(gate, up);
    d.op(OpId::MatmulDown, l).matmul(w.wDown, gate, proj);
    if (m_placement.mode == SplitMode::Tensor) allReduce(d, proj, l);
    if (!w.postFfwNorm.empty()) d.op(OpId::NormPostFfn, l).rmsnorm(proj, proj, w.postFfwNorm, c.rmsEps);
    d.op(OpId::AddResidual, l).add(x, proj);
}

// Final norm and classifier, only over the rows whose logits are wanted.
// The selected rows are gathered into proj, normed into xb; the classifier
// writes straight into the caller's rows where the device can (CPU), else
// into the workspace, downloaded after. Tensor parallel: each device computes
// its vocabulary slice's columns and gathers them into the caller's rows.
void LlamaModel::outputLogits(Device& d, std::span<const BatchSequence> batch, size_t e0, size_t e1, float* logits)
{
    const ModelConfig& c = m_config;
    const Layout& L = *m_layout;
    const Device::Workspace& s = d.ws;
    int64_t count = 0;
    for (size_t i = e0; i < e1; ++i) {
        const auto len = static_cast<int64_t>(batch[i].tokens.size());
        const int64_t want = batch[i].logits == LogitsMode::All ? len : batch[i].logits == LogitsMode::Last ? 1 : 0;
        if (want == 0) continue;
        const int64_t from = L.rowOf[i] + len - want;
        d.op(OpId::SelectRows, -1).copyRows(rows(s.proj, count, want), rows(s.x, from, want));
        count += want;
    }
    if (count == 0) return;
    const kernels::Tensor normed = rows(s.xb, 0, count);
    d.op(OpId::NormOutput, -1).rmsnorm(normed, rows(s.proj, 0, count), d.outputNorm, c.rmsEps);
    float* dst = logits + L.logitRowOf[e0] * c.vocabSize;
    // Gemma 2 caps the logits at finalSoftcap (element-wise, so each device caps its own columns).
    const auto classify = [&](const kernels::Tensor& out) {
        d.op(OpId::MatmulLogits, -1).matmul(d.output, normed, out);
        if (c.finalSoftcap > 0.0f) d.op(OpId::SoftcapLogits, -1).softcap(out, c.finalSoftcap);
    };
    if (!d.logitsInWorkspace(m_placement.mode)) {
        classify(kernels::Tensor::host(dst, count, c.vocabSize));
        return;
    }
    const kernels::Tensor mine = rows(s.logits, 0, count);
    classify(mine);
    d.ops->synchronize();
    if (m_placement.mode != SplitMode::Tensor) {
        d.ops->download(dst, mine);
        d.ops->synchronize();
        return;
    }
    m_comm->gatherColumns(d.share.rank, mine.f32(), count, d.vocab, dst, c.vocabSize, d.share.vocab.begin);
}

}  // namespace engine
