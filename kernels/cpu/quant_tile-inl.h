// Register-blocked micro-kernel for the formats whose 32-value blocks need no
// per-group minimum (Q8_0, Q4_0, Q5_0 and the project's symmetric grouped
// formats): one weight row against T tokens of 8-bit activations, each weight
// block decoded once for the T tokens, so prefill spends its instructions on
// the integer dot products instead of on decoding.
//
// Batch invariance: output (row, t) is always two vector chains,
//   acc[k % 2] = fma(float(intdot(block k)), d_w * d_x, acc[k % 2]) for k in order,
// then acc[0] + acc[1] and one fixed horizontal sum — whatever T, the token
// count or the thread. The integer dots are exact, so nothing else can move a
// result. Decode is the same kernel with T = 1, which keeps prefill logits equal
// to decode logits bit for bit; its two chains halve the wait on the FMA latency
// that a single chain would pay for every block.
//
// Per-target code built on the primitives of quant_dot-inl.h; included by
// matmul-inl.h once per Highway target.
#if defined(KERNELS_CPU_QUANT_TILE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_QUANT_TILE_INL_H_
#undef KERNELS_CPU_QUANT_TILE_INL_H_
#else
#define KERNELS_CPU_QUANT_TILE_INL_H_
#endif

#include <algorithm>
#include <cstdint>

#include "hwy/highway.h"
#include "kernels/api/dtype.h"
#include "kernels/cpu/quant_dot-inl.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

// Block formats: Decode(row, k) gives 32-value block k's codes and scale.
// kSigned: codes are signed (w = d * code); otherwise unsigned codes with
// w = d * (code - kOffset), the offset taken off in the integer domain.
struct TileQ8_0 {
    static constexpr bool kSigned = true;
    static constexpr int32_t kOffset = 0;
    static HWY_INLINE Codes Decode(const uint8_t* row, int64_t k, float& d)
    {
        const uint8_t* blk = row + k * 34;
        d = F16At(blk);
        return LoadCodes(blk + 2);
    }
};
struct TileQ4_0 {
    static constexpr bool kSigned = false;
    static constexpr int32_t kOffset = 8;
    static HWY_INLINE Codes Decode(const uint8_t* row, int64_t k, float& d)
    {
        const uint8_t* blk = row + k * 18;
        d = F16At(blk);
        return Nibbles16(blk + 2);
    }
};
struct TileQ5_0 {
    static constexpr bool kSigned = false;
    static constexpr int32_t kOffset = 16;
    static HWY_INLINE Codes Decode(const uint8_t* row, int64_t k, float& d)
    {
        const uint8_t* blk = row + k * 22;
        d = F16At(blk);
        return WithFifthBits(Nibbles16(blk + 6), blk + 2);
    }
};
// The project's symmetric grouped formats (kernels/ref/grouped_layouts.h):
// per group of kGroup values an fp16 d and the codes; block k is sub-block
// k % (kGroup / 32) of group k / (kGroup / 32).
template <int kBits, int kGroup>
struct TileGrouped {
    static constexpr bool kSigned = kBits == 8;
    static constexpr int32_t kOffset = kBits == 8 ? 0 : 8;
    static constexpr int64_t kSub = kGroup / 32;
    static constexpr int64_t kBytes = 2 + (kBits == 8 ? kGroup : kGroup / 2);
    static HWY_INLINE Codes Decode(const uint8_t* row, int64_t k, float& d)
    {
        const uint8_t* blk = row + (k / kSub) * kBytes;
        d = F16At(blk);
        const int64_t sub = k % kSub;
        if constexpr (kBits == 8) return LoadCodes(blk + 2 + 32 * sub);
        else return Nibbles16(blk + 2 + 16 * sub);
    }
};

