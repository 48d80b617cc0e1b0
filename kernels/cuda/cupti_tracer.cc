#include "kernels/cuda/cupti_tracer.h"

#include <cuda_runtime_api.h>
#include <cupti.h>
#include <cxxabi.h>
#include <nvtx3/nvToolsExt.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "kernels/cuda/cuda_libraries.h"

namespace kernels::cuda {

namespace {

constexpr size_t kBufferBytes = 8u << 20;  // per CUPTI buffer: a few hundred thousand records
constexpr size_t kBufferAlign = 8;         // CUPTI's required alignment

std::string cuptiText(CUptiResult result)
{
    const char* text = nullptr;
    cuptiGetResultString(result, &text);
    return text ? text : ("CUPTI error " + std::to_string(int(result)));
}

// The kinds traced, and the CUPTI call that enables each.
constexpr CUpti_ActivityKind kKinds[] = {
    CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL, CUPTI_ACTIVITY_KIND_MEMCPY,          CUPTI_ACTIVITY_KIND_MEMSET,
    CUPTI_ACTIVITY_KIND_RUNTIME,           CUPTI_ACTIVITY_KIND_SYNCHRONIZATION, CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION,
};

std::string demangled(const char* name)
{
    if (!name) return {};
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
    return status == 0 && out ? std::string(out.get()) : std::string(name);
}

GpuCopyKind copyKind(uint8_t kind)
{
    switch (kind) {
    case CUPTI_ACTIVITY_MEMCPY_KIND_HTOD:
    case CUPTI_ACTIVITY_MEMCPY_KIND_HTOA: return GpuCopyKind::HostToDevice;
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOH:
    case CUPTI_ACTIVITY_MEMCPY_KIND_ATOH: return GpuCopyKind::DeviceToHost;
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOD:
    case CUPTI_ACTIVITY_MEMCPY_KIND_ATOA:
    case CUPTI_ACTIVITY_MEMCPY_KIND_ATOD:
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOA: return GpuCopyKind::DeviceToDevice;
    case CUPTI_ACTIVITY_MEMCPY_KIND_HTOH: return GpuCopyKind::HostToHost;
    case CUPTI_ACTIVITY_MEMCPY_KIND_PTOP: return GpuCopyKind::PeerToPeer;
    default: return GpuCopyKind::Unknown;
    }
}

GpuMemoryKind memoryKind(unsigned kind)
{
    switch (kind) {
    case CUPTI_ACTIVITY_MEMORY_KIND_PAGEABLE: return GpuMemoryKind::Pageable;
    case CUPTI_ACTIVITY_MEMORY_KIND_PINNED: return GpuMemoryKind::Pinned;
    case CUPTI_ACTIVITY_MEMORY_KIND_DEVICE:
    case CUPTI_ACTIVITY_MEMORY_KIND_DEVICE_STATIC: return GpuMemoryKind::Device;
    case CUPTI_ACTIVITY_MEMORY_KIND_ARRAY: return GpuMemoryKind::Array;
    case CUPTI_ACTIVITY_MEMORY_KIND_MANAGED:
    case CUPTI_ACTIVITY_MEMORY_KIND_MANAGED_STATIC: return GpuMemoryKind::Managed;
    default: return GpuMemoryKind::Unknown;
    }
}

GpuSyncRecord::Kind syncKind(CUpti_ActivitySynchronizationType type)
{
    switch (type) {
    case CUPTI_ACTIVITY_SYNCHRONIZATION_TYPE_EVENT_SYNCHRONIZE: return GpuSyncRecord::Kind::Event;
    case CUPTI_ACTIVITY_SYNCHRONIZATION_TYPE_STREAM_WAIT_EVENT: return GpuSyncRecord::Kind::StreamWaitEvent;
    case CUPTI_ACTIVITY_SYNCHRONIZATION_TYPE_STREAM_SYNCHRONIZE: return GpuSyncRecord::Kind::Stream;
    case CUPTI_ACTIVITY_SYNCHRONIZATION_TYPE_CONTEXT_SYNCHRONIZE: return GpuSyncRecord::Kind::Context;
    default: return GpuSyncRecord::Kind::Unknown;
    }
}

std::string runtimeCallName(CUpti_CallbackId cbid)
{
    const char* name = nullptr;
    if (cuptiGetCallbackName(CUPTI_CB_DOMAIN_RUNTIME_API, cbid, &name) == CUPTI_SUCCESS && name) {
        std::string out(name);
        // CUPTI appends the API version ("cudaLaunchKernel_v7000").
        if (const size_t v = out.rfind("_v"); v != std::string::npos && v + 2 < out.size()) out.resize(v);
        return out;
    }
    return "cuda runtime call " + std::to_string(cbid);
}

int64_t ns(uint64_t t)
{
    return static_cast<int64_t>(t);
}

// What every record of work on a device carries: where it ran, when, and the
// runtime call that launched it.
template <typename Out, typename In>
void copyPlacement(Out& r, const In& m)
{
    r.device = static_cast<int32_t>(m.deviceId);
    r.context = m.contextId;
    r.stream = m.streamId;
    r.startNs = ns(m.start);
    r.endNs = ns(m.end);
    r.correlationId = m.correlationId;
}

void appendRecord(GpuActivityBatch& out, const CUpti_Activity* record)
{
    switch (record->kind) {
    case CUPTI_ACTIVITY_KIND_KERNEL:
    case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL: {
        const auto* k = reinterpret_cast<const CUpti_ActivityKernel10*>(record);
        GpuKernelRecord r;
        r.name = demangled(k->name);
        copyPlacement(r, *k);
        r.grid = {k->gridX, k->gridY, k->gridZ};
        r.block = {k->blockX, k->blockY, k->blockZ};
        r.sharedBytes = k->staticSharedMemory + k->dynamicSharedMemory;
        r.registers = k->registersPerThread;
        out.kernels.push_back(std::move(r));
        break;
    }
    case CUPTI_ACTIVITY_KIND_MEMCPY: {
        const auto* m = reinterpret_cast<const CUpti_ActivityMemcpy6*>(record);
        GpuMemcpyRecord r;
        r.kind = copyKind(m->copyKind);
        r.srcKind = memoryKind(m->srcKind);
        r.dstKind = memoryKind(m->dstKind);
        r.bytes = m->bytes;
        copyPlacement(r, *m);
        out.memcpys.push_back(r);
        break;
    }
    case CUPTI_ACTIVITY_KIND_MEMSET: {
        const auto* m = reinterpret_cast<const CUpti_ActivityMemset4*>(record);
        GpuMemsetRecord r;
        r.memoryKind = memoryKind(m->memoryKind);
        r.bytes = m->bytes;
        r.value = m->value;
        copyPlacement(r, *m);
        out.memsets.push_back(r);
        break;
    }
    case CUPTI_ACTIVITY_KIND_RUNTIME: {
        const auto* a = reinterpret_cast<const CUpti_ActivityAPI*>(record);
        out.apiCalls.push_back({runtimeCallName(a->cbid), a->threadId, ns(a->start), ns(a->end), a->correlationId});
        break;
    }
    case CUPTI_ACTIVITY_KIND_SYNCHRONIZATION: {
        const auto* s = reinterpret_cast<const CUpti_ActivitySynchronization2*>(record);
        out.syncs.push_back({syncKind(s->type), s->contextId, s->streamId, ns(s->start), ns(s->end), s->correlationId});
        break;
    }
    case CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION: {
        const auto* e = reinterpret_cast<const CUpti_ActivityExternalCorrelation*>(record);
        if (e->externalKind == CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0)
            out.correlations.push_back({e->correlationId, e->externalId});
        break;
    }
    default: break;
    }
}

void CUPTIAPI onBufferRequested(uint8_t** buffer, size_t* size, size_t* maxRecords)
{
    CuptiTracer::bufferRequested(buffer, size, maxRecords);
}

void CUPTIAPI onBufferCompleted(CUcontext context, uint32_t streamId, uint8_t* buffer, size_t size, size_t validSize)
{
    CuptiTracer::bufferCompleted(context, streamId, buffer, size, validSize);
}

uint64_t CUPTIAPI onTimestamp()
{
    return CuptiTracer::timestamp();
}

}  // namespace

CuptiTracer& CuptiTracer::instance()
{
    static CuptiTracer tracer;
    return tracer;
}

void CuptiTracer::bufferRequested(uint8_t** buffer, size_t* size, size_t* maxRecords)
{
    *buffer = static_cast<uint8_t*>(std::aligned_alloc(kBufferAlign, kBufferBytes));
    *size = *buffer ? kBufferBytes : 0;  // no buffer: CUPTI drops records and counts them
    *maxRecords = 0;                     // as many as fit
}

void CuptiTracer::bufferCompleted(void* context, uint32_t streamId, uint8_t* buffer, size_t, size_t validSize)
{
    CuptiTracer& self = instance();
    if (buffer && validSize > 0) self.decode(buffer, validSize);
    self.countDropped(context, streamId);
    std::free(buffer);
}

uint64_t CuptiTracer::timestamp()
{
    CuptiTracer& self = instance();
    std::lock_guard lock(self.m_clockMutex);
    if (!self.m_clock) return 0;
    return static_cast<uint64_t>(std::max<int64_t>(self.m_clock(self.m_clockContext), 0));
}

void CuptiTracer::decode(uint8_t* buffer, size_t validSize)
{
    GpuActivityBatch batch;
    CUpti_Activity* record = nullptr;
    while (cuptiActivityGetNextRecord(buffer, validSize, &record) == CUPTI_SUCCESS) appendRecord(batch, record);
    std::lock_guard lock(m_mutex);
    m_pending.append(std::move(batch));
}

void CuptiTracer::countDropped(void* context, uint32_t streamId)
{
    size_t dropped = 0;
    if (cuptiActivityGetNumDroppedRecords(static_cast<CUcontext>(context), streamId, &dropped) == CUPTI_SUCCESS &&
        dropped > 0) {
        std::lock_guard lock(m_mutex);
        m_pending.droppedRecords += dropped;
    }
}

std::string CuptiTracer::start()
{
    // The timestamp callback first: records made before it would be on CUPTI's own clock.
    if (CUptiResult r = cuptiActivityRegisterTimestampCallback(onTimestamp); r != CUPTI_SUCCESS)
        return "CUPTI refused the timestamp callback (" + cuptiText(r) + ").";
    if (CUptiResult r = cuptiActivityRegisterCallbacks(onBufferRequested, onBufferCompleted); r != CUPTI_SUCCESS)
        return "CUPTI refused the activity buffer callbacks (" + cuptiText(r) + ").";
    for (CUpti_ActivityKind kind : kKinds)
        if (CUptiResult r = cuptiActivityEnable(kind); r != CUPTI_SUCCESS)
            return "CUPTI could not enable activity kind " + std::to_string(int(kind)) + " (" + cuptiText(r) +
                   "); another profiler may hold the GPU's counters.";
    return {};
}

std::string CuptiTracer::enable(int64_t (*clock)(void*), void* clockContext)
{
    {
        std::lock_guard lock(m_clockMutex);
        m_clock = clock;
        m_clockContext = clockContext;
    }
    std::lock_guard starting(m_startMutex);  // never m_mutex: CUPTI may deliver buffers meanwhile
    {
        if (m_started) {
            if (m_startError.empty()) m_enabled.store(true);
            return m_startError;
        }
        m_started = true;
        int devices = 0;
        if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
            cudaGetLastError();
            m_startError = "GPU activity tracing needs a CUDA device; none is available.";
            return m_startError;
        }
        m_startError = start();
        if (!m_startError.empty()) return m_startError;
    }
    // The first enable can stall (CUPTI loads and instruments the driver):
    // done here, when the engine starts, and proven by one known kernel.
    m_startError = selfTest();
    m_enabled.store(m_startError.empty());
    return m_startError;
}

