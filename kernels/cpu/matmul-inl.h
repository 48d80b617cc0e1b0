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

HWY_INLINE float DotFloatRow(DType type, const uint8_t* row, const float* x, int64_t n)
{
    switch (type) {
    case DType::F32: return DotF32Impl(reinterpret_cast<const float*>(row), x, n);
    case DType::F16: return DotHalfImpl<hwy::float16_t>(reinterpret_cast<const uint16_t*>(row), x, n);
    case DType::BF16: return DotHalfImpl<hwy::bfloat16_t>(reinterpret_cast<const uint16_t*>(row), x, n);
    default: return std::nanf("");  // callers route other types elsewhere
    }
}

// Up to four tokens against one quantized row (decoded once for all of them).
HWY_INLINE void DotQuantTokens(DType type, const uint8_t* row, int64_t nBlocks, const ActRow* acts, int64_t n,
                               float* out)
{
    switch (n) {
    case 1: DotQuantRow<1>(type, row, nBlocks, acts, out); break;
    case 2: DotQuantRow<2>(type, row, nBlocks, acts, out); break;
    case 3: DotQuantRow<3>(type, row, nBlocks, acts, out); break;
    default: DotQuantRow<4>(type, row, nBlocks, acts, out); break;
    }
}

// Rows [r0, r1) x all tokens, in tiles of 8 rows: a tile's weights (a few KiB
// to tens of KiB) stay in L1/L2 while every token streams past them, so prefill
// reads each weight from memory once per call, not once per token. Quantized
// rows are decoded once per four tokens.
void MatmulRows(const Tensor& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    constexpr int64_t kRowTile = 8;
    constexpr int64_t kTokenTile = 4;
    const int64_t nBlocks = w.cols / 32;
    const bool quantized = traitsOf(w.type).quantized;
    for (int64_t rt = r0; rt < r1; rt += kRowTile) {
        const int64_t rEnd = std::min(r1, rt + kRowTile);
        for (int64_t t0 = 0; t0 < nTokens; t0 += kTokenTile) {
            const int64_t nt = std::min(kTokenTile, nTokens - t0);
            if (!quantized) {
                for (int64_t t = t0; t < t0 + nt; ++t)
                    for (int64_t r = rt; r < rEnd; ++r)
                        y[t * w.rows + r] = DotFloatRow(w.type, w.row(r), x + t * w.cols, w.cols);
                continue;
            }
            ActRow acts4[kTokenTile];
            for (int64_t j = 0; j < nt; ++j)
                acts4[j] = {acts.q + (t0 + j) * w.cols, acts.d + (t0 + j) * nBlocks, acts.s + (t0 + j) * nBlocks,
                            acts.offset8 + (t0 + j) * nBlocks * 8};
            float out[kTokenTile];
            for (int64_t r = rt; r < rEnd; ++r) {
                DotQuantTokens(w.type, w.row(r), nBlocks, acts4, nt, out);
                for (int64_t j = 0; j < nt; ++j) y[(t0 + j) * w.rows + r] = out[j];
            }
        }
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_MATMUL_INL_H_ toggle
