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
// Per-target code (AVX2 intrinsics where available, portable scalar
// otherwise); included by matmul-inl.h once per Highway target.
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

struct PackedQ6_K {
    static constexpr bool kVnni = false;
};

// Row i's code u (0..31) of a packed Q6_K group, minus 32.
HWY_INLINE int32_t Q6CodeAt(const uint8_t* codes, int64_t i, int64_t u)
{
    const int64_t c = u % 16 / 4, b = u % 4;
    const bool upper = u >= 16;
    const int32_t low = codes[32 * c + 4 * i + b] >> (upper ? 4 : 0) & 0x0F;
    const int32_t top = codes[128 + 32 * (c / 2) + 4 * i + b] >> (4 * (c % 2) + (upper ? 2 : 0)) & 3;
    return (low | top << 4) - 32;
}

template <int T>
HWY_NOINLINE void PackedTileQ6K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    float acc[T][kPackRows] = {};
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * 1680;
        for (int64_t i = 0; i < kPackRows; ++i) {
            const float d = fp16ToFp32(readU16(blk + 2 * i));
            for (int g = 0; g < 8; ++g) {
                const uint8_t* sc = blk + 16 + 16 * g;
                const float dsLo = d * static_cast<float>(static_cast<int8_t>(sc[i]));
                const float dsHi = d * static_cast<float>(static_cast<int8_t>(sc[8 + i]));
                const uint8_t* codes = blk + 144 + 192 * g;
                const int64_t k = 8 * sb + g;
                for (int t = 0; t < T; ++t) {
                    int32_t lo = 0, hi = 0;
                    for (int64_t u = 0; u < 16; ++u) {
                        lo += Q6CodeAt(codes, i, u) * acts[t].q[32 * k + u];
                        hi += Q6CodeAt(codes, i, u + 16) * acts[t].q[32 * k + u + 16];
                    }
                    acc[t][i] = std::fma(static_cast<float>(lo), dsLo * acts[t].d[k], acc[t][i]);
                    acc[t][i] = std::fma(static_cast<float>(hi), dsHi * acts[t].d[k], acc[t][i]);
                }
            }
        }
    }
    for (int t = 0; t < T; ++t)
        for (int64_t i = 0; i < kPackRows; ++i) out[8 * t + i] = acc[t][i];
}

struct PackedQ3_K {
    static constexpr bool kVnni = false;
};

// Row i's code u (0..31) of a packed Q3_K group, in [-4, 3].
HWY_INLINE int32_t Q3CodeAt(const uint8_t* codes, int64_t i, int64_t u)
{
    const int64_t p = u / 16, q = u % 16 / 4, b = u % 4;
    const int32_t low = codes[32 * p + 4 * i + b] >> (2 * q) & 3;
    const int32_t third = codes[64 + 4 * i + b] >> (4 * p + q) & 1;
    return low + 4 * third - 4;
}

template <int T>
HWY_NOINLINE void PackedTileQ3K(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    float acc[T][kPackRows] = {};
    for (int64_t sb = 0; sb < nBlocks / 8; ++sb) {
        const uint8_t* blk = group + sb * 880;
        for (int64_t i = 0; i < kPackRows; ++i) {
            const float d = fp16ToFp32(readU16(blk + 2 * i));
            for (int g = 0; g < 8; ++g) {
                const uint8_t low = blk[16 + 8 * g + i];
                const uint8_t top = static_cast<uint8_t>(blk[80 + 4 * g + i / 2] >> (4 * (i % 2)));
                const float dsLo = d * static_cast<float>(((low & 0x0F) | (top & 3) << 4) - 32);
                const float dsHi = d * static_cast<float>(((low >> 4) | (top >> 2 & 3) << 4) - 32);
                const uint8_t* codes = blk + 112 + 96 * g;
                const int64_t k = 8 * sb + g;
                for (int t = 0; t < T; ++t) {
                    int32_t lo = 0, hi = 0;
                    for (int64_t u = 0; u < 16; ++u) {
                        lo += Q3CodeAt(codes, i, u) * acts[t].q[32 * k + u];
                        hi += Q3CodeAt(codes, i, u + 16) * acts[t].q[32 * k + u + 16];
                    }
                    acc[t][i] = std::fma(static_cast<float>(lo), dsLo * acts[t].d[k], acc[t][i]);
                    acc[t][i] = std::fma(static_cast<float>(hi), dsHi * acts[t].d[k], acc[t][i]);
                }
            }
        }
    }
    for (int t = 0; t < T; ++t)
        for (int64_t i = 0; i < kPackRows; ++i) out[8 * t + i] = acc[t][i];
}
#endif

