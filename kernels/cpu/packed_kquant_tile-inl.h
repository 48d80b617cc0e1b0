// Packed tiles of the K-quants (packed_rows.h has their layouts): Q2_K,
// Q3_K, Q4_K, Q5_K and Q6_K, eight rows against T tokens of 8-bit
// activations, on the chunk primitives of packed_tile-inl.h and with its
// batch-invariance contract: output (row i, token t) is lane i of one vector
// chain over the super-blocks and groups in order, whatever T or the thread.
// Per-target code; included once per Highway target.
#if defined(KERNELS_CPU_PACKED_KQUANT_TILE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_PACKED_KQUANT_TILE_INL_H_
#undef KERNELS_CPU_PACKED_KQUANT_TILE_INL_H_
#else
#define KERNELS_CPU_PACKED_KQUANT_TILE_INL_H_
#endif

#include <cstdint>
#include <cstring>

#include "hwy/highway.h"
#include "kernels/api/half.h"
#include "kernels/cpu/packed_tile-inl.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
// Q4_K (packed_rows.h): w = d * scale_g * code - dmin * min_g for group g of a
// super-block. Lane i of a group's scale and min vectors is row i's, decoded
// once for the T tokens; per token and group,
//   acc = fma(float(intdot), d * scale_g * d_x, acc), then acc -= dmin * min_g * sum(x).
struct PackedQ4_K {
    static constexpr bool kVnni = false;
};
// Q5_K: the same with a fifth bit per code (packed_rows.h).
struct PackedQ5_K {
    static constexpr bool kVnni = false;
};

template <bool kFiveBit, int T>
HWY_NOINLINE void PackedTileQ45K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    constexpr int64_t kGroupBytes = kFiveBit ? 160 : 128;
    const __m256i shifts = _mm256_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28);
    const __m256i three = _mm256_set1_epi32(3), fifteen = _mm256_set1_epi32(15);
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * (128 + 8 * kGroupBytes);
        const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk)));
        const __m256 dmin = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + 16)));
        for (int g = 0; g < 8; ++g) {
            const __m256i low = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(blk + 32 + 8 * g)));
            uint32_t topBits;
            std::memcpy(&topBits, blk + 96 + 4 * g, 4);
            const __m256i top = _mm256_srlv_epi32(_mm256_set1_epi32(static_cast<int32_t>(topBits)), shifts);
            const __m256i scale =
                _mm256_or_si256(_mm256_and_si256(low, fifteen), _mm256_slli_epi32(_mm256_and_si256(top, three), 4));
            const __m256i min = _mm256_or_si256(_mm256_srli_epi32(low, 4),
                                                _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(top, 2), three), 4));
            const __m256 ds = _mm256_mul_ps(d, _mm256_cvtepi32_ps(scale));
            const __m256 dm = _mm256_mul_ps(dmin, _mm256_cvtepi32_ps(min));
            const int64_t k = 8 * sb + g;
            __m256i sums[T];
            if constexpr (kFiveBit)
                FiveBitDots<T>(blk + 128 + kGroupBytes * g, acts, k, sums);
            else
                NibbleDots<T>(blk + 128 + kGroupBytes * g, acts, k, sums);
            for (int t = 0; t < T; ++t) {
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[t]), _mm256_mul_ps(ds, _mm256_set1_ps(acts[t].d[k])),
                                         acc[t]);
                acc[t] = _mm256_fnmadd_ps(dm, _mm256_set1_ps(acts[t].sumOf(k)), acc[t]);
            }
        }
    }
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, acc[t]);
}

// Q6_K (packed_rows.h): six-bit codes, w = d * scale * (code - 32), one int8
// scale per 16 values. code - 32 is a signed byte in [-32, 31]: its sign moves
// onto the activation (as for Q8_0) so |w| <= 32 is maddubs's unsigned
// operand; pairs reach 2 * 32 * 127 = 8,128, four chunks 32,512, so each
// 16-value half sums in i16 and widens once. Per token and group,
//   acc = fma(float(intdot(values 0..15)), d * scale_lo * d_x, acc), then the same for 16..31.
struct PackedQ6_K {
    static constexpr bool kVnni = false;
};

