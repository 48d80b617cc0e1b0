#pragma once
// HostOps: the Ops of a backend that computes in host memory (the scalar
// reference, the CPU SIMD backend). It checks every call's tensors (on the
// host, shapes that agree) in one place and hands the backend plain pointers
// and sizes; the backend implements the `host*` methods. Work finishes before
// a call returns, so synchronize() has nothing to wait for.
#include "kernels/api/ops.h"

namespace kernels {

class HostOps : public Ops {
public:
    DeviceKind deviceKind() const final { return DeviceKind::Cpu; }
    std::string deviceId() const final;
    MemoryInfo memory() const final;
    std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) const final;
    void upload(const Tensor& dst, const void* src) const final;
    void download(void* dst, const Tensor& src) const final;
    void synchronize() const final {}

    void matmul(const Tensor& w, const Tensor& x, const Tensor& y) const final;
    void rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const final;
    void rope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const final;
    void siluMul(const Tensor& gate, const Tensor& up) const final;
    void geluMul(const Tensor& gate, const Tensor& up) const final;
    void scale(const Tensor& x, float factor) const final;
    void softcap(const Tensor& x, float cap) const final;
    void softmax(const Tensor& x) const final;
    void addBias(const Tensor& x, const Tensor& bias) const final;
    void add(const Tensor& acc, const Tensor& x) const final;
    void copyRows(const Tensor& dst, const Tensor& src) const final;
    void embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const final;
    void attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                   const Tensor& values, const AttentionShape& shape) const final;
    void kvWrite(const KvRows& dst, int64_t startPos, const Tensor& src) const final;
    void kvRead(const KvRows& src, const Tensor& dst) const final;
    void attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const KvRows& keys,
                         const KvRows& values, const AttentionShape& shape) const final;

protected:
    // The backend's kernels, on checked host memory. Row-wise ops get the
    // number of rows and the row length; everything is contiguous except the
    // weight of a matmul / embedding (a view with its own row stride).
    virtual void hostMatmul(const Tensor& w, const float* x, int64_t nTokens, float* y) const = 0;
    virtual void hostRmsnorm(float* out, const float* x, const float* weight, int64_t nRows, int64_t n,
                             float eps) const = 0;
    virtual void hostRope(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, const int32_t* positions,
                          const RopeParams& params) const = 0;
    virtual void hostSiluMul(float* gate, const float* up, int64_t n) const = 0;
    virtual void hostGeluMul(float* gate, const float* up, int64_t n) const;
    virtual void hostSoftmax(float* x, int64_t n) const = 0;
    virtual void hostAttention(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                               const float* keys, const float* values, const AttentionShape& shape) const = 0;
    // Defaults shared by the host backends; a backend may read the cache in
    // place instead (the default decodes the prefix and calls hostAttention).
    virtual void hostAttentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                                     const KvRows& keys, const KvRows& values, const AttentionShape& shape) const;
    virtual void hostAddBias(float* x, const float* bias, int64_t nRows, int64_t n) const;
    virtual void hostAdd(float* acc, const float* x, int64_t n) const;
    virtual void hostEmbedRows(const Tensor& table, const int32_t* ids, int64_t nTokens, float* out) const;
};

}  // namespace kernels
