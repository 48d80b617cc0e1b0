// Micro-kernel over weights packed in groups of eight interleaved rows
// (packed_rows.h): eight rows against T tokens of 8-bit activations. Each
// 32-byte chunk holds four values of all eight rows; multiplied by the
// token's four activations broadcast to every lane, the rows' partial dots
// stay in their own lanes, so one conversion, one scale product and one FMA
// finish a block for eight rows at once. A chunk is loaded and unpacked once
// for the T tokens.
//
// Batch invariance: output (row i of a group, token t) is lane i of one
// vector chain,
//   acc = fma(float(intdot(block k)), d_w[i] * d_x[k], acc) for k in order,
// whatever T, the token count or the thread (threads split rows on whole
// groups; a group cut by a range is computed whole and stored in part). The
// integer dots are exact, so decode (T = 1) gives prefill's bits. Rows past
// the last full group take the row-at-a-time tile (quant_tile-inl.h), the
// same one for every batch.
//
// This file: the chunk primitives and the 32-value formats (Q4_0, Q4_1,
// Q5_0, Q5_1, Q8_0 and the grouped formats) on one PackedTile; the K-quants
// are in packed_kquant_tile-inl.h, the matmul over packed groups in
// packed_matmul-inl.h. Per-target code (AVX2 intrinsics where available,
// portable scalar otherwise); included once per Highway target.
#if defined(KERNELS_CPU_PACKED_TILE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_PACKED_TILE_INL_H_
#undef KERNELS_CPU_PACKED_TILE_INL_H_
#else
#define KERNELS_CPU_PACKED_TILE_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "hwy/highway.h"
#include "kernels/api/half.h"
#include "kernels/cpu/packed_rows.h"
#include "kernels/cpu/quant_dot-inl.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

inline constexpr int kPackedTileTokens = 4;

// Formats whose every 32-value block has its own scale (and min). The
// grouped formats share one across kSubBlocks blocks of kSubBytes code bytes.
struct OneScalePerBlock {
    static constexpr int64_t kSubBlocks = 1, kSubBytes = 0;
};

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2

HWY_INLINE __m256i Broadcast4(const int8_t* x)
{
    int32_t v;
    std::memcpy(&v, x, 4);
    return _mm256_set1_epi32(v);
}

// Q4_0: unsigned codes 0..15, w = d * (code - 8). A chunk's low nibbles are
// values 4c..4c+3 of each row, its high nibbles values 4(c+4)..4(c+4)+3.
// The integer dots of one 32-value group of eight rows in the nibble chunk
// layout (Q4_0, Q4_K), codes 0..15 as stored: lane i is row i's dot.
template <int T>
HWY_INLINE void NibbleDots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
{
    const __m256i mask = _mm256_set1_epi8(0x0F);
    // u8 code <= 15 times i8 activation (|x| <= 127), pairs summed: at most
    // 3,810 per i16; eight such sums stay under 32,767, so the i16
    // accumulation below cannot saturate.
    __m256i s16[T];
    for (int t = 0; t < T; ++t) s16[t] = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
        const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunks + 32 * c));
        const __m256i lo = _mm256_and_si256(packed, mask);
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), mask);
        for (int t = 0; t < T; ++t) {
            const int8_t* x = acts[t].q + 32 * k;
            s16[t] = _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(lo, Broadcast4(x + 4 * c)));
            s16[t] = _mm256_add_epi16(s16[t], _mm256_maddubs_epi16(hi, Broadcast4(x + 4 * (c + 4))));
        }
    }
    const __m256i ones = _mm256_set1_epi16(1);
    for (int t = 0; t < T; ++t) sums[t] = _mm256_madd_epi16(s16[t], ones);
}

// Each format: kBlockBytes per packed block of eight rows, its codes at
// kCodes (after the rows' fp16 d, and their fp16 m at 16 where kHasMin:
// w = d * code + m), and whether the VNNI tile covers it.
struct PackedQ4_0 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 144, kCodes = 16;
    static constexpr bool kHasMin = false, kVnni = true;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        NibbleDots<T>(chunks, acts, k, sums);
        for (int t = 0; t < T; ++t) sums[t] = _mm256_sub_epi32(sums[t], _mm256_set1_epi32(8 * acts[t].s[k]));
    }
};

// Q8_0: signed codes stored plus 128, w = d * code. maddubs would saturate
// on the unsigned bytes, so the sign of w moves onto x and |w| is its
// unsigned operand (see DotI8I8); pairs can reach 32,258, so every chunk
// widens to i32 before it is summed.
struct PackedQ8_0 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 272, kCodes = 16;
    static constexpr bool kHasMin = false, kVnni = true;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        const __m256i ones = _mm256_set1_epi16(1);
        const __m256i bias = _mm256_set1_epi8(static_cast<char>(0x80));
        for (int t = 0; t < T; ++t) sums[t] = _mm256_setzero_si256();
        for (int c = 0; c < 8; ++c) {
            const __m256i w = _mm256_xor_si256(
                _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunks + 32 * c)), bias);
            const __m256i magnitude = _mm256_sign_epi8(w, w);
            for (int t = 0; t < T; ++t) {
                const __m256i x = _mm256_sign_epi8(Broadcast4(acts[t].q + 32 * k + 4 * c), w);
                sums[t] = _mm256_add_epi32(sums[t], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, x), ones));
            }
        }
    }
};

