#pragma once
// Elementwise and vector kernels, compiled once per SIMD target (AVX-512, AVX2,
// portable fallback) by Highway and picked at run time on first use. Plain
// functions; threading is the caller's business (see cpu_ops.cc). The matmul
// family lives in matmul.h.
#include <cstdint>
#include <string>

namespace kernels::cpu {

float dotF32(const float* a, const float* b, int64_t n);
void siluMul(float* gate, const float* up, int64_t n);
void rmsnormRow(float* out, const float* x, const float* weight, int64_t n, float eps);

// Attention's inner loops. scores[i] = q . keys[i] (i < n, dim values each),
// every dot in the fixed order of the float matmul tile (float_tile-inl.h),
// however many keys are scored together.
void dotMany(const float* q, const float* const* keys, int64_t n, int64_t dim, float* scores);
// out[j] += sum_i w[i] * values[i][j], one FMA per term in i order.
void weightedSumAdd(const float* w, const float* const* values, int64_t n, int64_t dim, float* out);
// The same for nq (1..4) queries at once (the heads that share a key head):
// scores[g] and out[g] per query, each value exactly as dotMany and
// weightedSumAdd give it alone, every key and value row read once for all.
void dotManyQueries(const float* const* qs, int nq, const float* const* keys, int64_t n, int64_t dim,
                    float* const* scores);
void weightedSumAddQueries(const float* const* w, int nq, const float* const* values, int64_t n, int64_t dim,
                           float* const* out);
// The same with the keys or values stored as IEEE binary16 bits (an fp16 KV
// cache read in place): each value is read as the float it stands for, so the
// results are those of the F32 kernels over the decoded rows, bit for bit.
void dotManyQueries(const float* const* qs, int nq, const uint16_t* const* keys, int64_t n, int64_t dim,
                    float* const* scores);
void weightedSumAddQueries(const float* const* w, int nq, const uint16_t* const* values, int64_t n, int64_t dim,
                           float* const* out);
// Position-major loops for one token's queries over many cache positions:
// rows[i] is position i's whole row (kvHeads heads of headDim values, float
// or fp16 bits), query q reads kv head q / group. scores[q][i] and out[q] are
// exactly what dotManyQueries and weightedSumAddQueries give; the rows are
// read in order, heads in order, one stream (see simd-inl.h).
void dotRowsAllHeads(const float* const* qs, int64_t kvHeads, int64_t group, const float* const* rows, int64_t n,
                     int64_t headDim, float* const* scores);
void dotRowsAllHeads(const float* const* qs, int64_t kvHeads, int64_t group, const uint16_t* const* rows, int64_t n,
                     int64_t headDim, float* const* scores);
void weightedSumRowsAllHeads(const float* const* w, int64_t kvHeads, int64_t group, const float* const* rows,
                             int64_t n, int64_t headDim, float* const* out);
void weightedSumRowsAllHeads(const float* const* w, int64_t kvHeads, int64_t group, const uint16_t* const* rows,
                             int64_t n, int64_t headDim, float* const* out);
// x = softmax(x) in place (max-subtracted; the vector exp for every element).
void softmax(float* x, int64_t n);

// The SIMD target chosen at run time, e.g. "AVX2" or "AVX3" (AVX-512).
std::string simdTargetName();

}  // namespace kernels::cpu
