// Row-wise and elementwise kernels: RMSNorm, the gated activations, scaling,
// soft-capping, softmax, bias and residual adds, and the embedding lookup.
// Each mirrors its scalar reference in kernels/ref/ops_ref.cc.
#include "kernels/cuda/dequant.cuh"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/reduce.cuh"

namespace kernels::cuda {

namespace {

constexpr int kRowThreads = 256;
constexpr int kThreads = 256;

__global__ void rmsnormKernel(float* out, const float* x, const float* weight, int64_t n, float eps)
{
    __shared__ float scratch[32];
    const float* xr = x + blockIdx.x * n;
    float* orow = out + blockIdx.x * n;
    float ss = 0.0f;
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x) ss += xr[i] * xr[i];
    ss = blockReduce<false>(ss, scratch);
    const float scale = 1.0f / sqrtf(ss / static_cast<float>(n) + eps);
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x) orow[i] = weight[i] * (scale * xr[i]);
}

__global__ void gateKernel(Gate gate, float* g, const float* up, int64_t n)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const float v = g[i];
    if (gate == Gate::Silu) {
        g[i] = v / (1.0f + expf(-v)) * up[i];
    } else {
        constexpr float kSqrt2OverPi = 0.7978845608028654f;
        g[i] = 0.5f * v * (1.0f + tanhf(kSqrt2OverPi * (v + 0.044715f * v * v * v))) * up[i];
    }
}

__global__ void scaleKernel(float* x, int64_t n, float factor)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= factor;
}

__global__ void softcapKernel(float* x, int64_t n, float cap)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) x[i] = cap * tanhf(x[i] / cap);
}

__global__ void softmaxKernel(float* x, int64_t n)
{
    __shared__ float scratch[32];
    float* row = x + blockIdx.x * n;
    float m = -INFINITY;
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x) m = fmaxf(m, row[i]);
    m = blockReduce<true>(m, scratch);
    float sum = 0.0f;
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
        const float e = expf(row[i] - m);
        row[i] = e;
        sum += e;
    }
    sum = blockReduce<false>(sum, scratch);
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x) row[i] /= sum;
}

__global__ void addBiasKernel(float* x, const float* bias, int64_t rows, int64_t n)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < rows * n) x[i] += bias[i % n];
}

__global__ void addKernel(float* acc, const float* x, int64_t n)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) acc[i] += x[i];
}

template <DType T>
__global__ void embedKernel(WeightView table, const int32_t* ids, int64_t tokens, float* out)
{
    const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= tokens * table.cols) return;
    const int64_t t = i / table.cols, col = i % table.cols;
    const int32_t id = ids[t];
    if (id < 0 || id >= table.rows) {
        out[i] = 0.0f;
        return;
    }
    constexpr ChunkLayout L = chunkLayout(T);
    constexpr int chunksPerBlock = L.valuesPerBlock / 32;
    const int64_t k = col / 32;
    const uint8_t* block = table.data + id * table.rowBytes + (k / chunksPerBlock) * L.blockBytes;
    out[i] = chunkValue<T>(block, static_cast<int>(k % chunksPerBlock), static_cast<int>(col % 32));
}

}  // namespace

void launchRmsnorm(float* out, const float* x, const float* weight, int64_t rows, int64_t n, float eps,
                   cudaStream_t stream)
{
    if (rows > 0) rmsnormKernel<<<static_cast<unsigned>(rows), kRowThreads, 0, stream>>>(out, x, weight, n, eps);
}

void launchGateMul(Gate gate, float* g, const float* up, int64_t n, cudaStream_t stream)
{
    if (n > 0) gateKernel<<<gridFor(n, kThreads), kThreads, 0, stream>>>(gate, g, up, n);
}

void launchScale(float* x, int64_t n, float factor, cudaStream_t stream)
{
    if (n > 0) scaleKernel<<<gridFor(n, kThreads), kThreads, 0, stream>>>(x, n, factor);
}

void launchSoftcap(float* x, int64_t n, float cap, cudaStream_t stream)
{
    if (n > 0) softcapKernel<<<gridFor(n, kThreads), kThreads, 0, stream>>>(x, n, cap);
}

void launchSoftmax(float* x, int64_t rows, int64_t n, cudaStream_t stream)
{
    if (rows > 0 && n > 0) softmaxKernel<<<static_cast<unsigned>(rows), kRowThreads, 0, stream>>>(x, n);
}

void launchAddBias(float* x, const float* bias, int64_t rows, int64_t n, cudaStream_t stream)
{
    if (rows * n > 0) addBiasKernel<<<gridFor(rows * n, kThreads), kThreads, 0, stream>>>(x, bias, rows, n);
}

void launchAdd(float* acc, const float* x, int64_t n, cudaStream_t stream)
{
    if (n > 0) addKernel<<<gridFor(n, kThreads), kThreads, 0, stream>>>(acc, x, n);
}

void launchEmbed(const WeightView& table, const int32_t* ids, int64_t tokens, float* out, cudaStream_t stream)
{
    const int64_t n = tokens * table.cols;
    if (n == 0) return;
    dispatchType(table.type,
                 [&]<DType T>() { embedKernel<T><<<gridFor(n, kThreads), kThreads, 0, stream>>>(table, ids, tokens, out); });
}

}  // namespace kernels::cuda
