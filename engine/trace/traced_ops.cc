#include "engine/trace/traced_ops.h"

namespace engine {

template <typename Call>
void TracedOps::traced(uint64_t bytes, uint64_t flops, Call&& call) const
{
    if (!m_tracer) {
        call(inner());
        return;
    }
    Span span = opSpan(m_op, m_layer, m_device);
    span.bytes = bytes;
    span.flops = flops;
    const bool gpu = m_gpu && m_gpu->enabled();
    if (gpu) {
        span.correlation = m_tracer->nextCorrelation();
        m_gpu->pushOp(span.correlation, span.name, span.layer);
    }
    span.startNs = m_tracer->nowNs();
    {
        // Only while this op runs: the same inner ops may serve an untraced model.
        const kernels::ScopedWorkerObserver shares(&m_shares);
        call(inner());
    }
    inner().synchronize();
    span.durationNs = m_tracer->nowNs() - span.startNs;
    if (gpu) m_gpu->popOp();  // after the clock: the op's time is the op's
    span.thread = m_tracer->threadId();
    m_tracer->record(span);
}

namespace {
thread_local int64_t t_shareStartNs = 0;  // a helper thread works on one share at a time
}  // namespace

void TracedOps::ShareRecorder::shareStarted(int)
{
    t_shareStartNs = m_ops.m_tracer->nowNs();
}

void TracedOps::ShareRecorder::shareFinished(int)
{
    // The op and layer were set by the calling thread before the pool's job
    // was published, which orders them before this read.
    Span span = opSpan(m_ops.m_op, m_ops.m_layer, m_ops.m_device);
    span.workerShare = true;
    span.startNs = t_shareStartNs;
    span.durationNs = m_ops.m_tracer->nowNs() - t_shareStartNs;
    span.thread = m_ops.m_tracer->threadId();
    m_ops.m_tracer->record(span);
}

// A weight matmul reads the weight as stored and does one multiply and one add
// per weight per token.
void TracedOps::matmul(const kernels::Tensor& w, const kernels::Tensor& x, const kernels::Tensor& y) const
{
    const uint64_t flops =
        2 * static_cast<uint64_t>(w.rows) * static_cast<uint64_t>(w.cols) * static_cast<uint64_t>(x.rows);
    traced(w.viewBytes(), flops, [&](const kernels::Ops& o) { o.matmul(w, x, y); });
}

void TracedOps::rmsnorm(const kernels::Tensor& out, const kernels::Tensor& x, const kernels::Tensor& weight,
                        float eps) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.rmsnorm(out, x, weight, eps); });
}

void TracedOps::rope(const kernels::Tensor& x, int64_t headDim, const kernels::Tensor& positions,
                     const kernels::RopeParams& params) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.rope(x, headDim, positions, params); });
}

void TracedOps::siluMul(const kernels::Tensor& gate, const kernels::Tensor& up) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.siluMul(gate, up); });
}

void TracedOps::geluMul(const kernels::Tensor& gate, const kernels::Tensor& up) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.geluMul(gate, up); });
}

void TracedOps::scale(const kernels::Tensor& x, float factor) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.scale(x, factor); });
}

void TracedOps::softcap(const kernels::Tensor& x, float cap) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.softcap(x, cap); });
}

void TracedOps::softmax(const kernels::Tensor& x) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.softmax(x); });
}

void TracedOps::add(const kernels::Tensor& acc, const kernels::Tensor& x) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.add(acc, x); });
}

void TracedOps::addBias(const kernels::Tensor& x, const kernels::Tensor& bias) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.addBias(x, bias); });
}

void TracedOps::copyRows(const kernels::Tensor& dst, const kernels::Tensor& src) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.copyRows(dst, src); });
}

void TracedOps::embedRows(const kernels::Tensor& table, const kernels::Tensor& ids, const kernels::Tensor& out) const
{
    traced(static_cast<uint64_t>(ids.rows) * table.rowBytes, 0,
           [&](const kernels::Ops& o) { o.embedRows(table, ids, out); });
}

void TracedOps::attention(const kernels::Tensor& out, const kernels::Tensor& q, const kernels::Tensor& positions,
                          const kernels::Tensor& keys, const kernels::Tensor& values,
                          const kernels::AttentionShape& shape) const
{
    traced(0, 0, [&](const kernels::Ops& o) { o.attention(out, q, positions, keys, values, shape); });
}

void TracedOps::kvWrite(const kernels::KvRows& dst, int64_t startPos, const kernels::Tensor& src) const
{
    traced(static_cast<uint64_t>(src.rows) * dst.rowBytes, 0,
           [&](const kernels::Ops& o) { o.kvWrite(dst, startPos, src); });
}

void TracedOps::kvRead(const kernels::KvRows& src, const kernels::Tensor& dst) const
{
    traced(static_cast<uint64_t>(dst.rows) * src.rowBytes, 0, [&](const kernels::Ops& o) { o.kvRead(src, dst); });
}

void TracedOps::attentionCached(const kernels::Tensor& out, const kernels::Tensor& q,
                                const kernels::Tensor& positions, const kernels::KvRows& keys,
                                const kernels::KvRows& values, const kernels::AttentionShape& shape) const
{
    // It reads the whole prefix of keys and values once. Positions are read on
    // the host only where they live there.
    const bool hostPositions = positions.deviceKind() == kernels::DeviceKind::Cpu;
    const uint64_t rows = q.rows > 0 && hostPositions ? static_cast<uint64_t>(positions.i32()[q.rows - 1] + 1) : 0;
    traced(rows * (keys.rowBytes + values.rowBytes), 0,
           [&](const kernels::Ops& o) { o.attentionCached(out, q, positions, keys, values, shape); });
}

}  // namespace engine
