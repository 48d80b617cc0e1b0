#pragma once
// The compute ops the model is written on: one backend interface per device.
// Each op has a scalar reference in kernels/ref (ground truth for tests) and
// fast implementations behind the `Ops` interface (CPU SIMD; a GPU backend
// drops in behind the same interface).
//
// Every op takes Tensors (kernels/api/tensor.h): views that carry their dtype,
// shape and storage, on the device the ops run on. Ops may complete
// asynchronously, in call order, on the ops' own stream; their results are
// visible to the host (or to another device) after synchronize().
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
#include <string>

#include "kernels/api/dtype.h"
#include "kernels/api/kv.h"
#include "kernels/api/tensor.h"

namespace kernels {

// Rotary position embedding of the first rotDim dims of every head. Pair j
// (0 <= j < rotDim / 2) is (x[2j], x[2j+1]) with Adjacent pairing (llama2.c,
// GGUF `llama`) or (x[j], x[j + rotDim/2]) with HalfSplit ("NeoX": Qwen2,
// Gemma, Phi-3, HF checkpoints). It turns by pos * freq_j with
//   freq_j = freqScale * freqBase^(-2j / rotDim) / factors[j]
// (freqScale: linear rope scaling, 1 / factor; factors: per-pair frequency
// factors such as Llama 3's rope_freqs: rotDim / 2 F32 values on the device
// running the op; empty = all 1).
enum class RopePairing : uint8_t { Adjacent, HalfSplit };

struct RopeParams {
    int64_t rotDim = 0;
    float freqBase = 10000.0f;
    float freqScale = 1.0f;
    Tensor factors;
    RopePairing pairing = RopePairing::Adjacent;
};

// freq_j of RopeParams, computed the one way every backend computes it
// (multiplying by 1 and dividing by 1 are exact: plain rope keeps its bits).
inline float ropeFrequency(const RopeParams& p, int64_t j)
{
    const float freq = 1.0f / std::pow(p.freqBase, static_cast<float>(2 * j) / static_cast<float>(p.rotDim));
    return freq * p.freqScale / (p.factors.empty() ? 1.0f : p.factors.f32()[j]);
}

// The shape of an attention: query heads, key/value heads (grouped-query when
// fewer; query head h reads kv head h / (heads / kvHeads)) and head size; and
// how scores are formed: s = q.k * scale (0: 1/sqrt(headDim)), soft-capped to
// softcap * tanh(s / softcap) when softcap > 0 (Gemma 2), and, with a window
// w > 0, token t at position p sees only positions p - w + 1 .. p (sliding-
// window layers).
struct AttentionShape {
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t headDim = 0;
    float scale = 0.0f;
    float softcap = 0.0f;
    int64_t window = 0;

    // The factor q.k is multiplied by (computed once per call, not per score).
    float scoreScale() const { return scale > 0.0f ? scale : 1.0f / std::sqrt(static_cast<float>(headDim)); }
    // The first position token at `pos` attends to.
    int64_t firstPosition(int64_t pos) const { return window > 0 && pos - window + 1 > 0 ? pos - window + 1 : 0; }
    // A scaled score (q.k * scoreScale()) as the softmax sees it.
    float capped(float s) const { return softcap > 0.0f ? softcap * std::tanh(s / softcap) : s; }
};

// The op interface the model is written against. One instance per device
// (scalar reference, CPU SIMD, CUDA). Methods are const: an Ops object holds
// only configuration (thread pool, stream) and per-call scratch it manages
// itself, so one instance can serve several models. Tensors passed to an op
// must live where the ops run (deviceKind()); a mismatched shape or device is
// a programming error and throws std::logic_error naming the tensors.
class Ops {
public:
    virtual ~Ops() = default;
    virtual const char* name() const = 0;
    virtual DeviceKind deviceKind() const = 0;
    // The device the ops run on ("cpu:0", "cuda:1") and its memory now.
    virtual std::string deviceId() const = 0;
    virtual MemoryInfo memory() const = 0;

