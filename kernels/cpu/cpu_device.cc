#include "kernels/cpu/cpu_device.h"

#include "kernels/cpu/bandwidth.h"

#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/mman.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define INFERSCOPE_X86 1
#endif

namespace kernels {

namespace {

// Value of the first "key<spaces>: value" line of a /proc text file.
std::string procField(const char* path, std::string_view key)
{
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) != 0) continue;
        const size_t colon = line.find(':', key.size());
        if (colon == std::string::npos) continue;
        // The key must be followed only by blanks before the colon ("model" vs "model name").
        if (line.find_first_not_of(" \t", key.size()) != colon) continue;
        const size_t start = line.find_first_not_of(" \t", colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    }
    return {};
}

uint64_t meminfoBytes(std::string_view key)
{
    const std::string value = procField("/proc/meminfo", key);  // "16318340 kB"
    return value.empty() ? 0 : std::strtoull(value.c_str(), nullptr, 10) * 1024ull;
}

#ifdef INFERSCOPE_X86
struct CpuidBit {
    const char* name;  // /proc/cpuinfo spelling
    unsigned leaf;
    unsigned subleaf;
    int reg;  // 0 eax, 1 ebx, 2 ecx, 3 edx
    int bit;
    int state;  // 0: no extended state; 1: needs AVX state; 2: needs AVX-512 state; 3: AMX tiles
};

// Bit positions from the Intel SDM, volume 2A, CPUID leaves 1 and 7.
constexpr CpuidBit kCpuidBits[] = {
    {"sse4_2", 1, 0, 2, 20, 0},       {"avx", 1, 0, 2, 28, 1},
    {"fma", 1, 0, 2, 12, 1},          {"f16c", 1, 0, 2, 29, 1},
    {"avx2", 7, 0, 1, 5, 1},          {"avx_vnni", 7, 1, 0, 4, 1},
    {"avx512f", 7, 0, 1, 16, 2},      {"avx512dq", 7, 0, 1, 17, 2},
    {"avx512bw", 7, 0, 1, 30, 2},     {"avx512vl", 7, 0, 1, 31, 2},
    {"avx512_vnni", 7, 0, 2, 11, 2},  {"avx512_bf16", 7, 1, 0, 5, 2},
    {"amx_bf16", 7, 0, 3, 22, 3},     {"amx_tile", 7, 0, 3, 24, 3},
    {"amx_int8", 7, 0, 3, 25, 3},
};

// Which register states the OS saves on context switch (XCR0), so that a
// feature the CPU has but the OS has not enabled is not reported.
uint64_t enabledXState()
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 27))) return 0;  // no OSXSAVE
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<uint64_t>(hi) << 32) | lo;
}

bool stateEnabled(int state, uint64_t xcr0)
{
    constexpr uint64_t kAvx = 0x6;         // SSE + AVX upper halves
    constexpr uint64_t kAvx512 = 0xe0;     // opmask, ZMM_Hi256, Hi16_ZMM
    constexpr uint64_t kAmx = 0x60000;     // XTILECFG, XTILEDATA
    switch (state) {
    case 1: return (xcr0 & kAvx) == kAvx;
    case 2: return (xcr0 & (kAvx | kAvx512)) == (kAvx | kAvx512);
    case 3: return (xcr0 & kAmx) == kAmx;
    default: return true;
    }
}

std::vector<std::string> detectFeatures()
{
    const uint64_t xcr0 = enabledXState();
    unsigned maxLeaf = __get_cpuid_max(0, nullptr);
    std::vector<std::string> out;
    for (const CpuidBit& b : kCpuidBits) {
        if (b.leaf > maxLeaf) continue;
        unsigned r[4] = {0, 0, 0, 0};
        __cpuid_count(b.leaf, b.subleaf, r[0], r[1], r[2], r[3]);
        if ((r[b.reg] >> b.bit) & 1u && stateEnabled(b.state, xcr0)) out.emplace_back(b.name);
    }
    return out;
}
#else
std::vector<std::string> detectFeatures()
{
    std::vector<std::string> out;
    std::istringstream words(procField("/proc/cpuinfo", "Features"));
    for (std::string w; words >> w;) out.push_back(w);
    return out;
}
#endif

CpuInfo detectCpu()
{
    CpuInfo info;
    info.modelName = procField("/proc/cpuinfo", "model name");
    if (info.modelName.empty()) info.modelName = procField("/proc/cpuinfo", "Model");
    if (info.modelName.empty()) info.modelName = "Host CPU";
    info.logicalCores = std::max(1u, std::thread::hardware_concurrency());
    info.features = detectFeatures();
    return info;
}

class CpuBuffer final : public Buffer {
public:
    CpuBuffer(Device& device, void* data, size_t size) : m_device(device), m_data(data), m_size(size) {}
    ~CpuBuffer() override { std::free(m_data); }
    void* data() override { return m_data; }
    const void* data() const override { return m_data; }
    size_t size() const override { return m_size; }
    Device& device() const override { return m_device; }

private:
    Device& m_device;
    void* m_data;
    size_t m_size;
};

// Host work runs at the call, so an event is complete as soon as it is recorded.
class CpuEvent final : public Event {
public:
    DeviceKind kind() const override { return DeviceKind::Cpu; }
    Reasons synchronize() override { return {}; }
};

