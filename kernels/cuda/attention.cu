// Causal grouped-query attention, for prefill and decode, over F32 rows of
// this pass or over a KV cache read in place (any format, paged through the
// block table). One thread block per (token, query head) walks the visible
// positions in chunks of kChunk with an online softmax: each chunk's scores
// are formed one per thread, the running max and sum rescale what was
// accumulated, and each thread accumulates its dimensions of the weighted
// values. The order of every sum is fixed, so results do not vary run to run.
#include "kernels/cuda/kv_rows.cuh"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/reduce.cuh"

namespace kernels::cuda {

namespace {

constexpr int kChunk = 128;          // positions per step = threads per block
constexpr int kMaxDimsPerThread = 4;  // head sizes up to 512

struct DenseRows {
    const float* keys;
    const float* values;
    int64_t stride;
    int64_t headDim;
    __device__ float key(int64_t p, int64_t h, int64_t d) const { return keys[p * stride + h * headDim + d]; }
    __device__ float value(int64_t p, int64_t h, int64_t d) const { return values[p * stride + h * headDim + d]; }
};

struct CachedRows {
    KvRows keys;
    KvRows values;
    __device__ float key(int64_t p, int64_t h, int64_t d) const { return kvValue(keys, kvRow(keys, p), h, d); }
    __device__ float value(int64_t p, int64_t h, int64_t d) const { return kvValue(values, kvRow(values, p), h, d); }
};

template <typename Rows>
__global__ void attentionKernel(float* out, const float* q, const int32_t* positions, Rows rows, AttentionArgs a)
{
    extern __shared__ float shared[];
    float* qh = shared;              // headDim
    float* weights = shared + a.headDim;  // kChunk
    __shared__ float scratch[32];
    const int64_t h = blockIdx.x, t = blockIdx.y;
    const int64_t kvh = h / (a.heads / a.kvHeads);
    const int64_t pos = positions[t];
    const int64_t first = a.window > 0 && pos - a.window + 1 > 0 ? pos - a.window + 1 : 0;
    for (int64_t d = threadIdx.x; d < a.headDim; d += blockDim.x) qh[d] = q[(t * a.heads + h) * a.headDim + d];
    __syncthreads();

    float acc[kMaxDimsPerThread] = {};
    float runningMax = -INFINITY, runningSum = 0.0f;
    for (int64_t start = first; start <= pos; start += kChunk) {
        const int64_t p = start + threadIdx.x;
        float score = -INFINITY;
        if (p <= pos) {
            float dot = 0.0f;
            for (int64_t d = 0; d < a.headDim; ++d) dot += qh[d] * rows.key(p, kvh, d);
            score = dot * a.scale;
            if (a.softcap > 0.0f) score = a.softcap * tanhf(score / a.softcap);
        }
        const float newMax = fmaxf(runningMax, blockReduce<true>(score, scratch));
        const float rescale = runningMax == -INFINITY ? 0.0f : expf(runningMax - newMax);
        const float e = p <= pos ? expf(score - newMax) : 0.0f;
        weights[threadIdx.x] = e;
        runningSum = runningSum * rescale + blockReduce<false>(e, scratch);  // syncs: weights are visible
        runningMax = newMax;
        const int64_t n = pos - start + 1 < kChunk ? pos - start + 1 : kChunk;
        for (int k = 0; k < kMaxDimsPerThread; ++k) {
            const int64_t d = threadIdx.x + static_cast<int64_t>(k) * blockDim.x;
            if (d >= a.headDim) break;
            float sum = 0.0f;
            for (int64_t i = 0; i < n; ++i) sum += weights[i] * rows.value(start + i, kvh, d);
            acc[k] = acc[k] * rescale + sum;
        }
        __syncthreads();  // weights are rewritten by the next chunk
    }
    for (int k = 0; k < kMaxDimsPerThread; ++k) {
        const int64_t d = threadIdx.x + static_cast<int64_t>(k) * blockDim.x;
        if (d >= a.headDim) break;
        out[(t * a.heads + h) * a.headDim + d] = acc[k] / runningSum;
    }
}

template <typename Rows>
void launch(float* out, const float* q, int64_t tokens, const int32_t* positions, const Rows& rows,
            const AttentionArgs& args, cudaStream_t stream)
{
    if (tokens <= 0) return;
    const dim3 grid(static_cast<unsigned>(args.heads), static_cast<unsigned>(tokens));
    const size_t shared = static_cast<size_t>(args.headDim + kChunk) * sizeof(float);
    attentionKernel<Rows><<<grid, kChunk, shared, stream>>>(out, q, positions, rows, args);
}

}  // namespace

int64_t maxAttentionHeadDim()
{
    return static_cast<int64_t>(kChunk) * kMaxDimsPerThread;
}

void launchAttention(float* out, const float* q, int64_t tokens, const int32_t* positions, const float* keys,
                     const float* values, int64_t kvStride, const AttentionArgs& args, cudaStream_t stream)
{
    launch(out, q, tokens, positions, DenseRows{keys, values, kvStride, args.headDim}, args, stream);
}

void launchAttentionCached(float* out, const float* q, int64_t tokens, const int32_t* positions, const KvRows& keys,
                           const KvRows& values, const AttentionArgs& args, cudaStream_t stream)
{
    launch(out, q, tokens, positions, CachedRows{keys, values}, args, stream);
}

}  // namespace kernels::cuda
