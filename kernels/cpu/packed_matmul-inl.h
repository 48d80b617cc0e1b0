// The matmul over packed row groups (packed_rows.h): each group of eight
// rows against up to four tokens at a time, on the tile of its format
// (packed_tile-inl.h, packed_kquant_tile-inl.h; the VNNI tile where the CPU
// has it). Per-target code; included by matmul-inl.h once per Highway target.
#if defined(KERNELS_CPU_PACKED_MATMUL_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef KERNELS_CPU_PACKED_MATMUL_INL_H_
#undef KERNELS_CPU_PACKED_MATMUL_INL_H_
#else
#define KERNELS_CPU_PACKED_MATMUL_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "hwy/highway.h"
#include "kernels/cpu/packed_kquant_tile-inl.h"
#include "kernels/cpu/packed_rows.h"
#include "kernels/cpu/packed_tile-inl.h"

HWY_BEFORE_NAMESPACE();
namespace kernels::cpu {
namespace HWY_NAMESPACE {

// One tile of the format F for T tokens.
template <class F, int T>
HWY_INLINE void PackedTileOf(const uint8_t* group, const ActRow* acts, int64_t nBlocks, float* out)
{
    if constexpr (std::is_same_v<F, PackedQ4_K>)
        PackedTileQ45K<false, T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ5_K>)
        PackedTileQ45K<true, T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ6_K>)
        PackedTileQ6K<T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ3_K>)
        PackedTileQ3K<T>(group, acts, nBlocks, out);
    else if constexpr (std::is_same_v<F, PackedQ2_K>)
        PackedTileQ2K<T>(group, acts, nBlocks, out);
    else
        PackedTile<F, T>(group, acts, nBlocks, out);
}

// One group against nt (1..4) tokens: the VNNI tile where the CPU has it
// (the same bits), else this target's.
template <class F>
HWY_INLINE void PackedTileFor(DType type, const uint8_t* group, const ActRow* acts, int nt, int64_t nBlocks,
                              float* out)
{
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
    if (F::kVnni && packedVnni()) {
        PackedActs vnniActs[kPackedTileTokens];
        for (int j = 0; j < nt; ++j) vnniActs[j] = {acts[j].q, acts[j].d, acts[j].s};
        packedTileVnni(type, group, vnniActs, nt, nBlocks, out);
        return;
    }
#else
    (void)type;
#endif
    switch (nt) {
    case 1: PackedTileOf<F, 1>(group, acts, nBlocks, out); break;
    case 2: PackedTileOf<F, 2>(group, acts, nBlocks, out); break;
    case 3: PackedTileOf<F, 3>(group, acts, nBlocks, out); break;
    default: PackedTileOf<F, 4>(group, acts, nBlocks, out); break;
    }
}

// y[t * rows + r] for rows [r0, r1) inside w's packed groups and tokens [t0, t1).
template <class F>
HWY_INLINE void PackedMatmul(const Tensor& w, const QuantizedActs& a, float* y, int64_t r0, int64_t r1, int64_t t0,
                             int64_t t1)
{
    const int64_t nBlocks = w.cols / 32;
    const size_t groupBytes = static_cast<size_t>(kPackRows) * bytesFor(w.type, static_cast<uint64_t>(w.cols));
    for (int64_t g = r0 / kPackRows; g * kPackRows < r1; ++g) {
        const uint8_t* group = static_cast<const uint8_t*>(w.packed) + static_cast<size_t>(g) * groupBytes;
        const int64_t first = std::max(r0, g * kPackRows), last = std::min(r1, (g + 1) * kPackRows);
        for (int64_t tt = t0; tt < t1; tt += kPackedTileTokens) {
            const int nt = static_cast<int>(std::min<int64_t>(kPackedTileTokens, t1 - tt));
            ActRow acts[kPackedTileTokens];
            TokenActs(a, w.cols, tt, nt, acts);
            float out[kPackedTileTokens * kPackRows];
            PackedTileFor<F>(w.type, group, acts, nt, nBlocks, out);
            for (int j = 0; j < nt; ++j)
                for (int64_t r = first; r < last; ++r) y[(tt + j) * w.rows + r] = out[8 * j + (r - g * kPackRows)];
        }
    }
}

// Runs the packed kernel on the rows of [r0, r1) that w's packed groups hold;
// returns the first row it left to the caller (r0 when w is not packed).
HWY_INLINE int64_t PackedMatmulFor(const Tensor& w, const QuantizedActs& a, float* y, int64_t r0, int64_t r1,
                                   int64_t t0, int64_t t1)
{
    const int64_t end = std::min(r1, packedRows(w));
    if (r0 >= end) return r0;
    switch (w.type) {
    case DType::Q4_0: PackedMatmul<PackedQ4_0>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q8_0: PackedMatmul<PackedQ8_0>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q4_1: PackedMatmul<PackedQ4_1>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q5_0: PackedMatmul<PackedQ5_0>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q5_1: PackedMatmul<PackedQ5_1>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q4_K: PackedMatmul<PackedQ4_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q5_K: PackedMatmul<PackedQ5_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q2_K: PackedMatmul<PackedQ2_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q3_K: PackedMatmul<PackedQ3_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::Q6_K: PackedMatmul<PackedQ6_K>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8G64: PackedMatmul<PackedGroupedQ8<64, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8G128: PackedMatmul<PackedGroupedQ8<128, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8AG32: PackedMatmul<PackedGroupedQ8<32, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8AG64: PackedMatmul<PackedGroupedQ8<64, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ8AG128: PackedMatmul<PackedGroupedQ8<128, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4G64: PackedMatmul<PackedGroupedQ4<64, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4G128: PackedMatmul<PackedGroupedQ4<128, false>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4AG64: PackedMatmul<PackedGroupedQ4<64, true>>(w, a, y, r0, end, t0, t1); return end;
    case DType::IsQ4AG128: PackedMatmul<PackedGroupedQ4<128, true>>(w, a, y, r0, end, t0, t1); return end;
    default: return r0;
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace kernels::cpu
HWY_AFTER_NAMESPACE();

#endif  // KERNELS_CPU_PACKED_MATMUL_INL_H_ toggle
