#pragma once
// The compute ops the model is written on. Each op has a scalar reference in
// kernels/ref (ground truth for tests) and fast implementations behind the
// `Ops` interface (CPU SIMD now; CUDA drops in behind the same interface).
//
// Conventions: row-major activations, one row per token. A weight matrix has
// `rows` output features; each row holds `cols` inputs stored contiguously in
// `type` blocks (ggml order: ne0 = cols, ne1 = rows). Products are
// y[t][r] = sum_c W[r][c] * x[t][c], and every row is reduced in one fixed
// order regardless of how many tokens are in the batch (batch invariance).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/api/dtype.h"
#include "kernels/api/kv.h"

namespace kernels {

struct MatRef {
    DType type = DType::F32;
    const void* data = nullptr;
    int64_t rows = 0;
    int64_t cols = 0;
    size_t rowBytes = 0;  // stride from one row to the next: bytesFor(type, cols), more for a column slice

    const uint8_t* row(int64_t r) const { return static_cast<const uint8_t*>(data) + r * rowBytes; }
    // Bytes of the values this view covers (a column slice counts only its columns).
    uint64_t viewBytes() const { return static_cast<uint64_t>(rows) * bytesFor(type, static_cast<uint64_t>(cols)); }
    // Rows [r0, r1): a view, no copy.
    MatRef rowSlice(int64_t r0, int64_t r1) const
    {
        MatRef m = *this;
        m.data = row(r0);
        m.rows = r1 - r0;
        return m;
    }
    // Columns [c0, c1) of every row: a strided view, no copy. c0 and c1 must be
    // multiples of the type's block size (placement checks this before cutting).
    MatRef colSlice(int64_t c0, int64_t c1) const
    {
        MatRef m = *this;
        m.data = static_cast<const uint8_t*>(data) + bytesFor(type, static_cast<uint64_t>(c0));
        m.cols = c1 - c0;
        return m;
    }
};

// Rotary position embedding of the first rotDim dims of every head. Pair j
// (0 <= j < rotDim / 2) is (x[2j], x[2j+1]) with Adjacent pairing (llama2.c,
// GGUF `llama`) or (x[j], x[j + rotDim/2]) with HalfSplit ("NeoX": Qwen2,
// Gemma, Phi-3, HF checkpoints). It turns by pos * freq_j with
//   freq_j = freqScale * freqBase^(-2j / rotDim) / factors[j]
// (freqScale: linear rope scaling, 1 / factor; factors: per-pair frequency
// factors such as Llama 3's rope_freqs, nullptr = all 1).
enum class RopePairing : uint8_t { Adjacent, HalfSplit };

struct RopeParams {
    int64_t rotDim = 0;
    float freqBase = 10000.0f;
    float freqScale = 1.0f;
    const float* factors = nullptr;
    RopePairing pairing = RopePairing::Adjacent;
};

// freq_j of RopeParams, computed the one way every backend computes it
// (multiplying by 1 and dividing by 1 are exact: plain rope keeps its bits).
inline float ropeFrequency(const RopeParams& p, int64_t j)
{
    const float freq = 1.0f / std::pow(p.freqBase, static_cast<float>(2 * j) / static_cast<float>(p.rotDim));
    return freq * p.freqScale / (p.factors ? p.factors[j] : 1.0f);
}

// The op interface the model is written against. One instance per backend
// (scalar reference, CPU SIMD, CUDA). Methods are const: an Ops object holds
// only configuration (thread pool, device) and per-call scratch it manages
// itself, so one instance can serve several models.
class Ops {
public:
    virtual ~Ops() = default;
    virtual const char* name() const = 0;

