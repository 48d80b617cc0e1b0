// Per-target SIMD kernels. Included once per Highway target by simd.cc
// (foreach_target.h); no include guard on purpose.
#include <cmath>
#include <cstring>

#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"
#include "kernels/api/half.h"
#include "kernels/cpu/simd.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

HWY_INLINE float DotF32Impl(const float* w, const float* x, int64_t n)
{
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    auto a0 = hn::Zero(df), a1 = hn::Zero(df), a2 = hn::Zero(df), a3 = hn::Zero(df);
    int64_t i = 0;
    for (; i + 4 * N <= n; i += 4 * N) {
        a0 = hn::MulAdd(hn::LoadU(df, w + i), hn::LoadU(df, x + i), a0);
        a1 = hn::MulAdd(hn::LoadU(df, w + i + N), hn::LoadU(df, x + i + N), a1);
        a2 = hn::MulAdd(hn::LoadU(df, w + i + 2 * N), hn::LoadU(df, x + i + 2 * N), a2);
        a3 = hn::MulAdd(hn::LoadU(df, w + i + 3 * N), hn::LoadU(df, x + i + 3 * N), a3);
    }
    for (; i + N <= n; i += N) a0 = hn::MulAdd(hn::LoadU(df, w + i), hn::LoadU(df, x + i), a0);
    float sum = hn::GetLane(hn::SumOfLanes(df, hn::Add(hn::Add(a0, a1), hn::Add(a2, a3))));
    for (; i < n; ++i) sum += w[i] * x[i];
    return sum;
}

template <typename Half>
HWY_INLINE float DotHalfImpl(const uint16_t* w, const float* x, int64_t n)
{
    const hn::ScalableTag<float> df;
    const hn::Rebind<Half, decltype(df)> dh;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const Half* wh = reinterpret_cast<const Half*>(w);
    auto a0 = hn::Zero(df), a1 = hn::Zero(df);
    int64_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
        a0 = hn::MulAdd(hn::PromoteTo(df, hn::LoadU(dh, wh + i)), hn::LoadU(df, x + i), a0);
        a1 = hn::MulAdd(hn::PromoteTo(df, hn::LoadU(dh, wh + i + N)), hn::LoadU(df, x + i + N), a1);
    }
    for (; i + N <= n; i += N) a0 = hn::MulAdd(hn::PromoteTo(df, hn::LoadU(dh, wh + i)), hn::LoadU(df, x + i), a0);
    float sum = hn::GetLane(hn::SumOfLanes(df, hn::Add(a0, a1)));
    for (; i < n; ++i) {
        const float wi = std::is_same_v<Half, hwy::float16_t> ? fp16ToFp32(w[i]) : bf16ToFp32(w[i]);
        sum += wi * x[i];
    }
    return sum;
}

// Integer dot of one 32-value Q8_0 or Q4_0 block against 32 int8 activations;
// exact in int32, so only the float accumulation order matters.
using D16 = hn::CappedTag<int16_t, 16>;
using D32 = hn::Repartition<int32_t, D16>;
using DF32 = hn::Rebind<float, D32>;

HWY_INLINE hn::Vec<D32> BlockDotQ8(const int8_t* qw, const int8_t* qx)
{
    const D16 d16;
    const D32 d32;
    const hn::Rebind<int8_t, D16> d8;
    auto s0 = hn::Zero(d32), s1 = hn::Zero(d32);
    for (size_t j = 0; j < 32; j += hn::Lanes(d16)) {
        const auto wv = hn::PromoteTo(d16, hn::LoadU(d8, qw + j));
        const auto xv = hn::PromoteTo(d16, hn::LoadU(d8, qx + j));
        s0 = hn::ReorderWidenMulAccumulate(d32, wv, xv, s0, s1);
    }
    return hn::Add(s0, s1);
}

