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
#include "kernels/cpu/float_tile-inl.h"
#include "kernels/cpu/matmul.h"
#include "kernels/cpu/packed_matmul-inl.h"
#include "kernels/cpu/quant_dot-inl.h"
#include "kernels/cpu/quant_tile-inl.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

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

// Float weights: register-blocked tiles (float_tile-inl.h).
HWY_INLINE void FloatMatmul(const Tensor& w, const float* x, float* y, int64_t r0, int64_t r1, int64_t t0, int64_t t1)
{
    switch (w.type) {
    case DType::F32: FloatMatmulBlock<WeightF32>(w, x, y, r0, r1, t0, t1); break;
    case DType::F16: FloatMatmulBlock<WeightHalf<hwy::float16_t>>(w, x, y, r0, r1, t0, t1); break;
    case DType::BF16: FloatMatmulBlock<WeightHalf<hwy::bfloat16_t>>(w, x, y, r0, r1, t0, t1); break;
    default: break;  // callers route other types elsewhere
    }
}

// Quantized weights: the packed groups of eight rows where the weights were
// packed at load (packed_tile-inl.h), register-blocked row tiles where the
// format has them (quant_tile-inl.h), otherwise tiles of 8 rows, each row
// decoded once per four tokens. Whichever it is, a row takes the same path for
// every token count.
HWY_INLINE void QuantMatmul(const Tensor& w, const QuantizedActs& acts, float* y, int64_t r0, int64_t r1, int64_t t0,
                            int64_t t1)
{
    r0 = PackedMatmulFor(w, acts, y, r0, r1, t0, t1);
    if (r0 >= r1) return;
    if (QuantTileMatmulFor(w, acts, y, r0, r1, t0, t1)) return;
    constexpr int64_t kRowTile = 8;
    constexpr int64_t kTokenTile = 4;
    const int64_t nBlocks = w.cols / 32;
    for (int64_t rt = r0; rt < r1; rt += kRowTile) {
        const int64_t rEnd = std::min(r1, rt + kRowTile);
        for (int64_t tt = t0; tt < t1; tt += kTokenTile) {
            const int64_t nt = std::min(kTokenTile, t1 - tt);
            ActRow acts4[kTokenTile];
            TokenActs(acts, w.cols, tt, static_cast<int>(nt), acts4);
            float out[kTokenTile];
            for (int64_t r = rt; r < rEnd; ++r) {
                DotQuantTokens(w.type, w.row(r), nBlocks, acts4, nt, out);
                for (int64_t j = 0; j < nt; ++j) y[(tt + j) * w.rows + r] = out[j];
            }
        }
    }
}

// quantizeActs (matmul.h) for one token's n values (n % 32 == 0), a vector
// at a time. Lane by lane the same operations as the scalar definition —
// amax = max |x|, d = amax / 127, q = trunc(x * (1 / d) + copysign(0.5, ...)),
// round half away from zero — so every target writes the same codes.
HWY_NOINLINE void QuantizeActs(const float* x, int64_t n, int8_t* q, float* d, int32_t* s, int32_t* offset8,
                               int32_t* s16)
{
    namespace hn = hwy::HWY_NAMESPACE;
    const hn::ScalableTag<float> df;
    const hn::Rebind<int32_t, decltype(df)> di;
    const hn::Rebind<int8_t, decltype(df)> d8;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));  // divides 32 on every target
    const auto half = hn::Set(df, 0.5f);
    for (int64_t b = 0; b < n / kActBlock; ++b) {
        const float* xb = x + b * kActBlock;
        auto vmax = hn::Zero(df);
        for (int64_t i = 0; i < kActBlock; i += N) vmax = hn::Max(vmax, hn::Abs(hn::LoadU(df, xb + i)));
        const float amax = hn::GetLane(hn::MaxOfLanes(df, vmax));
        const float scale = amax / 127.0f;
        const auto inv = hn::Set(df, scale > 0.0f ? 1.0f / scale : 0.0f);
        d[b] = scale;
        auto vsum = hn::Zero(di);
        int32_t firstHalf = 0;  // the codes of values 0..15, where the lanes split there
        for (int64_t i = 0; i < kActBlock; i += N) {
            const auto v = hn::Mul(hn::LoadU(df, xb + i), inv);
            const auto qi = hn::ConvertTo(di, hn::Add(v, hn::CopySign(half, v)));  // truncates
            vsum = hn::Add(vsum, qi);
            hn::StoreU(hn::DemoteTo(d8, qi), d8, q + b * kActBlock + i);
            if (s16 && i + N == kActBlock / 2) firstHalf = hn::GetLane(hn::SumOfLanes(di, vsum));
        }
        const int32_t sum = hn::GetLane(hn::SumOfLanes(di, vsum));
        s[b] = sum;
        std::fill(offset8 + 8 * b, offset8 + 8 * b + 8, 0);
        offset8[8 * b] = 8 * sum;
        if (s16) {
            if (N > kActBlock / 2) {  // a vector wider than half a block
                firstHalf = 0;
                for (int64_t i = 0; i < kActBlock / 2; ++i) firstHalf += q[b * kActBlock + i];
            }
            s16[2 * b] = firstHalf;
            s16[2 * b + 1] = sum - firstHalf;
        }
    }
}

// Rows [r0, r1) x all tokens. Tokens go in blocks whose activations stay in L2
// while the weight tiles (in L1) stream past them, so prefill reads each weight
// from memory once per token block, not once per token.
void MatmulRows(const Tensor& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y, int64_t r0,
                int64_t r1)
{
    const bool quantized = traitsOf(w.type).quantized;
    // A multiple of the tiles' token count (4 quantized, 3 or 6 float), so
    // only the last block of a batch ends in a narrower tile.
    const int64_t tokenBlock = quantized ? 64 : (kFloatTileTokens == 6 ? 66 : 63);
    for (int64_t t0 = 0; t0 < nTokens; t0 += tokenBlock) {
        const int64_t t1 = std::min(nTokens, t0 + tokenBlock);
        if (quantized)
            QuantMatmul(w, acts, y, r0, r1, t0, t1);
        else
            FloatMatmul(w, x, y, r0, r1, t0, t1);
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_MATMUL_INL_H_ toggle
