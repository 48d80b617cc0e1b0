#pragma once
// TracedOps: a decorator around one device's ops that records one span per op
// call. The model names each call's op and layer (as(OpId, layer)); with no
// tracer set, as() hands back the inner ops themselves, so tracing off costs
// one branch per op. One instance per device, used by that device's thread.
// The helper threads of the device's ops (a CPU thread pool's workers) record
// a span of their share of each op too, marked workerShare, so the trace shows
// every thread that ran ops.
#include <cstdint>

#include "engine/trace/op_id.h"
#include "engine/trace/tracer.h"
#include "kernels/api/forwarding_ops.h"
#include "kernels/api/gpu_activity.h"
#include "kernels/api/worker_observer.h"

namespace engine {

class TracedOps final : public kernels::ForwardingOps {
public:
    TracedOps(const kernels::Ops& inner, int32_t device) : ForwardingOps(inner), m_device(device) {}

    void setTracer(Tracer* tracer) { m_tracer = tracer; }
    // A GPU device's activity tracer: while tracing, each op call gets a
    // number (its span's correlation) that is pushed as CUPTI's external
    // correlation id around the call, so its kernels are tied to it. nullptr: none.
    void setGpuActivity(kernels::GpuActivityTracer* gpu) { m_gpu = gpu; }

    // The ops to run the next call on, recorded as `op` of `layer` (-1: outside the layers).
    const kernels::Ops& as(OpId op, int32_t layer) const
    {
        if (!m_tracer) return inner();
        m_op = op;
        m_layer = layer;
        return *this;
    }

    void matmul(const kernels::Tensor& w, const kernels::Tensor& x, const kernels::Tensor& y) const override;
    void rmsnorm(const kernels::Tensor& out, const kernels::Tensor& x, const kernels::Tensor& weight,
                 float eps) const override;
    void rope(const kernels::Tensor& x, int64_t headDim, const kernels::Tensor& positions,
              const kernels::RopeParams& params) const override;
    void siluMul(const kernels::Tensor& gate, const kernels::Tensor& up) const override;
    void geluMul(const kernels::Tensor& gate, const kernels::Tensor& up) const override;
    void scale(const kernels::Tensor& x, float factor) const override;
    void softcap(const kernels::Tensor& x, float cap) const override;
    void softmax(const kernels::Tensor& x) const override;
    void addBias(const kernels::Tensor& x, const kernels::Tensor& bias) const override;
    void add(const kernels::Tensor& acc, const kernels::Tensor& x) const override;
    void copyRows(const kernels::Tensor& dst, const kernels::Tensor& src) const override;
    void embedRows(const kernels::Tensor& table, const kernels::Tensor& ids, const kernels::Tensor& out) const override;
    void attention(const kernels::Tensor& out, const kernels::Tensor& q, const kernels::Tensor& positions,
                   const kernels::Tensor& keys, const kernels::Tensor& values,
                   const kernels::AttentionShape& shape) const override;
    void kvWrite(const kernels::KvRows& dst, int64_t startPos, const kernels::Tensor& src) const override;
    void kvRead(const kernels::KvRows& src, const kernels::Tensor& dst) const override;
    void attentionCached(const kernels::Tensor& out, const kernels::Tensor& q, const kernels::Tensor& positions,
                         const kernels::KvRows& keys, const kernels::KvRows& values,
                         const kernels::AttentionShape& shape) const override;

private:
    // Runs `call` on the inner ops and records it with the bytes it read and
    // its FLOPs. The span ends when the work has: a device that queues its ops
    // is synchronised first, so the span measures the op, not its launch.
    template <typename Call>
    void traced(uint64_t bytes, uint64_t flops, Call&& call) const;

    // Records the shares of the op in flight, on the helper threads.
    class ShareRecorder final : public kernels::WorkerObserver {
    public:
        explicit ShareRecorder(const TracedOps& ops) : m_ops(ops) {}
        void shareStarted(int worker) override;
        void shareFinished(int worker) override;

    private:
        const TracedOps& m_ops;
    };

    int32_t m_device;
    Tracer* m_tracer = nullptr;
    kernels::GpuActivityTracer* m_gpu = nullptr;
    mutable ShareRecorder m_shares{*this};
    mutable OpId m_op = OpId::Other;
    mutable int32_t m_layer = -1;
};

}  // namespace engine
