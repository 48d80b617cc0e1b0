// The packed tile (packed_tile-inl.h) on AVX-512 VNNI: vpdpbusd multiplies
// unsigned by signed bytes and adds each group of four products into an int32
// lane without saturating, so a 32-byte chunk of eight rows costs one
// instruction per token where AVX2 needs a multiply, a widening add and an add.
// Compiled with the VNNI flags (kernels/CMakeLists.txt) and called only when
// the CPU has them (packedVnni()). Same lanes, same integer dots and the same
// float sequence as the AVX2 tile: the two give the same bits.
#include "kernels/cpu/packed_rows.h"

#if defined(__AVX512VNNI__) && defined(__AVX512VL__) && defined(__F16C__) && defined(__FMA__)
#include <immintrin.h>

#include <cstring>

namespace kernels::cpu {

namespace {

__m256i broadcast4(const int8_t* x)
{
    int32_t v;
    std::memcpy(&v, x, 4);
    return _mm256_set1_epi32(v);
}

// Q4_0: codes 0..15 (w = d * (code - 8)), four chunks of low and high nibbles.
// Q8_0: codes + 128 (w = d * code), eight chunks.
template <bool kQ4, int T>
void tile(const uint8_t* group, const PackedActs* acts, int64_t nBlocks, float* out)
{
    constexpr int64_t kBlockBytes = kQ4 ? 144 : 272;
    constexpr int32_t kOffset = kQ4 ? 8 : 128;
    __m256 acc[T];
    for (int t = 0; t < T; ++t) acc[t] = _mm256_setzero_ps();
    for (int64_t k = 0; k < nBlocks; ++k) {
        const uint8_t* blk = group + k * kBlockBytes;
        const uint8_t* chunks = blk + 2 * kPackRows;
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk)));
        __m256i sums[T];
        for (int t = 0; t < T; ++t) sums[t] = _mm256_setzero_si256();
        if constexpr (kQ4) {
            const __m256i mask = _mm256_set1_epi8(0x0F);
            for (int c = 0; c < 4; ++c) {
                const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunks + 32 * c));
                const __m256i lo = _mm256_and_si256(packed, mask);
                const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), mask);
                for (int t = 0; t < T; ++t) {
                    const int8_t* x = acts[t].q + 32 * k;
                    sums[t] = _mm256_dpbusd_epi32(sums[t], lo, broadcast4(x + 4 * c));
                    sums[t] = _mm256_dpbusd_epi32(sums[t], hi, broadcast4(x + 4 * (c + 4)));
                }
            }
        } else {
            for (int c = 0; c < 8; ++c) {
                const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunks + 32 * c));
                for (int t = 0; t < T; ++t)
                    sums[t] = _mm256_dpbusd_epi32(sums[t], w, broadcast4(acts[t].q + 32 * k + 4 * c));
            }
        }
        for (int t = 0; t < T; ++t) {
            const __m256i dot = _mm256_sub_epi32(sums[t], _mm256_set1_epi32(kOffset * acts[t].s[k]));
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_mul_ps(dw, _mm256_set1_ps(acts[t].d[k])), acc[t]);
        }
    }
    for (int t = 0; t < T; ++t) _mm256_storeu_ps(out + 8 * t, acc[t]);
}

template <bool kQ4>
void tileFor(const uint8_t* group, const PackedActs* acts, int nTokens, int64_t nBlocks, float* out)
{
    switch (nTokens) {
    case 1: tile<kQ4, 1>(group, acts, nBlocks, out); break;
    case 2: tile<kQ4, 2>(group, acts, nBlocks, out); break;
    case 3: tile<kQ4, 3>(group, acts, nBlocks, out); break;
    default: tile<kQ4, 4>(group, acts, nBlocks, out); break;
    }
}

}  // namespace

bool packedVnniBuilt()
{
    return true;
}

void packedTileVnni(DType type, const uint8_t* group, const PackedActs* acts, int nTokens, int64_t nBlocks,
                    float* out)
{
    if (type == DType::Q4_0) tileFor<true>(group, acts, nTokens, nBlocks, out);
    else tileFor<false>(group, acts, nTokens, nBlocks, out);
}

}  // namespace kernels::cpu

#else  // a compiler or architecture without the VNNI flags

namespace kernels::cpu {

bool packedVnniBuilt()
{
    return false;
}

void packedTileVnni(DType, const uint8_t*, const PackedActs*, int, int64_t, float*) {}

}  // namespace kernels::cpu

#endif
