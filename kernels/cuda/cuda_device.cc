#include "kernels/cuda/cuda_device.h"

#include "kernels/api/ops.h"

#include <cstdio>

#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_libraries.h"
#include "kernels/cuda/cuda_ops.h"

namespace kernels::cuda {

namespace {

// "<what> on cuda:N failed: cudaErrorX (text)." as a one-sentence reason.
Reasons failed(const Device& device, const std::string& what, cudaError_t error)
{
    return because(what + " on " + device.id() + " failed (" + errorText(error) + ").");
}

class CudaBuffer final : public Buffer {
public:
    CudaBuffer(Device& device, void* data, size_t size) : m_device(device), m_data(data), m_size(size) {}
    ~CudaBuffer() override
    {
        DeviceGuard guard(m_device.index());
        cudaFree(m_data);
    }
    void* data() override { return m_data; }
    const void* data() const override { return m_data; }
    size_t size() const override { return m_size; }
    Device& device() const override { return m_device; }

private:
    Device& m_device;
    void* m_data;
    size_t m_size;
};

class CudaEvent final : public Event {
public:
    CudaEvent(Device& device, cudaEvent_t event) : m_device(device), m_event(event) {}
    ~CudaEvent() override
    {
        DeviceGuard guard(m_device.index());
        cudaEventDestroy(m_event);
    }
    DeviceKind kind() const override { return DeviceKind::Cuda; }
    Reasons synchronize() override
    {
        const cudaError_t err = cudaEventSynchronize(m_event);
        return err == cudaSuccess ? Reasons{} : failed(m_device, "Waiting for an event", err);
    }
    cudaEvent_t handle() const { return m_event; }

private:
    Device& m_device;
    cudaEvent_t m_event;
};

class CudaStream final : public Stream {
public:
    CudaStream(CudaDevice& device, cudaStream_t stream) : m_device(device), m_stream(stream) {}
    ~CudaStream() override
    {
        DeviceGuard guard(m_device.index());
        cudaStreamSynchronize(m_stream);  // host pointers of queued copies must outlive them
        cudaStreamDestroy(m_stream);
    }
    Device& device() const override { return m_device; }

    Reasons upload(Buffer& dst, size_t dstOffset, const void* src, size_t bytes) override
    {
        if (Reasons r = checkOwn(dst, dstOffset, bytes, "upload"); !r.empty()) return r;
        DeviceGuard guard(m_device.index());
        const cudaError_t err = cudaMemcpyAsync(static_cast<uint8_t*>(dst.data()) + dstOffset, src, bytes,
                                                cudaMemcpyHostToDevice, m_stream);
        return err == cudaSuccess ? Reasons{} : failed(m_device, "Uploading " + formatBytes(bytes), err);
    }

    Reasons download(void* dst, const Buffer& src, size_t srcOffset, size_t bytes) override
    {
        if (Reasons r = checkOwn(src, srcOffset, bytes, "download"); !r.empty()) return r;
        DeviceGuard guard(m_device.index());
        const cudaError_t err = cudaMemcpyAsync(dst, static_cast<const uint8_t*>(src.data()) + srcOffset, bytes,
                                                cudaMemcpyDeviceToHost, m_stream);
        return err == cudaSuccess ? Reasons{} : failed(m_device, "Downloading " + formatBytes(bytes), err);
    }

    Reasons record(Event& event) override
    {
        auto* cudaEvent = dynamic_cast<CudaEvent*>(&event);
        if (!cudaEvent)
            return because("A CUDA stream can only record events created by a CUDA device.");
        DeviceGuard guard(m_device.index());
        const cudaError_t err = cudaEventRecord(cudaEvent->handle(), m_stream);
        return err == cudaSuccess ? Reasons{} : failed(m_device, "Recording an event", err);
    }

    Reasons wait(Event& event) override
    {
        auto* cudaEvent = dynamic_cast<CudaEvent*>(&event);
        if (!cudaEvent) return event.synchronize();  // CPU work is done once recorded
        DeviceGuard guard(m_device.index());
        const cudaError_t err = cudaStreamWaitEvent(m_stream, cudaEvent->handle(), 0);
        return err == cudaSuccess ? Reasons{} : failed(m_device, "Waiting on an event", err);
    }

    Reasons sync() override
    {
        DeviceGuard guard(m_device.index());
        const cudaError_t err = cudaStreamSynchronize(m_stream);
        return err == cudaSuccess ? Reasons{} : failed(m_device, "Synchronizing a stream", err);
    }

private:
    Reasons checkOwn(const Buffer& buffer, size_t offset, size_t bytes, std::string_view what) const
    {
        if (&buffer.device() != &m_device)
            return because("A stream on " + m_device.id() + " cannot " + std::string(what) +
                           " a buffer that lives on " + buffer.device().id() + ".");
        return checkBufferRange(buffer, offset, bytes, what);
    }