HWY_INLINE hn::Vec<D32> BlockDotQ4(const uint8_t* qs, const int8_t* qx)
{
    const D16 d16;
    const D32 d32;
    const hn::Rebind<int8_t, D16> d8;
    const hn::Rebind<uint8_t, D16> du8;
    const auto mask = hn::Set(du8, uint8_t{0x0F});
    const auto eight = hn::Set(d16, int16_t{8});
    auto s0 = hn::Zero(d32), s1 = hn::Zero(d32);
    for (size_t j = 0; j < 16; j += hn::Lanes(d16)) {
        const auto v = hn::LoadU(du8, qs + j);
        const auto lo = hn::Sub(hn::PromoteTo(d16, hn::And(v, mask)), eight);
        const auto hi = hn::Sub(hn::PromoteTo(d16, hn::ShiftRight<4>(v)), eight);
        s0 = hn::ReorderWidenMulAccumulate(d32, lo, hn::PromoteTo(d16, hn::LoadU(d8, qx + j)), s0, s1);
        s0 = hn::ReorderWidenMulAccumulate(d32, hi, hn::PromoteTo(d16, hn::LoadU(d8, qx + 16 + j)), s0, s1);
    }
    return hn::Add(s0, s1);
}

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
// AVX2 (and AVX-512 machines, which have it too): u8 x i8 multiply-add on 32
// values at once. |x| times w carrying x's sign equals w * x; pairs of products
// stay below 2 * 128 * 127, so the 16-bit sums never saturate.
HWY_INLINE __m256i BlockDotI8Avx2(__m256i w, __m256i x)
{
    const __m256i absX = _mm256_sign_epi8(x, x);
    const __m256i signedW = _mm256_sign_epi8(w, x);
    const __m256i pairs = _mm256_maddubs_epi16(absX, signedW);
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

HWY_INLINE float HorizontalSum(__m256 v)
{
    const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(quarter, _mm_movehdup_ps(quarter)));
}

HWY_INLINE float DotQ8Blocks(const uint8_t* row, const int8_t* xq, const float* xd, int64_t nBlocks)
{
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    auto blockTerm = [&](int64_t k, __m256 acc) {
        const uint8_t* blk = row + k * 34;
        const float dw = _cvtsh_ss(readU16(blk));
        const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk + 2));
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xq + k * 32));
        const __m256 sum = _mm256_cvtepi32_ps(BlockDotI8Avx2(w, x));
        return _mm256_fmadd_ps(sum, _mm256_set1_ps(dw * xd[k]), acc);
    };
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    int64_t b = 0;
    for (; b + 4 <= nBlocks; b += 4) {
        acc0 = blockTerm(b, acc0);
        acc1 = blockTerm(b + 1, acc1);
        acc2 = blockTerm(b + 2, acc2);
        acc3 = blockTerm(b + 3, acc3);
    }
    for (; b < nBlocks; ++b) acc0 = blockTerm(b, acc0);
    return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}

// Q4_0 stores q + 8 in nibbles: sum((q+8) * x) needs no sign trick (nibbles are
// unsigned), and the offset comes back out as 8 * sum(x) per block.
HWY_INLINE float DotQ4Blocks(const uint8_t* row, const int8_t* xq, const float* xd, const int32_t* xs,
                             int64_t nBlocks)
{
    const __m256i lowMask = _mm256_set1_epi8(0x0F);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    auto blockTerm = [&](int64_t k, __m256 acc) {
        const uint8_t* blk = row + k * 18;
        const float scale = _cvtsh_ss(readU16(blk)) * xd[k];
        const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(blk + 2));
        const __m256i nibbles =
            _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), lowMask);
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xq + k * 32));
        // Take the offset out in the integer domain (lane 0), exactly and without a
        // scalar dependency chain across blocks.
        const __m256i offset = _mm256_zextsi128_si256(_mm_cvtsi32_si128(8 * xs[k]));
        const __m256i sum32 = _mm256_sub_epi32(_mm256_madd_epi16(_mm256_maddubs_epi16(nibbles, x), ones), offset);
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum32), _mm256_set1_ps(scale), acc);
    };
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    int64_t b = 0;
    for (; b + 4 <= nBlocks; b += 4) {
        acc0 = blockTerm(b, acc0);
        acc1 = blockTerm(b + 1, acc1);
        acc2 = blockTerm(b + 2, acc2);
        acc3 = blockTerm(b + 3, acc3);
    }
    for (; b < nBlocks; ++b) acc0 = blockTerm(b, acc0);
    return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}
#else
template <int kBlockBytes, bool kFourBit>
HWY_INLINE float DotQBlocksGeneric(const uint8_t* row, const int8_t* xq, const float* xd, int64_t nBlocks)
{
    const DF32 df;
    auto acc0 = hn::Zero(df), acc1 = hn::Zero(df);
    int64_t b = 0;
    auto blockTerm = [&](int64_t k) {
        const uint8_t* blk = row + k * kBlockBytes;
        const float dw = fp16ToFp32(readU16(blk));
        const auto isum = kFourBit ? BlockDotQ4(blk + 2, xq + k * 32)
                                   : BlockDotQ8(reinterpret_cast<const int8_t*>(blk + 2), xq + k * 32);
        return hn::Mul(hn::ConvertTo(df, isum), hn::Set(df, dw * xd[k]));
    };
    for (; b + 2 <= nBlocks; b += 2) {
        acc0 = hn::Add(acc0, blockTerm(b));
        acc1 = hn::Add(acc1, blockTerm(b + 1));
    }
    if (b < nBlocks) acc0 = hn::Add(acc0, blockTerm(b));
    return hn::GetLane(hn::SumOfLanes(df, hn::Add(acc0, acc1)));
}

