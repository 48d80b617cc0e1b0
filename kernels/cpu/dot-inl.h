// Float dot products shared by the matmul and elementwise kernel families.
// Per-target code: included (once per Highway target) by matmul-inl.h and
// simd-inl.h; the toggle guard lets both include it in one translation unit.
#if defined(KERNELS_CPU_DOT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_DOT_INL_H_
#undef KERNELS_CPU_DOT_INL_H_
#else
#define KERNELS_CPU_DOT_INL_H_
#endif

#include <cstdint>

#include "hwy/highway.h"
#include "kernels/api/half.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Four independent accumulators, combined in a fixed order at the end.
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

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_DOT_INL_H_ toggle
