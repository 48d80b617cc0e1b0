// Register-blocked micro-kernel for float weights (F32, F16, BF16): R weight
// rows against T tokens at once, one vector accumulator per (row, token).
// Each step loads T activation vectors and R weight vectors for R * T
// multiply-adds, so prefill runs at the FMA units' rate instead of the load
// ports'; decode is the same kernel with T = 1.
//
// Batch invariance: output (r, t) is always computed the same way — lane j of
// its accumulator sums w[k] * x[k] for k = j, j + N, ... in order (one FMA
// each), the lanes are summed by one fixed reduction, then the tail k >= n - n % N
// is added with explicit FMAs in order. Nothing depends on R, T, the token count
// or the thread, so prefill logits equal decode logits bit for bit. (This is why
// the kernel does not split k over several accumulators per output to hide the
// FMA latency: the R * T independent outputs already do.)
//
// Per-target code: included by matmul-inl.h once per Highway target.
#if defined(KERNELS_CPU_FLOAT_TILE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_FLOAT_TILE_INL_H_
#undef KERNELS_CPU_FLOAT_TILE_INL_H_
#else
#define KERNELS_CPU_FLOAT_TILE_INL_H_
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "hwy/highway.h"
#include "kernels/api/half.h"
#include "kernels/api/tensor.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Weight element type tags: the stored bits and how a vector of them becomes floats.
struct WeightF32 {
    using Stored = float;
    template <class D>
    static HWY_INLINE hn::Vec<D> Load(D df, const float* p)
    {
        return hn::LoadU(df, p);
    }
    static HWY_INLINE float At(const float* p) { return *p; }
};
template <typename Half>
struct WeightHalf {
    using Stored = Half;
    template <class D>
    static HWY_INLINE hn::Vec<D> Load(D df, const Half* p)
    {
#if HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
        // The portable targets' fp16 promotion turns infinities and NaNs into
        // finite numbers; convert lane by lane with the exact formula instead,
        // so every target reads the same floats.
        if constexpr (std::is_same_v<Half, hwy::float16_t>) {
            float lanes[hn::MaxLanes(D())];
            for (size_t i = 0; i < hn::Lanes(df); ++i) lanes[i] = At(p + i);
            return hn::LoadU(df, lanes);
        }
#endif
        return hn::PromoteTo(df, hn::LoadU(hn::Rebind<Half, D>(), p));
    }
    static HWY_INLINE float At(const Half* p)
    {
        uint16_t bits;
        std::memcpy(&bits, p, sizeof bits);
        return std::is_same_v<Half, hwy::float16_t> ? fp16ToFp32(bits) : bf16ToFp32(bits);
    }
};

// An empty asm that claims to change the vector, so the compiler keeps it in a
// register. Without it GCC folds a weight load into every multiply-add that
// uses it (one memory operand per FMA: R * T loads per step instead of R + T),
// and the tile waits on the load ports instead of the FMA units.
template <class V>
HWY_INLINE void KeepInRegister(V& v)
{
#if HWY_ARCH_X86 && HWY_TARGET != HWY_SCALAR && HWY_TARGET != HWY_EMU128
    asm("" : "+v"(v.raw));
#else
    (void)v;
#endif
}

// out[r * T + t] = w[r] . x[t] over n values. Inlined where a caller loops
// over many small tiles (attention's position-major decode); FloatTile below
// is the same code behind a call.
template <class W, int R, int T>
HWY_INLINE void FloatTileInline(const typename W::Stored* const* w, const float* const* x, int64_t n, float* out)
{
    const hn::ScalableTag<float> df;
    using V = hn::Vec<decltype(df)>;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    V acc[R][T];
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < T; ++t) acc[r][t] = hn::Zero(df);
    int64_t k = 0;
    for (; k + N <= n; k += N) {
        V xv[T];
        for (int t = 0; t < T; ++t) {
            xv[t] = hn::LoadU(df, x[t] + k);
            KeepInRegister(xv[t]);
        }
        for (int r = 0; r < R; ++r) {
            V wv = W::Load(df, w[r] + k);
            KeepInRegister(wv);
            for (int t = 0; t < T; ++t) acc[r][t] = hn::MulAdd(wv, xv[t], acc[r][t]);
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int t = 0; t < T; ++t) {
            float s = hn::GetLane(hn::SumOfLanes(df, acc[r][t]));
            for (int64_t i = k; i < n; ++i) s = std::fma(W::At(w[r] + i), x[t][i], s);
            out[r * T + t] = s;
        }
    }
}

