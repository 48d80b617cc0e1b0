#pragma once
// The process-wide list of compute devices. The CPU device is always first.
// CUDA devices follow when the backend was built in (INFERSCOPE_WITH_CUDA) and
// the runtime finds a GPU; otherwise the CUDA status says why not, in words
// the UI can show as "no GPU: <reason>".
#include <memory>
#include <string>
#include <vector>

#include "kernels/api/device.h"

namespace kernels {

struct BackendStatus {
    DeviceKind kind = DeviceKind::Cpu;
    bool built = false;      // compiled into this binary
    bool available = false;  // at least one device registered
    std::string versions;    // e.g. "runtime 13.0, driver 13.0, cuBLAS 13.1.0, NCCL 2.28.9, CUPTI API 130000"
    std::string reason;      // why no device is available; empty when available

    // One line for humans: "CUDA: backend built (runtime 13.0, ...) — no CUDA device: <reason>"
    // or "CUDA: not built — <reason>".
    std::string summary() const;
};

class Registry {
public:
    // Probes the backends on first use; later calls return the same registry.
    static Registry& instance();

    const std::vector<Device*>& devices() const { return m_view; }
    std::vector<Device*> devices(DeviceKind kind) const;
    Device& cpu() const { return *m_view.front(); }
    // nullptr when no device has that id ("cpu:0", "cuda:1").
    Device* find(const std::string& id) const;

    const BackendStatus& cudaStatus() const { return m_cuda; }
    std::vector<BackendStatus> backends() const;

private:
    Registry();

    std::vector<std::unique_ptr<Device>> m_devices;
    std::vector<Device*> m_view;
    BackendStatus m_cpu;
    BackendStatus m_cuda;
};

}  // namespace kernels
