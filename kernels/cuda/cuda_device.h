#pragma once
// One CUDA GPU as a Device: device memory through cudaMalloc, streams and
// events through the runtime, and the model's ops (CudaOps, cuda_ops.h).
#include <cuda_runtime_api.h>

#include <string>

#include "kernels/api/device.h"

namespace kernels::cuda {

class CudaDevice final : public Device {
public:
    CudaDevice(int ordinal, const cudaDeviceProp& props);
    ~CudaDevice() override;

    std::string name() const override { return m_name; }
    DeviceKind kind() const override { return DeviceKind::Cuda; }
    int index() const override { return m_ordinal; }
    MemoryInfo memory() const override;  // cudaMemGetInfo; total from the properties if that fails
    std::vector<Property> properties() const override;
    Reasons supports(const OpDesc& op) const override;
    std::unique_ptr<Stream> createStream() override;
    std::unique_ptr<Event> createEvent() override;
    std::unique_ptr<Ops> createOps(int threads, Reasons& why) override;
    std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) override;
    // Memory clock x 2 (double data rate) x bus width.
    double peakBandwidthGBs() const override;
    // Device-to-device copies of 1 GiB (read + write bytes), best of 5; 0 on failure.
    double measureBandwidthGBs(int threads) override;

    int ccMajor() const { return m_ccMajor; }
    int ccMinor() const { return m_ccMinor; }

private:
    int m_ordinal;
    std::string m_name;
    int m_ccMajor;
    int m_ccMinor;
    int m_multiprocessors;
    uint64_t m_totalMemory;
    int m_l2CacheBytes;
    int m_memoryBusBits;
    int m_memoryClockKHz = 0;
    bool m_ecc;
    std::string m_pciId;  // "0000:65:00.0"
};

}  // namespace kernels::cuda
