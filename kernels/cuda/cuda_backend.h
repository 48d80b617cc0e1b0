#pragma once
// The CUDA backend's face inside its module (libinferscope-cuda.so): probing
// for devices, and the per-op support answer. The registry reaches it only
// through the module's entry point (kernels/api/backend_module.h); this
// header itself needs no CUDA headers.
#include <memory>
#include <vector>

#include "kernels/api/backend_module.h"
#include "kernels/api/device.h"

namespace kernels::cuda {

// Asks the CUDA runtime for devices. Never fails hard: without a driver or a
// GPU the probe returns no devices and a reason built from the CUDA error.
BackendProbe probeDevices();

// Library versions linked into this binary, e.g. "runtime 13.0, driver 13.0,
// cuBLAS 13.1.0, NCCL 2.28.9, CUPTI API 130000". Needs no GPU.
std::string versionSummary();

// Whether a CUDA device of compute capability major.minor can run `op`.
Reasons supportsOp(const OpDesc& op, int ccMajor, int ccMinor);

}  // namespace kernels::cuda
