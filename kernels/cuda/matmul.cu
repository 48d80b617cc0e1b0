// Matmul kernels: the fused-dequantization GEMV for small batches (decode),
// and the dequantization of weight tiles that the cuBLAS GEMM path (prefill)
// multiplies. See launch.h.
#include <cuda_fp16.h>

#include "kernels/cuda/dequant.cuh"
#include "kernels/cuda/launch.h"

namespace kernels::cuda {

namespace {

constexpr int kWarp = 32;
constexpr int kRowsPerBlock = 4;  // one warp per output row

// The bytes of chunk k (values 32k .. 32k+31) of a row, and its index in its block.
template <DType T>
__device__ __forceinline__ const uint8_t* chunkBlock(const uint8_t* row, int64_t k, int& c)
{
    constexpr ChunkLayout L = chunkLayout(T);
    constexpr int chunksPerBlock = L.valuesPerBlock / 32;
    c = static_cast<int>(k % chunksPerBlock);
    return row + (k / chunksPerBlock) * L.blockBytes;
}

// One warp per row r: lane l reduces chunks l, l + 32, ... in order, then the
// warp adds the lanes in a fixed butterfly. Each token's sum takes the same
// path whatever `tokens` is, so a row's result does not depend on the batch.
template <DType T>
__global__ void gemvKernel(WeightView w, const float* __restrict__ x, int64_t xStride, int tokens,
                           float* __restrict__ y, int64_t yStride)
{
    const int lane = threadIdx.x % kWarp;
    const int64_t r = static_cast<int64_t>(blockIdx.x) * kRowsPerBlock + threadIdx.x / kWarp;
    if (r >= w.rows) return;
    const uint8_t* row = w.data + r * w.rowBytes;
    const int64_t chunks = (w.cols + 31) / 32;
    float acc[kGemvMaxTokens];
#pragma unroll
    for (int t = 0; t < kGemvMaxTokens; ++t) acc[t] = 0.0f;
    for (int64_t k = lane; k < chunks; k += kWarp) {
        int c = 0;
        const uint8_t* block = chunkBlock<T>(row, k, c);
        const int64_t col0 = 32 * k;
        const int n = w.cols - col0 < 32 ? static_cast<int>(w.cols - col0) : 32;  // floats may end mid-chunk
        for (int i = 0; i < n; ++i) {
            const float v = chunkValue<T>(block, c, i);
#pragma unroll
            for (int t = 0; t < kGemvMaxTokens; ++t)
                if (t < tokens) acc[t] += v * x[t * xStride + col0 + i];
        }
    }
#pragma unroll
    for (int t = 0; t < kGemvMaxTokens; ++t) {
        float s = acc[t];
        for (int offset = kWarp / 2; offset > 0; offset /= 2) s += __shfl_xor_sync(0xffffffffu, s, offset);
        if (lane == 0 && t < tokens) y[t * yStride + r] = s;
    }
}

// One thread per value of rows [r0, r1).
template <DType T, typename Out>
__global__ void dequantKernel(WeightView w, int64_t r0, int64_t rows, Out* __restrict__ out)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= rows * w.cols) return;
    const int64_t r = i / w.cols, col = i % w.cols;
    int c = 0;
    const uint8_t* block = chunkBlock<T>(w.data + (r0 + r) * w.rowBytes, col / 32, c);
    const float v = chunkValue<T>(block, c, static_cast<int>(col % 32));
    if constexpr (sizeof(Out) == 2) out[i] = __float2half_rn(v);
    else out[i] = v;
}

__global__ void toHalfKernel(const float* __restrict__ in, __half* __restrict__ out, int64_t n)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) out[i] = __float2half_rn(in[i]);
}

}  // namespace

bool decodesType(DType type)
{
    return chunkLayout(type).valuesPerBlock > 0;
}

void launchGemv(const WeightView& w, const float* x, int64_t xStride, int64_t tokens, float* y, int64_t yStride,
                cudaStream_t stream)
{
    if (w.rows == 0 || tokens == 0) return;
    dispatchType(w.type, [&]<DType T>() {
        gemvKernel<T><<<gridFor(w.rows, kRowsPerBlock), kRowsPerBlock * kWarp, 0, stream>>>(
            w, x, xStride, static_cast<int>(tokens), y, yStride);
    });
}

void launchDequantRows(const WeightView& w, int64_t r0, int64_t r1, void* out, bool toHalf, cudaStream_t stream)
{
    const int64_t n = (r1 - r0) * w.cols;
    if (n == 0) return;
    dispatchType(w.type, [&]<DType T>() {
        if (toHalf)
            dequantKernel<T><<<gridFor(n, 256), 256, 0, stream>>>(w, r0, r1 - r0, static_cast<__half*>(out));
        else
            dequantKernel<T><<<gridFor(n, 256), 256, 0, stream>>>(w, r0, r1 - r0, static_cast<float*>(out));
    });
}

void launchToHalf(const float* in, void* out, int64_t n, cudaStream_t stream)
{
    if (n > 0) toHalfKernel<<<gridFor(n, 256), 256, 0, stream>>>(in, static_cast<__half*>(out), n);
}

}  // namespace kernels::cuda