template <int T>
HWY_NOINLINE void PackedTileQ6K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    const __m256i nibble = _mm256_set1_epi8(0x0F), two = _mm256_set1_epi8(3), bias = _mm256_set1_epi8(32);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * 1680;
        const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk)));
        for (int g = 0; g < 8; ++g) {
            const uint8_t* sc = blk + 16 + 16 * g;
            const __m256 dsLo = _mm256_mul_ps(
                d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc)))));
            const __m256 dsHi = _mm256_mul_ps(
                d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc + 8)))));
            const uint8_t* codes = blk + 144 + 192 * g;
            const int64_t k = 8 * sb + g;
            __m256i lo16[T], hi16[T];
            for (int t = 0; t < T; ++t) lo16[t] = hi16[t] = _mm256_setzero_si256();
            for (int c = 0; c < 4; ++c) {
                const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + 32 * c));
                const __m256i top = _mm256_srli_epi16(
                    _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + 128 + 32 * (c / 2))), 4 * (c % 2));
                // Top bits <= 3 per byte: the 16-bit shifts cannot carry into the neighbouring byte.
                const __m256i wLo = _mm256_sub_epi8(
                    _mm256_or_si256(_mm256_and_si256(packed, nibble), _mm256_slli_epi16(_mm256_and_si256(top, two), 4)),
                    bias);
                const __m256i wHi = _mm256_sub_epi8(
                    _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(packed, 4), nibble),
                                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(top, 2), two), 4)),
                    bias);
                const __m256i mLo = _mm256_sign_epi8(wLo, wLo), mHi = _mm256_sign_epi8(wHi, wHi);
                for (int t = 0; t < T; ++t) {
                    const int8_t* x = acts[t].q + 32 * k;
                    lo16[t] = _mm256_add_epi16(lo16[t],
                                               _mm256_maddubs_epi16(mLo, _mm256_sign_epi8(Broadcast4(x + 4 * c), wLo)));
                    hi16[t] = _mm256_add_epi16(
                        hi16[t], _mm256_maddubs_epi16(mHi, _mm256_sign_epi8(Broadcast4(x + 16 + 4 * c), wHi)));
                }
            }
            for (int t = 0; t < T; ++t) {
                const __m256 dx = _mm256_set1_ps(acts[t].d[k]);
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(lo16[t], ones)), _mm256_mul_ps(dsLo, dx),
                                         acc[t]);
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(hi16[t], ones)), _mm256_mul_ps(dsHi, dx),
                                         acc[t]);
            }
        }
    }
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, acc[t]);
}

// Q3_K (packed_rows.h): w = d * (scale - 32) * code, code = low2 + 4 * third
// bit - 4 in [-4, 3], one 6-bit scale per 16 values (decoded as Q4_K's pairs
// are). As for Q6_K the code's sign moves onto the activation, |code| <= 4
// is maddubs's unsigned operand; pairs reach 2 * 4 * 127 = 1,016, four crumbs
// 4,064, so each 16-value half sums in i16 and widens once. Per token and group,
//   acc = fma(float(intdot(values 0..15)), d * scale_lo * d_x, acc), then the same for 16..31.
struct PackedQ3_K {
    static constexpr bool kVnni = false;
};

