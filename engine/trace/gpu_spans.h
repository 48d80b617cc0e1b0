#pragma once
// GPU activity records (kernels/api/gpu_activity.h) as tracer spans: kernels,
// copies and memsets on a lane per device stream, runtime API calls and
// synchronisations on the host thread of the op that made them. Every piece
// of GPU work is tied, through CUPTI's correlation id and the engine's
// external id, to the host op span that launched it: it takes that op's id,
// layer and device. What cannot be tied (work outside any op, or a tie whose
// correlation record was lost) keeps no op and is counted, never guessed;
// records CUPTI dropped are reported, never made up.
//
// A pure function, so it is tested with synthetic records on any machine.
#include <cstdint>
#include <vector>

#include "engine/trace/tracer.h"
#include "kernels/api/gpu_activity.h"

namespace engine {

// Host-side CUDA calls made outside any op (the end-of-run synchronise) go
// on this thread lane of the device.
inline constexpr uint32_t kUntiedHostCallsThread = 0xFFFF;

// A span GPU work can be tied to: a host op's own call (worker shares repeat
// their op's correlation and launch nothing of their own).
inline bool launchesGpuWork(const Span& s)
{
    return s.kind == SpanKind::HostOp && s.correlation != 0 && !s.workerShare;
}

struct GpuSpanOptions {
    // The engine's device (the span's `device`: a rank of the model) of each
    // CUDA ordinal, for work that is not tied to an op. Ordinals past the end map to themselves.
    std::vector<int32_t> rankOfCudaDevice;
};

struct GpuSpanStats {
    uint64_t kernels = 0, memcpys = 0, memsets = 0, apiCalls = 0, syncs = 0;
    uint64_t deviceTied = 0;    // kernels, copies and memsets tied to a host op
    uint64_t deviceUntied = 0;  // ... that are not
    uint64_t kernelsTied = 0;
    uint64_t droppedRecords = 0;  // lost by CUPTI before delivery
    int64_t kernelNs = 0;         // summed kernel durations

    uint64_t deviceRecords() const { return kernels + memcpys + memsets; }
    // Share of kernels tied to an op (1 when there are none).
    double kernelTiedShare() const { return kernels ? double(kernelsTied) / double(kernels) : 1.0; }
};

struct GpuSpans {
    std::vector<Span> spans;  // the batch's records, ordered by start time
    GpuSpanStats stats;
};

// Converts `batch` into spans. `hostSpans`: the run's host op spans (their
// `correlation` is the external id the op pushed). Kernel names are interned in `names`.
GpuSpans gpuActivityToSpans(const kernels::GpuActivityBatch& batch, const std::vector<Span>& hostSpans,
                            SpanNames& names, const GpuSpanOptions& options = {});

// Converts `batch` against the tracer's own spans and records the result
// there (with the dropped-record count). Returns the statistics.
GpuSpanStats recordGpuActivity(Tracer& tracer, const kernels::GpuActivityBatch& batch,
                               const GpuSpanOptions& options = {});

}  // namespace engine
