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

bool hasFusedMatmul(DType type)
{
    return capsOf(type).fused != FusedDot::None;
}

bool wantsQuantizedActs(DType type)
{
    return capsOf(type).fused == FusedDot::Int8Acts;
}

void quantizeActs(const float* x, int64_t n, int8_t* q, float* d, int32_t* s, int32_t* offset8)
{
    for (int64_t b = 0; b < n / kActBlock; ++b) {
        const float* xb = x + b * kActBlock;
        float amax = 0.0f;
        for (int64_t i = 0; i < kActBlock; ++i) amax = std::max(amax, std::fabs(xb[i]));
        const float scale = amax / 127.0f;
        const float inv = scale > 0.0f ? 1.0f / scale : 0.0f;
        d[b] = scale;
        int32_t sum = 0;
        for (int64_t i = 0; i < kActBlock; ++i) {
            // Round half away from zero without a libm call.
            const float v = xb[i] * inv;
            const int qi = static_cast<int>(v + (v >= 0.0f ? 0.5f : -0.5f));
            q[b * kActBlock + i] = static_cast<int8_t>(qi);
            sum += qi;
        }
        s[b] = sum;
        std::fill(offset8 + 8 * b, offset8 + 8 * b + 8, 0);
        offset8[8 * b] = 8 * sum;
    }
}

void matmulRows(const Tensor& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    HWY_DYNAMIC_DISPATCH(MatmulRows)(w, x, acts, nTokens, y, r0, r1);
}

}  // namespace kernels::cpu
#endif  // HWY_ONCE
