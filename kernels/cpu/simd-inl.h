// Per-target elementwise kernels. Included once per Highway target by simd.cc
// (foreach_target.h); the toggle guard keeps one copy per target.
#if defined(KERNELS_CPU_SIMD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_SIMD_INL_H_
#undef KERNELS_CPU_SIMD_INL_H_
#else
#define KERNELS_CPU_SIMD_INL_H_
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>

#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"
#include "kernels/cpu/dot-inl.h"
#include "kernels/cpu/float_tile-inl.h"
#include "kernels/cpu/simd.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

float DotF32(const float* a, const float* b, int64_t n)
{
    return DotF32Impl(a, b, n);
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

// scores[g][i] = qs[g] . keys[i] for G queries: each key is loaded once for
// all of them, and each dot is the float tile's, the same bits as alone. W is
// the keys' element type (float, or fp16 read as the floats it stands for).
template <class W, int G>
HWY_INLINE void DotManyG(const float* const* qs, const typename W::Stored* const* keys, int64_t n, int64_t dim,
                         float* const* scores)
{
    float tile[4 * G];
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        FloatTile<W, 4, G>(keys + i, qs, dim, tile);
        for (int r = 0; r < 4; ++r)
            for (int g = 0; g < G; ++g) scores[g][i + r] = tile[r * G + g];
    }
    for (; i < n; ++i) {
        FloatTile<W, 1, G>(keys + i, qs, dim, tile);
        for (int g = 0; g < G; ++g) scores[g][i] = tile[g];
    }
}

template <class W>
HWY_INLINE void DotManyQueriesOf(const float* const* qs, int nq, const typename W::Stored* const* keys, int64_t n,
                                 int64_t dim, float* const* scores)
{
    switch (nq) {
    case 1: DotManyG<W, 1>(qs, keys, n, dim, scores); break;
    case 2: DotManyG<W, 2>(qs, keys, n, dim, scores); break;
    case 3: DotManyG<W, 3>(qs, keys, n, dim, scores); break;
    default: DotManyG<W, 4>(qs, keys, n, dim, scores); break;
    }
}

void DotManyQueries(const float* const* qs, int nq, const float* const* keys, int64_t n, int64_t dim,
                    float* const* scores)
{
    DotManyQueriesOf<WeightF32>(qs, nq, keys, n, dim, scores);
}

void DotManyQueriesF16(const float* const* qs, int nq, const uint16_t* const* keys, int64_t n, int64_t dim,
                       float* const* scores)
{
    DotManyQueriesOf<WeightHalf<hwy::float16_t>>(qs, nq, reinterpret_cast<const hwy::float16_t* const*>(keys), n,
                                                 dim, scores);
}

// out[g][j] += sum_i w[g][i] * values[i][j] for G outputs, V vectors of each
// at a time. Every element is one FMA chain in i order whatever G and V, so
// the bits do not depend on how many outputs share the value rows. W is the
// values' element type, as for DotManyG.
template <class W, int G, int V>
HWY_INLINE void WeightedSumAddG(const float* const* w, const typename W::Stored* const* values, int64_t n,
                                int64_t dim, float* const* out)
{
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    int64_t j = 0;
    for (; j + V * N <= dim; j += V * N) {
        hn::Vec<decltype(df)> a[G][V];
        for (int g = 0; g < G; ++g)
            for (int v = 0; v < V; ++v) a[g][v] = hn::LoadU(df, out[g] + j + v * N);
        for (int64_t i = 0; i < n; ++i) {
            hn::Vec<decltype(df)> x[V];
            for (int v = 0; v < V; ++v) x[v] = W::Load(df, values[i] + j + v * N);
            for (int g = 0; g < G; ++g) {
                const auto wi = hn::Set(df, w[g][i]);
                for (int v = 0; v < V; ++v) a[g][v] = hn::MulAdd(wi, x[v], a[g][v]);
            }
        }
        for (int g = 0; g < G; ++g)
            for (int v = 0; v < V; ++v) hn::StoreU(a[g][v], df, out[g] + j + v * N);
    }
    for (; j + N <= dim; j += N) {
        for (int g = 0; g < G; ++g) {
            auto a = hn::LoadU(df, out[g] + j);
            for (int64_t i = 0; i < n; ++i) a = hn::MulAdd(hn::Set(df, w[g][i]), W::Load(df, values[i] + j), a);
            hn::StoreU(a, df, out[g] + j);
        }
    }
    for (; j < dim; ++j) {
        for (int g = 0; g < G; ++g) {
            float a = out[g][j];
            for (int64_t i = 0; i < n; ++i) a = std::fma(w[g][i], W::At(values[i] + j), a);
            out[g][j] = a;
        }
    }
}

