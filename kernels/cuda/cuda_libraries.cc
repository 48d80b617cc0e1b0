#include "kernels/cuda/cuda_libraries.h"

#include <cublas_v2.h>
#include <cupti_version.h>
#include <nccl.h>

namespace kernels::cuda {

std::string errorText(cudaError_t error)
{
    return std::string(cudaGetErrorName(error)) + ": " + cudaGetErrorString(error);
}

std::string cudaVersionString(int packed)
{
    if (packed <= 0) return "none";
    return std::to_string(packed / 1000) + "." + std::to_string(packed % 1000 / 10);
}

std::string runtimeVersion()
{
    int v = 0;
    return cudaRuntimeGetVersion(&v) == cudaSuccess ? cudaVersionString(v) : "unknown";
}

std::string driverVersion()
{
    int v = 0;
    // Reports 0 (not an error) when no driver is installed.
    return cudaDriverGetVersion(&v) == cudaSuccess ? cudaVersionString(v) : "unknown";
}

std::string cublasVersion()
{
    int major = 0, minor = 0, patch = 0;
    if (cublasGetProperty(MAJOR_VERSION, &major) != CUBLAS_STATUS_SUCCESS ||
        cublasGetProperty(MINOR_VERSION, &minor) != CUBLAS_STATUS_SUCCESS ||
        cublasGetProperty(PATCH_LEVEL, &patch) != CUBLAS_STATUS_SUCCESS)
        return "unknown";
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string ncclVersion()
{
    int code = 0;
    if (ncclGetVersion(&code) != ncclSuccess || code <= 0) return "unknown";
    // Since NCCL 2.9 the code is major*10000 + minor*100 + patch; before, major*1000 + minor*100 + patch.
    const int majorBase = code >= 20900 ? 10000 : 1000;
    return std::to_string(code / majorBase) + "." + std::to_string(code % majorBase / 100) + "." +
           std::to_string(code % 100);
}

std::string cuptiVersion()
{
    uint32_t v = 0;
    return cuptiGetVersion(&v) == CUPTI_SUCCESS ? std::to_string(v) : "unknown";
}

DeviceGuard::DeviceGuard(int device)
{
    if (cudaGetDevice(&m_previous) != cudaSuccess) m_previous = -1;
    if (m_previous != device) m_status = cudaSetDevice(device);
}

DeviceGuard::~DeviceGuard()
{
    int current = -1;
    if (m_previous >= 0 && cudaGetDevice(&current) == cudaSuccess && current != m_previous)
        cudaSetDevice(m_previous);
}

}  // namespace kernels::cuda
