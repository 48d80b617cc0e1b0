#pragma once
// The matmul kernel family: y = x * W^T straight from the stored weight blocks.
// Compiled once per SIMD target (AVX-512, AVX2, portable fallback) by Highway
// and picked at run time (matmul-inl.h, quant_dot-inl.h). Plain functions;
// threading is the caller's business (cpu_ops.cc).
#include <cstdint>

#include "kernels/api/ops.h"

namespace kernels::cpu {

// Activations quantized to 8 bits in blocks of 32 (one float scale per block),
// the partner of the block-quantized weights in integer dot products.
inline constexpr int64_t kActBlock = 32;
struct QuantizedActs {
    const int8_t* q = nullptr;   // (tokens, cols)
    const float* d = nullptr;    // (tokens, cols / 32)
    const int32_t* s = nullptr;  // (tokens, cols / 32): sum of q per block
    // (tokens, cols / 32, 8): {8 * s, 0, ..., 0} per block, the Q4_0/Q5_0 code
    // offset as a vector the kernels subtract in one instruction.
    const int32_t* offset8 = nullptr;
    // (tokens, cols / 16): sum of q per 16 values, for the formats whose mins
    // come per 16 values (Q2_K, wantsHalfBlockSums); null for the others.
    const int32_t* s16 = nullptr;
};

// True when matmulRows handles `type` directly on its blocks (every weight
// format but Q8_K; the project grouped formats included).
bool hasFusedMatmul(DType type);
// True when the fused kernel for `type` wants quantized activations.
bool wantsQuantizedActs(DType type);
// True when it also wants their sums per 16 values (QuantizedActs::s16).
bool wantsHalfBlockSums(DType type);

// q[i] = x[i] * (1 / d) rounded half away from zero, d = max|x| / 127 per
// 32-value block (n % 32 == 0); every SIMD target writes the same codes.
// s, offset8 and s16 as in QuantizedActs (offset8: 8 ints per block; s16:
// 2 per block, written only when s16 is not null).
void quantizeActs(const float* x, int64_t n, int8_t* q, float* d, int32_t* s, int32_t* offset8,
                  int32_t* s16 = nullptr);

// y[t * w.rows + r] for rows [r0, r1) and all tokens. Each (row, token) value is
// computed by one code path with a fixed reduction order, whatever the tile,
// the token count or the thread that runs it.
void matmulRows(const Tensor& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y,
                int64_t r0, int64_t r1);

}  // namespace kernels::cpu
