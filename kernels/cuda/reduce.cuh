#pragma once
// Block-wide reductions in one fixed order (warp butterflies, then the warps'
// results by the first warp), so a row's result never depends on timing.
namespace kernels::cuda {

__device__ __forceinline__ float warpSum(float v)
{
    for (int offset = 16; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ float warpMax(float v)
{
    for (int offset = 16; offset > 0; offset /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

// Every thread of the block gets the result; blockDim.x a multiple of 32, at
// most 1024. `scratch` holds 32 floats of shared memory.
template <bool Max>
__device__ float blockReduce(float v, float* scratch)
{
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    v = Max ? warpMax(v) : warpSum(v);
    __syncthreads();  // scratch may still be read by a previous reduction
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < warps ? scratch[lane] : (Max ? -INFINITY : 0.0f);
        w = Max ? warpMax(w) : warpSum(w);
        if (lane == 0) scratch[0] = w;
    }
    __syncthreads();
    return scratch[0];
}

}  // namespace kernels::cuda
