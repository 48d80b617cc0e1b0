// Reference quantization to the GGUF formats, byte-compatible with the GGUF
// reference quantizers (no importance matrix): the same scale choice, the same
// fp32 operation sequence and the same rounding, so a tensor quantized here is
// identical to one quantized by other GGUF tools from the same fp32 data.
//
// The bit-exactness relies on plain IEEE fp32 evaluation of each expression as
// written, so this file must not be built with -ffast-math. The one place where
// a compiler could legally fuse operations (x * id + offset into an FMA, which
// GCC does for C++ whenever FMA is enabled) goes through roundedProduct().
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/api/half.h"
#include "kernels/api/ops.h"
#include "kernels/ref/block_layouts.h"
#include "kernels/ref/grouped_layouts.h"
#include "kernels/ref/grouped_quant.h"

namespace kernels::ref {
namespace {

using namespace kernels::blocks;

constexpr int kBlock = 32;  // all the formats quantized here have 32-value blocks

// Truncates toward zero into [0, maxCode], as the reference's integer cast
// does for the in-range values it sees; NaN (from non-finite input) becomes 0
// instead of undefined behaviour.
inline int truncCode(float v, int maxCode)
{
    if (!(v > 0.0f)) return 0;
    if (v >= static_cast<float>(maxCode)) return maxCode;
    return static_cast<int>(v);
}

// Rounds half away from zero into [-127, 127]; NaN becomes 0.
inline int8_t roundQ8(float v)
{
    if (!(std::fabs(v) <= 127.0f)) return std::isnan(v) ? 0 : (v > 0.0f ? 127 : -127);
    return static_cast<int8_t>(std::round(v));
}

// The value of largest magnitude, sign kept; the first one wins ties.
float signedAbsMax(const float* x, int n)
{
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < n; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

void minMax(const float* x, int n, float& min, float& max)
{
    min = std::numeric_limits<float>::max();
    max = -std::numeric_limits<float>::max();
    for (int j = 0; j < n; ++j) {
        if (x[j] < min) min = x[j];
        if (x[j] > max) max = x[j];
    }
}

// x * id rounded to fp32 before the caller adds the rounding offset: the
// reference rounds the product, and an FMA could move a code across a boundary.
inline float roundedProduct(float x, float id)
{
    volatile float p = x * id;  // the volatile store forces the fp32 rounding
    return p;
}

inline float inverse(float d)
{
    return d != 0.0f ? 1.0f / d : 0.0f;
}

// Q8_0: d = amax / 127, codes round(x / d).
void quantizeQ8_0(const float* x, void* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, x += kBlock) {
        float amax = 0.0f;
        for (int j = 0; j < kBlock; ++j) amax = std::fmax(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = inverse(d);
        BlockQ8_0 blk{};
        blk.d = fp32ToFp16(d);
        for (int j = 0; j < kBlock; ++j) blk.qs[j] = roundQ8(x[j] * id);
        storeBlock(dst, b, blk);
    }
}

// Q4_0: the extreme value maps to code 0 exactly (d = max / -8), so the full
// range -8..7 is used on the side of the largest magnitude.
void quantizeQ4_0(const float* x, void* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, x += kBlock) {
        const float d = signedAbsMax(x, kBlock) / -8.0f;
        const float id = inverse(d);
        BlockQ4_0 blk{};
        blk.d = fp32ToFp16(d);
        for (int j = 0; j < kBlock / 2; ++j) {
            const int lo = truncCode(roundedProduct(x[j], id) + 8.5f, 15);
            const int hi = truncCode(roundedProduct(x[j + 16], id) + 8.5f, 15);
            blk.qs[j] = static_cast<uint8_t>(lo | hi << 4);
        }
        storeBlock(dst, b, blk);
    }
}

// Q4_1: codes 0..15 span [min, max].
void quantizeQ4_1(const float* x, void* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, x += kBlock) {
        float min = 0.0f, max = 0.0f;
        minMax(x, kBlock, min, max);
        const float d = (max - min) / 15.0f;
        const float id = inverse(d);
        BlockQ4_1 blk{};
        blk.d = fp32ToFp16(d);
        blk.m = fp32ToFp16(min);
        for (int j = 0; j < kBlock / 2; ++j) {
            const int lo = truncCode(roundedProduct(x[j] - min, id) + 0.5f, 15);
            const int hi = truncCode(roundedProduct(x[j + 16] - min, id) + 0.5f, 15);
            blk.qs[j] = static_cast<uint8_t>(lo | hi << 4);
        }
        storeBlock(dst, b, blk);
    }
}

// Splits 32 five-bit codes into nibbles and the qh bit word.
template <typename Block>
void pack5(const int* codes, Block& blk)
{
    uint32_t qh = 0;
    for (int j = 0; j < kBlock / 2; ++j) {
        blk.qs[j] = static_cast<uint8_t>((codes[j] & 0x0f) | (codes[j + 16] & 0x0f) << 4);
        qh |= static_cast<uint32_t>(codes[j] >> 4 & 1) << j;
        qh |= static_cast<uint32_t>(codes[j + 16] >> 4 & 1) << (j + 16);
    }
    for (int i = 0; i < 4; ++i) blk.qh[i] = static_cast<uint8_t>(qh >> (8 * i));
}

// Q5_0: as Q4_0 with codes -16..15 (d = max / -16).
void quantizeQ5_0(const float* x, void* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, x += kBlock) {
        const float d = signedAbsMax(x, kBlock) / -16.0f;
        const float id = inverse(d);
        BlockQ5_0 blk{};
        blk.d = fp32ToFp16(d);
        int codes[kBlock];
        for (int j = 0; j < kBlock; ++j) codes[j] = truncCode(roundedProduct(x[j], id) + 16.5f, 31);
        pack5(codes, blk);
        storeBlock(dst, b, blk);
    }
}

