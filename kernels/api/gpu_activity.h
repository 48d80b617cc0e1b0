#pragma once
// What a GPU activity tracer (the CUDA module's CUPTI adapter) delivers: plain
// records of kernels, copies, memsets, runtime API calls and synchronisations,
// with times already on the engine tracer's clock (ns since the tracer was
// created). No CUDA or CUPTI type crosses this header, so the engine turns
// the records into spans (engine/trace/gpu_spans.h) and tests build them by
// hand on machines without a GPU.
//
// How a kernel finds the op that launched it: the engine pushes an external
// correlation id (its own number for the op call) around each op; CUPTI tags
// every runtime API call made inside with its own correlation id and reports
// the pair (externalId, correlationId) in a separate record. The GPU-side
// record (kernel, copy, memset) carries the correlation id only. The pairs and
// the GPU records may arrive in any order, across several buffers.
#include <cstdint>
#include <string>
#include <vector>

namespace kernels {

// Where the bytes of a copy live (CUpti_ActivityMemoryKind, reduced).
enum class GpuMemoryKind : uint8_t { Unknown, Pageable, Pinned, Device, Array, Managed, Count };
const char* gpuMemoryKindName(GpuMemoryKind kind);

// The direction of a copy (CUpti_ActivityMemcpyKind, reduced).
enum class GpuCopyKind : uint8_t { Unknown, HostToDevice, DeviceToHost, DeviceToDevice, HostToHost, PeerToPeer, Count };
const char* gpuCopyKindName(GpuCopyKind kind);  // "HtoD", "DtoH", ...

struct GpuDim3 {
    int32_t x = 0, y = 0, z = 0;
};

struct GpuKernelRecord {
    std::string name;  // demangled where the tracer could
    int32_t device = 0;      // CUDA device ordinal
    uint32_t context = 0;
    uint32_t stream = 0;     // the stream's id, unique per context
    int64_t startNs = 0, endNs = 0;
    GpuDim3 grid, block;
    int32_t sharedBytes = 0;  // static + dynamic shared memory per block
    int32_t registers = 0;    // per thread
    uint32_t correlationId = 0;
};

struct GpuMemcpyRecord {
    GpuCopyKind kind = GpuCopyKind::Unknown;
    GpuMemoryKind srcKind = GpuMemoryKind::Unknown, dstKind = GpuMemoryKind::Unknown;
    uint64_t bytes = 0;
    int32_t device = 0;
    uint32_t context = 0;
    uint32_t stream = 0;
    int64_t startNs = 0, endNs = 0;
    uint32_t correlationId = 0;
};

struct GpuMemsetRecord {
    GpuMemoryKind memoryKind = GpuMemoryKind::Unknown;
    uint64_t bytes = 0;
    uint32_t value = 0;
    int32_t device = 0;
    uint32_t context = 0;
    uint32_t stream = 0;
    int64_t startNs = 0, endNs = 0;
    uint32_t correlationId = 0;
};

// A CUDA runtime API call on a host thread ("cudaLaunchKernel").
struct GpuApiRecord {
    std::string name;
    uint32_t threadId = 0;  // the OS thread id of the caller
    int64_t startNs = 0, endNs = 0;
    uint32_t correlationId = 0;
};

// A host thread waiting for the GPU (a stream, event, context or device synchronise).
struct GpuSyncRecord {
    enum class Kind : uint8_t { Unknown, Event, Stream, StreamWaitEvent, Context, Count };
    Kind kind = Kind::Unknown;
    uint32_t context = 0;
    uint32_t stream = 0;  // 0 when the wait is not on a stream
    int64_t startNs = 0, endNs = 0;
    uint32_t correlationId = 0;
};
const char* gpuSyncKindName(GpuSyncRecord::Kind kind);

// The tie between CUPTI's correlation id and the engine's op call.
struct GpuCorrelation {
    uint32_t correlationId = 0;
    uint64_t externalId = 0;
};

// One delivery: whatever completed buffers held since the last one.
struct GpuActivityBatch {
    std::vector<GpuKernelRecord> kernels;
    std::vector<GpuMemcpyRecord> memcpys;
    std::vector<GpuMemsetRecord> memsets;
    std::vector<GpuApiRecord> apiCalls;
    std::vector<GpuSyncRecord> syncs;
    std::vector<GpuCorrelation> correlations;
    uint64_t droppedRecords = 0;  // records CUPTI reported lost (buffers full): never made up

    bool empty() const
    {
        return kernels.empty() && memcpys.empty() && memsets.empty() && apiCalls.empty() && syncs.empty() &&
               correlations.empty() && droppedRecords == 0;
    }
    // Appends `other`'s records and counts.
    void append(GpuActivityBatch&& other);
};

// The CUDA module's activity tracer, seen from the engine. Enabled once when
// a run's tracer starts (the first enable can stall for a while); the engine
// brackets each op call with pushOp / popOp and collects the records with
// flush() after synchronising the devices at the end of a run.
class GpuActivityTracer {
public:
    virtual ~GpuActivityTracer() = default;

    // `clock` returns the engine tracer's time (ns); records are stamped with it.
    // Returns a sentence when tracing cannot start (no GPU, CUPTI refused).
    virtual std::string enable(int64_t (*clock)(void*), void* clockContext) = 0;
    virtual void disable() = 0;
    virtual bool enabled() const = 0;

    // The op call `externalId` (its op's name and layer, for NVTX) starts or ends on this thread.
    virtual void pushOp(uint64_t externalId, const char* opName, int32_t layer) = 0;
    virtual void popOp() = 0;

    // Synchronises the devices, forces CUPTI to hand over every buffer and
    // returns what arrived since the last flush.
    virtual GpuActivityBatch flush() = 0;

    // Traces one known kernel end to end; a sentence when no record of it arrived.
    virtual std::string selfTest() = 0;
};

}  // namespace kernels
