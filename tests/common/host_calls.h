#pragma once
// Calls of the kernels::Ops interface on plain host arrays, for tests and
// benchmarks that prepare their inputs as std::vectors. Each call stages its
// operands on the ops' device (allocate, upload), runs the op through the one
// interface, synchronises and downloads the outputs back into the arrays, so
// the same test runs every registered device's ops, wherever their memory is.
// (The model itself passes tensors of its device workspace.)
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/api/ops.h"

namespace testing {

using kernels::Ops;
using kernels::Tensor;

// Device copies of host tensors for one call; outputs go back on finish().
class Stage {
public:
    explicit Stage(const Ops& ops) : m_ops(ops) {}
    ~Stage() noexcept(false) { finish(); }

    // A device copy of `host` (every byte its rows span), with the same strides.
    Tensor in(const Tensor& host)
    {
        if (host.empty()) return host;
        const uint64_t bytes = host.rows > 0 ? (host.rows - 1) * host.rowBytes + kernels::bytesFor(host.type, host.cols) : 0;
        kernels::Reasons why;
        m_buffers.push_back(m_ops.allocate(bytes, why));
        if (!m_buffers.back()) throw std::runtime_error("cannot stage " + kernels::describeTensor(host));
        const kernels::Buffer& b = *m_buffers.back();
        m_ops.upload(Tensor{kernels::DType::I8, b.data(), 1, int64_t(bytes), bytes, &b}, host.data);
        Tensor t = host;
        t.data = b.data();
        t.buffer = &b;
        return t;
    }
    // As in(), and copied back into `host` by finish().
    Tensor out(const Tensor& host)
    {
        const Tensor t = in(host);
        m_outs.push_back({t, const_cast<void*>(host.data)});
        return t;
    }
    void finish()
    {
        m_ops.synchronize();
        for (const auto& [device, host] : m_outs) m_ops.download(host, device);
        m_ops.synchronize();
        m_outs.clear();
    }

private:
    const Ops& m_ops;
    std::vector<std::unique_ptr<kernels::Buffer>> m_buffers;
    std::vector<std::pair<Tensor, void*>> m_outs;
};

inline void matmul(const Ops& ops, const Tensor& w, const float* x, int64_t tokens, float* y)
{
    Stage st(ops);
    ops.matmul(st.in(w), st.in(Tensor::host(x, tokens, w.cols)), st.out(Tensor::host(y, tokens, w.rows)));
}

inline void rmsnorm(const Ops& ops, float* out, const float* x, const float* weight, int64_t rows, int64_t n, float eps)
{
    Stage st(ops);
    ops.rmsnorm(st.out(Tensor::host(out, rows, n)), st.in(Tensor::host(x, rows, n)), st.in(Tensor::host(weight, 1, n)),
                eps);
}

inline void rope(const Ops& ops, float* x, int64_t tokens, int64_t heads, int64_t headDim, const int32_t* positions,
                 kernels::RopeParams params)
{
    Stage st(ops);
    params.factors = st.in(params.factors);
    ops.rope(st.out(Tensor::host(x, tokens, heads * headDim)), headDim, st.in(Tensor::host(positions, tokens, 1)),
             params);
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
    Stage st(ops);
    ops.siluMul(st.out(Tensor::host(gate, 1, n)), st.in(Tensor::host(up, 1, n)));
}

inline void softmax(const Ops& ops, float* x, int64_t n)
{
    Stage st(ops);
    ops.softmax(st.out(Tensor::host(x, 1, n)));
}

inline void addBias(const Ops& ops, float* x, const float* bias, int64_t rows, int64_t n)
{
    Stage st(ops);
    ops.addBias(st.out(Tensor::host(x, rows, n)), st.in(Tensor::host(bias, 1, n)));
}

inline void add(const Ops& ops, float* acc, const float* x, int64_t n)
{
    Stage st(ops);
    ops.add(st.out(Tensor::host(acc, 1, n)), st.in(Tensor::host(x, 1, n)));
}

inline void copyRows(const Ops& ops, float* dst, const float* src, int64_t n)
{
    Stage st(ops);
    ops.copyRows(st.out(Tensor::host(dst, 1, n)), st.in(Tensor::host(src, 1, n)));
}

inline void embedRows(const Ops& ops, const Tensor& table, const int32_t* ids, int64_t tokens, float* out)
{
    Stage st(ops);
    ops.embedRows(st.in(table), st.in(Tensor::host(ids, tokens, 1)), st.out(Tensor::host(out, tokens, table.cols)));
}

// keys / values: rows 0..max(positions) of kvHeads x headDim.
inline void attention(const Ops& ops, float* out, const float* q, int64_t tokens, const int32_t* positions,
                      const float* keys, const float* values, int64_t heads, int64_t kvHeads, int64_t headDim)
{
    int64_t len = 0;
    for (int64_t t = 0; t < tokens; ++t) len = positions[t] + 1 > len ? positions[t] + 1 : len;
    const int64_t width = kvHeads * headDim;
    Stage st(ops);
    ops.attention(st.out(Tensor::host(out, tokens, heads * headDim)), st.in(Tensor::host(q, tokens, heads * headDim)),
                  st.in(Tensor::host(positions, tokens, 1)), st.in(Tensor::host(keys, len, width)),
                  st.in(Tensor::host(values, len, width)), {heads, kvHeads, headDim});
}

// The cache rows must be where the ops read them (a KvStore made with these ops).
inline void kvWrite(const Ops& ops, const kernels::KvRows& dst, int64_t startPos, int64_t n, const float* src)
{
    Stage st(ops);
    ops.kvWrite(dst, startPos, st.in(Tensor::host(src, n, dst.kvHeads * dst.headDim)));
}

inline void kvRead(const Ops& ops, const kernels::KvRows& src, int64_t n, float* dst)
{
    Stage st(ops);
    ops.kvRead(src, st.out(Tensor::host(dst, n, src.kvHeads * src.headDim)));
}

inline void attentionCached(const Ops& ops, float* out, const float* q, int64_t tokens, const int32_t* positions,
                            const kernels::KvRows& keys, const kernels::KvRows& values, int64_t heads,
                            int64_t kvHeads, int64_t headDim)
{
    Stage st(ops);
    ops.attentionCached(st.out(Tensor::host(out, tokens, heads * headDim)),
                        st.in(Tensor::host(q, tokens, heads * headDim)), st.in(Tensor::host(positions, tokens, 1)),
                        keys, values, {heads, kvHeads, headDim});
}

// The ops' own layout of a weight matrix, made as the model makes it at load
// (Ops::packWeight: the CPU's groups of eight interleaved rows,
// kernels/cpu/packed_rows.h); t.packed stays null where the ops read it as stored.
struct PackedMatrix {
    std::unique_ptr<kernels::Buffer> buffer;
    Tensor t;
};

inline PackedMatrix packedCopy(const Ops& ops, const Tensor& w)
{
    PackedMatrix p{nullptr, w};
    const size_t bytes = ops.packedBytes(w);
    if (bytes == 0) return p;
    kernels::Reasons why;
    p.buffer = ops.allocateWeights(bytes, why);
    if (p.buffer) ops.packWeight(p.t, p.buffer->data());
    return p;
}

}  // namespace testing
