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
    switch (type) {
    case DType::F32: case DType::F16: case DType::BF16:
    case DType::Q8_0: case DType::Q4_0: case DType::Q4_1: case DType::Q5_0: case DType::Q5_1:
    case DType::Q4_K: case DType::Q5_K: case DType::Q6_K:
        return true;
    default: return isProjectType(type);  // the grouped int8/int4 formats
    }
}

bool wantsQuantizedActs(DType type)
{
    return hasFusedMatmul(type) && traitsOf(type).quantized;
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

void matmulRows(const MatRef& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    HWY_DYNAMIC_DISPATCH(MatmulRows)(w, x, acts, nTokens, y, r0, r1);
}

}  // namespace kernels::cpu
#endif  // HWY_ONCE
