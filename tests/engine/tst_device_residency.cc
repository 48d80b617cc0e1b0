// A model on a device with memory of its own, without a GPU: a simulated
// accelerator (a Device of kind CUDA whose memory is host memory it hands out
// itself, and Ops that refuse any tensor outside that memory, then compute
// with the CPU kernels). It proves what the CUDA backend relies on: every
// weight, workspace, KV shard and block table the forward pass touches lives
// on the device (the host mapping is never read), logits come back through
// download(), and the numbers are the CPU's bit for bit. A device too small
// for the weights is refused before anything is copied, naming the bytes.
#include <QTest>

#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/model/llama_model.h"
#include "engine/session/engine.h"
#include "kernels/api/forwarding_ops.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/cpu_ops.h"

using kernels::Tensor;

namespace {

class SimBuffer final : public kernels::Buffer {
public:
    SimBuffer(kernels::Device& device, size_t bytes, uint64_t& used)
        : m_device(device), m_bytes(bytes == 0 ? 1 : bytes), m_used(used)
    {
        m_data.reset(static_cast<uint8_t*>(std::aligned_alloc(256, (m_bytes + 255) / 256 * 256)));
        m_used += m_bytes;
    }
    ~SimBuffer() override { m_used -= m_bytes; }
    void* data() override { return m_data.get(); }
    const void* data() const override { return m_data.get(); }
    size_t size() const override { return m_bytes; }
    kernels::Device& device() const override { return m_device; }

private:
    struct Free {
        void operator()(uint8_t* p) const { std::free(p); }
    };
    kernels::Device& m_device;
    size_t m_bytes;
    uint64_t& m_used;
    std::unique_ptr<uint8_t, Free> m_data;
};

class SimDevice;

// The CPU kernels behind a device boundary: each tensor must lie in the
// simulated device's memory, and is handed to the CPU ops as a plain host view.
class SimOps final : public kernels::ForwardingOps {
public:
    SimOps(SimDevice& device, const kernels::Ops& cpu);

    kernels::DeviceKind deviceKind() const override { return kernels::DeviceKind::Cuda; }
    std::string deviceId() const override;
    kernels::MemoryInfo memory() const override;
    std::unique_ptr<kernels::Buffer> allocate(size_t bytes, kernels::Reasons& why) const override;
    void upload(const Tensor& dst, const void* src) const override
    {
        std::memcpy(const_cast<void*>(local(dst).data), src, dst.viewBytes());
        if (onUpload) onUpload();
    }
    std::function<void()> onUpload;  // called after each upload
    void download(void* dst, const Tensor& src) const override { std::memcpy(dst, local(src).data, src.viewBytes()); }
    void synchronize() const override {}

    void matmul(const Tensor& w, const Tensor& x, const Tensor& y) const override
    {
        inner().matmul(local(w), local(x), local(y));
    }
    void rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const override
    {
        inner().rmsnorm(local(out), local(x), local(weight), eps);
    }
    void rope(const Tensor& x, int64_t headDim, const Tensor& positions, const kernels::RopeParams& p) const override
    {
        kernels::RopeParams params = p;
        if (!params.factors.empty()) params.factors = local(params.factors);
        inner().rope(local(x), headDim, local(positions), params);
    }
    void siluMul(const Tensor& gate, const Tensor& up) const override { inner().siluMul(local(gate), local(up)); }
    void geluMul(const Tensor& gate, const Tensor& up) const override { inner().geluMul(local(gate), local(up)); }
    void scale(const Tensor& x, float factor) const override { inner().scale(local(x), factor); }
    void softcap(const Tensor& x, float cap) const override { inner().softcap(local(x), cap); }
    void softmax(const Tensor& x) const override { inner().softmax(local(x)); }
    void addBias(const Tensor& x, const Tensor& bias) const override { inner().addBias(local(x), local(bias)); }
    void add(const Tensor& acc, const Tensor& x) const override { inner().add(local(acc), local(x)); }
    void copyRows(const Tensor& dst, const Tensor& src) const override { inner().copyRows(local(dst), local(src)); }
    void embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const override
    {
        inner().embedRows(local(table), local(ids), local(out));
    }
    void attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                   const Tensor& values, const kernels::AttentionShape& shape) const override
    {
        inner().attention(local(out), local(q), local(positions), local(keys), local(values), shape);
    }
    void kvWrite(const kernels::KvRows& dst, int64_t startPos, const Tensor& src) const override
    {
        inner().kvWrite(dst, startPos, local(src));
    }
    void kvRead(const kernels::KvRows& src, const Tensor& dst) const override { inner().kvRead(src, local(dst)); }
    void attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const kernels::KvRows& keys,
                         const kernels::KvRows& values, const kernels::AttentionShape& shape) const override
    {
        inner().attentionCached(local(out), local(q), local(positions), keys, values, shape);
    }

    int64_t hostReads() const { return m_hostReads; }

