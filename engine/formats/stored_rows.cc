#include "engine/formats/stored_rows.h"

#include <algorithm>
#include <cstring>

#include "kernels/cpu/packed_rows.h"

namespace engine {

namespace {

// The matrix as the CPU kernels see it: rows of shape[0] values, packed
// groups at `packed` when it is CpuPacked.
kernels::Tensor matrixOf(const TensorInfo& t, const uint8_t* data)
{
    const auto cols = static_cast<int64_t>(t.shape.empty() ? 0 : t.shape[0]);
    kernels::Tensor w{t.type, data, static_cast<int64_t>(t.rows()), cols, storedRowBytes(t)};
    if (t.layout == RowLayout::CpuPacked) w.packed = data;
    return w;
}

}  // namespace

uint64_t storedRowBytes(const TensorInfo& t)
{
    return t.shape.empty() ? 0 : kernels::bytesFor(t.type, t.shape[0]);
}

const uint8_t* storedRow(const TensorInfo& t, uint64_t r, std::vector<uint8_t>& scratch)
{
    const uint64_t rowBytes = storedRowBytes(t);
    if (t.layout == RowLayout::Stored) return t.data + r * rowBytes;
    const kernels::Tensor w = matrixOf(t, t.data);
    if (static_cast<int64_t>(r) >= kernels::cpu::packedRows(w)) return t.data + r * rowBytes;  // past the last group
    scratch.resize(rowBytes);
    kernels::cpu::unpackRow(w, static_cast<int64_t>(r), scratch.data());
    return scratch.data();
}

bool packsInPlace(const TensorInfo& t)
{
    if (t.layout != RowLayout::Stored || t.shape.size() != 2 || !t.data) return false;
    // Float matrices keep their layout when "packed": nothing to do in place.
    if (!kernels::cpu::packsRows(t.type)) return false;
    return kernels::cpu::packedBytes(matrixOf(t, t.data)) > 0;
}

void packInPlace(TensorInfo& t, uint8_t* data)
{
    if (!packsInPlace(t)) return;
    const kernels::Tensor w = matrixOf(t, data);
    // A few groups at a time through a scratch copy: packing reads a group's
    // eight rows while it writes the group.
    constexpr int64_t kGroupsPerStep = 64;
    const int64_t groups = w.rows / kernels::cpu::kPackRows;
    const size_t groupBytes = static_cast<size_t>(kernels::cpu::kPackRows) * w.rowBytes;
    std::vector<uint8_t> scratch(static_cast<size_t>(std::min(groups, kGroupsPerStep)) * groupBytes);
    for (int64_t g0 = 0; g0 < groups; g0 += kGroupsPerStep) {
        const int64_t g1 = std::min(groups, g0 + kGroupsPerStep);
        const kernels::Tensor part = w.rowSlice(g0 * kernels::cpu::kPackRows, g1 * kernels::cpu::kPackRows);
        kernels::cpu::packRowGroups(part, scratch.data(), 0, g1 - g0);
        std::memcpy(data + static_cast<size_t>(g0) * groupBytes, scratch.data(), static_cast<size_t>(g1 - g0) * groupBytes);
    }
    t.layout = RowLayout::CpuPacked;
}

}  // namespace engine