template <class W, int R, int T>
HWY_NOINLINE void FloatTile(const typename W::Stored* const* w, const float* const* x, int64_t n, float* out)
{
    FloatTileInline<W, R, T>(w, x, n, out);
}

// The tile shape for prefill. With 16 vector registers (AVX2), 4 rows x 3
// tokens is 12 accumulators, leaving registers for the 3 activation vectors and
// one weight vector. With 32 (AVX-512), 4 rows x 6 tokens: 24 accumulators,
// 10 loads per 24 multiply-adds instead of 7 per 12. (More rows instead of
// more tokens measured slower: eight rows of a 768-wide matrix and the
// activations streaming past them no longer fit in L1.)
inline constexpr int kFloatTileRows = 4;
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
inline constexpr int kFloatTileTokens = 6;
#else
inline constexpr int kFloatTileTokens = 3;
#endif

// Runtime rows (1 to kFloatTileRows) -> the instantiation.
template <class W, int T>
HWY_INLINE void FloatTileRows(int rows, const typename W::Stored* const* w, const float* const* x, int64_t n,
                              float* out)
{
    switch (rows) {
    case 1: FloatTile<W, 1, T>(w, x, n, out); break;
    case 2: FloatTile<W, 2, T>(w, x, n, out); break;
    case 3: FloatTile<W, 3, T>(w, x, n, out); break;
    default: FloatTile<W, 4, T>(w, x, n, out); break;
    }
}

// Runtime (rows, tokens) within the maximum tile -> the instantiation.
template <class W>
HWY_INLINE void FloatTileShape(int rows, int tokens, const typename W::Stored* const* w, const float* const* x,
                               int64_t n, float* out)
{
    switch (tokens) {
    case 1: FloatTileRows<W, 1>(rows, w, x, n, out); break;
    case 2: FloatTileRows<W, 2>(rows, w, x, n, out); break;
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
    case 3: FloatTileRows<W, 3>(rows, w, x, n, out); break;
    case 4: FloatTileRows<W, 4>(rows, w, x, n, out); break;
    case 5: FloatTileRows<W, 5>(rows, w, x, n, out); break;
#endif
    default: FloatTileRows<W, kFloatTileTokens>(rows, w, x, n, out); break;
    }
}

// y[t * rows + r] for rows [r0, r1) and tokens [t0, t1) of a float weight.
template <class W>
HWY_INLINE void FloatMatmulBlock(const Tensor& w, const float* x, float* y, int64_t r0, int64_t r1, int64_t t0,
                                 int64_t t1)
{
    using S = typename W::Stored;
    // The copy in streamed memory where the weights were packed at load (the same layout).
    const uint8_t* base = w.packed ? static_cast<const uint8_t*>(w.packed) : static_cast<const uint8_t*>(w.data);
    const size_t rowBytes = w.packed ? bytesFor(w.type, static_cast<uint64_t>(w.cols)) : w.rowBytes;
    // Decode and small batches (a few tokens) are bound by reading the
    // weights from memory: one row at a time is one sequential stream, which
    // the hardware prefetcher follows; four rows at once (four streams)
    // measured 1.5x slower decode on F16 and F32, and 1.3x lower throughput
    // for batches of 2 and 4 sequences. Prefill reuses a tile's rows across
    // tokens from cache, where the wider tile pays. The rows per tile never
    // change a result.
    constexpr int64_t kStreamingTokens = 8;
    const int tileRows = t1 - t0 <= kStreamingTokens ? 1 : kFloatTileRows;
    for (int64_t rt = r0; rt < r1; rt += tileRows) {
        const int nr = static_cast<int>(std::min<int64_t>(tileRows, r1 - rt));
        const S* rows[kFloatTileRows];
        for (int i = 0; i < nr; ++i) rows[i] = reinterpret_cast<const S*>(base + static_cast<size_t>(rt + i) * rowBytes);
        for (int64_t tt = t0; tt < t1; tt += kFloatTileTokens) {
            const int nt = static_cast<int>(std::min<int64_t>(kFloatTileTokens, t1 - tt));
            const float* xs[kFloatTileTokens];
            for (int j = 0; j < nt; ++j) xs[j] = x + (tt + j) * w.cols;
            float out[kFloatTileRows * kFloatTileTokens];
            FloatTileShape<W>(nr, nt, rows, xs, w.cols, out);
            for (int i = 0; i < nr; ++i)
                for (int j = 0; j < nt; ++j) y[(tt + j) * w.rows + rt + i] = out[i * nt + j];
        }
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_FLOAT_TILE_INL_H_ toggle
