// Per-target elementwise kernels. Included once per Highway target by simd.cc
// (foreach_target.h); the toggle guard keeps one copy per target.
#if defined(KERNELS_CPU_SIMD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_SIMD_INL_H_
#undef KERNELS_CPU_SIMD_INL_H_
#else
#define KERNELS_CPU_SIMD_INL_H_
#endif

#include <cmath>
#include <cstring>

#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"
#include "kernels/cpu/dot-inl.h"
#include "kernels/cpu/simd.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

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
    auto siluTimesUp = [&](float* g, const float* u) {
        const auto gv = hn::LoadU(df, g);
        const auto sig = hn::Div(one, hn::Add(one, hn::Exp(df, hn::Neg(gv))));
        hn::StoreU(hn::Mul(hn::Mul(gv, sig), hn::LoadU(df, u)), df, g);
    };
    int64_t i = 0;
    for (; i + N <= n; i += N) siluTimesUp(gate + i, up + i);
    if (i < n) {
        // The tail goes through the same vector code (padded), so every element
        // gets the same result wherever the caller's chunk boundaries fall —
        // the batch-invariance guarantee depends on it.
        float gTail[HWY_MAX_BYTES / sizeof(float)] = {};
        float uTail[HWY_MAX_BYTES / sizeof(float)] = {};
        std::memcpy(gTail, gate + i, static_cast<size_t>(n - i) * sizeof(float));
        std::memcpy(uTail, up + i, static_cast<size_t>(n - i) * sizeof(float));
        siluTimesUp(gTail, uTail);
        std::memcpy(gate + i, gTail, static_cast<size_t>(n - i) * sizeof(float));
    }
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

#endif  // KERNELS_CPU_SIMD_INL_H_ toggle