// out[t * 8 + i] = row i of the group . token t, for T tokens.
template <class F, int T>
HWY_NOINLINE void PackedTile(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < nBlocks / F::kSubBlocks; ++b) {
        const uint8_t* blk = group + b * F::kBlockBytes;
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk)));
        __m256 m = _mm256_setzero_ps();
        if constexpr (F::kHasMin) m = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + 16)));
        for (int64_t sub = 0; sub < F::kSubBlocks; ++sub) {
            const int64_t k = b * F::kSubBlocks + sub;
            __m256i sums[T];
            F::template Dots<T>(blk + F::kCodes + sub * F::kSubBytes, acts, k, sums);
            for (int t = 0; t < T; ++t)
                acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[t]),
                                         _mm256_mul_ps(dw, _mm256_set1_ps(acts[t].d[k])), acc[t]);
            if constexpr (F::kHasMin)
                for (int t = 0; t < T; ++t) acc[t] = _mm256_fmadd_ps(m, _mm256_set1_ps(acts[t].sumOf(k)), acc[t]);
        }
    }
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, acc[t]);
}

// A block or group of five-bit codes (Q5_0, Q5_1, Q5_K): codes 0..31, so pairs reach 2 * 31 * 127 = 7,874
// and the low and high nibbles' values sum in separate i16 vectors (four
// chunks each) before they widen.
template <int T>
HWY_INLINE void FiveBitDots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
{
    const __m256i mask = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunks + 128));
    __m256i lo16[T], hi16[T];
    for (int t = 0; t < T; ++t) lo16[t] = hi16[t] = _mm256_setzero_si256();
    for (int c = 0; c < 4; ++c) {
        const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunks + 32 * c));
        // Bit c of a byte is its low value's fifth bit, bit 4 + c its high value's.
        const __m256i loBit = _mm256_and_si256(_mm256_srli_epi16(bits, c), one);
        const __m256i hiBit = _mm256_and_si256(_mm256_srli_epi16(bits, 4 + c), one);
        const __m256i lo = _mm256_or_si256(_mm256_and_si256(packed, mask), _mm256_slli_epi16(loBit, 4));
        const __m256i hi =
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(packed, 4), mask), _mm256_slli_epi16(hiBit, 4));
        for (int t = 0; t < T; ++t) {
            const int8_t* x = acts[t].q + 32 * k;
            lo16[t] = _mm256_add_epi16(lo16[t], _mm256_maddubs_epi16(lo, Broadcast4(x + 4 * c)));
            hi16[t] = _mm256_add_epi16(hi16[t], _mm256_maddubs_epi16(hi, Broadcast4(x + 4 * (c + 4))));
        }
    }
    const __m256i ones = _mm256_set1_epi16(1);
    for (int t = 0; t < T; ++t)
        sums[t] = _mm256_add_epi32(_mm256_madd_epi16(lo16[t], ones), _mm256_madd_epi16(hi16[t], ones));
}

// The other 32-value formats (packed_rows.h), on PackedTile.
struct PackedQ4_1 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 160, kCodes = 32;
    static constexpr bool kHasMin = true, kVnni = false;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        NibbleDots<T>(chunks, acts, k, sums);
    }
};
struct PackedQ5_0 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 176, kCodes = 16;
    static constexpr bool kHasMin = false, kVnni = false;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        FiveBitDots<T>(chunks, acts, k, sums);
        for (int t = 0; t < T; ++t) sums[t] = _mm256_sub_epi32(sums[t], _mm256_set1_epi32(16 * acts[t].s[k]));
    }
};
struct PackedQ5_1 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 192, kCodes = 32;
    static constexpr bool kHasMin = true, kVnni = false;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        FiveBitDots<T>(chunks, acts, k, sums);
    }
};

// The grouped formats (packed_rows.h): one d (and m) per kGroup values,
// sub-blocks of Q4_0's or Q8_0's chunks. Asymmetric int8 codes are unsigned
// (0..255): Q8_0's dots read them as the signed code - 128, and 128 * sum(x)
// is added back, exactly.
template <int kGroup, bool kAsym>
struct PackedGroupedQ4 {
    static constexpr int64_t kSubBlocks = kGroup / 32, kSubBytes = 128;
    static constexpr int64_t kCodes = kAsym ? 32 : 16, kBlockBytes = kCodes + kSubBlocks * kSubBytes;
    static constexpr bool kHasMin = kAsym, kVnni = false;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        if constexpr (kAsym) PackedQ4_1::Dots<T>(chunks, acts, k, sums);
        else PackedQ4_0::Dots<T>(chunks, acts, k, sums);
    }
};
template <int kGroup, bool kAsym>
struct PackedGroupedQ8 {
    static constexpr int64_t kSubBlocks = kGroup / 32, kSubBytes = 256;
    static constexpr int64_t kCodes = kAsym ? 32 : 16, kBlockBytes = kCodes + kSubBlocks * kSubBytes;
    static constexpr bool kHasMin = kAsym, kVnni = false;
    template <int T>
    static HWY_INLINE void Dots(const uint8_t* chunks, const ActRow* acts, int64_t k, __m256i* sums)
    {
        PackedQ8_0::Dots<T>(chunks, acts, k, sums);
        if constexpr (kAsym)
            for (int t = 0; t < T; ++t) sums[t] = _mm256_add_epi32(sums[t], _mm256_set1_epi32(128 * acts[t].s[k]));
    }
};

