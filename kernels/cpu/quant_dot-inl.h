// Fused dot products of one block-quantized weight row with 8-bit quantized
// activations (blocks of 32, one float scale each). Weights are never expanded
// to floats: every 32-value group becomes integer codes, its integer dot with
// the activation codes is exact, and only the float accumulation of the
// per-group terms rounds, in a fixed order per row.
//
// A group of 32 weights is w_i = scale[i / 16] * code_i + min, so
//   sum_i w_i x_i = dx * (sum_i scale[i/16] * code_i * q_i + min * sum_i q_i).
//
// Per-target code (AVX2 intrinsics where available, portable scalar otherwise);
// included by matmul-inl.h once per Highway target.
#if defined(KERNELS_CPU_QUANT_DOT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_QUANT_DOT_INL_H_
#undef KERNELS_CPU_QUANT_DOT_INL_H_
#else
#define KERNELS_CPU_QUANT_DOT_INL_H_
#endif

#include <cstdint>
#include <cstring>

#include "hwy/highway.h"
#include "kernels/api/half.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

// One token's quantized activations.
struct ActRow {
    const int8_t* q;   // cols codes
    const float* d;    // per 32-block scale
    const int32_t* s;  // per 32-block sum of codes
    float sumOf(int64_t k) const { return d[k] * static_cast<float>(s[k]); }
};

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
// ---- AVX2 primitives (also used on AVX-512 targets) -------------------------

struct Codes {
    __m256i v;  // 32 codes, value order
};
using Acc = __m256;

HWY_INLINE Acc AccZero() { return _mm256_setzero_ps(); }
HWY_INLINE Acc AccAdd(Acc a, Acc b) { return _mm256_add_ps(a, b); }
HWY_INLINE float AccSum(Acc v)
{
    const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(quarter, _mm_movehdup_ps(quarter)));
}

HWY_INLINE __m256i LoadX(const int8_t* x) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x)); }

// Unsigned codes (< 64) times signed activations: u8 x i8 pairs summed to i16
// (at most 2 * 63 * 128, no saturation), then pairs of those to i32. Int32
// lane j covers values 4j..4j+3, so lanes 0-3 are the first 16 values.
HWY_INLINE __m256i DotU8I8(__m256i u, __m256i x)
{
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, x), _mm256_set1_epi16(1));
}

// Signed codes: move the sign of w onto x, so |w| can be the unsigned operand.
// Weights may hold -128 (|-128| reads as 128 unsigned); activations never do
// (quantizeActs stays within +-127), so negating x cannot overflow.
HWY_INLINE __m256i DotI8I8(__m256i w, __m256i x)
{
    return DotU8I8(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w));
}

HWY_INLINE Acc MulAddUnsigned(const Codes& c, const int8_t* x, float scale, Acc acc)
{
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(DotU8I8(c.v, LoadX(x))), _mm256_set1_ps(scale), acc);
}

// Signed codes with one scale for values 0..15 and another for 16..31.
HWY_INLINE Acc MulAddSigned2(const Codes& c, const int8_t* x, float scaleLo, float scaleHi, Acc acc)
{
    const __m256 scales = _mm256_set_m128(_mm_set1_ps(scaleHi), _mm_set1_ps(scaleLo));
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(DotI8I8(c.v, LoadX(x))), scales, acc);
}

// 16 bytes -> 32 codes: low nibbles are values 0..15, high nibbles 16..31.
HWY_INLINE Codes Nibbles16(const uint8_t* qs)
{
    const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    return {_mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), _mm256_set1_epi8(0x0F))};
}

// 32 bytes -> the low nibbles (one group of 32) or the high nibbles (the next).
HWY_INLINE Codes NibblesLo32(const uint8_t* q)
{
    return {_mm256_and_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q)), _mm256_set1_epi8(0x0F))};
}
HWY_INLINE Codes NibblesHi32(const uint8_t* q)
{
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    return {_mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F))};
}

// Q5_0/Q5_1: adds 16 to code j where bit j of the little-endian 32-bit word is set.
HWY_INLINE Codes WithFifthBits(Codes c, const uint8_t* qh)
{
    uint32_t bits;
    std::memcpy(&bits, qh, 4);
    // Byte j of the spread gets byte j / 8 of the word, then selects bit j % 8.
    const __m256i spread = _mm256_shuffle_epi8(
        _mm256_set1_epi32(static_cast<int32_t>(bits)),
        _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0));
    const __m256i select = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201ULL));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, select), select);
    return {_mm256_or_si256(c.v, _mm256_and_si256(set, _mm256_set1_epi8(0x10)))};
}

// Q5_K: adds 16 to code l where bit `plane` of qh[l] is set.
HWY_INLINE Codes WithPlaneBits(Codes c, const uint8_t* qh, int plane)
{
    const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qh));
    const __m256i select = _mm256_set1_epi8(static_cast<char>(1 << plane));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(bits, select), select);
    return {_mm256_or_si256(c.v, _mm256_and_si256(set, _mm256_set1_epi8(0x10)))};
}

