#include "kernels/api/registry.h"

#include "kernels/api/module_loader.h"
#include "kernels/cpu/cpu_device.h"

namespace kernels {

std::string BackendStatus::summary() const
{
    std::string line = kind == DeviceKind::Cuda ? "CUDA: " : "CPU: ";
    if (!built) return line + "unavailable — " + reason;
    line += "backend loaded";
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

Registry::Registry() : m_cpuDevice(std::make_unique<CpuDevice>())
{
    m_cpu.kind = DeviceKind::Cpu;
    m_cpu.built = true;
    m_cpu.available = true;
}

void Registry::probeModules() const
{
    std::call_once(m_probed, [this] {
        // INFERSCOPE_CUDA_MODULE names the module file to load instead of searching.
        BackendProbe cuda = loadBackendModule(DeviceKind::Cuda, "libinferscope-cuda.so", "INFERSCOPE_CUDA_MODULE");
        m_cuda = std::move(cuda.status);
        m_devices = std::move(cuda.devices);
        m_gpuActivity = cuda.activityTracer;
        m_view.push_back(m_cpuDevice.get());
        for (const auto& device : m_devices) m_view.push_back(device.get());
    });
}

const std::vector<Device*>& Registry::devices() const
{
    probeModules();
    return m_view;
}

GpuActivityTracer* Registry::gpuActivityTracer() const
{
    probeModules();
    return m_gpuActivity;
}

const BackendStatus& Registry::cudaStatus() const
{
    probeModules();
    return m_cuda;
}

std::vector<Device*> Registry::devices(DeviceKind kind) const
{
    std::vector<Device*> out;
    for (Device* d : devices())
        if (d->kind() == kind) out.push_back(d);
    return out;
}

Device* Registry::find(const std::string& id) const
{
    if (id == m_cpuDevice->id()) return m_cpuDevice.get();
    for (Device* d : devices())
        if (d->id() == id) return d;
    return nullptr;
}

std::vector<BackendStatus> Registry::backends() const
{
    return {m_cpu, cudaStatus()};
}

}  // namespace kernels
