// Rotary embedding, and the KV cache's row encoder / decoder (the formats of
// kernels/api/kv.h, byte for byte as kernels/ref/kv_codec.cc writes them).
#include <cuda_fp16.h>

#include "kernels/cuda/kv_rows.cuh"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/reduce.cuh"

namespace kernels::cuda {

namespace {

constexpr int kThreads = 256;

// One thread per (token, head, pair j); the frequency as ropeFrequency() computes it.
__global__ void ropeKernel(float* x, int64_t tokens, int64_t heads, int64_t headDim, const int32_t* positions,
                           RopeArgs a)
{
    const int64_t half = a.rotDim / 2;
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= tokens * heads * half) return;
    const int64_t j = i % half, h = (i / half) % heads, t = i / (half * heads);
    float freq = 1.0f / powf(a.freqBase, static_cast<float>(2 * j) / static_cast<float>(a.rotDim));
    freq = freq * a.freqScale / (a.factors ? a.factors[j] : 1.0f);
    const float angle = static_cast<float>(positions[t]) * freq;
    const float c = cosf(angle), s = sinf(angle);
    float* head = x + (t * heads + h) * headDim;
    const int64_t i0 = a.halfSplit ? j : 2 * j, i1 = a.halfSplit ? j + half : 2 * j + 1;
    const float u = head[i0], v = head[i1];
    head[i0] = u * c - v * s;
    head[i1] = u * s + v * c;
}

// One block per (row, kv head): int8 needs the head's max |x| first.
__global__ void kvWriteKernel(KvRows dst, int64_t startPos, const float* src)
{
    __shared__ float scratch[32];
    const int64_t t = blockIdx.x, h = blockIdx.y, n = dst.kvHeads * dst.headDim;
    const float* x = src + t * n + h * dst.headDim;
    uint8_t* row = kvRow(dst, startPos + t);
    if (dst.format == KvFormat::F32) {
        float* out = reinterpret_cast<float*>(row) + h * dst.headDim;
        for (int64_t d = threadIdx.x; d < dst.headDim; d += blockDim.x) out[d] = x[d];
        return;
    }
    if (dst.format == KvFormat::F16) {
        __half* out = reinterpret_cast<__half*>(row) + h * dst.headDim;
        for (int64_t d = threadIdx.x; d < dst.headDim; d += blockDim.x) out[d] = __float2half_rn(x[d]);
        return;
    }
    float amax = 0.0f;
    for (int64_t d = threadIdx.x; d < dst.headDim; d += blockDim.x) amax = fmaxf(amax, fabsf(x[d]));
    amax = blockReduce<true>(amax, scratch);
    const float scale = amax / 127.0f;
    const float inv = scale > 0.0f ? 1.0f / scale : 0.0f;
    auto* codes = reinterpret_cast<int8_t*>(row) + h * dst.headDim;
    for (int64_t d = threadIdx.x; d < dst.headDim; d += blockDim.x)
        codes[d] = static_cast<int8_t>(fminf(fmaxf(rintf(x[d] * inv), -127.0f), 127.0f));
    if (threadIdx.x == 0) memcpy(row + n + 4 * h, &scale, 4);
}

__global__ void kvReadKernel(KvRows src, float* dst, int64_t rows)
{
    const int64_t n = src.kvHeads * src.headDim;
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= rows * n) return;
    const int64_t p = i / n, h = (i % n) / src.headDim, d = i % src.headDim;
    dst[i] = kvValue(src, kvRow(src, p), h, d);
}

}  // namespace

void launchRope(float* x, int64_t tokens, int64_t heads, int64_t headDim, const int32_t* positions,
                const RopeArgs& args, cudaStream_t stream)
{
    const int64_t n = tokens * heads * (args.rotDim / 2);
    if (n > 0) ropeKernel<<<gridFor(n, kThreads), kThreads, 0, stream>>>(x, tokens, heads, headDim, positions, args);
}

void launchKvWrite(const KvRows& dst, int64_t startPos, const float* src, int64_t rows, cudaStream_t stream)
{
    if (rows <= 0) return;
    const dim3 grid(static_cast<unsigned>(rows), static_cast<unsigned>(dst.kvHeads));
    kvWriteKernel<<<grid, 128, 0, stream>>>(dst, startPos, src);
}

void launchKvRead(const KvRows& src, float* dst, int64_t rows, cudaStream_t stream)
{
    const int64_t n = rows * src.kvHeads * src.headDim;
    if (n > 0) kvReadKernel<<<gridFor(n, kThreads), kThreads, 0, stream>>>(src, dst, rows);
}

}  // namespace kernels::cuda