// Q6_K run `run` (0..3) of a 128-value half: signed codes in [-32, 31].
HWY_INLINE Codes Q6Run(const uint8_t* ql, const uint8_t* qh, int run)
{
    const __m256i lowBytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ql + 32 * (run % 2)));
    const __m256i mask4 = _mm256_set1_epi8(0x0F);
    const __m256i low = run < 2 ? _mm256_and_si256(lowBytes, mask4)
                                : _mm256_and_si256(_mm256_srli_epi16(lowBytes, 4), mask4);
    const __m256i highBytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qh));
    const __m256i high = _mm256_and_si256(_mm256_srl_epi16(highBytes, _mm_cvtsi32_si128(2 * run)),
                                          _mm256_set1_epi8(3));
    // high <= 3, so the 16-bit shift cannot carry into the neighbouring byte.
    const __m256i code = _mm256_or_si256(low, _mm256_slli_epi16(high, 4));
    return {_mm256_sub_epi8(code, _mm256_set1_epi8(32))};
}

#else
// ---- Portable primitives (scalar fallback targets) --------------------------

struct Codes {
    int8_t v[32];
};
using Acc = float;

HWY_INLINE Acc AccZero() { return 0.0f; }
HWY_INLINE Acc AccAdd(Acc a, Acc b) { return a + b; }
HWY_INLINE float AccSum(Acc v) { return v; }

HWY_INLINE int32_t IntDot(const int8_t* a, const int8_t* b, int n)
{
    int32_t s = 0;
    for (int i = 0; i < n; ++i) s += int32_t{a[i]} * int32_t{b[i]};
    return s;
}

HWY_INLINE Acc MulAddUnsigned(const Codes& c, const int8_t* x, float scale, Acc acc)
{
    return acc + scale * static_cast<float>(IntDot(c.v, x, 32));
}

HWY_INLINE Acc MulAddSigned2(const Codes& c, const int8_t* x, float scaleLo, float scaleHi, Acc acc)
{
    return acc + scaleLo * static_cast<float>(IntDot(c.v, x, 16)) +
           scaleHi * static_cast<float>(IntDot(c.v + 16, x + 16, 16));
}

HWY_INLINE Codes Nibbles16(const uint8_t* qs)
{
    Codes c;
    for (int j = 0; j < 16; ++j) {
        c.v[j] = static_cast<int8_t>(qs[j] & 0x0F);
        c.v[j + 16] = static_cast<int8_t>(qs[j] >> 4);
    }
    return c;
}

HWY_INLINE Codes NibblesLo32(const uint8_t* q)
{
    Codes c;
    for (int j = 0; j < 32; ++j) c.v[j] = static_cast<int8_t>(q[j] & 0x0F);
    return c;
}
HWY_INLINE Codes NibblesHi32(const uint8_t* q)
{
    Codes c;
    for (int j = 0; j < 32; ++j) c.v[j] = static_cast<int8_t>(q[j] >> 4);
    return c;
}

HWY_INLINE Codes WithFifthBits(Codes c, const uint8_t* qh)
{
    uint32_t bits;
    std::memcpy(&bits, qh, 4);
    for (int j = 0; j < 32; ++j) c.v[j] = static_cast<int8_t>(c.v[j] | ((bits >> j) & 1) << 4);
    return c;
}

HWY_INLINE Codes WithPlaneBits(Codes c, const uint8_t* qh, int plane)
{
    for (int j = 0; j < 32; ++j) c.v[j] = static_cast<int8_t>(c.v[j] | ((qh[j] >> plane) & 1) << 4);
    return c;
}

HWY_INLINE Codes Q6Run(const uint8_t* ql, const uint8_t* qh, int run)
{
    Codes c;
    for (int j = 0; j < 32; ++j) {
        const uint8_t lowByte = ql[j + 32 * (run % 2)];
        const int low = run < 2 ? (lowByte & 0x0F) : (lowByte >> 4);
        const int high = (qh[j] >> (2 * run)) & 3;
        c.v[j] = static_cast<int8_t>((low | high << 4) - 32);
    }
    return c;
}
#endif

// ---- Row dots, written once over the primitives above -------------------------

// Sums term(k, acc) over blocks k = 0..n-1; block k always lands in accumulator
// k % 4 and the four are combined in a fixed order, so a row's result depends
// only on its data.
template <class Term>
HWY_INLINE float Accumulate4(int64_t n, const Term& term)
{
    Acc a0 = AccZero(), a1 = AccZero(), a2 = AccZero(), a3 = AccZero();
    int64_t k = 0;
    for (; k + 4 <= n; k += 4) {
        a0 = term(k, a0);
        a1 = term(k + 1, a1);
        a2 = term(k + 2, a2);
        a3 = term(k + 3, a3);
    }
    for (; k < n; ++k) a0 = term(k, a0);
    return AccSum(AccAdd(AccAdd(a0, a1), AccAdd(a2, a3)));
}

