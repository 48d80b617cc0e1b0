// Reference dequantizers of the K-quant super-blocks (256 values each).
//
// Products of the fp16 super-scale with the small sub-scales and codes are
// exact in fp32, so the only rounding is where a min is subtracted (Q2_K,
// Q4_K, Q5_K); results are bit-identical to any correct implementation.
#include "kernels/api/half.h"
#include "kernels/ref/block_layouts.h"
#include "kernels/ref/dequantize_k.h"
#include "kernels/ref/k_scales.h"

namespace kernels::ref::detail {
namespace {

using namespace kernels::blocks;

// Q3_K: 16 six-bit scales in 12 bytes. Bytes 0..7 hold the low 4 bits (scales
// 0..7 in the low nibbles, 8..15 in the high nibbles); bytes 8..11 hold the top
// 2 bits, scale i in bits 2*(i/4) of byte 8 + i%4. Stored with a bias of 32.
int q3kScale(const uint8_t* s, int i)
{
    const int low = i < 8 ? (s[i] & 0x0f) : (s[i - 8] >> 4);
    const int high = (s[8 + i % 4] >> (2 * (i / 4))) & 3;
    return (low | high << 4) - 32;
}

}  // namespace

// Values come in two halves of 128. In a half, 32 qs bytes carry four 2-bit
// planes (shift 0, 2, 4, 6); each plane covers 32 values = two groups of 16.
void dequantizeQ2K(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b) {
        const auto blk = loadBlock<BlockQ2_K>(src, b);
        const float d = fp16ToFp32(blk.d);
        const float dmin = fp16ToFp32(blk.dmin);
        int group = 0;
        for (int half = 0; half < 2; ++half) {
            const uint8_t* q = blk.qs + 32 * half;
            for (int shift = 0; shift < 8; shift += 2) {
                for (int sub = 0; sub < 2; ++sub, ++group, dst += 16) {
                    const uint8_t sc = blk.scales[group];
                    const float dl = d * static_cast<float>(sc & 0x0f);
                    const float ml = dmin * static_cast<float>(sc >> 4);
                    for (int l = 0; l < 16; ++l) {
                        const int code = (q[16 * sub + l] >> shift) & 3;
                        dst[l] = dl * static_cast<float>(code) - ml;
                    }
                }
            }
        }
    }
}

// Same plane order as Q2_K; the third bit of each code is one bit of hmask
// (bit 0 for the first plane of the first half, ... bit 7 for the last plane
// of the second half). A cleared high bit means the code is 4 less.
void dequantizeQ3K(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b) {
        const auto blk = loadBlock<BlockQ3_K>(src, b);
        const float d = fp16ToFp32(blk.d);
        int group = 0;
        int maskBit = 0;
        for (int half = 0; half < 2; ++half) {
            const uint8_t* q = blk.qs + 32 * half;
            for (int shift = 0; shift < 8; shift += 2, ++maskBit) {
                for (int sub = 0; sub < 2; ++sub, ++group, dst += 16) {
                    const float dl = d * static_cast<float>(q3kScale(blk.scales, group));
                    for (int l = 0; l < 16; ++l) {
                        const int i = 16 * sub + l;
                        const int low = (q[i] >> shift) & 3;
                        const int high = (blk.hmask[i] >> maskBit) & 1;
                        dst[l] = dl * static_cast<float>(low - (high ? 0 : 4));
                    }
                }
            }
        }
    }
}

// Four chunks of 64 values; each chunk's 32 qs bytes give its first 32 values
// (low nibbles) and its last 32 (high nibbles), with scale pairs 2c and 2c+1.
void dequantizeQ4K(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b) {
        const auto blk = loadBlock<BlockQ4_K>(src, b);
        const float d = fp16ToFp32(blk.d);
        const float dmin = fp16ToFp32(blk.dmin);
        for (int chunk = 0; chunk < 4; ++chunk) {
            const uint8_t* q = blk.qs + 32 * chunk;
            for (int nib = 0; nib < 2; ++nib, dst += 32) {
                int sc = 0, mn = 0;
                k4ScaleMin(blk.scales, 2 * chunk + nib, sc, mn);
                const float dl = d * static_cast<float>(sc);
                const float ml = dmin * static_cast<float>(mn);
                for (int l = 0; l < 32; ++l) {
                    const int code = nib == 0 ? (q[l] & 0x0f) : (q[l] >> 4);
                    dst[l] = dl * static_cast<float>(code) - ml;
                }
            }
        }
    }
}

// As Q4_K; the fifth bit of value l in group g (0..7) is bit g of qh[l].
void dequantizeQ5K(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b) {
        const auto blk = loadBlock<BlockQ5_K>(src, b);
        const float d = fp16ToFp32(blk.d);
        const float dmin = fp16ToFp32(blk.dmin);
        for (int chunk = 0; chunk < 4; ++chunk) {
            const uint8_t* q = blk.qs + 32 * chunk;
            for (int nib = 0; nib < 2; ++nib, dst += 32) {
                const int group = 2 * chunk + nib;
                int sc = 0, mn = 0;
                k4ScaleMin(blk.scales, group, sc, mn);
                const float dl = d * static_cast<float>(sc);
                const float ml = dmin * static_cast<float>(mn);
                for (int l = 0; l < 32; ++l) {
                    const int low = nib == 0 ? (q[l] & 0x0f) : (q[l] >> 4);
                    const int code = low | ((blk.qh[l] >> group) & 1) << 4;
                    dst[l] = dl * static_cast<float>(code) - ml;
                }
            }
        }
    }
}

// Two halves of 128 values. In a half, 64 ql bytes and 32 qh bytes cover four
// runs of 32: run r takes the low (r = 0, 1) or high (r = 2, 3) nibble of
// ql[l + 32 * (r % 2)] and bits 2r..2r+1 of qh[l]. Each run of 32 spans two
// 16-value scale groups.
void dequantizeQ6K(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b) {
        const auto blk = loadBlock<BlockQ6_K>(src, b);
        const float d = fp16ToFp32(blk.d);
        for (int half = 0; half < 2; ++half) {
            const uint8_t* ql = blk.ql + 64 * half;
            const uint8_t* qh = blk.qh + 32 * half;
            const int8_t* sc = blk.scales + 8 * half;
            for (int run = 0; run < 4; ++run, dst += 32) {
                for (int l = 0; l < 32; ++l) {
                    const uint8_t lowByte = ql[l + 32 * (run % 2)];
                    const int low = run < 2 ? (lowByte & 0x0f) : (lowByte >> 4);
                    const int high = (qh[l] >> (2 * run)) & 3;
                    const int code = (low | high << 4) - 32;
                    const float dl = d * static_cast<float>(sc[2 * run + l / 16]);
                    dst[l] = dl * static_cast<float>(code);
                }
            }
        }
    }
}

void dequantizeQ8K(const void* src, float* dst, int64_t blocks)
{
    for (int64_t b = 0; b < blocks; ++b, dst += kQK_K) {
        const auto blk = loadBlock<BlockQ8_K>(src, b);
        for (int j = 0; j < kQK_K; ++j) dst[j] = blk.d * static_cast<float>(blk.qs[j]);
    }
}

}  // namespace kernels::ref::detail
