#pragma once
// KV cache rows on the device (kernels/api/kv.h): the address of a position
// through the block table, and one value decoded from the row's format.
#include <cuda_fp16.h>

#include <cstdint>

#include "kernels/api/kv.h"

namespace kernels::cuda {

__device__ __forceinline__ uint8_t* kvRow(const KvRows& kv, int64_t p)
{
    return kv.data + static_cast<uint64_t>(kv.blockTable[p / kv.blockTokens]) * kv.blockStride +
           static_cast<uint64_t>(p % kv.blockTokens) * kv.rowBytes;
}

// Value d of kv head h of a row.
__device__ __forceinline__ float kvValue(const KvRows& kv, const uint8_t* row, int64_t h, int64_t d)
{
    const int64_t i = h * kv.headDim + d;
    switch (kv.format) {
    case KvFormat::F16: {
        const uint16_t bits = static_cast<uint16_t>(row[2 * i] | (row[2 * i + 1] << 8));
        return __half2float(__ushort_as_half(bits));
    }
    case KvFormat::Int8: {
        float scale;
        memcpy(&scale, row + kv.kvHeads * kv.headDim + 4 * h, 4);  // rows are not 4-byte aligned
        return static_cast<float>(static_cast<int8_t>(row[i])) * scale;
    }
    default: {
        float v;
        memcpy(&v, row + 4 * i, 4);
        return v;
    }
    }
}

}  // namespace kernels::cuda
