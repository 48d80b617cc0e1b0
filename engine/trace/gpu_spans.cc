#include "engine/trace/gpu_spans.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace engine {

namespace {

// What a tied record inherits from the op that launched it.
struct LaunchingOp {
    OpId op = OpId::Other;
    int32_t layer = -1;
    int32_t device = 0;
    uint32_t thread = 0;
    uint64_t externalId = 0;
};

class Ties {
public:
    Ties(const kernels::GpuActivityBatch& batch, const std::vector<Span>& hostSpans)
    {
        // The pairs may come before or after the records they tie, in any
        // buffer: index them all first.
        m_external.reserve(batch.correlations.size());
        for (const kernels::GpuCorrelation& c : batch.correlations) m_external[c.correlationId] = c.externalId;
        for (const Span& s : hostSpans)
            if (launchesGpuWork(s))
                m_ops.emplace(s.correlation, LaunchingOp{s.op, s.layer, s.device, s.thread, s.correlation});
    }

    // The op behind CUPTI correlation id `id`, or nullptr.
    const LaunchingOp* find(uint32_t correlationId) const
    {
        if (correlationId == 0) return nullptr;
        const auto ext = m_external.find(correlationId);
        if (ext == m_external.end()) return nullptr;
        const auto op = m_ops.find(ext->second);
        return op == m_ops.end() ? nullptr : &op->second;
    }

private:
    std::unordered_map<uint32_t, uint64_t> m_external;
    std::unordered_map<uint64_t, LaunchingOp> m_ops;
};

int32_t rankOf(const GpuSpanOptions& options, int32_t cudaDevice)
{
    if (cudaDevice >= 0 && static_cast<size_t>(cudaDevice) < options.rankOfCudaDevice.size())
        return options.rankOfCudaDevice[static_cast<size_t>(cudaDevice)];
    return cudaDevice;
}

class Converter {
public:
    Converter(const kernels::GpuActivityBatch& batch, const std::vector<Span>& hostSpans, SpanNames& names,
              const GpuSpanOptions& options)
        : m_ties(batch, hostSpans), m_names(names), m_options(options)
    {
        m_out.stats.droppedRecords = batch.droppedRecords;
    }

    void kernel(const kernels::GpuKernelRecord& r)
    {
        Span s = deviceSpan(SpanKind::Kernel, r.device, r.stream, r.startNs, r.endNs, r.correlationId);
        s.name = m_names.intern(r.name.empty() ? std::string_view("kernel") : std::string_view(r.name));
        s.grid[0] = r.grid.x, s.grid[1] = r.grid.y, s.grid[2] = r.grid.z;
        s.block[0] = r.block.x, s.block[1] = r.block.y, s.block[2] = r.block.z;
        ++m_out.stats.kernels;
        if (s.correlation) ++m_out.stats.kernelsTied;
        m_out.stats.kernelNs += s.durationNs;
        m_out.spans.push_back(s);
    }

    void memcpy(const kernels::GpuMemcpyRecord& r)
    {
        Span s = deviceSpan(SpanKind::Memcpy, r.device, r.stream, r.startNs, r.endNs, r.correlationId);
        s.name = m_names.intern(std::string("memcpy ") + kernels::gpuCopyKindName(r.kind));
        s.bytes = r.bytes;
        ++m_out.stats.memcpys;
        m_out.spans.push_back(s);
    }

    void memset(const kernels::GpuMemsetRecord& r)
    {
        Span s = deviceSpan(SpanKind::Memset, r.device, r.stream, r.startNs, r.endNs, r.correlationId);
        s.name = "memset";
        s.bytes = r.bytes;
        ++m_out.stats.memsets;
        m_out.spans.push_back(s);
    }

    void apiCall(const kernels::GpuApiRecord& r)
    {
        Span s = hostCall(SpanKind::RuntimeApi, r.startNs, r.endNs, r.correlationId);
        s.name = m_names.intern(r.name.empty() ? std::string_view("cuda call") : std::string_view(r.name));
        ++m_out.stats.apiCalls;
        m_out.spans.push_back(s);
    }

    void sync(const kernels::GpuSyncRecord& r)
    {
        Span s = hostCall(SpanKind::Synchronization, r.startNs, r.endNs, r.correlationId);
        s.name = kernels::gpuSyncKindName(r.kind);
        ++m_out.stats.syncs;
        m_out.spans.push_back(s);
    }

    GpuSpans finish()
    {
        std::stable_sort(m_out.spans.begin(), m_out.spans.end(),
                         [](const Span& a, const Span& b) { return a.startNs < b.startNs; });
        return std::move(m_out);
    }

private:
    static void setTimes(Span& s, int64_t startNs, int64_t endNs)
    {
        s.startNs = startNs;
        s.durationNs = std::max<int64_t>(endNs - startNs, 0);  // a bad record never yields a negative bar
    }

    Span deviceSpan(SpanKind kind, int32_t cudaDevice, uint32_t stream, int64_t startNs, int64_t endNs,
                    uint32_t correlationId)
    {
        Span s;
        s.kind = kind;
        s.stream = static_cast<int32_t>(stream);
        setTimes(s, startNs, endNs);
        if (const LaunchingOp* op = m_ties.find(correlationId)) {
            inherit(s, *op);
            ++m_out.stats.deviceTied;
        } else {
            s.op = OpId::Other;
            s.category = SpanCategory::Other;
            s.device = rankOf(m_options, cudaDevice);
            ++m_out.stats.deviceUntied;
        }
        s.thread = 0;
        return s;
    }

    Span hostCall(SpanKind kind, int64_t startNs, int64_t endNs, uint32_t correlationId)
    {
        Span s;
        s.kind = kind;
        setTimes(s, startNs, endNs);
        if (const LaunchingOp* op = m_ties.find(correlationId)) {
            inherit(s, *op);
            s.thread = op->thread;
        } else {
            s.device = rankOf(m_options, 0);
            s.thread = kUntiedHostCallsThread;
        }
        return s;
    }

    static void inherit(Span& s, const LaunchingOp& op)
    {
        s.op = op.op;
        s.category = opInfo(op.op).category;
        s.layer = op.layer;
        s.device = op.device;
        s.correlation = op.externalId;
    }

    Ties m_ties;
    SpanNames& m_names;
    const GpuSpanOptions& m_options;
    GpuSpans m_out;
};

}  // namespace

GpuSpans gpuActivityToSpans(const kernels::GpuActivityBatch& batch, const std::vector<Span>& hostSpans,
                            SpanNames& names, const GpuSpanOptions& options)
{
    Converter c(batch, hostSpans, names, options);
    for (const auto& r : batch.kernels) c.kernel(r);
    for (const auto& r : batch.memcpys) c.memcpy(r);
    for (const auto& r : batch.memsets) c.memset(r);
    for (const auto& r : batch.apiCalls) c.apiCall(r);
    for (const auto& r : batch.syncs) c.sync(r);
    return c.finish();
}

GpuSpanStats recordGpuActivity(Tracer& tracer, const kernels::GpuActivityBatch& batch, const GpuSpanOptions& options)
{
    GpuSpans gpu = gpuActivityToSpans(batch, tracer.spans(), tracer.names(), options);
    for (const Span& s : gpu.spans) tracer.record(s);
    tracer.addDroppedGpuRecords(batch.droppedRecords);
    return gpu.stats;
}

}  // namespace engine