    // y (nTokens x w.rows) = x (nTokens x w.cols) * W^T, dequantization fused.
    virtual void matmul(const MatRef& w, const float* x, int64_t nTokens, float* y) const = 0;
    // out[r] = x[r] / rms(x[r]) * weight, for nRows rows of n values.
    virtual void rmsnorm(float* out, const float* x, const float* weight, int64_t nRows, int64_t n,
                         float eps) const = 0;
    // Rotary embedding (RopeParams) of every head of every token; token t is at
    // position positions[t].
    virtual void rope(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, const int32_t* positions,
                      const RopeParams& params) const = 0;
    // Adjacent pairs, plain frequencies: rope() with RopeParams{rotDim, freqBase}.
    void ropeAdjacent(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, int64_t rotDim,
                      const int32_t* positions, float freqBase) const
    {
        rope(x, nTokens, nHeads, headDim, positions, RopeParams{rotDim, freqBase});
    }
    // gate[i] = silu(gate[i]) * up[i]
    virtual void siluMul(float* gate, const float* up, int64_t n) const = 0;
    virtual void softmax(float* x, int64_t n) const = 0;
    // x[r][i] += bias[i] for nRows rows of n values.
    virtual void addBias(float* x, const float* bias, int64_t nRows, int64_t n) const = 0;
    // acc[i] += x[i] (the residual add).
    virtual void add(float* acc, const float* x, int64_t n) const = 0;
    // dst[i] = src[i] (row selection, e.g. the rows whose logits are wanted).
    virtual void copyRows(float* dst, const float* src, int64_t n) const = 0;
    // out (nTokens x table.cols) = rows ids[t] of table, dequantized. An id
    // outside [0, table.rows) gives a row of zeros: a device holding a slice of
    // the vocabulary embeds the tokens it holds, and an all-reduce adds the rest.
    virtual void embedRows(const MatRef& table, const int32_t* ids, int64_t nTokens, float* out) const = 0;
    // Causal grouped-query attention. q, out: (nTokens, nHeads, headDim). keys/values:
    // (positions, nKvHeads, headDim) fp32, rows 0..positions[t] valid for token t.
    // Query head h reads kv head h / (nHeads / nKvHeads). Scores scaled by 1/sqrt(headDim).
    virtual void attention(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                           const float* keys, const float* values, int64_t nHeads, int64_t nKvHeads,
                           int64_t headDim) const = 0;
    // Encodes n rows of fp32 keys (or values), kvHeads x headDim each, into
    // positions startPos.. of a cache (kernels/api/kv.h).
    virtual void kvWrite(const KvRows& dst, int64_t startPos, int64_t n, const float* src) const;
    // Decodes positions [0, n) of a cache into fp32 rows.
    virtual void kvRead(const KvRows& src, int64_t n, float* dst) const;
    // attention() over a cache, read in place: bit-identical to attention()
    // over the decoded rows. The default decodes the prefix (kvRead) and calls
    // attention(); backends override it to read the rows where they are.
    virtual void attentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                                 const KvRows& keys, const KvRows& values, int64_t nHeads, int64_t nKvHeads,
                                 int64_t headDim) const;
};

// Scalar single-threaded reference ops: the ground truth the fast ops are tested against.
std::unique_ptr<Ops> makeRefOps();

namespace ref {

// Dequantize n values (n a multiple of the type's block size) to fp32.
// Types without a dequantizer (canDequantize false) yield a row of NaN.
bool canDequantize(DType type);
void dequantizeRow(DType type, const void* src, float* dst, int64_t n);
// Quantize n values; supported for F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1
// (GGUF-bit-compatible) and the project grouped formats (ids >= 100, see
// kernels/ref/grouped_layouts.h). Unsupported types (canQuantize false) write nothing.
bool canQuantize(DType type);
void quantizeRow(DType type, const float* src, void* dst, int64_t n);

float dot(const float* a, const float* b, int64_t n);
// y (nTokens x w.rows) = x (nTokens x w.cols) * W^T, dequantizing W row by row.
void matmul(const MatRef& w, const float* x, int64_t nTokens, float* y);
void rmsnorm(float* out, const float* x, const float* weight, int64_t n, float eps);
// Rotary embedding (RopeParams) of the heads of one token at `pos`.
void rope(float* x, int64_t nHeads, int64_t headDim, int64_t pos, const RopeParams& params);
void softmax(float* x, int64_t n);
// gate[i] = silu(gate[i]) * up[i]
void siluMul(float* gate, const float* up, int64_t n);

}  // namespace ref

}  // namespace kernels
