#pragma once
// The host CPU as a Device: host memory, synchronous streams, every op
// supported. Also the place that describes the CPU for reports (model name,
// cores, SIMD features detected at run time).
#include <string>
#include <vector>

#include "kernels/api/device.h"

namespace kernels {

struct CpuInfo {
    std::string modelName;              // /proc/cpuinfo "model name", or a fallback
    unsigned logicalCores = 0;          // std::thread::hardware_concurrency
    std::vector<std::string> features;  // Linux /proc/cpuinfo spelling: "avx2", "avx512_vnni", ...
};

// Detected once per process. On x86 the features come from CPUID and XCR0
// (so a feature the OS has not enabled is not listed); elsewhere from the
// kernel's /proc/cpuinfo "Features" line.
const CpuInfo& cpuInfo();

// The x86 features cpuInfo() looks for, in report order.
const std::vector<std::string>& knownCpuFeatures();

inline constexpr size_t kCpuBufferAlignment = 64;  // one cache line; enough for AVX-512 loads

enum class HostMemory {
    Default,   // cache-line aligned
    Streamed,  // written whole once, then read end to end by every pass (packed
               // weights): 2 MiB aligned and backed by transparent huge pages,
               // so streaming it costs no TLB miss every 4 KiB
};
// Host memory owned by a Buffer of `owner` (a CPU device); nullptr and `why`
// when it cannot be had.
std::unique_ptr<Buffer> allocateHostMemory(Device& owner, size_t bytes, HostMemory kind, Reasons& why);

class CpuDevice final : public Device {
public:
    std::string name() const override;
    DeviceKind kind() const override { return DeviceKind::Cpu; }
    int index() const override { return 0; }
    MemoryInfo memory() const override;  // /proc/meminfo MemTotal and MemAvailable
    std::vector<Property> properties() const override;
    Reasons supports(const OpDesc& op) const override;
    std::unique_ptr<Stream> createStream() override;
    std::unique_ptr<Event> createEvent() override;
    std::unique_ptr<Ops> createOps(int threads, Reasons& why) override;
    double measureBandwidthGBs(int threads) override;
    std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) override;
};

}  // namespace kernels
