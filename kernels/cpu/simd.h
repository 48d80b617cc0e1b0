#pragma once
// Fast CPU kernels, compiled once per SIMD target (AVX-512, AVX2, portable
// fallback) by Highway and picked at run time on first use. Plain functions;
// threading is the caller's business (see cpu_ops.cc).
#include <cstdint>
#include <string>

#include "kernels/api/ops.h"

namespace kernels::cpu {

// Activations quantized to 8 bits in blocks of 32 (one float scale per block),
// the partner of Q8_0/Q4_0 weights in integer dot products.
inline constexpr int64_t kActBlock = 32;
struct QuantizedActs {
    const int8_t* q = nullptr;  // (tokens, cols)
    const float* d = nullptr;   // (tokens, cols / 32)
    const int32_t* s = nullptr; // (tokens, cols / 32): sum of q per block
};

// True when matmulRows handles `type` directly on its blocks.
bool hasFusedMatmul(DType type);
// True when the fused kernel for `type` wants quantized activations.
bool wantsQuantizedActs(DType type);

// q[i] = round(x[i] / d), d = max|x| / 127 per 32-value block; n % 32 == 0.
void quantizeActs(const float* x, int64_t n, int8_t* q, float* d, int32_t* s);

// y[t * w.rows + r] for rows [r0, r1) and all tokens. Each (row, token) value is
// computed by one code path with a fixed reduction order, whatever the tile.
void matmulRows(const MatRef& w, const float* x, const QuantizedActs& acts, int64_t nTokens, float* y,
                int64_t r0, int64_t r1);

float dotF32(const float* a, const float* b, int64_t n);
void axpy(float a, const float* x, float* y, int64_t n);  // y += a * x
void scale(float* x, float a, int64_t n);                  // x *= a
void siluMul(float* gate, const float* up, int64_t n);
void rmsnormRow(float* out, const float* x, const float* weight, int64_t n, float eps);

// The SIMD target chosen at run time, e.g. "AVX2" or "AVX3" (AVX-512).
std::string simdTargetName();

}  // namespace kernels::cpu
