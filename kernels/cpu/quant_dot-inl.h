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

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "hwy/highway.h"
#include "kernels/api/half.h"
#include "kernels/cpu/matmul.h"

// The per-group lambdas below must inline into their loops, or the row's
// accumulators spill to memory on every group.
#ifndef KERNELS_INLINE_LAMBDA
#if defined(__GNUC__) || defined(__clang__)
#define KERNELS_INLINE_LAMBDA __attribute__((always_inline))
#else
#define KERNELS_INLINE_LAMBDA
#endif
#endif

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

// One token's quantized activations.
struct ActRow {
    const int8_t* q;   // cols codes
    const float* d;    // per 32-block scale
    const int32_t* s;  // per 32-block sum of codes
    const int32_t* offset8;  // per 32-block {8 * s, 0, ..., 0}
    const int32_t* s16;      // per 16 values: sum of codes (QuantizedActs::s16), or null
    float sumOf(int64_t k) const { return d[k] * static_cast<float>(s[k]); }
    // The activations' sum over values 16h..16h+15.
    float halfSumOf(int64_t h) const { return d[h / 2] * static_cast<float>(s16[h]); }
};

// Tokens [t, t + n) of a matmul's quantized activations (`cols` per token).
HWY_INLINE void TokenActs(const QuantizedActs& a, int64_t cols, int64_t t, int n, ActRow* out)
{
    const int64_t blocks = cols / 32;
    for (int j = 0; j < n; ++j)
        out[j] = {a.q + (t + j) * cols, a.d + (t + j) * blocks, a.s + (t + j) * blocks,
                  a.offset8 + (t + j) * blocks * 8, a.s16 ? a.s16 + (t + j) * blocks * 2 : nullptr};
}

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

// Exact integer dot of 32 codes with 32 activations, as eight int32 partial
// sums: lanes 0-3 cover values 0..15, lanes 4-7 values 16..31.
using IntSums = __m256i;

HWY_INLINE IntSums DotUnsigned(const Codes& c, const int8_t* x) { return DotU8I8(c.v, LoadX(x)); }
HWY_INLINE IntSums DotSigned(const Codes& c, const int8_t* x) { return DotI8I8(c.v, LoadX(x)); }
// Takes offset * (sum of the block's activation codes) off the total, exactly;
// offset is 8 or 16 (Q4_0, Q5_0).
HWY_INLINE IntSums SubOffset(IntSums s, const ActRow& a, int64_t k, int32_t offset)
{
    const __m256i off8 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.offset8 + 8 * k));
    const __m256i off = offset == 8 ? off8 : _mm256_add_epi32(off8, off8);
    return _mm256_sub_epi32(s, off);
}
HWY_INLINE Acc MulAdd(IntSums s, float scale, Acc acc)
{
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(scale), acc);
}
// One scale for values 0..15, another for 16..31.
HWY_INLINE Acc MulAdd2(IntSums s, float scaleLo, float scaleHi, Acc acc)
{
    const __m256 scales = _mm256_set_m128(_mm_set1_ps(scaleHi), _mm_set1_ps(scaleLo));
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), scales, acc);
}

// fp16 field -> float (F16C is part of the AVX2 target); exact.
HWY_INLINE float F16At(const uint8_t* p) { return _cvtsh_ss(readU16(p)); }

HWY_INLINE Codes LoadCodes(const uint8_t* p) { return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))}; }

// Unsigned byte codes u (0..255) as the signed codes u - 128.
HWY_INLINE Codes FlipSign(Codes c) { return {_mm256_xor_si256(c.v, _mm256_set1_epi8(static_cast<char>(0x80)))}; }

// 16 bytes -> 32 codes: low nibbles are values 0..15, high nibbles 16..31.
HWY_INLINE Codes Nibbles16(const uint8_t* qs)
{
    // Both halves get the 16 bytes; the upper half is shifted down a nibble.
    const __m256i both = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(qs)));
    const __m256i shifted = _mm256_srlv_epi32(both, _mm256_set_epi32(4, 4, 4, 4, 0, 0, 0, 0));
    return {_mm256_and_si256(shifted, _mm256_set1_epi8(0x0F))};
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