private:
    // `t` as a host view; a tensor outside the device's memory is counted
    // (and would be a bug: a GPU could not read it). KV rows carry no buffer:
    // the store allocated their pools and block tables through these ops.
    Tensor local(const Tensor& t) const;

    SimDevice& m_device;
    mutable int64_t m_hostReads = 0;
};

class SimDevice final : public kernels::Device {
public:
    explicit SimDevice(uint64_t total) : m_total(total) {}
    std::string name() const override { return "Simulated accelerator"; }
    kernels::DeviceKind kind() const override { return kernels::DeviceKind::Cuda; }
    int index() const override { return 3; }
    kernels::MemoryInfo memory() const override { return {m_total, m_total - m_used}; }
    std::vector<kernels::Property> properties() const override { return {}; }
    kernels::Reasons supports(const kernels::OpDesc&) const override { return {}; }
    std::unique_ptr<kernels::Stream> createStream() override { return nullptr; }
    std::unique_ptr<kernels::Event> createEvent() override { return nullptr; }
    double measureBandwidthGBs(int) override { return 0.0; }
    std::unique_ptr<kernels::Buffer> allocate(size_t bytes, kernels::Reasons& why) override
    {
        if (bytes > m_total - m_used) {
            why = kernels::because("Cannot allocate " + kernels::formatBytes(bytes) + " on " + id() + ".");
            return nullptr;
        }
        return std::make_unique<SimBuffer>(*this, bytes, m_used);
    }
    std::unique_ptr<kernels::Ops> createOps(int, kernels::Reasons&) override { return nullptr; }

    uint64_t used() const { return m_used; }

private:
    uint64_t m_total;
    uint64_t m_used = 0;
};

SimOps::SimOps(SimDevice& device, const kernels::Ops& cpu) : ForwardingOps(cpu), m_device(device) {}

std::string SimOps::deviceId() const
{
    return m_device.id();
}

kernels::MemoryInfo SimOps::memory() const
{
    return m_device.memory();
}

std::unique_ptr<kernels::Buffer> SimOps::allocate(size_t bytes, kernels::Reasons& why) const
{
    return m_device.allocate(bytes, why);
}

Tensor SimOps::local(const Tensor& t) const
{
    if (t.empty()) return t;
    if (!t.buffer || &t.buffer->device() != &m_device) ++m_hostReads;
    Tensor h = t;
    h.buffer = nullptr;
    return h;
}

std::shared_ptr<const engine::ModelFile> openShared(const QString& path)
{
    auto file = engine::openModelFile(path.toStdString());
    return file ? std::make_shared<const engine::ModelFile>(std::move(*file)) : nullptr;
}

std::vector<int32_t> prefix(const QString& golden, size_t n)
{
    std::vector<int32_t> tokens{1};
    const auto g = testsupport::goldenIds(golden);
    tokens.insert(tokens.end(), g.begin(), g.begin() + static_cast<std::ptrdiff_t>(std::min(n, g.size())));
    return tokens;
}

// Logits of a prompt (every row) and then single-token decode steps.
std::vector<float> run(engine::LlamaModel& m, const std::vector<int32_t>& tokens, const engine::KvCacheConfig& kv)
{
    const int64_t vocab = m.config().vocabSize, prompt = 12, total = static_cast<int64_t>(tokens.size());
    std::vector<float> out(static_cast<size_t>(total * vocab));
    if (!m.reserveWorkspace(total)) return {};
    auto cache = m.makeCache(total, kv);
    if (!cache) return {};
    if (!m.forward({tokens.data(), size_t(prompt)}, 0, *cache, out.data(), engine::LogitsMode::All)) return {};
    for (int64_t p = prompt; p < total; ++p)
        if (!m.forward({&tokens[size_t(p)], 1}, p, *cache, out.data() + p * vocab)) return {};
    return out;
}

