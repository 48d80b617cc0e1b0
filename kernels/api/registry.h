#pragma once
// The process-wide list of compute devices. The CPU device is always first.
// CUDA devices follow when the CUDA module (libinferscope-cuda.so, see
// backend_module.h and module_loader.h) loads and the runtime finds a GPU;
// otherwise the CUDA status says which piece is missing, in words the UI can
// show as "no GPU: <reason>".
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kernels/api/backend_module.h"
#include "kernels/api/device.h"

namespace kernels {

// The CPU device exists from the start; the CUDA module is loaded on the
// first question about other devices (devices(), find(), cudaStatus()), so a
// program that only ever runs on the CPU never maps the GPU libraries.
class Registry {
public:
    static Registry& instance();

    const std::vector<Device*>& devices() const;
    std::vector<Device*> devices(DeviceKind kind) const;
    Device& cpu() const { return *m_cpuDevice; }
    // nullptr when no device has that id ("cpu:0", "cuda:1").
    Device* find(const std::string& id) const;

    const BackendStatus& cudaStatus() const;
    // The CUDA module's GPU activity tracer (CUPTI); nullptr without a GPU.
    GpuActivityTracer* gpuActivityTracer() const;
    std::vector<BackendStatus> backends() const;

private:
    Registry();
    void probeModules() const;  // once, on the first question that needs it

    std::unique_ptr<Device> m_cpuDevice;
    BackendStatus m_cpu;
    mutable std::once_flag m_probed;
    mutable std::vector<std::unique_ptr<Device>> m_devices;  // the modules' devices
    mutable std::vector<Device*> m_view;                     // every device, the CPU first
    mutable BackendStatus m_cuda;
    mutable GpuActivityTracer* m_gpuActivity = nullptr;
};

}  // namespace kernels
