// GPU activity tracing of a model with CUDA devices: the CUDA module's
// tracer (CUPTI) enabled when the model is made, its records stamped with the
// run's tracer clock, tied to the ops through the devices' TracedOps, and
// collected into the tracer when a traced run ends.
#include <chrono>
#include <optional>
#include <string>

#include "engine/model/llama_device.h"
#include "engine/model/llama_model.h"
#include "kernels/api/registry.h"

namespace engine {

namespace {

bool onGpu(const kernels::Ops& ops)
{
    return ops.deviceKind() == kernels::DeviceKind::Cuda;
}

// The CUDA ordinal of a GPU's ops ("cuda:1" -> 1); -1 when the id says none.
int cudaOrdinal(const kernels::Ops& ops)
{
    const std::string id = ops.deviceId();
    const size_t colon = id.rfind(':');
    if (colon == std::string::npos || colon + 1 >= id.size()) return -1;
    int ordinal = 0;
    for (size_t i = colon + 1; i < id.size(); ++i) {
        if (id[i] < '0' || id[i] > '9') return -1;
        ordinal = ordinal * 10 + (id[i] - '0');
    }
    return ordinal;
}

// Before any run has a tracer: the steady clock (records of that time are
// collected and dropped when a tracer attaches).
int64_t steadyNs(void*)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int64_t tracerNs(void* tracer)
{
    return static_cast<const Tracer*>(tracer)->nowNs();
}

}  // namespace

void LlamaModel::enableGpuActivity()
{
    bool anyGpu = false;
    for (const auto& d : m_devices) anyGpu = anyGpu || onGpu(*d->ops);
    if (!anyGpu) return;
    kernels::GpuActivityTracer* gpu = kernels::Registry::instance().gpuActivityTracer();
    if (!gpu) {
        m_gpuTraceProblem = "The CUDA module offers no GPU activity tracer; only host-side op times are traced.";
        return;
    }
    // The first enable can stall for a while (CUPTI instruments the driver):
    // done now, not on the first traced token.
    m_gpuTraceProblem = gpu->enable(&steadyNs, nullptr);
    if (m_gpuTraceProblem.empty()) m_gpuActivity = gpu;
}

void LlamaModel::attachGpuActivity()
{
    if (!m_gpuActivity) return;
    if (m_tracer) {
        m_gpuActivity->flush();  // what ran before this tracer: not part of its run
        m_gpuActivity->enable(&tracerNs, m_tracer);
    } else {
        m_gpuActivity->enable(&steadyNs, nullptr);
    }
    for (auto& d : m_devices) d->traced->setGpuActivity(m_tracer && onGpu(*d->ops) ? m_gpuActivity : nullptr);
}

GpuSpanStats LlamaModel::collectGpuActivity()
{
    if (!m_gpuActivity || !m_tracer) return {};
    GpuSpanOptions options;
    for (const auto& d : m_devices) {
        if (!onGpu(*d->ops) || cudaOrdinal(*d->ops) < 0) continue;
        const auto ordinal = static_cast<size_t>(cudaOrdinal(*d->ops));
        if (options.rankOfCudaDevice.size() <= ordinal) {
            const size_t from = options.rankOfCudaDevice.size();
            options.rankOfCudaDevice.resize(ordinal + 1);
            for (size_t i = from; i <= ordinal; ++i) options.rankOfCudaDevice[i] = static_cast<int32_t>(i);
        }
        options.rankOfCudaDevice[ordinal] = d->share.rank;
    }
    return recordGpuActivity(*m_tracer, m_gpuActivity->flush(), options);
}

void LlamaModel::recordGpuMemory(const KvStore& store)
{
    std::optional<uint64_t> kvBytes;  // asked only when there is a GPU
    for (const auto& d : m_devices) {
        if (!onGpu(*d->ops)) continue;
        if (!kvBytes) kvBytes = store.stats().allocatedBytes;
        const std::string id = d->ops->deviceId();
        const kernels::MemoryInfo memory = d->ops->memory();
        const double engineBytes = static_cast<double>(d->weightsBytes + d->workspaceBytes()) +
                                   static_cast<double>(*kvBytes) * kvShare(d->share.rank);
        m_tracer->recordCounter(m_tracer->names().intern(id + kGpuEngineMemory), engineBytes);
        if (memory.total >= memory.free && memory.total > 0)
            m_tracer->recordCounter(m_tracer->names().intern(id + kGpuMemoryInUse),
                                    static_cast<double>(memory.total - memory.free));
    }
}

}  // namespace engine