template <int T>
HWY_NOINLINE void PackedTileQ3K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    const __m256i shifts = _mm256_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28);
    const __m256i three = _mm256_set1_epi32(3), fifteen = _mm256_set1_epi32(15), bias = _mm256_set1_epi32(32);
    const __m256i crumb = _mm256_set1_epi8(3), bit = _mm256_set1_epi8(1), four = _mm256_set1_epi8(4);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * 880;
        const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk)));
        for (int g = 0; g < 8; ++g) {
            const __m256i low = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(blk + 16 + 8 * g)));
            uint32_t topBits;
            std::memcpy(&topBits, blk + 80 + 4 * g, 4);
            const __m256i top = _mm256_srlv_epi32(_mm256_set1_epi32(static_cast<int32_t>(topBits)), shifts);
            const __m256i scaleLo = _mm256_sub_epi32(
                _mm256_or_si256(_mm256_and_si256(low, fifteen), _mm256_slli_epi32(_mm256_and_si256(top, three), 4)), bias);
            const __m256i scaleHi = _mm256_sub_epi32(
                _mm256_or_si256(_mm256_srli_epi32(low, 4),
                                _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(top, 2), three), 4)),
                bias);
            const __m256 dsLo = _mm256_mul_ps(d, _mm256_cvtepi32_ps(scaleLo));
            const __m256 dsHi = _mm256_mul_ps(d, _mm256_cvtepi32_ps(scaleHi));
            const uint8_t* codes = blk + 112 + 96 * g;
            const __m256i third = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + 64));
            const int64_t k = 8 * sb + g;
            __m256i half16[2][T];
            for (int p = 0; p < 2; ++p) {
                const __m256i low2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + 32 * p));
                for (int t = 0; t < T; ++t) half16[p][t] = _mm256_setzero_si256();
                for (int q = 0; q < 4; ++q) {
                    // Masked per byte after each 16-bit shift: no bit of the neighbouring byte survives.
                    const __m256i w = _mm256_sub_epi8(
                        _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(low2, 2 * q), crumb),
                                        _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(third, 4 * p + q), bit), 2)),
                        four);
                    const __m256i magnitude = _mm256_sign_epi8(w, w);
                    for (int t = 0; t < T; ++t) {
                        const __m256i x = _mm256_sign_epi8(Broadcast4(acts[t].q + 32 * k + 16 * p + 4 * q), w);
                        half16[p][t] = _mm256_add_epi16(half16[p][t], _mm256_maddubs_epi16(magnitude, x));
                    }
                }
            }
            for (int t = 0; t < T; ++t) {
                const __m256 dx = _mm256_set1_ps(acts[t].d[k]);
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(half16[0][t], ones)),
                                         _mm256_mul_ps(dsLo, dx), acc[t]);
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(half16[1][t], ones)),
                                         _mm256_mul_ps(dsHi, dx), acc[t]);
            }
        }
    }
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, acc[t]);
}

// Q2_K (packed_rows.h): w = d * scale * code - dmin * min, code in [0, 3],
// a 4-bit scale and min per 16 values. Codes are maddubs's unsigned operand
// as they are: pairs reach 2 * 3 * 127 = 762, four crumbs 3,048, so each
// 16-value half sums in i16 and widens once. The mins take the activations'
// 16-value sums (QuantizedActs::s16), computed once per matmul. Per token and group,
//   acc = fma(float(intdot(values 0..15)), d * scale_lo * d_x, acc), the same for 16..31,
//   then acc -= dmin * min_lo * sum(x, 0..15), the same for 16..31.
struct PackedQ2_K {
    static constexpr bool kVnni = false;
};

template <int T>
HWY_NOINLINE void PackedTileQ2K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    const __m256i crumb = _mm256_set1_epi8(3), fifteen = _mm256_set1_epi32(15);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * 672;
        const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk)));
        const __m256 dmin = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + 16)));
        for (int g = 0; g < 8; ++g) {
            const uint8_t* sc = blk + 32 + 16 * g;
            const __m256i lo = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc)));
            const __m256i hi = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sc + 8)));
            const __m256 dsLo = _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_and_si256(lo, fifteen)));
            const __m256 dsHi = _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_and_si256(hi, fifteen)));
            const __m256 dmLo = _mm256_mul_ps(dmin, _mm256_cvtepi32_ps(_mm256_srli_epi32(lo, 4)));
            const __m256 dmHi = _mm256_mul_ps(dmin, _mm256_cvtepi32_ps(_mm256_srli_epi32(hi, 4)));
            const uint8_t* codes = blk + 160 + 64 * g;
            const int64_t k = 8 * sb + g;
            __m256i half16[2][T];
            for (int p = 0; p < 2; ++p) {
                const __m256i crumbs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + 32 * p));
                for (int t = 0; t < T; ++t) half16[p][t] = _mm256_setzero_si256();
                for (int q = 0; q < 4; ++q) {
                    // Masked per byte after the 16-bit shift: no bit of the neighbouring byte survives.
                    const __m256i w = _mm256_and_si256(_mm256_srli_epi16(crumbs, 2 * q), crumb);
                    for (int t = 0; t < T; ++t)
                        half16[p][t] = _mm256_add_epi16(
                            half16[p][t], _mm256_maddubs_epi16(w, Broadcast4(acts[t].q + 32 * k + 16 * p + 4 * q)));
                }
            }
            for (int t = 0; t < T; ++t) {
                const __m256 dx = _mm256_set1_ps(acts[t].d[k]);
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(half16[0][t], ones)),
                                         _mm256_mul_ps(dsLo, dx), acc[t]);
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(half16[1][t], ones)),
                                         _mm256_mul_ps(dsHi, dx), acc[t]);
                acc[t] = _mm256_fnmadd_ps(dmLo, _mm256_set1_ps(acts[t].halfSumOf(2 * k)), acc[t]);
                acc[t] = _mm256_fnmadd_ps(dmHi, _mm256_set1_ps(acts[t].halfSumOf(2 * k + 1)), acc[t]);
            }
        }
    }
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, acc[t]);
}

