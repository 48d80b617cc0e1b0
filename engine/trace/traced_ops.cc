#include "engine/trace/traced_ops.h"

namespace engine {

template <typename Call>
void TracedOps::traced(uint64_t bytes, uint64_t flops, Call&& call) const
{
    if (!m_tracer) {
        call(m_inner);
        return;
    }
    Span span = opSpan(m_op, m_layer, m_device);
    span.bytes = bytes;
    span.flops = flops;
    span.startNs = m_tracer->nowNs();
    call(m_inner);
    span.durationNs = m_tracer->nowNs() - span.startNs;
    span.thread = m_tracer->threadId();
    m_tracer->record(span);
}

// A weight matmul reads the weight as stored and does one multiply and one add
// per weight per token.
void TracedOps::matmul(const kernels::MatRef& w, const float* x, int64_t nTokens, float* y) const
{
    const uint64_t flops =
        2 * static_cast<uint64_t>(w.rows) * static_cast<uint64_t>(w.cols) * static_cast<uint64_t>(nTokens);
    traced(w.viewBytes(), flops, [&](const kernels::Ops& o) { o.matmul(w, x, nTokens, y); });
}

void TracedOps::rmsnorm(float* out, const float* x, const float* weight, int64_t nRows, int64_t n, float eps) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.rmsnorm(out, x, weight, nRows, n, eps); });
}

void TracedOps::rope(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, const int32_t* positions,
                     const kernels::RopeParams& params) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.rope(x, nTokens, nHeads, headDim, positions, params); });
}

void TracedOps::siluMul(float* gate, const float* up, int64_t n) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.siluMul(gate, up, n); });
}

void TracedOps::softmax(float* x, int64_t n) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.softmax(x, n); });
}

void TracedOps::add(float* acc, const float* x, int64_t n) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.add(acc, x, n); });
}

void TracedOps::addBias(float* x, const float* bias, int64_t nRows, int64_t n) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.addBias(x, bias, nRows, n); });
}

void TracedOps::copyRows(float* dst, const float* src, int64_t n) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.copyRows(dst, src, n); });
}

void TracedOps::embedRows(const kernels::MatRef& table, const int32_t* ids, int64_t nTokens, float* out) const
{
    traced(static_cast<uint64_t>(nTokens) * table.rowBytes, 0,
           [&](const kernels::Ops& o) { o.embedRows(table, ids, nTokens, out); });
}

void TracedOps::attention(float* out, const float* q, int64_t nTokens, const int32_t* positions, const float* keys,
                          const float* values, int64_t nHeads, int64_t nKvHeads, int64_t headDim) const
{
    traced(0, 0, [&](const kernels::Ops& o) {
        o.attention(out, q, nTokens, positions, keys, values, nHeads, nKvHeads, headDim);
    });
}

void TracedOps::kvWrite(const kernels::KvRows& dst, int64_t startPos, int64_t n, const float* src) const
{
    traced(static_cast<uint64_t>(n) * dst.rowBytes, 0, [&](const kernels::Ops& o) { o.kvWrite(dst, startPos, n, src); });
}

void TracedOps::kvRead(const kernels::KvRows& src, int64_t n, float* dst) const
{
    traced(static_cast<uint64_t>(n) * src.rowBytes, 0, [&](const kernels::Ops& o) { o.kvRead(src, n, dst); });
}

void TracedOps::attentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                                const kernels::KvRows& keys, const kernels::KvRows& values, int64_t nHeads,
                                int64_t nKvHeads, int64_t headDim) const
{
    // It reads the whole prefix of keys and values once.
    const uint64_t rows = nTokens > 0 ? static_cast<uint64_t>(positions[nTokens - 1] + 1) : 0;
    traced(rows * (keys.rowBytes + values.rowBytes), 0, [&](const kernels::Ops& o) {
        o.attentionCached(out, q, nTokens, positions, keys, values, nHeads, nKvHeads, headDim);
    });
}

}  // namespace engine