template <class W>
HWY_INLINE void WeightedSumAddQueriesOf(const float* const* w, int nq, const typename W::Stored* const* values,
                                        int64_t n, int64_t dim, float* const* out)
{
    // Accumulators in registers: four vectors for one or two outputs, two for three or four.
    switch (nq) {
    case 1: WeightedSumAddG<W, 1, 4>(w, values, n, dim, out); break;
    case 2: WeightedSumAddG<W, 2, 4>(w, values, n, dim, out); break;
    case 3: WeightedSumAddG<W, 3, 2>(w, values, n, dim, out); break;
    default: WeightedSumAddG<W, 4, 2>(w, values, n, dim, out); break;
    }
}

void WeightedSumAddQueries(const float* const* w, int nq, const float* const* values, int64_t n, int64_t dim,
                           float* const* out)
{
    WeightedSumAddQueriesOf<WeightF32>(w, nq, values, n, dim, out);
}

void WeightedSumAddQueriesF16(const float* const* w, int nq, const uint16_t* const* values, int64_t n, int64_t dim,
                              float* const* out)
{
    WeightedSumAddQueriesOf<WeightHalf<hwy::float16_t>>(
        w, nq, reinterpret_cast<const hwy::float16_t* const*>(values), n, dim, out);
}

// ---- Position-major loops: one token's queries over many cache positions ----
// rows[i] is position i's whole cache row (kvHeads heads of headDim values,
// head h at h * headDim); query q reads kv head q / group. Both loops walk the
// rows in order and each row's heads in order: one sequential stream, which
// the hardware prefetcher follows (one head's slice of every row, row after
// row, is a stride it does not: 2.8x slower for 12 heads of 64 fp16 values).
// Every value is the one the per-head loops above give: each score is the
// float tile's dot, each output element one FMA chain in position order.

template <class W, int G>
HWY_INLINE void DotRowHeadG(const typename W::Stored* key, const float* const* qs, int64_t headDim,
                            float* const* scores, int64_t i)
{
    float tile[G];
    FloatTileInline<W, 1, G>(&key, qs, headDim, tile);
    for (int g = 0; g < G; ++g) scores[g][i] = tile[g];
}

template <class W>
HWY_INLINE void DotRowsAllHeadsOf(const float* const* qs, int64_t kvHeads, int64_t group,
                                  const typename W::Stored* const* rows, int64_t n, int64_t headDim,
                                  float* const* scores)
{
    for (int64_t i = 0; i < n; ++i)
        for (int64_t h = 0; h < kvHeads; ++h) {
            const typename W::Stored* key = rows[i] + h * headDim;
            // The queries of a head four at a time (the tile's widest), each dot alone.
            for (int64_t g0 = 0; g0 < group; g0 += 4) {
                const int64_t q = h * group + g0;
                switch (std::min<int64_t>(4, group - g0)) {
                case 1: DotRowHeadG<W, 1>(key, qs + q, headDim, scores + q, i); break;
                case 2: DotRowHeadG<W, 2>(key, qs + q, headDim, scores + q, i); break;
                case 3: DotRowHeadG<W, 3>(key, qs + q, headDim, scores + q, i); break;
                default: DotRowHeadG<W, 4>(key, qs + q, headDim, scores + q, i); break;
                }
            }
        }
}

