// Runtime dispatch for the per-target kernels in simd-inl.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd-inl.h"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "kernels/cpu/simd-inl.h"

#if HWY_ONCE
#include <algorithm>
#include <cmath>

namespace kernels::cpu {

HWY_EXPORT(MatmulRows);
HWY_EXPORT(DotF32);
HWY_EXPORT(Axpy);
HWY_EXPORT(Scale);
HWY_EXPORT(SiluMul);
HWY_EXPORT(RmsnormRow);
HWY_EXPORT(TargetName);

bool hasFusedMatmul(DType type)
{
    switch (type) {
    case DType::F32: case DType::F16: case DType::BF16: case DType::Q8_0: case DType::Q4_0: return true;
    default: return false;
    }
}

bool wantsQuantizedActs(DType type)
{
    return type == DType::Q8_0 || type == DType::Q4_0;
}

void quantizeActs(const float* x, int64_t n, int8_t* q, float* d, int32_t* s)
{
    for (int64_t b = 0; b < n / kActBlock; ++b) {
        const float* xb = x + b * kActBlock;
        float amax = 0.0f;
        for (int64_t i = 0; i < kActBlock; ++i) amax = std::max(amax, std::fabs(xb[i]));
        const float scale = amax / 127.0f;
        const float inv = scale > 0.0f ? 1.0f / scale : 0.0f;
        d[b] = scale;
        int32_t sum = 0;
        for (int64_t i = 0; i < kActBlock; ++i)
            {
            // Round half away from zero without a libm call (this runs once per matmul input).
            const float v = xb[i] * inv;
            const int qi = static_cast<int>(v + (v >= 0.0f ? 0.5f : -0.5f));
            q[b * kActBlock + i] = static_cast<int8_t>(qi);
            sum += qi;
        }
        s[b] = sum;
    }
}

void matmulRows(const MatRef& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    HWY_DYNAMIC_DISPATCH(MatmulRows)(w, x, acts, nTokens, y, r0, r1);
}

float dotF32(const float* a, const float* b, int64_t n) { return HWY_DYNAMIC_DISPATCH(DotF32)(a, b, n); }
void axpy(float a, const float* x, float* y, int64_t n) { HWY_DYNAMIC_DISPATCH(Axpy)(a, x, y, n); }
void scale(float* x, float a, int64_t n) { HWY_DYNAMIC_DISPATCH(Scale)(x, a, n); }
void siluMul(float* gate, const float* up, int64_t n) { HWY_DYNAMIC_DISPATCH(SiluMul)(gate, up, n); }
void rmsnormRow(float* out, const float* x, const float* weight, int64_t n, float eps)
{
    HWY_DYNAMIC_DISPATCH(RmsnormRow)(out, x, weight, n, eps);
}
std::string simdTargetName() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

}  // namespace kernels::cpu
#endif  // HWY_ONCE
