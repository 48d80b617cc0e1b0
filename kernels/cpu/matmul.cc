// Runtime dispatch for the per-target matmul kernels in matmul-inl.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/matmul.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "kernels/cpu/matmul-inl.h"

#if HWY_ONCE
#include <algorithm>
#include <cmath>

namespace kernels::cpu {

HWY_EXPORT(MatmulRows);
HWY_EXPORT(QuantizeActs);

bool hasFusedMatmul(DType type)
{
    return capsOf(type).fused != FusedDot::None;
}

bool wantsQuantizedActs(DType type)
{
    return capsOf(type).fused == FusedDot::Int8Acts;
}

bool wantsHalfBlockSums(DType type)
{
    return type == DType::Q2_K;
}

void quantizeActs(const float* x, int64_t n, int8_t* q, float* d, int32_t* s, int32_t* offset8, int32_t* s16)
{
    HWY_DYNAMIC_DISPATCH(QuantizeActs)(x, n, q, d, s, offset8, s16);
}

void matmulRows(const Tensor& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    HWY_DYNAMIC_DISPATCH(MatmulRows)(w, x, acts, nTokens, y, r0, r1);
}

}  // namespace kernels::cpu
#endif  // HWY_ONCE