#else
struct PackedQ4_K {
    static constexpr bool kVnni = false;
};
struct PackedQ5_K {
    static constexpr bool kVnni = false;
};

template <bool kFiveBit, int T>
HWY_NOINLINE void PackedTileQ45K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    constexpr int64_t kGroupBytes = kFiveBit ? 160 : 128;
    float acc[T][kPackRows] = {};
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * (128 + 8 * kGroupBytes);
        for (int64_t i = 0; i < kPackRows; ++i) {
            const float d = fp16ToFp32(readU16(blk + 2 * i)), dmin = fp16ToFp32(readU16(blk + 16 + 2 * i));
            for (int g = 0; g < 8; ++g) {
                const uint8_t low = blk[32 + 8 * g + i];
                const uint8_t top = static_cast<uint8_t>(blk[96 + 4 * g + i / 2] >> (4 * (i % 2)));
                const float ds = d * static_cast<float>((low & 0x0F) | (top & 3) << 4);
                const float dm = dmin * static_cast<float>((low >> 4) | ((top >> 2) & 3) << 4);
                const int64_t k = 8 * sb + g;
                for (int t = 0; t < T; ++t) {
                    int32_t s = 0;
                    const uint8_t* chunks = blk + 128 + kGroupBytes * g;
                    for (int64_t v = 0; v < 32; ++v) {
                        const int32_t code = kFiveBit ? FiveBitCode(chunks, i, v) : NibbleCode(chunks, i, v);
                        s += code * acts[t].q[32 * k + v];
                    }
                    acc[t][i] = std::fma(static_cast<float>(s), ds * acts[t].d[k], acc[t][i]);
                    acc[t][i] = std::fma(-dm, acts[t].sumOf(k), acc[t][i]);
                }
            }
        }
    }
    for (int t = 0; t < T; ++t)
        for (int64_t i = 0; i < kPackRows; ++i) out[8 * t + i] = acc[t][i];
}

// The K-quants with a scale per 16 values, one row at a time: F gives the
// super-block's bytes, row i's scale (times d) of group g's values
// 16h..16h+15, its min (times dmin) where F has mins, and code u of the group.
template <class F, int T>
HWY_NOINLINE void PackedTileHalves(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    float acc[T][kPackRows] = {};
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * F::kSuperBytes;
        for (int64_t i = 0; i < kPackRows; ++i) {
            for (int g = 0; g < 8; ++g) {
                const int64_t k = 8 * sb + g;
                for (int t = 0; t < T; ++t) {
                    for (int h = 0; h < 2; ++h) {
                        int32_t s = 0;
                        for (int64_t u = 16 * h; u < 16 * h + 16; ++u) s += F::Code(blk, g, i, u) * acts[t].q[32 * k + u];
                        acc[t][i] = std::fma(static_cast<float>(s), F::Scale(blk, g, i, h) * acts[t].d[k], acc[t][i]);
                    }
                    if constexpr (F::kHasMin)
                        for (int h = 0; h < 2; ++h)
                            acc[t][i] = std::fma(-F::Min(blk, g, i, h), acts[t].halfSumOf(2 * k + h), acc[t][i]);
                }
            }
        }
    }
    for (int t = 0; t < T; ++t)
        for (int64_t i = 0; i < kPackRows; ++i) out[8 * t + i] = acc[t][i];
}

