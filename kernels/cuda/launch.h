#pragma once
// The CUDA kernels as the ops call them: plain device pointers and sizes,
// queued on a stream. One .cu file per op family implements these (matmul,
// elementwise, rope, kv, attention); CudaOps (cuda_ops.cc) checks the tensors
// and calls them. Every launch returns at once; errors surface at the next
// synchronisation (cudaGetLastError is checked after each launch by CudaOps).
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "kernels/api/dtype.h"
#include "kernels/api/kv.h"

namespace kernels::cuda {

// A weight matrix in device memory: `rows` rows of `cols` values of `type`,
// `rowBytes` apart (a column slice has a larger stride than its values).
struct WeightView {
    DType type = DType::F32;
    const uint8_t* data = nullptr;
    int64_t rows = 0;
    int64_t cols = 0;
    size_t rowBytes = 0;
};

// Blocks of `threads` threads covering n items, one thread each.
inline unsigned gridFor(int64_t n, int threads)
{
    return static_cast<unsigned>((n + threads - 1) / threads);
}

// Whether the matmul / embedding kernels decode `type` (dequant.cuh).
bool decodesType(DType type);

// The largest batch the GEMV kernel takes; larger batches go through cuBLAS.
inline constexpr int64_t kGemvMaxTokens = 8;

// y[t][r] = sum_c W[r][c] x[t][c] for tokens <= kGemvMaxTokens, dequantization
// fused, one fixed reduction order per row whatever the batch (x and y rows
// xStride / yStride floats apart).
void launchGemv(const WeightView& w, const float* x, int64_t xStride, int64_t tokens, float* y, int64_t yStride,
                cudaStream_t stream);
// Rows [r0, r1) of W as float (or half when `toHalf`) into `out`, row-major,
// cols values per row: the weight tile of a cuBLAS GEMM.
void launchDequantRows(const WeightView& w, int64_t r0, int64_t r1, void* out, bool toHalf, cudaStream_t stream);
// Converts n floats to half.
void launchToHalf(const float* in, void* out, int64_t n, cudaStream_t stream);

void launchRmsnorm(float* out, const float* x, const float* weight, int64_t rows, int64_t n, float eps,
                   cudaStream_t stream);
enum class Gate { Silu, Gelu };
void launchGateMul(Gate gate, float* g, const float* up, int64_t n, cudaStream_t stream);
void launchScale(float* x, int64_t n, float factor, cudaStream_t stream);
void launchSoftcap(float* x, int64_t n, float cap, cudaStream_t stream);
void launchSoftmax(float* x, int64_t rows, int64_t n, cudaStream_t stream);
void launchAddBias(float* x, const float* bias, int64_t rows, int64_t n, cudaStream_t stream);
void launchAdd(float* acc, const float* x, int64_t n, cudaStream_t stream);
// out row t = table row ids[t] as floats; zeros for an id outside [0, rows).
void launchEmbed(const WeightView& table, const int32_t* ids, int64_t tokens, float* out, cudaStream_t stream);

struct RopeArgs {
    int64_t rotDim = 0;
    float freqBase = 10000.0f;
    float freqScale = 1.0f;
    const float* factors = nullptr;  // rotDim / 2 values on the device, or nullptr
    bool halfSplit = false;
};
void launchRope(float* x, int64_t tokens, int64_t heads, int64_t headDim, const int32_t* positions,
                const RopeArgs& args, cudaStream_t stream);

void launchKvWrite(const KvRows& dst, int64_t startPos, const float* src, int64_t rows, cudaStream_t stream);
void launchKvRead(const KvRows& src, float* dst, int64_t rows, cudaStream_t stream);

struct AttentionArgs {
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t headDim = 0;
    float scale = 1.0f;    // the score scale, already resolved
    float softcap = 0.0f;  // 0: none
    int64_t window = 0;    // 0: none
};
// The largest head size the attention kernels take.
int64_t maxAttentionHeadDim();
// Over F32 key/value rows `kvStride` floats apart (position p at row p).
void launchAttention(float* out, const float* q, int64_t tokens, const int32_t* positions, const float* keys,
                     const float* values, int64_t kvStride, const AttentionArgs& args, cudaStream_t stream);
// Over a cache (kernels/api/kv.h) read in place; the block table on the device.
void launchAttentionCached(float* out, const float* q, int64_t tokens, const int32_t* positions, const KvRows& keys,
                           const KvRows& values, const AttentionArgs& args, cudaStream_t stream);

}  // namespace kernels::cuda