// out[q][j] += sum_i w[q][i] * rows[i][head(q) * headDim + j]. The sums live
// in memory (a token's outputs outgrow the registers), which changes no bit:
// each element is still one FMA chain in i order, vector lanes below
// headDim / N * N and std::fma past it, as in WeightedSumAddG.
template <class W>
HWY_INLINE void WeightedSumRowsAllHeadsOf(const float* const* w, int64_t kvHeads, int64_t group,
                                          const typename W::Stored* const* rows, int64_t n, int64_t headDim,
                                          float* const* out)
{
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const int64_t vectorEnd = headDim / N * N;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t h = 0; h < kvHeads; ++h) {
            const typename W::Stored* v = rows[i] + h * headDim;
            float* const* outs = out + h * group;
            const float* const* ws = w + h * group;
            for (int64_t j = 0; j < vectorEnd; j += N) {
                const auto x = W::Load(df, v + j);
                for (int64_t g = 0; g < group; ++g)
                    hn::StoreU(hn::MulAdd(hn::Set(df, ws[g][i]), x, hn::LoadU(df, outs[g] + j)), df, outs[g] + j);
            }
            for (int64_t j = vectorEnd; j < headDim; ++j) {
                const float x = W::At(v + j);
                for (int64_t g = 0; g < group; ++g) outs[g][j] = std::fma(ws[g][i], x, outs[g][j]);
            }
        }
}

void DotRowsAllHeads(const float* const* qs, int64_t kvHeads, int64_t group, const float* const* rows, int64_t n,
                     int64_t headDim, float* const* scores)
{
    DotRowsAllHeadsOf<WeightF32>(qs, kvHeads, group, rows, n, headDim, scores);
}

void DotRowsAllHeadsF16(const float* const* qs, int64_t kvHeads, int64_t group, const uint16_t* const* rows,
                        int64_t n, int64_t headDim, float* const* scores)
{
    DotRowsAllHeadsOf<WeightHalf<hwy::float16_t>>(qs, kvHeads, group,
                                                  reinterpret_cast<const hwy::float16_t* const*>(rows), n, headDim,
                                                  scores);
}

void WeightedSumRowsAllHeads(const float* const* w, int64_t kvHeads, int64_t group, const float* const* rows,
                             int64_t n, int64_t headDim, float* const* out)
{
    WeightedSumRowsAllHeadsOf<WeightF32>(w, kvHeads, group, rows, n, headDim, out);
}

void WeightedSumRowsAllHeadsF16(const float* const* w, int64_t kvHeads, int64_t group, const uint16_t* const* rows,
                                int64_t n, int64_t headDim, float* const* out)
{
    WeightedSumRowsAllHeadsOf<WeightHalf<hwy::float16_t>>(
        w, kvHeads, group, reinterpret_cast<const hwy::float16_t* const*>(rows), n, headDim, out);
}

void Softmax(float* x, int64_t n)
{
    if (n <= 0) return;
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    float maxVal = x[0];
    for (int64_t i = 1; i < n; ++i) maxVal = std::max(maxVal, x[i]);
    const auto vmax = hn::Set(df, maxVal);
    auto vsum = hn::Zero(df);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto e = hn::Exp(df, hn::Sub(hn::LoadU(df, x + i), vmax));
        hn::StoreU(e, df, x + i);
        vsum = hn::Add(vsum, e);
    }
    float sum = hn::GetLane(hn::SumOfLanes(df, vsum));
    if (i < n) {
        // The tail through the same vector exp (padded with -inf: exp gives 0).
        float tail[HWY_MAX_BYTES / sizeof(float)];
        std::fill(std::begin(tail), std::end(tail), -std::numeric_limits<float>::infinity());
        std::memcpy(tail, x + i, static_cast<size_t>(n - i) * sizeof(float));
        const auto e = hn::Exp(df, hn::Sub(hn::LoadU(df, tail), vmax));
        hn::StoreU(e, df, tail);
        for (int64_t k = 0; k < n - i; ++k) {
            x[i + k] = tail[k];
            sum += tail[k];
        }
    }
    const float inv = 1.0f / sum;
    const auto vinv = hn::Set(df, inv);
    for (i = 0; i + N <= n; i += N) hn::StoreU(hn::Mul(vinv, hn::LoadU(df, x + i)), df, x + i);
    for (; i < n; ++i) x[i] *= inv;
}

const char* TargetName()
{
    return hwy::TargetName(HWY_TARGET);
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_SIMD_INL_H_ toggle
