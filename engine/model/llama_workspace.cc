// The activation workspace of each device (llama_device.h) and the batch
// layout every device reads: reserved on the calling thread, before any
// device runs.
#include <algorithm>

#include "engine/model/llama_device.h"

namespace engine {

namespace {

// Offsets into the workspace buffer start on this boundary (a cache line; what
// SIMD loads and GPU kernels like).
constexpr size_t kWorkspaceAlign = 64;


}  // namespace

bool LlamaModel::Device::logitsInWorkspace(SplitMode mode) const
{
    return mode == SplitMode::Tensor || ops->deviceKind() != kernels::DeviceKind::Cpu;
}

Status LlamaModel::Device::reserveWorkspace(int64_t rows, int64_t dim, SplitMode mode)
{
    if (rows <= ws.rows) return okStatus();
    struct Part {
        kernels::Tensor* tensor;
        kernels::DType type;
        int64_t cols;
    };
    const kernels::DType f32 = kernels::DType::F32, i32 = kernels::DType::I32;
    const Part parts[] = {
        {&ws.x, f32, dim},      {&ws.xb, f32, dim},     {&ws.q, f32, qDim},     {&ws.att, f32, qDim},
        {&ws.proj, f32, dim},   {&ws.gate, f32, hidden}, {&ws.up, f32, hidden}, {&ws.k, f32, kvDim},
        {&ws.v, f32, kvDim},    {&ws.logits, f32, logitsInWorkspace(mode) ? vocab : 0},
        {&ws.ids, i32, 1},      {&ws.positions, i32, 1},
    };
    const auto bytesOf = [&](const Part& p) { return alignUp(kernels::bytesFor(p.type, static_cast<uint64_t>(rows * p.cols)), kWorkspaceAlign); };
    size_t total = 0;
    for (const Part& p : parts) total += bytesOf(p);
    kernels::Reasons why;
    auto buffer = ops->allocate(total, why);
    if (!buffer)
        return makeError(ErrorCode::OutOfRange, "the activation workspace of " + std::to_string(rows) +
                                                    " tokens (" + kernels::formatBytes(total) + ") on device " +
                                                    std::to_string(share.rank) + " could not be allocated. " +
                                                    kernels::joinReasons(why));
    size_t offset = 0;
    for (const Part& p : parts) {
        *p.tensor = kernels::Tensor::in(*buffer, offset, p.type, rows, p.cols);
        offset += bytesOf(p);
    }
    ws.buffer = std::move(buffer);
    ws.rows = rows;
    return okStatus();
}

Status LlamaModel::reserveWorkspace(int64_t rows)
{
    for (auto& d : m_devices) ENGINE_TRY(d->reserveWorkspace(rows, m_config.dim, m_placement.mode));
    return okStatus();
}

// Every device gets the pass's positions and token ids; a tensor-parallel
// device gets ids local to its vocabulary slice (-1 for the tokens it does
// not hold, which embed as zeros).
Status LlamaModel::prepareWorkspaces()
{
    const Layout& L = *m_layout;
    ENGINE_TRY(reserveWorkspace(L.rows));
    const bool tensor = m_placement.mode == SplitMode::Tensor;
    for (auto& d : m_devices) {
        d->ops->upload(d->ws.positions.rowSlice(0, L.rows), L.positions.data());
        if (!tensor) {
            d->ops->upload(d->ws.ids.rowSlice(0, L.rows), L.ids.data());
            continue;
        }
        const Range v = d->share.vocab;
        d->localIds.resize(static_cast<size_t>(L.rows));
        for (size_t t = 0; t < d->localIds.size(); ++t) {
            const int32_t id = L.ids[t];
            d->localIds[t] = id >= v.begin && id < v.end ? id - static_cast<int32_t>(v.begin) : -1;
        }
        d->ops->upload(d->ws.ids.rowSlice(0, L.rows), d->localIds.data());
    }
    return okStatus();
}

}  // namespace engine