// Q5_1: as Q4_1 with codes 0..31.
void quantizeQ5_1(const float* x, void* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, x += kBlock) {
        float min = 0.0f, max = 0.0f;
        minMax(x, kBlock, min, max);
        const float d = (max - min) / 31.0f;
        const float id = inverse(d);
        BlockQ5_1 blk{};
        blk.d = fp32ToFp16(d);
        blk.m = fp32ToFp16(min);
        int codes[kBlock];
        for (int j = 0; j < kBlock; ++j) codes[j] = truncCode(roundedProduct(x[j] - min, id) + 0.5f, 31);
        pack5(codes, blk);
        storeBlock(dst, b, blk);
    }
}

void storeHalves(const float* x, void* dst, int64_t n, uint16_t (*convert)(float))
{
    auto* p = static_cast<uint8_t*>(dst);
    for (int64_t i = 0; i < n; ++i) {
        const uint16_t h = convert(x[i]);
        std::memcpy(p + 2 * i, &h, 2);
    }
}

}  // namespace

bool canQuantize(DType type)
{
    return capsOf(type).quantize;
}

void quantizeRow(DType type, const float* src, void* dst, int64_t n)
{
    switch (type) {
    case DType::F32: std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); return;
    case DType::F16: storeHalves(src, dst, n, fp32ToFp16); return;
    case DType::BF16: storeHalves(src, dst, n, fp32ToBf16); return;
    case DType::Q4_0: quantizeQ4_0(src, dst, n / kBlock); return;
    case DType::Q4_1: quantizeQ4_1(src, dst, n / kBlock); return;
    case DType::Q5_0: quantizeQ5_0(src, dst, n / kBlock); return;
    case DType::Q5_1: quantizeQ5_1(src, dst, n / kBlock); return;
    case DType::Q8_0: quantizeQ8_0(src, dst, n / kBlock); return;
    default:
        // The project grouped formats; anything else: callers check
        // canQuantize(), nothing is written.
        detail::quantizeGrouped(type, src, dst, n);
        return;
    }
}

}  // namespace kernels::ref