void CuptiTracer::disable()
{
    std::lock_guard starting(m_startMutex);
    m_enabled.store(false);
    if (!m_started) return;
    for (CUpti_ActivityKind kind : kKinds) cuptiActivityDisable(kind);
    cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
    m_started = false;
    m_startError.clear();
    std::lock_guard lock(m_mutex);
    m_pending = {};
}

void CuptiTracer::pushOp(uint64_t externalId, const char* opName, int32_t layer)
{
    if (!m_enabled.load()) return;
    cuptiActivityPushExternalCorrelationId(CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0, externalId);
    nvtxEventAttributes_t range{};
    range.version = NVTX_VERSION;
    range.size = NVTX_EVENT_ATTRIB_STRUCT_SIZE;
    range.messageType = NVTX_MESSAGE_TYPE_ASCII;
    range.message.ascii = opName ? opName : "op";
    range.payloadType = NVTX_PAYLOAD_TYPE_INT32;
    range.payload.iValue = layer;  // the layer, -1 outside the layers
    nvtxRangePushEx(&range);
}

void CuptiTracer::popOp()
{
    if (!m_enabled.load()) return;
    nvtxRangePop();
    uint64_t last = 0;
    cuptiActivityPopExternalCorrelationId(CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0, &last);
}

GpuActivityBatch CuptiTracer::flush()
{
    // Every device's queued work done first, so its records exist; then the
    // partly filled buffers are forced out (a plain flush leaves them).
    int devices = 0;
    if (cudaGetDeviceCount(&devices) == cudaSuccess)
        for (int d = 0; d < devices; ++d) {
            const DeviceGuard guard(d);
            if (guard.status() == cudaSuccess) cudaDeviceSynchronize();
        }
    cudaGetLastError();
    cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
    std::lock_guard lock(m_mutex);
    GpuActivityBatch out = std::move(m_pending);
    m_pending = {};
    return out;
}

