// Per-target matmul kernels. Included once per Highway target by matmul.cc
// (foreach_target.h); the toggle guard keeps one copy per target.
#if defined(KERNELS_CPU_MATMUL_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_MATMUL_INL_H_
#undef KERNELS_CPU_MATMUL_INL_H_
#else
#define KERNELS_CPU_MATMUL_INL_H_
#endif

#include <algorithm>
#include <cmath>

#include "hwy/highway.h"
#include "kernels/api/half.h"
#include "kernels/cpu/dot-inl.h"
#include "kernels/cpu/matmul.h"
#include "kernels/cpu/quant_dot-inl.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
// Q8_0 (34 bytes: d, 32 signed codes).
HWY_INLINE float DotQ8_0Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    return Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 34;
        const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk + 2));
        const __m256 sum = _mm256_cvtepi32_ps(DotI8I8(w, LoadX(a.q + 32 * k)));
        return _mm256_fmadd_ps(sum, _mm256_set1_ps(_cvtsh_ss(readU16(blk)) * a.d[k]), acc);
    });
}

// Q4_0 (18 bytes: d, 16 nibble bytes) stores q + 8: the unsigned nibbles need
// no sign trick, and the offset 8 * sum(x) comes out in the integer domain
// (lane 0), exactly and without a scalar chain across blocks.
HWY_INLINE float DotQ4_0Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    return Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 18;
        const __m256i offset = _mm256_zextsi128_si256(_mm_cvtsi32_si128(8 * a.s[k]));
        const __m256i sum = _mm256_sub_epi32(DotU8I8(Nibbles16(blk + 2).v, LoadX(a.q + 32 * k)), offset);
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_set1_ps(_cvtsh_ss(readU16(blk)) * a.d[k]), acc);
    });
}
#else
HWY_INLINE float DotQ8_0Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    return Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 34;
        Codes c;
        std::memcpy(c.v, blk + 2, 32);
        const float s = fp16ToFp32(readU16(blk)) * a.d[k];
        return MulAddSigned2(c, a.q + 32 * k, s, s, acc);
    });
}

HWY_INLINE float DotQ4_0Row(const uint8_t* row, const ActRow& a, int64_t nBlocks)
{
    return Accumulate4(nBlocks, [&](int64_t k, Acc acc) {
        const uint8_t* blk = row + k * 18;
        const int32_t sum = IntDot(Nibbles16(blk + 2).v, a.q + 32 * k, 32) - 8 * a.s[k];
        return acc + static_cast<float>(sum) * (fp16ToFp32(readU16(blk)) * a.d[k]);
    });
}
#endif

HWY_INLINE float DotRow(const MatRef& w, const uint8_t* row, const float* x, const ActRow& a)
{
    const int64_t nBlocks = w.cols / 32;
    switch (w.type) {
    case DType::F32: return DotF32Impl(reinterpret_cast<const float*>(row), x, w.cols);
    case DType::F16: return DotHalfImpl<hwy::float16_t>(reinterpret_cast<const uint16_t*>(row), x, w.cols);
    case DType::BF16: return DotHalfImpl<hwy::bfloat16_t>(reinterpret_cast<const uint16_t*>(row), x, w.cols);
    case DType::Q8_0: return DotQ8_0Row(row, a, nBlocks);
    case DType::Q4_0: return DotQ4_0Row(row, a, nBlocks);
    case DType::Q4_1: return DotQ4_1Row(row, a, nBlocks);
    case DType::Q5_0: return DotQ5_0Row(row, a, nBlocks);
    case DType::Q5_1: return DotQ5_1Row(row, a, nBlocks);
    case DType::Q4_K: return DotQ45KRow<false>(row, a, nBlocks);
    case DType::Q5_K: return DotQ45KRow<true>(row, a, nBlocks);
    case DType::Q6_K: return DotQ6KRow(row, a, nBlocks);
    default: return std::nanf("");  // callers route other types elsewhere
    }
}

// Rows [r0, r1) x all tokens, in row tiles: a tile's weights (a few KiB) stay
// in L1/L2 while every token streams past them, so prefill reads each weight
// from memory once per call, not once per token.
void MatmulRows(const MatRef& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    constexpr int64_t kRowTile = 8;
    const int64_t nBlocks = w.cols / 32;
    for (int64_t rt = r0; rt < r1; rt += kRowTile) {
        const int64_t rEnd = std::min(r1, rt + kRowTile);
        for (int64_t t = 0; t < nTokens; ++t) {
            const ActRow a{acts.q ? acts.q + t * w.cols : nullptr, acts.d ? acts.d + t * nBlocks : nullptr,
                           acts.s ? acts.s + t * nBlocks : nullptr};
            const float* xt = x + t * w.cols;
            float* yt = y + t * w.rows;
            for (int64_t r = rt; r < rEnd; ++r) yt[r] = DotRow(w, w.row(r), xt, a);
        }
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_MATMUL_INL_H_ toggle
