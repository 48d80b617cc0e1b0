#include "kernels/api/gpu_activity.h"

#include <iterator>

namespace kernels {

const char* gpuMemoryKindName(GpuMemoryKind kind)
{
    switch (kind) {
    case GpuMemoryKind::Unknown: return "unknown";
    case GpuMemoryKind::Pageable: return "pageable";
    case GpuMemoryKind::Pinned: return "pinned";
    case GpuMemoryKind::Device: return "device";
    case GpuMemoryKind::Array: return "array";
    case GpuMemoryKind::Managed: return "managed";
    case GpuMemoryKind::Count: break;
    }
    return "?";
}

const char* gpuCopyKindName(GpuCopyKind kind)
{
    switch (kind) {
    case GpuCopyKind::Unknown: return "copy";
    case GpuCopyKind::HostToDevice: return "HtoD";
    case GpuCopyKind::DeviceToHost: return "DtoH";
    case GpuCopyKind::DeviceToDevice: return "DtoD";
    case GpuCopyKind::HostToHost: return "HtoH";
    case GpuCopyKind::PeerToPeer: return "PtoP";
    case GpuCopyKind::Count: break;
    }
    return "?";
}

const char* gpuSyncKindName(GpuSyncRecord::Kind kind)
{
    using Kind = GpuSyncRecord::Kind;
    switch (kind) {
    case Kind::Unknown: return "synchronize";
    case Kind::Event: return "event synchronize";
    case Kind::Stream: return "stream synchronize";
    case Kind::StreamWaitEvent: return "stream wait event";
    case Kind::Context: return "context synchronize";
    case Kind::Count: break;
    }
    return "?";
}

namespace {
template <typename T>
void moveAppend(std::vector<T>& to, std::vector<T>&& from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    from.clear();
}
}  // namespace

void GpuActivityBatch::append(GpuActivityBatch&& other)
{
    moveAppend(kernels, std::move(other.kernels));
    moveAppend(memcpys, std::move(other.memcpys));
    moveAppend(memsets, std::move(other.memsets));
    moveAppend(apiCalls, std::move(other.apiCalls));
    moveAppend(syncs, std::move(other.syncs));
    moveAppend(correlations, std::move(other.correlations));
    droppedRecords += other.droppedRecords;
    other.droppedRecords = 0;
}

}  // namespace kernels