#else
// Portable fallback: the same lanes, one row at a time, read from the packed
// layout (so the scalar targets test the layout the vector ones run on).

// Code v (0..15) of row `row` in the nibble chunk layout.
HWY_INLINE int32_t NibbleCode(const uint8_t* chunks, int64_t row, int64_t v)
{
    const uint8_t byte = chunks[32 * (v / 4 % 4) + 4 * row + v % 4];
    return v / 4 < 4 ? byte & 0x0F : byte >> 4;
}

// Code v (0..31) of row `row` in the nibble chunks and the fifth bits' chunk after them.
HWY_INLINE int32_t FiveBitCode(const uint8_t* chunks, int64_t row, int64_t v)
{
    const int bit = static_cast<int>(v % 16 / 4 + (v >= 16 ? 4 : 0));
    return NibbleCode(chunks, row, v) | (chunks[128 + 4 * row + v % 4] >> bit & 1) << 4;
}

struct PackedQ4_0 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 144, kCodes = 16;
    static constexpr bool kHasMin = false, kVnni = true;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return NibbleCode(chunks, row, v) - 8;
    }
};
struct PackedQ4_1 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 160, kCodes = 32;
    static constexpr bool kHasMin = true, kVnni = false;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return NibbleCode(chunks, row, v);
    }
};
struct PackedQ5_0 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 176, kCodes = 16;
    static constexpr bool kHasMin = false, kVnni = false;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return FiveBitCode(chunks, row, v) - 16;
    }
};
struct PackedQ5_1 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 192, kCodes = 32;
    static constexpr bool kHasMin = true, kVnni = false;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return FiveBitCode(chunks, row, v);
    }
};
struct PackedQ8_0 : OneScalePerBlock {
    static constexpr int64_t kBlockBytes = 272, kCodes = 16;
    static constexpr bool kHasMin = false, kVnni = true;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return static_cast<int32_t>(chunks[32 * (v / 4) + 4 * row + v % 4]) - 128;
    }
};
template <int kGroup, bool kAsym>
struct PackedGroupedQ4 {
    static constexpr int64_t kSubBlocks = kGroup / 32, kSubBytes = 128;
    static constexpr int64_t kCodes = kAsym ? 32 : 16, kBlockBytes = kCodes + kSubBlocks * kSubBytes;
    static constexpr bool kHasMin = kAsym, kVnni = false;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return NibbleCode(chunks, row, v) - (kAsym ? 0 : 8);
    }
};
template <int kGroup, bool kAsym>
struct PackedGroupedQ8 {
    static constexpr int64_t kSubBlocks = kGroup / 32, kSubBytes = 256;
    static constexpr int64_t kCodes = kAsym ? 32 : 16, kBlockBytes = kCodes + kSubBlocks * kSubBytes;
    static constexpr bool kHasMin = kAsym, kVnni = false;
    static HWY_INLINE int32_t Code(const uint8_t* chunks, int64_t row, int64_t v)
    {
        return static_cast<int32_t>(chunks[32 * (v / 4) + 4 * row + v % 4]) - (kAsym ? 0 : 128);
    }
};

template <class F, int T>
HWY_NOINLINE void PackedTile(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    float acc[T][kPackRows] = {};
    for (int64_t b = 0; b < nBlocks / F::kSubBlocks; ++b) {
        const uint8_t* blk = group + b * F::kBlockBytes;
        for (int64_t sub = 0; sub < F::kSubBlocks; ++sub) {
            const int64_t k = b * F::kSubBlocks + sub;
            const uint8_t* chunks = blk + F::kCodes + sub * F::kSubBytes;
            for (int64_t i = 0; i < kPackRows; ++i) {
                const float dw = fp16ToFp32(readU16(blk + 2 * i));
                for (int t = 0; t < T; ++t) {
                    int32_t s = 0;
                    for (int64_t v = 0; v < 32; ++v) s += F::Code(chunks, i, v) * acts[t].q[32 * k + v];
                    acc[t][i] += static_cast<float>(s) * (dw * acts[t].d[k]);
                    if constexpr (F::kHasMin)
                        acc[t][i] = std::fma(fp16ToFp32(readU16(blk + 16 + 2 * i)), acts[t].sumOf(k), acc[t][i]);
                }
            }
        }
    }
    for (int t = 0; t < T; ++t)
        for (int64_t i = 0; i < kPackRows; ++i) out[8 * t + i] = acc[t][i];
}

#endif

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_PACKED_TILE_INL_H_ toggle