// Q3_K: the two bits at `shift` of the 32 bytes at q, minus 4 where bit `bit`
// of hm[l] is clear: codes in [-4, 3].
HWY_INLINE Codes Q3Run(const uint8_t* q, const uint8_t* hm, int shift, int bit)
{
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    const __m256i low = _mm256_and_si256(_mm256_srl_epi16(bytes, _mm_cvtsi32_si128(shift)), _mm256_set1_epi8(3));
    const __m256i select = _mm256_set1_epi8(static_cast<char>(1 << bit));
    const __m256i clear = _mm256_cmpeq_epi8(
        _mm256_and_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(hm)), select), _mm256_setzero_si256());
    return {_mm256_sub_epi8(low, _mm256_and_si256(clear, _mm256_set1_epi8(4)))};
}

// Q2_K: the two bits at `shift` of the 32 bytes at q: codes in [0, 3].
HWY_INLINE Codes Q2Run(const uint8_t* q, int shift)
{
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    return {_mm256_and_si256(_mm256_srl_epi16(bytes, _mm_cvtsi32_si128(shift)), _mm256_set1_epi8(3))};
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

struct IntSums {
    int32_t lo;  // values 0..15
    int32_t hi;  // values 16..31
};

HWY_INLINE IntSums DotUnsigned(const Codes& c, const int8_t* x)
{
    return {IntDot(c.v, x, 16), IntDot(c.v + 16, x + 16, 16)};
}
HWY_INLINE IntSums DotSigned(const Codes& c, const int8_t* x) { return DotUnsigned(c, x); }
HWY_INLINE IntSums SubOffset(IntSums s, const ActRow& a, int64_t k, int32_t offset)
{
    return {s.lo - offset * a.s[k], s.hi};
}
HWY_INLINE Acc MulAdd(IntSums s, float scale, Acc acc) { return acc + static_cast<float>(s.lo + s.hi) * scale; }
HWY_INLINE Acc MulAdd2(IntSums s, float scaleLo, float scaleHi, Acc acc)
{
    return acc + static_cast<float>(s.lo) * scaleLo + static_cast<float>(s.hi) * scaleHi;
}

HWY_INLINE float F16At(const uint8_t* p) { return fp16ToFp32(readU16(p)); }

HWY_INLINE Codes LoadCodes(const uint8_t* p)
{
    Codes c;
    std::memcpy(c.v, p, 32);
    return c;
}

HWY_INLINE Codes FlipSign(Codes c)
{
    for (int8_t& v : c.v) v = static_cast<int8_t>(static_cast<uint8_t>(v) ^ 0x80);
    return c;
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

HWY_INLINE Codes Q3Run(const uint8_t* q, const uint8_t* hm, int shift, int bit)
{
    Codes c;
    for (int j = 0; j < 32; ++j) c.v[j] = static_cast<int8_t>(((q[j] >> shift) & 3) - ((hm[j] >> bit) & 1 ? 0 : 4));
    return c;
}
HWY_INLINE Codes Q2Run(const uint8_t* q, int shift)
{
    Codes c;
    for (int j = 0; j < 32; ++j) c.v[j] = static_cast<int8_t>((q[j] >> shift) & 3);
    return c;
}
#endif

// ---- Row dots: per-type group visitors feeding a multi-token sink -----------

// Accumulates one weight row against NT tokens at once, so prefill decodes each
// weight group once for up to four tokens. Visitors hand over the groups in
// order, each token's vector sums on one chain; P (the group's parity) picks
// one of the four min-sum chains of the grouped formats. A token's sums go
// through the same operations in the same order whatever NT is, so a row's
// result does not depend on the batch (batch invariance).
// min * sum + acc with one rounding, spelled out: left to the compiler, the
// product and the add could be fused for one token count and not for another
// (when the token loop gets vectorised), and results would move with the batch.
HWY_INLINE float MinFma(float a, float b, float c)
{
    return std::fma(a, b, c);
}

template <int NT>
struct RowSink {
    const ActRow* acts;
    Acc acc[NT];  // one chain per token: NT tokens x the rows in flight hide the FMA latency
    float minSum[NT];
    // Per-parity min sums of the project grouped formats: four independent
    // chains, like acc, so the scalar adds do not serialise the row. (The GGUF
    // formats keep their single chain and with it their exact results.)
    float minSum4[NT][4];
    bool hasMinSum4 = false;

    explicit RowSink(const ActRow* a) : acts(a)
    {
        for (int j = 0; j < NT; ++j) {
            acc[j] = AccZero();
            minSum[j] = 0.0f;
            for (float& m : minSum4[j]) m = 0.0f;
        }
    }

    // Unsigned codes of group k: w = scale * (code - offset) + min.
    template <int P, bool kHasMin>
    HWY_INLINE void Unsigned(int64_t k, const Codes& c, float scale, int32_t offset, float min)
    {
#pragma GCC unroll 4
        for (int j = 0; j < NT; ++j) {
            const ActRow& a = acts[j];
            IntSums s = DotUnsigned(c, a.q + 32 * k);
            if (offset != 0) s = SubOffset(s, a, k, offset);
            acc[j] = MulAdd(s, scale * a.d[k], acc[j]);
            if constexpr (kHasMin) minSum[j] += min * a.sumOf(k);
        }
    }

    // Signed codes of group k: w = scaleLo * code for values 0..15, scaleHi after.
    template <int P>
    HWY_INLINE void Signed(int64_t k, const Codes& c, float scaleLo, float scaleHi)
    {
#pragma GCC unroll 4
        for (int j = 0; j < NT; ++j) {
            const ActRow& a = acts[j];
            acc[j] = MulAdd2(DotSigned(c, a.q + 32 * k), scaleLo * a.d[k], scaleHi * a.d[k], acc[j]);
        }
    }

    // Unsigned codes of group k with a scale and a min per 16 values (Q2_K):
    // w = scaleLo * code - minLo for values 0..15, scaleHi and minHi after;
    // the mins take the activations' 16-value sums.
    template <int P>
    HWY_INLINE void UnsignedHalves(int64_t k, const Codes& c, float scaleLo, float scaleHi, float minLo, float minHi)
    {
#pragma GCC unroll 4
        for (int j = 0; j < NT; ++j) {
            const ActRow& a = acts[j];
            acc[j] = MulAdd2(DotUnsigned(c, a.q + 32 * k), scaleLo * a.d[k], scaleHi * a.d[k], acc[j]);
            minSum[j] = MinFma(-minLo, a.halfSumOf(2 * k), minSum[j]);
            minSum[j] = MinFma(-minHi, a.halfSumOf(2 * k + 1), minSum[j]);
        }
    }

    // Signed codes of group k with one scale for all 32 values (Q8_0).
    template <int P>
    HWY_INLINE void SignedUniform(int64_t k, const Codes& c, float scale)
    {
#pragma GCC unroll 4
        for (int j = 0; j < NT; ++j) {
            const ActRow& a = acts[j];
            acc[j] = MulAdd(DotSigned(c, a.q + 32 * k), scale * a.d[k], acc[j]);
        }
    }

    // Signed codes of group k with one scale, plus a per-group min:
    // w = scale * code + min (the asymmetric int8 formats).
    template <int P>
    HWY_INLINE void SignedUniformMin(int64_t k, const Codes& c, float scale, float min)
    {
        hasMinSum4 = true;
#pragma GCC unroll 4
        for (int j = 0; j < NT; ++j) {
            const ActRow& a = acts[j];
            acc[j] = MulAdd(DotSigned(c, a.q + 32 * k), scale * a.d[k], acc[j]);
            minSum4[j][P] = MinFma(min, a.sumOf(k), minSum4[j][P]);
        }
    }

    // Unsigned codes of group k with a per-group min: w = scale * code + min
    // (the asymmetric int4 formats), min sums on the per-parity chains.
    template <int P>
    HWY_INLINE void UnsignedMin(int64_t k, const Codes& c, float scale, float min)
    {
        hasMinSum4 = true;
#pragma GCC unroll 4
        for (int j = 0; j < NT; ++j) {
            const ActRow& a = acts[j];
            acc[j] = MulAdd(DotUnsigned(c, a.q + 32 * k), scale * a.d[k], acc[j]);
            minSum4[j][P] = MinFma(min, a.sumOf(k), minSum4[j][P]);
        }
    }

    void Finish(float* out) const
    {
        for (int j = 0; j < NT; ++j)
        {
            out[j] = AccSum(acc[j]) + minSum[j];
            if (hasMinSum4) out[j] += (minSum4[j][0] + minSum4[j][1]) + (minSum4[j][2] + minSum4[j][3]);
        }
    }
};

template <int P>
using Parity = std::integral_constant<int, P>;

// group(Parity, k) for k = 0..n-1, spread over four accumulator chains.
template <class Group>
HWY_INLINE void ForBlocks(int64_t n, const Group& group)
{
    int64_t k = 0;
    for (; k + 4 <= n; k += 4) {
        group(Parity<0>(), k);
        group(Parity<1>(), k + 1);
        group(Parity<2>(), k + 2);
        group(Parity<3>(), k + 3);
    }
    for (; k < n; ++k) group(Parity<0>(), k);
}

// fn(integral_constant g) for g = 0..7, unrolled (the 32-value groups of a K-quant super-block).
template <class Fn, int... G>
HWY_INLINE void ForEightImpl(const Fn& fn, std::integer_sequence<int, G...>)
{
    (fn(std::integral_constant<int, G>()), ...);
}
template <class Fn>
HWY_INLINE void ForEight(const Fn& fn)
{
    ForEightImpl(fn, std::make_integer_sequence<int, 8>());
}

// Q8_0 (34-byte blocks: d, 32 signed codes): w = d * q.
template <class Sink>
HWY_INLINE void VisitQ8_0(const uint8_t* row, int64_t n, Sink& sink)
{
    ForBlocks(n, [&](auto p, int64_t k) KERNELS_INLINE_LAMBDA {
        const uint8_t* blk = row + k * 34;
        sink.template SignedUniform<decltype(p)::value>(k, LoadCodes(blk + 2), F16At(blk));
    });
}

// Q4_0 (18 bytes: d, 16 nibble bytes): w = d * (q - 8). The offset comes out
// in the integer domain, exactly.
template <class Sink>
HWY_INLINE void VisitQ4_0(const uint8_t* row, int64_t n, Sink& sink)
{
    ForBlocks(n, [&](auto p, int64_t k) KERNELS_INLINE_LAMBDA {
        const uint8_t* blk = row + k * 18;
        sink.template Unsigned<decltype(p)::value, false>(k, Nibbles16(blk + 2), F16At(blk), 8, 0.0f);
    });
}

// Q4_1 (20 bytes: d, m, 16 nibble bytes): w = d * q + m.
template <class Sink>
HWY_INLINE void VisitQ4_1(const uint8_t* row, int64_t n, Sink& sink)
{
    ForBlocks(n, [&](auto p, int64_t k) KERNELS_INLINE_LAMBDA {
        const uint8_t* blk = row + k * 20;
        sink.template Unsigned<decltype(p)::value, true>(k, Nibbles16(blk + 4), F16At(blk), 0, F16At(blk + 2));
    });
}

// Q5_0 (22 bytes: d, qh[4], qs[16]): w = d * (q - 16).
template <class Sink>
HWY_INLINE void VisitQ5_0(const uint8_t* row, int64_t n, Sink& sink)
{
    ForBlocks(n, [&](auto p, int64_t k) KERNELS_INLINE_LAMBDA {
        const uint8_t* blk = row + k * 22;
        sink.template Unsigned<decltype(p)::value, false>(k, WithFifthBits(Nibbles16(blk + 6), blk + 2), F16At(blk),
                                                          16, 0.0f);
    });
}

// Q5_1 (24 bytes: d, m, qh[4], qs[16]): w = d * q + m.
template <class Sink>
HWY_INLINE void VisitQ5_1(const uint8_t* row, int64_t n, Sink& sink)
{
    ForBlocks(n, [&](auto p, int64_t k) KERNELS_INLINE_LAMBDA {
        const uint8_t* blk = row + k * 24;
        sink.template Unsigned<decltype(p)::value, true>(k, WithFifthBits(Nibbles16(blk + 8), blk + 4), F16At(blk),
                                                         0, F16At(blk + 2));
    });
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
template <bool kFiveBit, class Sink>
HWY_INLINE void VisitQ45K(const uint8_t* row, int64_t n, Sink& sink)
{
    constexpr int64_t kBytes = kFiveBit ? 176 : 144;
    for (int64_t sb = 0; sb < n / 8; ++sb) {
        const uint8_t* blk = row + sb * kBytes;
        const float d = F16At(blk), dmin = F16At(blk + 2);
        float scale[8], min[8];
        UnpackScaleMins(blk + 4, scale, min);
        ForEight([&](auto gc) KERNELS_INLINE_LAMBDA {
            constexpr int g = decltype(gc)::value;
            const uint8_t* qs = blk + (kFiveBit ? 48 : 16) + 32 * (g / 2);
            Codes c = g % 2 == 0 ? NibblesLo32(qs) : NibblesHi32(qs);
            if constexpr (kFiveBit) c = WithPlaneBits(c, blk + 16, g);
            sink.template Unsigned<g % 2, true>(8 * sb + g, c, d * scale[g], 0, -dmin * min[g]);
        });
    }
}

// Q6_K (210 bytes: ql[128], qh[64], scales[16] int8, d): two halves of 128
// values, each four runs of 32 spanning two 16-value scale groups.
template <class Sink>
HWY_INLINE void VisitQ6K(const uint8_t* row, int64_t n, Sink& sink)
{
    for (int64_t sb = 0; sb < n / 8; ++sb) {
        const uint8_t* blk = row + sb * 210;
        const float d = F16At(blk + 208);
        const int8_t* sc = reinterpret_cast<const int8_t*>(blk + 192);
        ForEight([&](auto gc) KERNELS_INLINE_LAMBDA {
            constexpr int g = decltype(gc)::value;
            constexpr int half = g / 4, run = g % 4;
            const Codes c = Q6Run(blk + 64 * half, blk + 128 + 32 * half, run);
            sink.template Signed<g % 2>(8 * sb + g, c, d * static_cast<float>(sc[2 * g]),
                                        d * static_cast<float>(sc[2 * g + 1]));
        });
    }
}

// Q3_K's sixteen 6-bit scales (12 bytes): the low four bits of scale j in the
// nibbles of bytes 0..7 (low nibble for j < 8), the top two at bit 2 (j / 4)
// of byte 8 + j % 4; stored plus 32.
HWY_INLINE void UnpackQ3Scales(const uint8_t* s, float* scale)
{
    for (int j = 0; j < 16; ++j) {
        const int low = j < 8 ? s[j] & 15 : s[j - 8] >> 4;
        const int top = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
        scale[j] = static_cast<float>((low | top << 4) - 32);
    }
}

// Q3_K (110 bytes: hmask[32], qs[64], scales[12], d): group g = 4h + j has
// codes ((qs[32h + l] >> 2j) & 3) - 4 where bit g of hmask[l] is clear;
// values 0..15 use scale 2g, values 16..31 scale 2g + 1: w = d * scale * code.
template <class Sink>
HWY_INLINE void VisitQ3K(const uint8_t* row, int64_t n, Sink& sink)
{
    for (int64_t sb = 0; sb < n / 8; ++sb) {
        const uint8_t* blk = row + sb * 110;
        const float d = F16At(blk + 108);
        float scale[16];
        UnpackQ3Scales(blk + 96, scale);
        ForEight([&](auto gc) KERNELS_INLINE_LAMBDA {
            constexpr int g = decltype(gc)::value;
            const Codes c = Q3Run(blk + 32 + 32 * (g / 4), blk, 2 * (g % 4), g);
            sink.template Signed<g % 2>(8 * sb + g, c, d * scale[2 * g], d * scale[2 * g + 1]);
        });
    }
}

// Q2_K (84 bytes: 16 scale bytes, qs[64], d, dmin): value 32g + u has its
// code at 2(g % 4) in qs[32(g / 4) + u], and w = d * (sc & 15) * code -
// dmin * (sc >> 4) with sc the scale byte of its 16 values, 2g + u / 16.
template <class Sink>
HWY_INLINE void VisitQ2K(const uint8_t* row, int64_t n, Sink& sink)
{
    for (int64_t sb = 0; sb < n / 8; ++sb) {
        const uint8_t* blk = row + sb * 84;
        const float d = F16At(blk + 80), dmin = F16At(blk + 82);
        ForEight([&](auto gc) KERNELS_INLINE_LAMBDA {
            constexpr int g = decltype(gc)::value;
            const uint8_t lo = blk[2 * g], hi = blk[2 * g + 1];
            sink.template UnsignedHalves<g % 2>(8 * sb + g, Q2Run(blk + 16 + 32 * (g / 4), 2 * (g % 4)),
                                                d * static_cast<float>(lo & 15), d * static_cast<float>(hi & 15),
                                                dmin * static_cast<float>(lo >> 4), dmin * static_cast<float>(hi >> 4));
        });
    }
}

// The project grouped formats (kernels/ref/grouped_layouts.h): one block of
// kGroup values per group, fp16 d (and m when asymmetric), then the codes. The
// activations come in 32-value blocks, so a group is visited as kGroup / 32
// sub-blocks k, each with the group's scale; int4 codes sit in 16-byte chunks
// per 32 values (Q4_0 order), int8 codes in 32-byte runs.
//   symmetric int8:   w = d * q                    (signed codes)
//   asymmetric int8:  w = d * u + m = d * (u - 128) + (m + 128 d)
//   symmetric int4:   w = d * (q - 8)              (offset taken off exactly)
//   asymmetric int4:  w = d * q + m
template <int kBits, int kGroup, bool kAsym, class Sink>
HWY_INLINE void VisitGrouped(const uint8_t* row, int64_t n, Sink& sink)
{
    constexpr int64_t kSub = kGroup / 32;
    constexpr int64_t kHeader = kAsym ? 4 : 2;
    constexpr int64_t kBytes = kHeader + (kBits == 8 ? kGroup : kGroup / 2);
    ForBlocks(n, [&](auto p, int64_t k) KERNELS_INLINE_LAMBDA {
        constexpr int P = decltype(p)::value;
        const uint8_t* blk = row + (k / kSub) * kBytes;
        const int64_t sub = k % kSub;
        const float d = F16At(blk);
        if constexpr (kBits == 8) {
            const Codes c = LoadCodes(blk + kHeader + 32 * sub);
            if constexpr (kAsym)
                sink.template SignedUniformMin<P>(k, FlipSign(c), d, F16At(blk + 2) + 128.0f * d);
            else
                sink.template SignedUniform<P>(k, c, d);
        } else {
            const Codes c = Nibbles16(blk + kHeader + 16 * sub);
            if constexpr (kAsym)
                sink.template UnsignedMin<P>(k, c, d, F16At(blk + 2));
            else
                sink.template Unsigned<P, false>(k, c, d, 8, 0.0f);
        }
    });
}

// out[j] = row . token j, for NT tokens; `type` must be a quantized type with
// a visitor above.
template <int NT>
HWY_INLINE void DotQuantRow(DType type, const uint8_t* row, int64_t nBlocks, const ActRow* acts, float* out)
{
    RowSink<NT> sink(acts);
    switch (type) {
    case DType::Q8_0: VisitQ8_0(row, nBlocks, sink); break;
    case DType::Q4_0: VisitQ4_0(row, nBlocks, sink); break;
    case DType::Q4_1: VisitQ4_1(row, nBlocks, sink); break;
    case DType::Q5_0: VisitQ5_0(row, nBlocks, sink); break;
    case DType::Q5_1: VisitQ5_1(row, nBlocks, sink); break;
    case DType::Q2_K: VisitQ2K(row, nBlocks, sink); break;
    case DType::Q3_K: VisitQ3K(row, nBlocks, sink); break;
    case DType::Q4_K: VisitQ45K<false>(row, nBlocks, sink); break;
    case DType::Q5_K: VisitQ45K<true>(row, nBlocks, sink); break;
    case DType::Q6_K: VisitQ6K(row, nBlocks, sink); break;
    case DType::IsQ8G64: VisitGrouped<8, 64, false>(row, nBlocks, sink); break;
    case DType::IsQ8G128: VisitGrouped<8, 128, false>(row, nBlocks, sink); break;
    case DType::IsQ8AG32: VisitGrouped<8, 32, true>(row, nBlocks, sink); break;
    case DType::IsQ8AG64: VisitGrouped<8, 64, true>(row, nBlocks, sink); break;
    case DType::IsQ8AG128: VisitGrouped<8, 128, true>(row, nBlocks, sink); break;
    case DType::IsQ4G64: VisitGrouped<4, 64, false>(row, nBlocks, sink); break;
    case DType::IsQ4G128: VisitGrouped<4, 128, false>(row, nBlocks, sink); break;
    case DType::IsQ4AG64: VisitGrouped<4, 64, true>(row, nBlocks, sink); break;
    case DType::IsQ4AG128: VisitGrouped<4, 128, true>(row, nBlocks, sink); break;
    default: break;
    }
    sink.Finish(out);
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_QUANT_DOT_INL_H_ toggle
