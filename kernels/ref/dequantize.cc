// Reference dequantization: plain float types and the 32-value block formats,
// plus the dispatch for every type (K-quants live in dequantize_k.cc).
//
// Every value is a float16 scale times small integers (exact in fp32), with at
// most one rounding where a min is added, so the results are bit-identical to
// any other correct GGUF dequantizer regardless of evaluation order.
#include <cstring>
#include <limits>

#include "kernels/api/half.h"
#include "kernels/api/ops.h"
#include "kernels/ref/block_layouts.h"
#include "kernels/ref/dequantize_k.h"
#include "kernels/ref/grouped_layouts.h"
#include "kernels/ref/grouped_quant.h"

namespace kernels::ref {
namespace {

using namespace kernels::blocks;

void dequantizeF16(const void* src, float* dst, int64_t n)
{
    const auto* p = static_cast<const uint8_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = fp16ToFp32(readU16(p + 2 * i));
}

void dequantizeBf16(const void* src, float* dst, int64_t n)
{
    const auto* p = static_cast<const uint8_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = bf16ToFp32(readU16(p + 2 * i));
}

// Code of value j (0..31) in a 16-byte nibble array: low nibbles hold values
// 0..15, high nibbles values 16..31.
inline int nibble(const uint8_t* qs, int j)
{
    return j < 16 ? (qs[j] & 0x0f) : (qs[j - 16] >> 4);
}

// Fifth bit of value j, from the 32-bit little-endian qh word.
inline int highBit(const uint8_t* qh, int j)
{
    return (qh[j / 8] >> (j % 8)) & 1;
}

void dequantizeQ4_0(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, dst += kQK4_0) {
        const auto blk = loadBlock<BlockQ4_0>(src, b);
        const float d = fp16ToFp32(blk.d);
        for (int j = 0; j < kQK4_0; ++j) dst[j] = static_cast<float>(nibble(blk.qs, j) - 8) * d;
    }
}

void dequantizeQ4_1(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, dst += kQK4_1) {
        const auto blk = loadBlock<BlockQ4_1>(src, b);
        const float d = fp16ToFp32(blk.d);
        const float m = fp16ToFp32(blk.m);
        for (int j = 0; j < kQK4_1; ++j) dst[j] = static_cast<float>(nibble(blk.qs, j)) * d + m;
    }
}

void dequantizeQ5_0(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, dst += kQK5_0) {
        const auto blk = loadBlock<BlockQ5_0>(src, b);
        const float d = fp16ToFp32(blk.d);
        for (int j = 0; j < kQK5_0; ++j) {
            const int q = nibble(blk.qs, j) | highBit(blk.qh, j) << 4;
            dst[j] = static_cast<float>(q - 16) * d;
        }
    }
}

void dequantizeQ5_1(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, dst += kQK5_1) {
        const auto blk = loadBlock<BlockQ5_1>(src, b);
        const float d = fp16ToFp32(blk.d);
        const float m = fp16ToFp32(blk.m);
        for (int j = 0; j < kQK5_1; ++j) {
            const int q = nibble(blk.qs, j) | highBit(blk.qh, j) << 4;
            dst[j] = static_cast<float>(q) * d + m;
        }
    }
}

void dequantizeQ8_0(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, dst += kQK8_0) {
        const auto blk = loadBlock<BlockQ8_0>(src, b);
        const float d = fp16ToFp32(blk.d);
        for (int j = 0; j < kQK8_0; ++j) dst[j] = static_cast<float>(blk.qs[j]) * d;
    }
}

}  // namespace

bool canDequantize(DType type)
{
    return capsOf(type).dequantize;
}

void dequantizeRow(DType type, const void* src, float* dst, int64_t n)
{
    switch (type) {
    case DType::F32: std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); return;
    case DType::F16: dequantizeF16(src, dst, n); return;
    case DType::BF16: dequantizeBf16(src, dst, n); return;
    case DType::Q4_0: dequantizeQ4_0(src, dst, n / kQK4_0); return;
    case DType::Q4_1: dequantizeQ4_1(src, dst, n / kQK4_1); return;
    case DType::Q5_0: dequantizeQ5_0(src, dst, n / kQK5_0); return;
    case DType::Q5_1: dequantizeQ5_1(src, dst, n / kQK5_1); return;
    case DType::Q8_0: dequantizeQ8_0(src, dst, n / kQK8_0); return;
    case DType::Q2_K: detail::dequantizeQ2K(src, dst, n / kQK_K); return;
    case DType::Q3_K: detail::dequantizeQ3K(src, dst, n / kQK_K); return;
    case DType::Q4_K: detail::dequantizeQ4K(src, dst, n / kQK_K); return;
    case DType::Q5_K: detail::dequantizeQ5K(src, dst, n / kQK_K); return;
    case DType::Q6_K: detail::dequantizeQ6K(src, dst, n / kQK_K); return;
    case DType::Q8_K: detail::dequantizeQ8K(src, dst, n / kQK_K); return;
    default:
        if (detail::dequantizeGrouped(type, src, dst, n)) return;
        // Callers check canDequantize(); a NaN row makes a missed check visible
        // in the results instead of leaving uninitialised memory behind.
        for (int64_t i = 0; i < n; ++i) dst[i] = std::numeric_limits<float>::quiet_NaN();
        return;
    }
}

}  // namespace kernels::ref
