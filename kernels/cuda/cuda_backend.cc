#include "kernels/cuda/cuda_backend.h"

#include <cstdlib>

#include "kernels/cuda/cuda_device.h"
#include "kernels/cuda/cuda_libraries.h"
#include "kernels/cuda/cupti_tracer.h"
#include "kernels/cuda/launch.h"

namespace kernels::cuda {

namespace {

// The oldest architecture the build ships code for (CMAKE_CUDA_ARCHITECTURES 80-real;90).
constexpr int kMinCcMajor = 8;
constexpr int kMinCcMinor = 0;

// Why cudaGetDeviceCount failed, in words: the runtime folds "no driver at all"
// and "driver too old" into one error code, which the driver version separates.
std::string deviceCountFailure(cudaError_t error)
{
    const std::string detail = " (cudaGetDeviceCount returned " + errorText(error) + ")";
    if (error == cudaErrorInsufficientDriver) {
        int driver = 0;
        cudaDriverGetVersion(&driver);
        if (driver == 0)
            return "The CUDA driver was not found: libcuda.so.1 is not installed or could not be loaded" +
                   detail + ".";
        return "The CUDA driver supports CUDA " + cudaVersionString(driver) + " but this build needs CUDA " +
               runtimeVersion() + " or newer; update the NVIDIA driver" + detail + ".";
    }
    if (error == cudaErrorNoDevice) {
        std::string text = "The CUDA driver found no GPU";
        if (const char* visible = std::getenv("CUDA_VISIBLE_DEVICES"))
            text += " (CUDA_VISIBLE_DEVICES=\"" + std::string(visible) + "\")";
        return text + detail + ".";
    }
    return "CUDA could not be initialised" + detail + ".";
}

}  // namespace

std::string versionSummary()
{
    return "runtime " + runtimeVersion() + ", driver " + driverVersion() + ", cuBLAS " + cublasVersion() +
           ", NCCL " + ncclVersion() + ", CUPTI API " + cuptiVersion();
}

BackendProbe probeDevices()
{
    BackendProbe probe;
    probe.status.kind = DeviceKind::Cuda;
    probe.status.built = true;
    probe.status.versions = versionSummary();

    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        cudaGetLastError();  // do not leave the error for the next runtime call to report
        probe.status.reason = deviceCountFailure(err);
        return probe;
    }
    if (count == 0) {
        probe.status.reason = "The CUDA runtime reports zero devices.";
        return probe;
    }

    std::string skipped;
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp props{};
        const cudaError_t propErr = cudaGetDeviceProperties(&props, i);
        if (propErr != cudaSuccess) {
            cudaGetLastError();
            skipped += " Device " + std::to_string(i) + " failed (" + errorText(propErr) + ").";
            continue;
        }
        probe.devices.push_back(std::make_unique<CudaDevice>(i, props));
    }
    probe.status.available = !probe.devices.empty();
    if (probe.status.available) probe.activityTracer = &CuptiTracer::instance();
    if (!probe.status.available)
        probe.status.reason = "None of the " + std::to_string(count) + " CUDA devices could be queried." + skipped;
    return probe;
}

Reasons supportsOp(const OpDesc& op, int ccMajor, int ccMinor)
{
    Reasons why;
    if (ccMajor < kMinCcMajor || (ccMajor == kMinCcMajor && ccMinor < kMinCcMinor))
        why.push_back("Compute capability " + std::to_string(ccMajor) + "." + std::to_string(ccMinor) +
                      " is older than " + std::to_string(kMinCcMajor) + "." + std::to_string(kMinCcMinor) +
                      ", the oldest GPU generation this build has code for.");
    if ((op.kind == OpKind::MatMul || op.kind == OpKind::Embedding) && !decodesType(op.weightType))
        why.push_back("The CUDA backend has no kernel for " + std::string(dtypeName(op.weightType)) + " weights (" +
                      op.describe() + ").");
    if (op.kind == OpKind::Attention && op.headDim > maxAttentionHeadDim())
        why.push_back("The CUDA attention takes heads of at most " + std::to_string(maxAttentionHeadDim()) +
                      " values, not " + std::to_string(op.headDim) + ".");
    return why;
}

}  // namespace kernels::cuda

// The module's one exported symbol (backend_module.h).
extern "C" __attribute__((visibility("default"))) const kernels::BackendModule* inferscope_backend_module()
{
    static const std::string stamp = kernels::backendAbiStamp();
    static const kernels::BackendModule module{
        [] { return stamp.c_str(); },
        [] {
            try {
                return kernels::cuda::probeDevices();
            } catch (const std::exception& e) {
                kernels::BackendProbe failed;
                failed.status.reason = std::string("Probing the CUDA devices failed: ") + e.what() + ".";
                return failed;
            }
        },
    };
    return &module;
}
