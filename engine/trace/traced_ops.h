#pragma once
// TracedOps: a decorator around one device's ops that records one span per op
// call. The model names each call's op and layer (as(OpId, layer)); with no
// tracer set, as() hands back the inner ops themselves, so tracing off costs
// one branch per op. One instance per device, used by that device's thread.
#include <cstdint>

#include "engine/trace/op_id.h"
#include "engine/trace/tracer.h"
#include "kernels/api/ops.h"

namespace engine {

class TracedOps final : public kernels::Ops {
public:
    TracedOps(const kernels::Ops& inner, int32_t device) : m_inner(inner), m_device(device) {}

    void setTracer(Tracer* tracer) { m_tracer = tracer; }
    const kernels::Ops& inner() const { return m_inner; }

    // The ops to run the next call on, recorded as `op` of `layer` (-1: outside the layers).
    const kernels::Ops& as(OpId op, int32_t layer) const
    {
        if (!m_tracer) return m_inner;
        m_op = op;
        m_layer = layer;
        return *this;
    }

    const char* name() const override { return m_inner.name(); }
    void matmul(const kernels::MatRef& w, const float* x, int64_t nTokens, float* y) const override;
    void rmsnorm(float* out, const float* x, const float* weight, int64_t nRows, int64_t n, float eps) const override;
    void rope(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, const int32_t* positions,
              const kernels::RopeParams& params) const override;
    void siluMul(float* gate, const float* up, int64_t n) const override;
    void softmax(float* x, int64_t n) const override;
    void add(float* acc, const float* x, int64_t n) const override;
    void addBias(float* x, const float* bias, int64_t nRows, int64_t n) const override;
    void copyRows(float* dst, const float* src, int64_t n) const override;
    void embedRows(const kernels::MatRef& table, const int32_t* ids, int64_t nTokens, float* out) const override;
    void attention(float* out, const float* q, int64_t nTokens, const int32_t* positions, const float* keys,
                   const float* values, int64_t nHeads, int64_t nKvHeads, int64_t headDim) const override;
    void kvWrite(const kernels::KvRows& dst, int64_t startPos, int64_t n, const float* src) const override;
    void kvRead(const kernels::KvRows& src, int64_t n, float* dst) const override;
    void attentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                         const kernels::KvRows& keys, const kernels::KvRows& values, int64_t nHeads, int64_t nKvHeads,
                         int64_t headDim) const override;

private:
    // Runs `call` on the inner ops and records it with the bytes it read and its FLOPs.
    template <typename Call>
    void traced(uint64_t bytes, uint64_t flops, Call&& call) const;

    const kernels::Ops& m_inner;
    int32_t m_device;
    Tracer* m_tracer = nullptr;
    mutable OpId m_op = OpId::Other;
    mutable int32_t m_layer = -1;
};

}  // namespace engine