// One tile of the format F for T tokens.
template <class F, int T>
HWY_INLINE void PackedTileOf(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    if constexpr (std::is_same_v<F, PackedQ4_K>)
        PackedTileQ45K<false, T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ5_K>)
        PackedTileQ45K<true, T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ6_K>)
        PackedTileQ6K<T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ3_K>)
        PackedTileQ3K<T>(group, acts, nBlocks, out);
    else
        PackedTile<F, T>(group, acts, nBlocks, out);
}

// One group against nt (1..4) tokens: the VNNI tile where the CPU has it
// (the same bits), else this target's.
template <class F>
HWY_INLINE void PackedTileFor(DType type, const uint8_t* group, const ActRow* acts, int nt, int64_t nBlocks,
                              float* out)
{
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
    if (F::kVnni && packedVnni()) {
        PackedActs vnniActs[kPackedTileTokens];
        for (int j = 0; j < nt; ++j) vnniActs[j] = {acts[j].q, acts[j].d, acts[j].s};
        packedTileVnni(type, group, vnniActs, nt, nBlocks, out);
        return;
    }
#else
    (void)type;
#endif
    switch (nt) {
    case 1: PackedTileOf<F, 1>(group, acts, nBlocks, out); break;
    case 2: PackedTileOf<F, 2>(group, acts, nBlocks, out); break;
    case 3: PackedTileOf<F, 3>(group, acts, nBlocks, out); break;
    default: PackedTileOf<F, 4>(group, acts, nBlocks, out); break;
    }
}

// y[t * rows + r] for rows [r0, r1) inside w's packed groups and tokens [t0, t1).
template <class F>
HWY_INLINE void PackedMatmul(const Tensor& w, const QuantizedActs& a, float* y, int64_t r0, int64_t r1, int64_t t0,
                             int64_t t1)
{
    const int64_t nBlocks = w.cols / 32;
    const size_t groupBytes = static_cast<size_t>(kPackRows) * bytesFor(w.type, static_cast<uint64_t>(w.cols));
    for (int64_t g = r0 / kPackRows; g * kPackRows < r1; ++g) {
        const uint8_t* group = static_cast<const uint8_t*>(w.packed) + static_cast<size_t>(g) * groupBytes;
        const int64_t first = std::max(r0, g * kPackRows), last = std::min(r1, (g + 1) * kPackRows);
        for (int64_t tt = t0; tt < t1; tt += kPackedTileTokens) {
            const int nt = static_cast<int>(std::min<int64_t>(kPackedTileTokens, t1 - tt));
            ActRow acts[kPackedTileTokens];
            TokenActs(a, w.cols, tt, nt, acts);
            float out[kPackedTileTokens * kPackRows];
            PackedTileFor<F>(w.type, group, acts, nt, nBlocks, out);
            for (int j = 0; j < nt; ++j)
                for (int64_t r = first; r < last; ++r) y[(tt + j) * w.rows + r] = out[8 * j + (r - g * kPackRows)];
        }
    }
}

// Runs the packed kernel on the rows of [r0, r1) that w's packed groups hold;
// returns the first row it left to the caller (r0 when w is not packed).
HWY_INLINE int64_t PackedMatmulFor(const Tensor& w, const QuantizedActs& a, float* y, int64_t r0, int64_t r1,
                                   int64_t t0, int64_t t1)
{
    const int64_t end = std::min(r1, packedRows(w));
    if (r0 >= end) return r0;
    switch (w.type) {
    case DType::Q4_0: PackedMatmul<PackedQ4_0>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q8_0: PackedMatmul<PackedQ8_0>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q4_1: PackedMatmul<PackedQ4_1>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q5_0: PackedMatmul<PackedQ5_0>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q5_1: PackedMatmul<PackedQ5_1>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q4_K: PackedMatmul<PackedQ4_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q5_K: PackedMatmul<PackedQ5_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q3_K: PackedMatmul<PackedQ3_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q6_K: PackedMatmul<PackedQ6_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8G64: PackedMatmul<PackedGroupedQ8<64, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8G128: PackedMatmul<PackedGroupedQ8<128, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8AG32: PackedMatmul<PackedGroupedQ8<32, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8AG64: PackedMatmul<PackedGroupedQ8<64, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8AG128: PackedMatmul<PackedGroupedQ8<128, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4G64: PackedMatmul<PackedGroupedQ4<64, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4G128: PackedMatmul<PackedGroupedQ4<128, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4AG64: PackedMatmul<PackedGroupedQ4<64, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4AG128: PackedMatmul<PackedGroupedQ4<128, true>>(w, a, y, r0, end, t0, t1); return end;
    default: return r0;
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_PACKED_TILE_INL_H_ toggle
