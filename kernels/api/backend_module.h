#pragma once
// The contract between the device registry and a backend built as a separate
// shared module (the CUDA backend: libinferscope-cuda.so). The registry loads
// the module with dlopen at first use, so the programs and the engine never
// link the GPU libraries: a machine without them still runs everything on the
// CPU, and the registry says in a sentence what is missing.
//
// The module exports one C symbol, kBackendEntrySymbol, returning a
// BackendModule. The types that cross the boundary are this project's C++
// types, so a module only works with the build it was made with: the ABI
// stamp (interface revision, compiler, standard library) is compared before
// anything else is called.
#include <memory>
#include <string>
#include <vector>

#include "kernels/api/device.h"
#include "kernels/api/gpu_activity.h"
#include "kernels/api/ops.h"  // complete, for the devices' createOps

namespace kernels {

struct BackendStatus {
    DeviceKind kind = DeviceKind::Cpu;
    bool built = false;      // the backend is present: compiled in (CPU) or its module loaded (CUDA)
    bool available = false;  // at least one device registered
    std::string versions;    // e.g. "runtime 13.0, driver 13.0, cuBLAS 13.1.0, NCCL 2.28.9, CUPTI API 130000"
    std::string module;      // the module file that was loaded; empty for built-in backends
    std::string reason;      // why no device is available; empty when available

    // One line for humans: "CUDA: backend loaded (runtime 13.0, ...) — no CUDA device: <reason>"
    // or "CUDA: unavailable — <reason>".
    std::string summary() const;
};

struct BackendProbe {
    std::vector<std::unique_ptr<Device>> devices;
    BackendStatus status;
    // The module's GPU activity tracer (CUPTI), owned by the module; nullptr
    // when it has none or no device to trace.
    GpuActivityTracer* activityTracer = nullptr;
};

// Bumped whenever a type that crosses the module boundary changes (Device,
// Ops, Tensor, Buffer, the structs they take, GpuActivityTracer and its records).
inline constexpr int kBackendInterfaceRevision = 3;

// What the loader and the module must agree on, as one string.
inline std::string backendAbiStamp()
{
    return "interface " + std::to_string(kBackendInterfaceRevision) + ", compiler " __VERSION__ +
           ", libstdc++ " + std::to_string(__GLIBCXX__);
}

struct BackendModule {
    const char* (*abiStamp)();  // backendAbiStamp() as the module was built
    BackendProbe (*probe)();    // finds the devices; never throws
};

inline constexpr const char* kBackendEntrySymbol = "inferscope_backend_module";
using BackendEntry = const BackendModule* (*)();

}  // namespace kernels
