#pragma once
// Calls of the kernels::Ops interface on plain host arrays: each wraps the
// arrays in host tensors (kernels::Tensor::host) and calls the op through the
// one interface, then synchronises. For tests and benchmarks that prepare
// their inputs as std::vectors; the model itself passes workspace tensors.
#include <cstdint>

#include "kernels/api/ops.h"

namespace testing {

using kernels::Ops;
using kernels::Tensor;

inline void matmul(const Ops& ops, const Tensor& w, const float* x, int64_t tokens, float* y)
{
    ops.matmul(w, Tensor::host(x, tokens, w.cols), Tensor::host(y, tokens, w.rows));
    ops.synchronize();
}

inline void rmsnorm(const Ops& ops, float* out, const float* x, const float* weight, int64_t rows, int64_t n, float eps)
{
    ops.rmsnorm(Tensor::host(out, rows, n), Tensor::host(x, rows, n), Tensor::host(weight, 1, n), eps);
    ops.synchronize();
}

inline void rope(const Ops& ops, float* x, int64_t tokens, int64_t heads, int64_t headDim, const int32_t* positions,
                 const kernels::RopeParams& params)
{
    ops.rope(Tensor::host(x, tokens, heads * headDim), headDim, Tensor::host(positions, tokens, 1), params);
    ops.synchronize();
}

// Adjacent pairs, plain frequencies (llama2.c, GGUF `llama` without rope_freqs).
inline void ropeAdjacent(const Ops& ops, float* x, int64_t tokens, int64_t heads, int64_t headDim, int64_t rotDim,
                         const int32_t* positions, float freqBase)
{
    kernels::RopeParams params;
    params.rotDim = rotDim;
    params.freqBase = freqBase;
    rope(ops, x, tokens, heads, headDim, positions, params);
}

inline void siluMul(const Ops& ops, float* gate, const float* up, int64_t n)
{
    ops.siluMul(Tensor::host(gate, 1, n), Tensor::host(up, 1, n));
    ops.synchronize();
}

inline void softmax(const Ops& ops, float* x, int64_t n)
{
    ops.softmax(Tensor::host(x, 1, n));
    ops.synchronize();
}

inline void addBias(const Ops& ops, float* x, const float* bias, int64_t rows, int64_t n)
{
    ops.addBias(Tensor::host(x, rows, n), Tensor::host(bias, 1, n));
    ops.synchronize();
}

inline void add(const Ops& ops, float* acc, const float* x, int64_t n)
{
    ops.add(Tensor::host(acc, 1, n), Tensor::host(x, 1, n));
    ops.synchronize();
}

inline void copyRows(const Ops& ops, float* dst, const float* src, int64_t n)
{
    ops.copyRows(Tensor::host(dst, 1, n), Tensor::host(src, 1, n));
    ops.synchronize();
}

inline void embedRows(const Ops& ops, const Tensor& table, const int32_t* ids, int64_t tokens, float* out)
{
    ops.embedRows(table, Tensor::host(ids, tokens, 1), Tensor::host(out, tokens, table.cols));
    ops.synchronize();
}

// keys / values: rows 0..max(positions) of kvHeads x headDim.
inline void attention(const Ops& ops, float* out, const float* q, int64_t tokens, const int32_t* positions,
                      const float* keys, const float* values, int64_t heads, int64_t kvHeads, int64_t headDim)
{
    int64_t len = 0;
    for (int64_t t = 0; t < tokens; ++t) len = positions[t] + 1 > len ? positions[t] + 1 : len;
    const int64_t width = kvHeads * headDim;
    ops.attention(Tensor::host(out, tokens, heads * headDim), Tensor::host(q, tokens, heads * headDim),
                  Tensor::host(positions, tokens, 1), Tensor::host(keys, len, width), Tensor::host(values, len, width),
                  {heads, kvHeads, headDim});
    ops.synchronize();
}

inline void kvWrite(const Ops& ops, const kernels::KvRows& dst, int64_t startPos, int64_t n, const float* src)
{
    ops.kvWrite(dst, startPos, Tensor::host(src, n, dst.kvHeads * dst.headDim));
    ops.synchronize();
}

inline void kvRead(const Ops& ops, const kernels::KvRows& src, int64_t n, float* dst)
{
    ops.kvRead(src, Tensor::host(dst, n, src.kvHeads * src.headDim));
    ops.synchronize();
}

inline void attentionCached(const Ops& ops, float* out, const float* q, int64_t tokens, const int32_t* positions,
                            const kernels::KvRows& keys, const kernels::KvRows& values, int64_t heads,
                            int64_t kvHeads, int64_t headDim)
{
    ops.attentionCached(Tensor::host(out, tokens, heads * headDim), Tensor::host(q, tokens, heads * headDim),
                        Tensor::host(positions, tokens, 1), keys, values, {heads, kvHeads, headDim});
    ops.synchronize();
}

}  // namespace testing