class CpuStream final : public Stream {
public:
    explicit CpuStream(Device& device) : m_device(device) {}
    Device& device() const override { return m_device; }

    Reasons upload(Buffer& dst, size_t dstOffset, const void* src, size_t bytes) override
    {
        if (Reasons r = checkHost(dst, dstOffset, bytes, "upload"); !r.empty()) return r;
        if (bytes) std::memcpy(static_cast<uint8_t*>(dst.data()) + dstOffset, src, bytes);
        return {};
    }

    Reasons download(void* dst, const Buffer& src, size_t srcOffset, size_t bytes) override
    {
        if (Reasons r = checkHost(src, srcOffset, bytes, "download"); !r.empty()) return r;
        if (bytes) std::memcpy(dst, static_cast<const uint8_t*>(src.data()) + srcOffset, bytes);
        return {};
    }

    // Another device's event is waited for on the host; a CPU event is already done.
    Reasons record(Event&) override { return {}; }
    Reasons wait(Event& event) override { return event.synchronize(); }
    Reasons sync() override { return {}; }

private:
    Reasons checkHost(const Buffer& buffer, size_t offset, size_t bytes, std::string_view what) const
    {
        if (buffer.device().kind() != DeviceKind::Cpu)
            return because("A CPU stream cannot " + std::string(what) + " a buffer that lives on " +
                           buffer.device().id() + "; use that device's stream.");
        return checkBufferRange(buffer, offset, bytes, what);
    }

    Device& m_device;
};

}  // namespace

const std::vector<std::string>& knownCpuFeatures()
{
#ifdef INFERSCOPE_X86
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const CpuidBit& b : kCpuidBits) out.emplace_back(b.name);
        return out;
    }();
#else
    static const std::vector<std::string> names;
#endif
    return names;
}

const CpuInfo& cpuInfo()
{
    static const CpuInfo info = detectCpu();
    return info;
}

std::string CpuDevice::name() const
{
    return cpuInfo().modelName;
}

MemoryInfo CpuDevice::memory() const
{
    MemoryInfo m;
    m.total = meminfoBytes("MemTotal");
    m.free = meminfoBytes("MemAvailable");
    if (m.free == 0) m.free = meminfoBytes("MemFree");  // kernels before 3.14
    if (m.free > m.total) m.free = m.total;
    return m;
}

std::vector<Property> CpuDevice::properties() const
{
    const CpuInfo& info = cpuInfo();
    std::string features;
    for (const std::string& f : info.features) features += (features.empty() ? "" : " ") + f;
    const MemoryInfo mem = memory();
    return {
        {"model", info.modelName},
        {"logical cores", std::to_string(info.logicalCores)},
        {"features", features.empty() ? "none detected" : features},
        {"memory", formatBytes(mem.free) + " available of " + formatBytes(mem.total)},
    };
}

// Answered from the dtype capability table the kernels dispatch on: every op
// runs on the CPU, on weights the reference dequantizer can read.
Reasons CpuDevice::supports(const OpDesc& op) const
{
    const bool readsWeights = op.kind == OpKind::MatMul || op.kind == OpKind::Embedding;
    if (readsWeights && !capsOf(op.weightType).dequantize)
        return because(id() + " cannot read " + std::string(dtypeName(op.weightType)) +
                       " weights: the kernels have no dequantizer for that format (" + op.describe() + ").");
    return {};
}

std::unique_ptr<Stream> CpuDevice::createStream()
{
    return std::make_unique<CpuStream>(*this);
}

std::unique_ptr<Event> CpuDevice::createEvent()
{
    return std::make_unique<CpuEvent>();
}

std::unique_ptr<Ops> CpuDevice::createOps(int threads, Reasons&)
{
    return makeCpuOps(threads);
}

double CpuDevice::measureBandwidthGBs(int threads)
{
    return measureReadBandwidthGBs(threads);
}

std::unique_ptr<Buffer> CpuDevice::allocate(size_t bytes, Reasons& why)
{
    return allocateHostMemory(*this, bytes, HostMemory::Default, why);
}

std::unique_ptr<Buffer> allocateHostMemory(Device& owner, size_t bytes, HostMemory kind, Reasons& why)
{
    constexpr size_t kHugePage = size_t{2} << 20;
    const size_t alignment = kind == HostMemory::Streamed ? kHugePage : kCpuBufferAlignment;
    // aligned_alloc wants a size that is a multiple of the alignment; never ask for 0.
    const size_t rounded = std::max<size_t>(alignment, (bytes + alignment - 1) / alignment * alignment);
    if (rounded < bytes) {
        why = because("Cannot allocate " + std::to_string(bytes) + " bytes of host memory: the size overflows.");
        return nullptr;
    }
    void* data = std::aligned_alloc(alignment, rounded);
    if (!data) {
        why = because("Cannot allocate " + formatBytes(bytes) + " of host memory (" +
                      formatBytes(owner.memory().free) + " available).");
        return nullptr;
    }
#ifdef MADV_HUGEPAGE
    if (kind == HostMemory::Streamed) ::madvise(data, rounded, MADV_HUGEPAGE);  // advice: a refusal changes nothing
#endif
    return std::make_unique<CpuBuffer>(owner, data, bytes);
}

}  // namespace kernels