// out[t] = row . token t over nBlocks blocks of 32, for T tokens at once.
template <class F, int T>
HWY_NOINLINE void QuantTile(const uint8_t* row, const ActRow* acts, int64_t nBlocks, float* out)
{
    Acc acc[T][2];
    for (int t = 0; t < T; ++t) acc[t][0] = acc[t][1] = AccZero();
    const auto block = [&](int64_t k, int chain) KERNELS_INLINE_LAMBDA {
        float dw;
        const Codes c = F::Decode(row, k, dw);
        for (int t = 0; t < T; ++t) {
            const int8_t* x = acts[t].q + 32 * k;
            IntSums s;
            if constexpr (F::kSigned) {
                s = DotSigned(c, x);
            } else {
                s = DotUnsigned(c, x);
                s = SubOffset(s, acts[t], k, F::kOffset);
            }
            acc[t][chain] = MulAdd(s, dw * acts[t].d[k], acc[t][chain]);
        }
    };
    int64_t k = 0;
    for (; k + 2 <= nBlocks; k += 2) {
        block(k, 0);
        block(k + 1, 1);
    }
    if (k < nBlocks) block(k, 0);
    for (int t = 0; t < T; ++t) out[t] = AccSum(AccAdd(acc[t][0], acc[t][1]));
}

// Prefill: one row against 4 tokens, 8 accumulators, each weight block decoded
// once for the 4 tokens. Decode: the same with one token, rows one after the
// other, so the weights are read as one sequential stream (which the hardware
// prefetchers follow far better than interleaved rows).
inline constexpr int kQuantTileTokens = 4;

// y[t * rows + r] for rows [r0, r1) and tokens [t0, t1) of a weight in format F.
template <class F>
HWY_INLINE void QuantTileMatmul(const Tensor& w, const QuantizedActs& a, float* y, int64_t r0, int64_t r1,
                                int64_t t0, int64_t t1)
{
    const int64_t nBlocks = w.cols / 32;
    // A few rows at a time: their blocks stay in L1 while the tokens go past.
    constexpr int64_t kRowTile = 4;
    for (int64_t rt = r0; rt < r1; rt += kRowTile) {
        const int64_t rEnd = std::min(r1, rt + kRowTile);
        for (int64_t tt = t0; tt < t1; tt += kQuantTileTokens) {
            const int nt = static_cast<int>(std::min<int64_t>(kQuantTileTokens, t1 - tt));
            ActRow acts[kQuantTileTokens];
            TokenActs(a, w.cols, tt, nt, acts);
            for (int64_t r = rt; r < rEnd; ++r) {
                float out[kQuantTileTokens];
                switch (nt) {
                case 1: QuantTile<F, 1>(w.row(r), acts, nBlocks, out); break;
                case 2: QuantTile<F, 2>(w.row(r), acts, nBlocks, out); break;
                case 3: QuantTile<F, 3>(w.row(r), acts, nBlocks, out); break;
                default: QuantTile<F, 4>(w.row(r), acts, nBlocks, out); break;
                }
                for (int j = 0; j < nt; ++j) y[(tt + j) * w.rows + r] = out[j];
            }
        }
    }
}

// Runs the tile kernel when `w` has one; false leaves the call to the caller.
HWY_INLINE bool QuantTileMatmulFor(const Tensor& w, const QuantizedActs& a, float* y, int64_t r0, int64_t r1,
                                   int64_t t0, int64_t t1)
{
    switch (w.type) {
    case DType::Q8_0: QuantTileMatmul<TileQ8_0>(w, a, y, r0, r1, t0, t1); return true;
    case DType::Q4_0: QuantTileMatmul<TileQ4_0>(w, a, y, r0, r1, t0, t1); return true;
    case DType::Q5_0: QuantTileMatmul<TileQ5_0>(w, a, y, r0, r1, t0, t1); return true;
    case DType::IsQ8G64: QuantTileMatmul<TileGrouped<8, 64>>(w, a, y, r0, r1, t0, t1); return true;
    case DType::IsQ8G128: QuantTileMatmul<TileGrouped<8, 128>>(w, a, y, r0, r1, t0, t1); return true;
    case DType::IsQ4G64: QuantTileMatmul<TileGrouped<4, 64>>(w, a, y, r0, r1, t0, t1); return true;
    case DType::IsQ4G128: QuantTileMatmul<TileGrouped<4, 128>>(w, a, y, r0, r1, t0, t1); return true;
    default: return false;
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_QUANT_TILE_INL_H_ toggle
