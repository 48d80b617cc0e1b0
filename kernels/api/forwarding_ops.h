#pragma once
// ForwardingOps: Ops that pass every call to another Ops: the base of the
// decorators that watch a device's ops (tracing, calibration statistics),
// which override only the calls they look at.
#include "kernels/api/ops.h"

namespace kernels {

class ForwardingOps : public Ops {
public:
    explicit ForwardingOps(const Ops& inner) : m_inner(inner) {}
    const Ops& inner() const { return m_inner; }

    const char* name() const override { return m_inner.name(); }
    DeviceKind deviceKind() const override { return m_inner.deviceKind(); }
    std::string deviceId() const override { return m_inner.deviceId(); }
    MemoryInfo memory() const override { return m_inner.memory(); }
    std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) const override { return m_inner.allocate(bytes, why); }
    void upload(const Tensor& dst, const void* src) const override { m_inner.upload(dst, src); }
    void download(void* dst, const Tensor& src) const override { m_inner.download(dst, src); }
    void synchronize() const override { m_inner.synchronize(); }
    size_t packedBytes(const Tensor& w) const override { return m_inner.packedBytes(w); }
    std::unique_ptr<Buffer> allocateWeights(size_t bytes, Reasons& why) const override
    {
        return m_inner.allocateWeights(bytes, why);
    }
    void packWeight(Tensor& w, void* dst) const override { m_inner.packWeight(w, dst); }

    void matmul(const Tensor& w, const Tensor& x, const Tensor& y) const override { m_inner.matmul(w, x, y); }
    void rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const override
    {
        m_inner.rmsnorm(out, x, weight, eps);
    }
    void rope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const override
    {
        m_inner.rope(x, headDim, positions, params);
    }
    void siluMul(const Tensor& gate, const Tensor& up) const override { m_inner.siluMul(gate, up); }
    void geluMul(const Tensor& gate, const Tensor& up) const override { m_inner.geluMul(gate, up); }
    void scale(const Tensor& x, float factor) const override { m_inner.scale(x, factor); }
    void softcap(const Tensor& x, float cap) const override { m_inner.softcap(x, cap); }
    void softmax(const Tensor& x) const override { m_inner.softmax(x); }
    void addBias(const Tensor& x, const Tensor& bias) const override { m_inner.addBias(x, bias); }
    void add(const Tensor& acc, const Tensor& x) const override { m_inner.add(acc, x); }
    void copyRows(const Tensor& dst, const Tensor& src) const override { m_inner.copyRows(dst, src); }
    void embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const override
    {
        m_inner.embedRows(table, ids, out);
    }
    void attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                   const Tensor& values, const AttentionShape& shape) const override
    {
        m_inner.attention(out, q, positions, keys, values, shape);
    }
    void kvWrite(const KvRows& dst, int64_t startPos, const Tensor& src) const override
    {
        m_inner.kvWrite(dst, startPos, src);
    }
    void kvRead(const KvRows& src, const Tensor& dst) const override { m_inner.kvRead(src, dst); }
    void attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const KvRows& keys,
                         const KvRows& values, const AttentionShape& shape) const override
    {
        m_inner.attentionCached(out, q, positions, keys, values, shape);
    }

private:
    const Ops& m_inner;
};

}  // namespace kernels