// Whether `a` gives `b`'s logits bit for bit over the golden prefix, with the
// KV cache of (mode, dtype).
bool sameLogits(engine::LlamaModel& a, engine::LlamaModel& b, const QString& golden, int mode, int dtype)
{
    engine::KvCacheConfig kv;
    kv.mode = static_cast<engine::KvCacheMode>(mode);
    kv.dtype = static_cast<engine::KvDType>(dtype);
    const auto tokens = prefix(golden, 30);
    const std::vector<float> want = run(b, tokens, kv), got = run(a, tokens, kv);
    return !want.empty() && got.size() == want.size() &&
           std::memcmp(got.data(), want.data(), want.size() * sizeof(float)) == 0;
}

// The CPU's ops, reporting only `free` bytes of memory available.
class ShortOfMemoryOps final : public kernels::ForwardingOps {
public:
    ShortOfMemoryOps(const kernels::Ops& cpu, uint64_t free) : ForwardingOps(cpu), m_free(free) {}
    kernels::MemoryInfo memory() const override { return {inner().memory().total, m_free}; }

private:
    uint64_t m_free;
};

}  // namespace

class TestDeviceResidency : public QObject {
    Q_OBJECT

    std::unique_ptr<kernels::Ops> m_cpu = kernels::makeCpuOps(2);

private slots:
    // A CPU device packs its matrices at load (the float ones copied as stored
    // into huge-page memory); where the copy would not fit in the memory
    // available (here 512 KiB, for ~1 MiB of matrices) it reads them from the
    // file mapping instead: the same tile, the same bits.
    void cpuReadsStoredWeightsWhenPackingWouldNotFit()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        const auto shared = openShared(model);
        QVERIFY(shared);
        const ShortOfMemoryOps shortOfMemory(*m_cpu, uint64_t(512) << 10);
        auto stored = engine::LlamaModel::create(shared, shortOfMemory);
        auto packed = engine::LlamaModel::create(shared, *m_cpu);
        QVERIFY2(stored && packed, stored ? "" : stored.error().message.c_str());
        QCOMPARE((*stored)->deviceReports().front().packedBytes, uint64_t(0));
        QVERIFY((*packed)->deviceReports().front().packedBytes > (uint64_t(512) << 10));
        QVERIFY(sameLogits(**stored, **packed, golden, int(engine::KvCacheMode::Contiguous), int(engine::KvDType::F32)));
    }

    void modelRunsFromDeviceMemory_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("dtype");
        QTest::newRow("contiguous f32") << int(engine::KvCacheMode::Contiguous) << int(engine::KvDType::F32);
        QTest::newRow("paged f16") << int(engine::KvCacheMode::Paged) << int(engine::KvDType::F16);
        QTest::newRow("paged int8") << int(engine::KvCacheMode::Paged) << int(engine::KvDType::Int8);
    }

    void modelRunsFromDeviceMemory()
    {
        QFETCH(int, mode);
        QFETCH(int, dtype);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        const auto shared = openShared(model);
        QVERIFY(shared);
        SimDevice device(uint64_t(1) << 30);
        SimOps sim(device, *m_cpu);
        auto onDevice = engine::LlamaModel::create(shared, sim);
        auto onCpu = engine::LlamaModel::create(shared, *m_cpu);
        QVERIFY2(onDevice && onCpu, onDevice ? "" : onDevice.error().message.c_str());
        // The weights were copied once: about the file's tensor bytes (norms padded to the alignment).
        QVERIFY(device.used() >= shared->tensorDataBytes());
        QCOMPARE((*onDevice)->deviceNames(), std::vector<std::string>{"cuda:3"});

        QVERIFY(sameLogits(**onDevice, **onCpu, golden, mode, dtype));
        QCOMPARE(sim.hostReads(), int64_t(0));
    }

    // The offload split: the first layers on the device, the rest on the CPU.
    // The residual stream crosses through host buffers; the logits are the
    // CPU's, bit for bit.
    void pipelineFromDeviceToCpu_data()
    {
        modelRunsFromDeviceMemory_data();
    }

    void pipelineFromDeviceToCpu()
    {
        QFETCH(int, mode);
        QFETCH(int, dtype);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        const auto shared = openShared(model);
        QVERIFY(shared);
        SimDevice device(uint64_t(1) << 30);
        SimOps sim(device, *m_cpu);
        engine::DevicesConfig offload;
        offload.split = engine::SplitMode::Pipeline;
        offload.virtualCpus = 2;
        offload.layerWeights = std::vector<int32_t>{2, 3};
        auto split = engine::LlamaModel::create(shared, offload, {&sim, m_cpu.get()});
        auto whole = engine::LlamaModel::create(shared, *m_cpu);
        QVERIFY2(split && whole, split ? "" : split.error().message.c_str());
        QCOMPARE((*split)->deviceNames(), (std::vector<std::string>{"cuda:3", "cpu:0"}));
        QVERIFY(sameLogits(**split, **whole, golden, mode, dtype));
        QCOMPARE(sim.hostReads(), int64_t(0));
        QVERIFY((*split)->deviceReports()[1].comm.bytes > 0);  // the hand-over was counted
    }

    void tensorSplitOverADeviceIsRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const auto shared = openShared(model);
        QVERIFY(shared);
        SimDevice device(uint64_t(1) << 30);
        SimOps sim(device, *m_cpu);
        engine::DevicesConfig tensor;
        tensor.split = engine::SplitMode::Tensor;
        tensor.virtualCpus = 2;
        auto refused = engine::LlamaModel::create(shared, tensor, {&sim, m_cpu.get()});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("tensor parallel over GPUs needs their all-reduce") != std::string::npos,
                 refused.error().message.c_str());
    }

    void tooSmallADeviceIsRefusedWithTheBytes()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const auto shared = openShared(model);
        QVERIFY(shared);
        SimDevice device(64 << 10);  // 64 KiB: less than the model's weights
        SimOps sim(device, *m_cpu);
        auto refused = engine::LlamaModel::create(shared, sim);
        QVERIFY(!refused);
        const std::string why = refused.error().message;
        QVERIFY2(why.find("the weights of the whole model need ") != std::string::npos &&
                     why.find(" on cuda:3, which has 64.0 KiB free of 64.0 KiB") != std::string::npos,
                 why.c_str());
        QCOMPARE(device.used(), uint64_t(0));  // refused before anything was allocated
    }

    // A cancel while the weights are copied to the device ends the creation
    // as cancelled at the next tensor, and the device memory is given back.
    void cancelDuringTheCopyToTheDevice()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const auto shared = openShared(model);
        QVERIFY(shared);
        SimDevice device(uint64_t(1) << 30);
        SimOps sim(device, *m_cpu);
        std::atomic<bool> cancel{false};
        int uploads = 0;
        sim.onUpload = [&] {
            if (++uploads == 3) cancel = true;
        };
        auto cancelled = engine::LlamaModel::create(shared, engine::DevicesConfig{}, {&sim}, &cancel);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, engine::ErrorCode::Cancelled);
        QCOMPARE(uploads, 3);
        QCOMPARE(device.used(), uint64_t(0));
    }

    // devices.gpus names a GPU: without one the load says which piece is missing.
    void missingGpuIsExplained()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        engine::LoadOptions o;
        o.devices.gpus = std::vector<int32_t>{0};
        auto e = engine::Engine::load(model.toStdString(), "", o);
        if (!kernels::Registry::instance().devices(kernels::DeviceKind::Cuda).empty()) {
            QVERIFY2(e, e ? "" : e.error().message.c_str());
            QCOMPARE((*e)->model().deviceNames(), std::vector<std::string>{"cuda:0"});
            return;
        }
        QVERIFY(!e);
        const std::string why = e.error().message;
        QVERIFY2(why.find("devices.gpus asks for cuda:0 but no CUDA device is available: ") == 0, why.c_str());
        QCOMPARE(why.substr(why.size() - 1), std::string("."));
    }
};

QTEST_GUILESS_MAIN(TestDeviceResidency)
#include "tst_device_residency.moc"
