#include "kernels/api/registry.h"

#include "kernels/cpu/cpu_device.h"

#ifdef INFERSCOPE_WITH_CUDA
#include "kernels/cuda/cuda_backend.h"
#endif

namespace kernels {

std::string BackendStatus::summary() const
{
    std::string line = kind == DeviceKind::Cuda ? "CUDA: " : "CPU: ";
    if (!built) return line + "not built — " + reason;
    line += "backend built";
    if (!versions.empty()) line += " (" + versions + ")";
    if (available) return line + " — available";
    return line + " — no " + (kind == DeviceKind::Cuda ? "CUDA" : "CPU") + " device: " + reason;
}

Registry& Registry::instance()
{
    // Deliberately never destroyed: device destructors call into driver
    // libraries that may already be unloading during static destruction.
    static Registry* registry = new Registry();
    return *registry;
}

Registry::Registry()
{
    m_devices.push_back(std::make_unique<CpuDevice>());
    m_cpu.kind = DeviceKind::Cpu;
    m_cpu.built = true;
    m_cpu.available = true;

    m_cuda.kind = DeviceKind::Cuda;
#ifdef INFERSCOPE_WITH_CUDA
    cuda::Probe probe = cuda::probeDevices();
    m_cuda = probe.status;
    for (auto& device : probe.devices) m_devices.push_back(std::move(device));
#else
    m_cuda.built = false;
    m_cuda.reason = "This binary was built without the CUDA backend (configure with -DINFERSCOPE_CUDA=ON).";
#endif

    for (const auto& device : m_devices) m_view.push_back(device.get());
}

std::vector<Device*> Registry::devices(DeviceKind kind) const
{
    std::vector<Device*> out;
    for (Device* d : m_view)
        if (d->kind() == kind) out.push_back(d);
    return out;
}

Device* Registry::find(const std::string& id) const
{
    for (Device* d : m_view)
        if (d->id() == id) return d;
    return nullptr;
}

std::vector<BackendStatus> Registry::backends() const
{
    return {m_cpu, m_cuda};
}

}  // namespace kernels
