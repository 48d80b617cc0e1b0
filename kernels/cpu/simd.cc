// Runtime dispatch for the per-target elementwise kernels in simd-inl.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "kernels/cpu/simd-inl.h"

#if HWY_ONCE
namespace kernels::cpu {

HWY_EXPORT(DotF32);
HWY_EXPORT(SiluMul);
HWY_EXPORT(RmsnormRow);
HWY_EXPORT(TargetName);
HWY_EXPORT(DotManyQueries);
HWY_EXPORT(WeightedSumAddQueries);
HWY_EXPORT(DotManyQueriesF16);
HWY_EXPORT(WeightedSumAddQueriesF16);
HWY_EXPORT(DotRowsAllHeads);
HWY_EXPORT(DotRowsAllHeadsF16);
HWY_EXPORT(WeightedSumRowsAllHeads);
HWY_EXPORT(WeightedSumRowsAllHeadsF16);
HWY_EXPORT(Softmax);

float dotF32(const float* a, const float* b, int64_t n) { return HWY_DYNAMIC_DISPATCH(DotF32)(a, b, n); }
void siluMul(float* gate, const float* up, int64_t n) { HWY_DYNAMIC_DISPATCH(SiluMul)(gate, up, n); }
void rmsnormRow(float* out, const float* x, const float* weight, int64_t n, float eps)
{
    HWY_DYNAMIC_DISPATCH(RmsnormRow)(out, x, weight, n, eps);
}
void dotMany(const float* q, const float* const* keys, int64_t n, int64_t dim, float* scores)
{
    HWY_DYNAMIC_DISPATCH(DotManyQueries)(&q, 1, keys, n, dim, &scores);
}
void dotManyQueries(const float* const* qs, int nq, const float* const* keys, int64_t n, int64_t dim,
                    float* const* scores)
{
    HWY_DYNAMIC_DISPATCH(DotManyQueries)(qs, nq, keys, n, dim, scores);
}
void weightedSumAdd(const float* w, const float* const* values, int64_t n, int64_t dim, float* out)
{
    HWY_DYNAMIC_DISPATCH(WeightedSumAddQueries)(&w, 1, values, n, dim, &out);
}
void weightedSumAddQueries(const float* const* w, int nq, const float* const* values, int64_t n, int64_t dim,
                           float* const* out)
{
    HWY_DYNAMIC_DISPATCH(WeightedSumAddQueries)(w, nq, values, n, dim, out);
}
void dotManyQueries(const float* const* qs, int nq, const uint16_t* const* keys, int64_t n, int64_t dim,
                    float* const* scores)
{
    HWY_DYNAMIC_DISPATCH(DotManyQueriesF16)(qs, nq, keys, n, dim, scores);
}
void weightedSumAddQueries(const float* const* w, int nq, const uint16_t* const* values, int64_t n, int64_t dim,
                           float* const* out)
{
    HWY_DYNAMIC_DISPATCH(WeightedSumAddQueriesF16)(w, nq, values, n, dim, out);
}
void dotRowsAllHeads(const float* const* qs, int64_t kvHeads, int64_t group, const float* const* rows, int64_t n,
                     int64_t headDim, float* const* scores)
{
    HWY_DYNAMIC_DISPATCH(DotRowsAllHeads)(qs, kvHeads, group, rows, n, headDim, scores);
}
void dotRowsAllHeads(const float* const* qs, int64_t kvHeads, int64_t group, const uint16_t* const* rows, int64_t n,
                     int64_t headDim, float* const* scores)
{
    HWY_DYNAMIC_DISPATCH(DotRowsAllHeadsF16)(qs, kvHeads, group, rows, n, headDim, scores);
}
void weightedSumRowsAllHeads(const float* const* w, int64_t kvHeads, int64_t group, const float* const* rows,
                             int64_t n, int64_t headDim, float* const* out)
{
    HWY_DYNAMIC_DISPATCH(WeightedSumRowsAllHeads)(w, kvHeads, group, rows, n, headDim, out);
}
void weightedSumRowsAllHeads(const float* const* w, int64_t kvHeads, int64_t group, const uint16_t* const* rows,
                             int64_t n, int64_t headDim, float* const* out)
{
    HWY_DYNAMIC_DISPATCH(WeightedSumRowsAllHeadsF16)(w, kvHeads, group, rows, n, headDim, out);
}
void softmax(float* x, int64_t n) { HWY_DYNAMIC_DISPATCH(Softmax)(x, n); }
std::string simdTargetName() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

}  // namespace kernels::cpu
#endif  // HWY_ONCE