HWY_INLINE float DotQ8Blocks(const uint8_t* row, const int8_t* xq, const float* xd, int64_t nBlocks)
{
    return DotQBlocksGeneric<34, false>(row, xq, xd, nBlocks);
}

HWY_INLINE float DotQ4Blocks(const uint8_t* row, const int8_t* xq, const float* xd, const int32_t*, int64_t nBlocks)
{
    return DotQBlocksGeneric<18, true>(row, xq, xd, nBlocks);
}
#endif

// Rows [r0, r1) x all tokens, in row tiles so a tile's weights stay in cache
// while every token streams past them.
void MatmulRows(const MatRef& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    constexpr int64_t kRowTile = 8;
    const int64_t nBlocks = w.cols / 32;
    for (int64_t rt = r0; rt < r1; rt += kRowTile) {
        const int64_t rEnd = std::min(r1, rt + kRowTile);
        for (int64_t t = 0; t < nTokens; ++t) {
            const float* xt = x + t * w.cols;
            const int8_t* qt = acts.q ? acts.q + t * w.cols : nullptr;
            const float* dt = acts.d ? acts.d + t * nBlocks : nullptr;
            const int32_t* st = acts.s ? acts.s + t * nBlocks : nullptr;
            float* yt = y + t * w.rows;
            for (int64_t r = rt; r < rEnd; ++r) {
                const uint8_t* row = w.row(r);
                switch (w.type) {
                case DType::F32: yt[r] = DotF32Impl(reinterpret_cast<const float*>(row), xt, w.cols); break;
                case DType::F16:
                    yt[r] = DotHalfImpl<hwy::float16_t>(reinterpret_cast<const uint16_t*>(row), xt, w.cols);
                    break;
                case DType::BF16:
                    yt[r] = DotHalfImpl<hwy::bfloat16_t>(reinterpret_cast<const uint16_t*>(row), xt, w.cols);
                    break;
                case DType::Q8_0: yt[r] = DotQ8Blocks(row, qt, dt, nBlocks); break;
                case DType::Q4_0: yt[r] = DotQ4Blocks(row, qt, dt, st, nBlocks); break;
                default: yt[r] = std::nanf(""); break;  // callers route other types elsewhere
                }
            }
        }
    }
}

float DotF32(const float* a, const float* b, int64_t n)
{
    return DotF32Impl(a, b, n);
}

void Axpy(float a, const float* x, float* y, int64_t n)
{
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const auto va = hn::Set(df, a);
    int64_t i = 0;
    for (; i + N <= n; i += N) hn::StoreU(hn::MulAdd(va, hn::LoadU(df, x + i), hn::LoadU(df, y + i)), df, y + i);
    for (; i < n; ++i) y[i] += a * x[i];
}

void Scale(float* x, float a, int64_t n)
{
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const auto va = hn::Set(df, a);
    int64_t i = 0;
    for (; i + N <= n; i += N) hn::StoreU(hn::Mul(va, hn::LoadU(df, x + i)), df, x + i);
    for (; i < n; ++i) x[i] *= a;
}

void SiluMul(float* gate, const float* up, int64_t n)
{
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const auto one = hn::Set(df, 1.0f);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto g = hn::LoadU(df, gate + i);
        const auto sig = hn::Div(one, hn::Add(one, hn::Exp(df, hn::Neg(g))));
        hn::StoreU(hn::Mul(hn::Mul(g, sig), hn::LoadU(df, up + i)), df, gate + i);
    }
    for (; i < n; ++i) gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

void RmsnormRow(float* out, const float* x, const float* weight, int64_t n, float eps)
{
    const float ss = DotF32Impl(x, x, n);
    const float s = 1.0f / std::sqrt(ss / static_cast<float>(n) + eps);
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const auto vs = hn::Set(df, s);
    int64_t i = 0;
    for (; i + N <= n; i += N)
        hn::StoreU(hn::Mul(hn::LoadU(df, weight + i), hn::Mul(vs, hn::LoadU(df, x + i))), df, out + i);
    for (; i < n; ++i) out[i] = weight[i] * (s * x[i]);
}

const char* TargetName()
{
    return hwy::TargetName(HWY_TARGET);
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();