std::string CuptiTracer::selfTest()
{
    constexpr int kValues = 1024;
    float* data = nullptr;
    if (cudaError_t e = cudaMalloc(reinterpret_cast<void**>(&data), kValues * sizeof(float)); e != cudaSuccess)
        return "The GPU tracing self-test could not allocate device memory (" + errorText(e) + ").";
    // Records that arrived before belong to someone else: keep them aside.
    GpuActivityBatch earlier = flush();
    const cudaError_t launched = launchSelfTestKernel(data, kValues);
    GpuActivityBatch traced = flush();
    cudaFree(data);
    {
        std::lock_guard lock(m_mutex);
        earlier.append(std::move(m_pending));
        m_pending = std::move(earlier);
    }
    if (launched != cudaSuccess)
        return "The GPU tracing self-test could not launch its kernel (" + errorText(launched) + ").";
    for (const GpuKernelRecord& k : traced.kernels)
        if (k.name.find(selfTestKernelName()) != std::string::npos && k.endNs >= k.startNs) return {};
    return "GPU activity tracing is broken: CUPTI delivered no record of the self-test kernel " +
           std::string(selfTestKernelName()) + " (" + std::to_string(traced.kernels.size()) +
           " kernel records, " + std::to_string(traced.droppedRecords) +
           " dropped). Kernel timings of this run would be missing; check that the CUPTI library matches the driver.";
}

}  // namespace kernels::cuda
