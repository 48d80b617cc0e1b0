// The one kernel the CUPTI self-test traces: small, named, trivially checked.
#include <cuda_runtime_api.h>

namespace kernels::cuda {

namespace {

__global__ void cuptiSelfTestKernel(float* data, int n)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) data[i] = data[i] * 2.0f + 1.0f;
}

}  // namespace

cudaError_t launchSelfTestKernel(float* data, int n)
{
    cuptiSelfTestKernel<<<(n + 127) / 128, 128>>>(data, n);
    return cudaGetLastError();
}

const char* selfTestKernelName()
{
    return "cuptiSelfTestKernel";
}

}  // namespace kernels::cuda
