#pragma once
// CudaOps: the model's ops on one CUDA GPU, queued in order on a stream of
// their own. Tensors live in the GPU's memory (buffers from allocate());
// every call is checked like the host backends' (OpChecks) before a kernel
// is queued, and a failed launch or a fault found at synchronize() throws
// std::runtime_error naming the device, which the model reports as a failed
// forward pass.
//
// Matmul: batches of up to kGemvMaxTokens rows run the fused-dequantization
// GEMV (one reduction order per row whatever the batch); larger batches run
// cuBLAS: SGEMM on F32 and BF16 weights (BF16 dequantized to F32 tiles), and
// half-precision GEMM with FP32 accumulation on F16 weights (read in place)
// and block-quantized weights (dequantized to F16 tiles).
#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <memory>
#include <mutex>

#include "kernels/api/op_checks.h"
#include "kernels/api/ops.h"
#include "kernels/cuda/cuda_device.h"

namespace kernels::cuda {

class CudaOps final : public Ops {
public:
    // nullptr with the reason when the stream or the cuBLAS handle cannot be made.
    static std::unique_ptr<CudaOps> create(CudaDevice& device, Reasons& why);
    ~CudaOps() override;

    const char* name() const override { return "cuda"; }
    DeviceKind deviceKind() const override { return DeviceKind::Cuda; }
    std::string deviceId() const override { return m_device.id(); }
    MemoryInfo memory() const override { return m_device.memory(); }
    std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) const override;
    void upload(const Tensor& dst, const void* src) const override;
    void download(void* dst, const Tensor& src) const override;
    void synchronize() const override;

    void matmul(const Tensor& w, const Tensor& x, const Tensor& y) const override;
    void rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const override;
    void rope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const override;
    void siluMul(const Tensor& gate, const Tensor& up) const override;
    void geluMul(const Tensor& gate, const Tensor& up) const override;
    void scale(const Tensor& x, float factor) const override;
    void softcap(const Tensor& x, float cap) const override;
    void softmax(const Tensor& x) const override;
    void addBias(const Tensor& x, const Tensor& bias) const override;
    void add(const Tensor& acc, const Tensor& x) const override;
    void copyRows(const Tensor& dst, const Tensor& src) const override;
    void embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const override;
    void attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                   const Tensor& values, const AttentionShape& shape) const override;
    void kvWrite(const KvRows& dst, int64_t startPos, const Tensor& src) const override;
    void kvRead(const KvRows& src, const Tensor& dst) const override;
    void attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const KvRows& keys,
                         const KvRows& values, const AttentionShape& shape) const override;

private:
    CudaOps(CudaDevice& device, cudaStream_t stream, cublasHandle_t cublas);

    // Throws when the last launch (or an earlier asynchronous fault) failed.
    void checkLaunch(const char* op) const;
    // Device scratch of at least `bytes` (grown on demand, kept for later calls).
    void* scratch(size_t bytes) const;
    void gemm(const Tensor& w, const Tensor& x, const Tensor& y) const;
    void requireWeight(const char* op, const Tensor& w) const;

    CudaDevice& m_device;
    cudaStream_t m_stream;
    cublasHandle_t m_cublas;
    OpChecks m_checks{DeviceKind::Cuda};
    mutable std::mutex m_scratchMutex;
    mutable std::unique_ptr<Buffer> m_scratch;
};

}  // namespace kernels::cuda
