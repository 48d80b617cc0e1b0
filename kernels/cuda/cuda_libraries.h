#pragma once
// Thin wrappers over the CUDA runtime and the NVIDIA libraries the backend
// links (cuBLAS, NCCL, CUPTI): error text and version strings. None of these
// calls needs a GPU or a driver.
#include <cuda_runtime_api.h>

#include <string>

namespace kernels::cuda {

// "cudaErrorNoDevice: no CUDA-capable device is detected"
std::string errorText(cudaError_t error);

// A version packed as major*1000 + minor*10 (CUDA style) as "13.0"; "none" for 0.
std::string cudaVersionString(int packed);

std::string runtimeVersion();  // cudaRuntimeGetVersion
std::string driverVersion();   // cudaDriverGetVersion: the newest CUDA the driver supports; "none"
std::string cublasVersion();   // cublasGetProperty, e.g. "13.1.0"
std::string ncclVersion();     // ncclGetVersion, e.g. "2.28.9"
std::string cuptiVersion();    // cuptiGetVersion: the CUPTI API version, e.g. "130001"

// Makes `device` current for this thread and restores the previous one on exit.
class DeviceGuard {
public:
    explicit DeviceGuard(int device);
    ~DeviceGuard();
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;

    cudaError_t status() const { return m_status; }  // result of cudaSetDevice

private:
    int m_previous = -1;
    cudaError_t m_status = cudaSuccess;
};

}  // namespace kernels::cuda