    CudaDevice& m_device;
    cudaStream_t m_stream;
};

std::string pciId(const cudaDeviceProp& p)
{
    char text[32];
    std::snprintf(text, sizeof text, "%04x:%02x:%02x.0", p.pciDomainID, p.pciBusID, p.pciDeviceID);
    return text;
}

}  // namespace

CudaDevice::CudaDevice(int ordinal, const cudaDeviceProp& props)
    : m_ordinal(ordinal),
      m_name(props.name),
      m_ccMajor(props.major),
      m_ccMinor(props.minor),
      m_multiprocessors(props.multiProcessorCount),
      m_totalMemory(props.totalGlobalMem),
      m_l2CacheBytes(props.l2CacheSize),
      m_memoryBusBits(props.memoryBusWidth),
      m_ecc(props.ECCEnabled != 0),
      m_pciId(pciId(props))
{
    // The clock is an attribute only: CUDA 13's cudaDeviceProp has no field for it.
    if (cudaDeviceGetAttribute(&m_memoryClockKHz, cudaDevAttrMemoryClockRate, ordinal) != cudaSuccess) {
        cudaGetLastError();
        m_memoryClockKHz = 0;
    }
}

double CudaDevice::peakBandwidthGBs() const
{
    return 2.0 * m_memoryClockKHz * 1e3 * (m_memoryBusBits / 8.0) / 1e9;
}

double CudaDevice::measureBandwidthGBs(int)
{
    constexpr size_t kBytes = size_t(1) << 30;
    Reasons why;
    auto src = allocate(kBytes, why), dst = allocate(kBytes, why);
    if (!src || !dst) return 0.0;
    DeviceGuard guard(m_ordinal);
    cudaEvent_t start = nullptr, stop = nullptr;
    cudaEventCreate(&start);
    cudaEventCreate(&stop);
    float best = 0.0f;
    for (int pass = 0; pass < 6; ++pass) {  // the first pass warms up
        cudaEventRecord(start);
        cudaMemcpyAsync(dst->data(), src->data(), kBytes, cudaMemcpyDeviceToDevice);
        cudaEventRecord(stop);
        float ms = 0.0f;
        if (cudaEventSynchronize(stop) != cudaSuccess || cudaEventElapsedTime(&ms, start, stop) != cudaSuccess) break;
        if (pass > 0 && ms > 0.0f && (best == 0.0f || ms < best)) best = ms;
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    cudaGetLastError();
    return best > 0.0f ? 2.0 * kBytes / (best * 1e-3) / 1e9 : 0.0;
}

CudaDevice::~CudaDevice() = default;

MemoryInfo CudaDevice::memory() const
{
    DeviceGuard guard(m_ordinal);
    size_t freeBytes = 0, totalBytes = 0;
    if (guard.status() != cudaSuccess || cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess) {
        cudaGetLastError();  // clear the sticky-free error so later calls start clean
        return MemoryInfo{m_totalMemory, 0};
    }
    return MemoryInfo{totalBytes, freeBytes};
}

std::vector<Property> CudaDevice::properties() const
{
    const MemoryInfo mem = memory();
    return {
        {"compute capability", std::to_string(m_ccMajor) + "." + std::to_string(m_ccMinor)},
        {"multiprocessors", std::to_string(m_multiprocessors)},
        {"memory", formatBytes(mem.free) + " free of " + formatBytes(mem.total)},
        {"L2 cache", formatBytes(static_cast<uint64_t>(m_l2CacheBytes))},
        {"memory bus", std::to_string(m_memoryBusBits) + "-bit"},
        {"memory clock", std::to_string(m_memoryClockKHz / 1000) + " MHz"},
        {"peak bandwidth", std::to_string(static_cast<int>(peakBandwidthGBs())) + " GB/s"},
        {"ECC", m_ecc ? "on" : "off"},
        {"PCI", m_pciId},
        {"driver", driverVersion()},
        {"runtime", runtimeVersion()},
        {"cuBLAS", cublasVersion()},
    };
}

Reasons CudaDevice::supports(const OpDesc& op) const
{
    return supportsOp(op, m_ccMajor, m_ccMinor);
}

std::unique_ptr<Stream> CudaDevice::createStream()
{
    DeviceGuard guard(m_ordinal);
    cudaStream_t stream = nullptr;
    if (cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking) != cudaSuccess) return nullptr;
    return std::make_unique<CudaStream>(*this, stream);
}

std::unique_ptr<Ops> CudaDevice::createOps(int, Reasons& why)
{
    return CudaOps::create(*this, why);
}

std::unique_ptr<Event> CudaDevice::createEvent()
{
    DeviceGuard guard(m_ordinal);
    cudaEvent_t event = nullptr;
    if (cudaEventCreate(&event) != cudaSuccess) return nullptr;
    return std::make_unique<CudaEvent>(*this, event);
}

std::unique_ptr<Buffer> CudaDevice::allocate(size_t bytes, Reasons& why)
{
    DeviceGuard guard(m_ordinal);
    if (guard.status() != cudaSuccess) {
        why = failed(*this, "Selecting the device", guard.status());
        return nullptr;
    }
    void* data = nullptr;
    const cudaError_t err = cudaMalloc(&data, bytes == 0 ? 1 : bytes);
    if (err != cudaSuccess) {
        cudaGetLastError();
        why = because("Cannot allocate " + formatBytes(bytes) + " on " + id() + " with " + formatBytes(memory().free) +
                      " free (" + errorText(err) + ").");
        return nullptr;
    }
    return std::make_unique<CudaBuffer>(*this, data, bytes);
}

}  // namespace kernels::cuda