struct PackedQ6_K {
    static constexpr bool kVnni = false, kHasMin = false;
    static constexpr int64_t kSuperBytes = 1680;
    static HWY_INLINE float Scale(const uint8_t* blk, int g, int64_t i, int h)
    {
        return fp16ToFp32(readU16(blk + 2 * i)) * static_cast<float>(static_cast<int8_t>(blk[16 + 16 * g + 8 * h + i]));
    }
    // Code u, minus 32: low four bits in the nibble chunks, top two in the two chunks after them.
    static HWY_INLINE int32_t Code(const uint8_t* blk, int g, int64_t i, int64_t u)
    {
        const uint8_t* codes = blk + 144 + 192 * g;
        const int64_t c = u % 16 / 4, b = u % 4;
        const bool upper = u >= 16;
        const int32_t low = codes[32 * c + 4 * i + b] >> (upper ? 4 : 0) & 0x0F;
        const int32_t top = codes[128 + 32 * (c / 2) + 4 * i + b] >> (4 * (c % 2) + (upper ? 2 : 0)) & 3;
        return (low | top << 4) - 32;
    }
};

// Row i's two bits of value u in a group's 2-bit chunks (Q2_K, Q3_K).
HWY_INLINE int32_t CrumbAt(const uint8_t* codes, int64_t i, int64_t u)
{
    return codes[32 * (u / 16) + 4 * i + u % 4] >> (2 * (u % 16 / 4)) & 3;
}

struct PackedQ3_K {
    static constexpr bool kVnni = false, kHasMin = false;
    static constexpr int64_t kSuperBytes = 880;
    static HWY_INLINE float Scale(const uint8_t* blk, int g, int64_t i, int h)
    {
        const uint8_t low = blk[16 + 8 * g + i] >> (4 * h) & 0x0F;
        const uint8_t top = blk[80 + 4 * g + i / 2] >> (4 * (i % 2) + 2 * h) & 3;
        return fp16ToFp32(readU16(blk + 2 * i)) * static_cast<float>((low | top << 4) - 32);
    }
    // Code u in [-4, 3]: two bits in the 2-bit chunks, the third in the chunk after them.
    static HWY_INLINE int32_t Code(const uint8_t* blk, int g, int64_t i, int64_t u)
    {
        const uint8_t* codes = blk + 112 + 96 * g;
        const int32_t third = codes[64 + 4 * i + u % 4] >> (4 * (u / 16) + u % 16 / 4) & 1;
        return CrumbAt(codes, i, u) + 4 * third - 4;
    }
};

struct PackedQ2_K {
    static constexpr bool kVnni = false, kHasMin = true;
    static constexpr int64_t kSuperBytes = 672;
    static HWY_INLINE float Scale(const uint8_t* blk, int g, int64_t i, int h)
    {
        return fp16ToFp32(readU16(blk + 2 * i)) * static_cast<float>(blk[32 + 16 * g + 8 * h + i] & 15);
    }
    static HWY_INLINE float Min(const uint8_t* blk, int g, int64_t i, int h)
    {
        return fp16ToFp32(readU16(blk + 16 + 2 * i)) * static_cast<float>(blk[32 + 16 * g + 8 * h + i] >> 4);
    }
    static HWY_INLINE int32_t Code(const uint8_t* blk, int g, int64_t i, int64_t u)
    {
        return CrumbAt(blk + 160 + 64 * g, i, u);
    }
};

template <int T>
HWY_INLINE void PackedTileQ6K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    PackedTileHalves<PackedQ6_K, T>(group, acts, nBlocks, out);
}
template <int T>
HWY_INLINE void PackedTileQ3K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    PackedTileHalves<PackedQ3_K, T>(group, acts, nBlocks, out);
}
template <int T>
HWY_INLINE void PackedTileQ2K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    PackedTileHalves<PackedQ2_K, T>(group, acts, nBlocks, out);
}
#endif

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_PACKED_KQUANT_TILE_INL_H_ toggle