// Q4_1 (20-byte blocks: d, m, 16 nibble bytes): w = d * q + m.
HWY_INLINE float DotQ4_1Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    float minSum = 0.0f;
    const float main = Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 20;
        minSum += fp16ToFp32(readU16(blk + 2)) * a.sumOf(k);
        return MulAddUnsigned(Nibbles16(blk + 4), a.q + 32 * k, fp16ToFp32(readU16(blk)) * a.d[k], acc);
    });
    return main + minSum;
}

// Q5_0 (22 bytes: d, qh[4], qs[16]): w = d * (q - 16).
HWY_INLINE float DotQ5_0Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    float minSum = 0.0f;
    const float main = Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 22;
        const float d = fp16ToFp32(readU16(blk));
        minSum += -16.0f * d * a.sumOf(k);
        return MulAddUnsigned(WithFifthBits(Nibbles16(blk + 6), blk + 2), a.q + 32 * k, d * a.d[k], acc);
    });
    return main + minSum;
}

// Q5_1 (24 bytes: d, m, qh[4], qs[16]): w = d * q + m.
HWY_INLINE float DotQ5_1Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    float minSum = 0.0f;
    const float main = Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 24;
        minSum += fp16ToFp32(readU16(blk + 2)) * a.sumOf(k);
        return MulAddUnsigned(WithFifthBits(Nibbles16(blk + 8), blk + 4), a.q + 32 * k,
                              fp16ToFp32(readU16(blk)) * a.d[k], acc);
    });
    return main + minSum;
}

// Q4_K/Q5_K: 8 pairs of 6-bit (scale, min) packed in 12 bytes. Pairs 0..3 are
// the low 6 bits of bytes 0..3 / 4..7; pairs 4..7 keep their low 4 bits in the
// nibbles of bytes 8..11 and their top 2 bits in the top bits of bytes 0..7.
HWY_INLINE void UnpackScaleMins(const uint8_t* s, float* scale, float* min)
{
    for (int j = 0; j < 4; ++j) {
        scale[j] = static_cast<float>(s[j] & 63);
        min[j] = static_cast<float>(s[j + 4] & 63);
        scale[j + 4] = static_cast<float>((s[j + 8] & 0x0F) | (s[j] >> 6) << 4);
        min[j + 4] = static_cast<float>((s[j + 8] >> 4) | (s[j + 4] >> 6) << 4);
    }
}

// Q4_K (144-byte super-blocks of 256: d, dmin, scales[12], qs[128]); group g
// of 32 is w = d * sc_g * q - dmin * mn_g, codes in the nibbles of chunk g / 2.
// Q5_K (176 bytes) adds qh[32] after the scales: bit g of qh[l] is the fifth bit.
template <bool kFiveBit>
HWY_INLINE float DotQ45KRow(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    constexpr int64_t kBytes = kFiveBit ? 176 : 144;
    float minSum = 0.0f;
    float scale[8], min[8];
    const float main = Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* sb = row + (k / 8) * kBytes;
        const int g = static_cast<int>(k % 8);
        if (g == 0) {
            UnpackScaleMins(sb + 4, scale, min);
            const float dmin = fp16ToFp32(readU16(sb + 2));
            float groupMins = 0.0f;
            for (int j = 0; j < 8; ++j) groupMins += min[j] * a.sumOf(k + j);
            minSum -= dmin * groupMins;
        }
        const uint8_t* qs = sb + (kFiveBit ? 48 : 16) + 32 * (g / 2);
        Codes c = g % 2 == 0 ? NibblesLo32(qs) : NibblesHi32(qs);
        if constexpr (kFiveBit) c = WithPlaneBits(c, sb + 16, g);
        return MulAddUnsigned(c, a.q + 32 * k, fp16ToFp32(readU16(sb)) * scale[g] * a.d[k], acc);
    });
    return main + minSum;
}

// Q6_K (210 bytes: ql[128], qh[64], scales[16] int8, d): two halves of 128
// values, each four runs of 32 spanning two 16-value scale groups.
HWY_INLINE float DotQ6KRow(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    return Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* sb = row + (k / 8) * 210;
        const int half = static_cast<int>(k % 8) / 4, run = static_cast<int>(k % 4);
        const int8_t* sc = reinterpret_cast<const int8_t*>(sb + 192) + 8 * half + 2 * run;
        const float dd = fp16ToFp32(readU16(sb + 208)) * a.d[k];
        const Codes c = Q6Run(sb + 64 * half, sb + 128 + 32 * half, run);
        return MulAddSigned2(c, a.q + 32 * k, dd * static_cast<float>(sc[0]), dd * static_cast<float>(sc[1]), acc);
    });
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_QUANT_DOT_INL_H_ toggle
