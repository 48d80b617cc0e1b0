#pragma once
// Device-side decoding of every weight type the CUDA matmul and embedding
// read, 32 values (one "chunk") at a time: a block of the GGUF types is one
// chunk (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1) or eight (the 256-value K-quants);
// the project's grouped formats hold group / 32 chunks per block. The byte
// layouts are those of kernels/ref/block_layouts.h and grouped_layouts.h, and
// each decoder mirrors its scalar reference (kernels/ref/dequantize*.cc)
// value for value. Blocks are only 2-byte aligned, so fields are read bytewise.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "kernels/api/dtype.h"
#include "kernels/ref/k_scales.h"

namespace kernels::cuda {

__device__ __forceinline__ float halfAt(const uint8_t* p)
{
    const uint16_t bits = static_cast<uint16_t>(p[0] | (p[1] << 8));
    return __half2float(__ushort_as_half(bits));
}

__device__ __forceinline__ float bf16At(const uint8_t* p)
{
    const uint32_t bits = static_cast<uint32_t>(p[0] | (p[1] << 8)) << 16;
    return __uint_as_float(bits);
}

// How a type is cut into 32-value chunks.
struct ChunkLayout {
    int valuesPerBlock = 0;  // 0: not a type the kernels decode
    int blockBytes = 0;
};

__host__ __device__ constexpr ChunkLayout chunkLayout(DType t)
{
    switch (t) {
    case DType::F32: return {32, 128};
    case DType::F16: return {32, 64};
    case DType::BF16: return {32, 64};
    case DType::Q8_0: return {32, 34};
    case DType::Q4_0: return {32, 18};
    case DType::Q4_1: return {32, 20};
    case DType::Q5_0: return {32, 22};
    case DType::Q5_1: return {32, 24};
    case DType::Q4_K: return {256, 144};
    case DType::Q5_K: return {256, 176};
    case DType::Q6_K: return {256, 210};
    case DType::IsQ8G64: return {64, 2 + 64};
    case DType::IsQ8G128: return {128, 2 + 128};
    case DType::IsQ8AG32: return {32, 4 + 32};
    case DType::IsQ8AG64: return {64, 4 + 64};
    case DType::IsQ8AG128: return {128, 4 + 128};
    case DType::IsQ4G64: return {64, 2 + 32};
    case DType::IsQ4G128: return {128, 2 + 64};
    case DType::IsQ4AG64: return {64, 4 + 32};
    case DType::IsQ4AG128: return {128, 4 + 64};
    default: return {};
    }
}

// Int4 codes of a 32-value chunk: byte j holds value j (low nibble) and j + 16.
__device__ __forceinline__ int nibble(const uint8_t* qs, int i)
{
    return i < 16 ? (qs[i] & 0x0f) : (qs[i - 16] >> 4);
}

// Value i (0..31) of chunk c of the block at `b`.
template <DType T>
__device__ __forceinline__ float chunkValue(const uint8_t* b, int c, int i)
{
    if constexpr (T == DType::F32) {
        float v;
        memcpy(&v, b + 4 * i, 4);
        return v;
    } else if constexpr (T == DType::F16) {
        return halfAt(b + 2 * i);
    } else if constexpr (T == DType::BF16) {
        return bf16At(b + 2 * i);
    } else if constexpr (T == DType::Q8_0) {
        return halfAt(b) * static_cast<float>(static_cast<int8_t>(b[2 + i]));
    } else if constexpr (T == DType::Q4_0) {
        return halfAt(b) * static_cast<float>(nibble(b + 2, i) - 8);
    } else if constexpr (T == DType::Q4_1) {
        return halfAt(b) * static_cast<float>(nibble(b + 4, i)) + halfAt(b + 2);
    } else if constexpr (T == DType::Q5_0) {
        const uint32_t qh = b[2] | (b[3] << 8) | (b[4] << 16) | (static_cast<uint32_t>(b[5]) << 24);
        const int q = nibble(b + 6, i) | static_cast<int>((qh >> i) & 1) << 4;
        return halfAt(b) * static_cast<float>(q - 16);
    } else if constexpr (T == DType::Q5_1) {
        const uint32_t qh = b[4] | (b[5] << 8) | (b[6] << 16) | (static_cast<uint32_t>(b[7]) << 24);
        const int q = nibble(b + 8, i) | static_cast<int>((qh >> i) & 1) << 4;
        return halfAt(b) * static_cast<float>(q) + halfAt(b + 2);
    } else if constexpr (T == DType::Q4_K || T == DType::Q5_K) {
        // d, dmin, scales[12], (Q5_K: qh[32]), qs[128]; chunk c = group c.
        const uint8_t* qs = b + (T == DType::Q4_K ? 16 : 48) + 32 * (c / 2);
        int sc = 0, mn = 0;
        blocks::k4ScaleMin(b + 4, c, sc, mn);
        int code = (c % 2 == 0) ? (qs[i] & 0x0f) : (qs[i] >> 4);
        if constexpr (T == DType::Q5_K) code |= ((b[16 + i] >> c) & 1) << 4;
        return halfAt(b) * static_cast<float>(sc) * static_cast<float>(code) - halfAt(b + 2) * static_cast<float>(mn);
    } else if constexpr (T == DType::Q6_K) {
        // ql[128], qh[64], scales[16] (signed), d; chunk c: half c / 4, run c % 4.
        const int half = c / 4, run = c % 4;
        const uint8_t* ql = b + 64 * half;
        const uint8_t* qh = b + 128 + 32 * half;
        const int8_t* sc = reinterpret_cast<const int8_t*>(b + 192) + 8 * half;
        const uint8_t lowByte = ql[i + 32 * (run % 2)];
        const int low = run < 2 ? (lowByte & 0x0f) : (lowByte >> 4);
        const int high = (qh[i] >> (2 * run)) & 3;
        const float dl = halfAt(b + 208) * static_cast<float>(sc[2 * run + i / 16]);
        return dl * static_cast<float>((low | high << 4) - 32);
    } else if constexpr (T == DType::IsQ8G64 || T == DType::IsQ8G128) {
        return halfAt(b) * static_cast<float>(static_cast<int8_t>(b[2 + 32 * c + i]));
    } else if constexpr (T == DType::IsQ8AG32 || T == DType::IsQ8AG64 || T == DType::IsQ8AG128) {
        return halfAt(b) * static_cast<float>(b[4 + 32 * c + i]) + halfAt(b + 2);
    } else if constexpr (T == DType::IsQ4G64 || T == DType::IsQ4G128) {
        return halfAt(b) * static_cast<float>(nibble(b + 2 + 16 * c, i) - 8);
    } else {
        static_assert(T == DType::IsQ4AG64 || T == DType::IsQ4AG128, "a type without a decoder");
        return halfAt(b) * static_cast<float>(nibble(b + 4 + 16 * c, i)) + halfAt(b + 2);
    }
}

// Calls f.template operator()<T>() for the runtime type t (a decodable type).
template <typename F>
__host__ void dispatchType(DType t, F&& f)
{
    switch (t) {
    case DType::F32: f.template operator()<DType::F32>(); return;
    case DType::F16: f.template operator()<DType::F16>(); return;
    case DType::BF16: f.template operator()<DType::BF16>(); return;
    case DType::Q8_0: f.template operator()<DType::Q8_0>(); return;
    case DType::Q4_0: f.template operator()<DType::Q4_0>(); return;
    case DType::Q4_1: f.template operator()<DType::Q4_1>(); return;
    case DType::Q5_0: f.template operator()<DType::Q5_0>(); return;
    case DType::Q5_1: f.template operator()<DType::Q5_1>(); return;
    case DType::Q4_K: f.template operator()<DType::Q4_K>(); return;
    case DType::Q5_K: f.template operator()<DType::Q5_K>(); return;
    case DType::Q6_K: f.template operator()<DType::Q6_K>(); return;
    case DType::IsQ8G64: f.template operator()<DType::IsQ8G64>(); return;
    case DType::IsQ8G128: f.template operator()<DType::IsQ8G128>(); return;
    case DType::IsQ8AG32: f.template operator()<DType::IsQ8AG32>(); return;
    case DType::IsQ8AG64: f.template operator()<DType::IsQ8AG64>(); return;
    case DType::IsQ8AG128: f.template operator()<DType::IsQ8AG128>(); return;
    case DType::IsQ4G64: f.template operator()<DType::IsQ4G64>(); return;
    case DType::IsQ4G128: f.template operator()<DType::IsQ4G128>(); return;
    case DType::IsQ4AG64: f.template operator()<DType::IsQ4AG64>(); return;
    case DType::IsQ4AG128: f.template operator()<DType::IsQ4AG128>(); return;
    default: return;
    }
}

}  // namespace kernels::cuda