    // Memory for tensors these ops read and write (a workspace, a KV shard):
    // nullptr with the reason when it cannot be had.
    virtual std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) const = 0;
    // Copies host bytes into a tensor on this device and back, in stream
    // order (dst / src must be contiguous). The host memory must stay valid
    // until synchronize().
    virtual void upload(const Tensor& dst, const void* src) const = 0;
    virtual void download(void* dst, const Tensor& src) const = 0;
    // Waits until every op called so far has finished.
    virtual void synchronize() const = 0;
    // Weights these ops read faster in a layout of their own (the CPU's
    // packed row groups), prepared at load: packedBytes(w) is the size of
    // w's repacked copy (0: the ops read `w` as stored, the default);
    // allocateWeights gives memory for such copies (written once, then
    // streamed by every pass); packWeight writes w's copy to `dst`, inside
    // such memory, and points w.packed at it.
    virtual size_t packedBytes(const Tensor& w) const
    {
        (void)w;
        return 0;
    }
    virtual std::unique_ptr<Buffer> allocateWeights(size_t bytes, Reasons& why) const { return allocate(bytes, why); }
    virtual void packWeight(Tensor& w, void* dst) const
    {
        (void)w;
        (void)dst;
    }

    // y (tokens x w.rows) = x (tokens x w.cols) * W^T, dequantization fused.
    virtual void matmul(const Tensor& w, const Tensor& x, const Tensor& y) const = 0;
    // out[r] = x[r] / rms(x[r]) * weight for every row (weight: one row of x.cols).
    virtual void rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const = 0;
    // Rotary embedding (RopeParams) of every head (headDim values) of every row
    // of x; row t is at position positions[t] (I32, one per row).
    virtual void rope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const = 0;
    // gate[i] = silu(gate[i]) * up[i]
    virtual void siluMul(const Tensor& gate, const Tensor& up) const = 0;
    // gate[i] = gelu(gate[i]) * up[i], GELU in its tanh form (Gemma's FFN):
    // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
    virtual void geluMul(const Tensor& gate, const Tensor& up) const = 0;
    // x[i] *= factor (Gemma scales its embeddings by sqrt(dim)).
    virtual void scale(const Tensor& x, float factor) const = 0;
    // x[i] = cap * tanh(x[i] / cap) (Gemma 2's final logit soft-capping).
    virtual void softcap(const Tensor& x, float cap) const = 0;
    // Each row in place.
    virtual void softmax(const Tensor& x) const = 0;
    // x[r][i] += bias[i] (bias: one row of x.cols).
    virtual void addBias(const Tensor& x, const Tensor& bias) const = 0;
    // acc[i] += x[i] (the residual add).
    virtual void add(const Tensor& acc, const Tensor& x) const = 0;
    // dst = src (row selection, e.g. the rows whose logits are wanted).
    virtual void copyRows(const Tensor& dst, const Tensor& src) const = 0;
    // out (ids.rows x table.cols) = rows ids[t] of table, dequantized. An id
    // outside [0, table.rows) gives a row of zeros: a device holding a slice of
    // the vocabulary embeds the tokens it holds, and an all-reduce adds the rest.
    virtual void embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const = 0;
    // Causal grouped-query attention. q, out: (tokens, heads x headDim).
    // keys / values: (positions, kvHeads x headDim) F32, rows 0..positions[t]
    // valid for token t. Scores scaled by 1/sqrt(headDim).
    virtual void attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                           const Tensor& values, const AttentionShape& shape) const = 0;
    // Encodes the rows of src (F32, kvHeads x headDim each) into positions
    // startPos.. of a cache (kernels/api/kv.h).
    virtual void kvWrite(const KvRows& dst, int64_t startPos, const Tensor& src) const = 0;
    // Decodes positions [0, dst.rows) of a cache into dst (F32).
    virtual void kvRead(const KvRows& src, const Tensor& dst) const = 0;
    // attention() over a cache, read in place: bit-identical to attention()
    // over the decoded rows.
    virtual void attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const KvRows& keys,
                                 const KvRows& values, const AttentionShape& shape) const = 0;
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
void matmul(const Tensor& w, const float* x, int64_t nTokens, float* y);
void rmsnorm(float* out, const float* x, const float* weight, int64_t n, float eps);
// Rotary embedding (RopeParams) of the heads of one token at `pos`.
void rope(float* x, int64_t nHeads, int64_t headDim, int64_t pos, const RopeParams& params);
void softmax(float* x, int64_t n);
// gate[i] = silu(gate[i]) * up[i]
void siluMul(float* gate, const float* up, int64_t n);
float gelu(float x);  // tanh form
void geluMul(float* gate, const float* up, int64_t n);

}  // namespace ref

}  // namespace kernels
