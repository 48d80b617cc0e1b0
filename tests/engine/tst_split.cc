// One model over several virtual CPU devices (engine/split): pipeline split
// gives logits bit-identical to the unsplit model in every KV mode and
// precision, alone and batched; tensor parallel gives the golden greedy tokens
// with logits close to the unsplit model and about 1/N of the weights and KV
// per device; impossible splits are refused with their numbers; the in-process
// all-reduce is deterministic and the same on every rank.
#include <QTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <thread>

#include "common/fixtures.h"
#include "engine/model/llama_model.h"
#include "engine/session/engine.h"
#include "engine/split/communicator.h"
#include "kernels/api/forwarding_ops.h"
#include "kernels/api/registry.h"

using engine::KvCacheMode;
using engine::KvDType;
using engine::SplitMode;

namespace {

engine::DevicesConfig split(SplitMode mode, int devices)
{
    engine::DevicesConfig d;
    d.split = mode;
    d.virtualCpus = devices;
    return d;
}

engine::Expected<std::unique_ptr<engine::Engine>> load(const QString& path, const engine::DevicesConfig& devices,
                                                       std::optional<engine::WeightsConfig> weights = std::nullopt)
{
    engine::LoadOptions o;
    o.threads = 2;
    o.devices = devices;
    o.weights = weights;
    return engine::Engine::load(path.toStdString(), "", o);
}

// The golden text's tokens, fed teacher-forced.
std::vector<int32_t> goldenPrefix(const QString& golden, size_t n)
{
    std::vector<int32_t> tokens{1};
    const auto g = testsupport::goldenIds(golden);
    tokens.insert(tokens.end(), g.begin(), g.begin() + static_cast<std::ptrdiff_t>(std::min(n, g.size())));
    return tokens;
}

// Logits of a 24-token prompt (all rows) then 16 single-token decode steps.
std::vector<float> promptThenDecode(engine::LlamaModel& m, const std::vector<int32_t>& tokens,
                                    const engine::KvCacheConfig& kv)
{
    const int64_t vocab = m.config().vocabSize;
    const int64_t prompt = 24, total = static_cast<int64_t>(tokens.size());
    std::vector<float> out(static_cast<size_t>(total * vocab));
    auto cache = m.makeCache(total, kv);
    if (!cache) return {};
    if (kv.mode == KvCacheMode::Off) {
        // Off recomputes the prefix every pass: one pass over everything.
        if (!m.forward(tokens, 0, *cache, out.data(), engine::LogitsMode::All)) return {};
        return out;
    }
    if (!m.forward({tokens.data(), size_t(prompt)}, 0, *cache, out.data(), engine::LogitsMode::All)) return {};
    for (int64_t p = prompt; p < total; ++p)
        if (!m.forward({&tokens[size_t(p)], 1}, p, *cache, out.data() + p * vocab)) return {};
    return out;
}

bool bitIdentical(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && !a.empty() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    double worst = 0.0;
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
    return worst;
}

}  // namespace

class TestSplit : public QObject {
    Q_OBJECT

private slots:
    void pipelineLogitsBitIdentical_data()
    {
        QTest::addColumn<int>("devices");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("dtype");
        for (int devices : {2, 3, 4}) {
            const QByteArray n = QByteArray::number(devices);
            QTest::newRow(n + " off") << devices << int(KvCacheMode::Off) << int(KvDType::F32);
            QTest::newRow(n + " contiguous f32") << devices << int(KvCacheMode::Contiguous) << int(KvDType::F32);
            QTest::newRow(n + " paged f32") << devices << int(KvCacheMode::Paged) << int(KvDType::F32);
            QTest::newRow(n + " paged f16") << devices << int(KvCacheMode::Paged) << int(KvDType::F16);
            QTest::newRow(n + " contiguous int8") << devices << int(KvCacheMode::Contiguous) << int(KvDType::Int8);
        }
    }

    void pipelineLogitsBitIdentical()
    {
        QFETCH(int, devices);
        QFETCH(int, mode);
        QFETCH(int, dtype);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto whole = load(model, {});
        auto piped = load(model, split(SplitMode::Pipeline, devices));
        QVERIFY2(whole && piped, piped ? "" : piped.error().message.c_str());
        QCOMPARE((*piped)->model().deviceCount(), devices);
        engine::KvCacheConfig kv;
        kv.mode = static_cast<KvCacheMode>(mode);
        kv.dtype = static_cast<KvDType>(dtype);
        const auto tokens = goldenPrefix(golden, 40);
        const auto a = promptThenDecode((*whole)->model(), tokens, kv);
        const auto b = promptThenDecode((*piped)->model(), tokens, kv);
        QVERIFY(!a.empty());
        QVERIFY(bitIdentical(a, b));
    }

    // Several sequences in one pass: the batch is cut into micro-batches that
    // move through the stages one behind the other; every logit is still the
    // unsplit model's, bit for bit.
    void pipelineBatchBitIdentical_data()
    {
        QTest::addColumn<int>("devices");
        QTest::newRow("2") << 2;
        QTest::newRow("3") << 3;
        QTest::newRow("4") << 4;
    }

    void pipelineBatchBitIdentical()
    {
        QFETCH(int, devices);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto whole = load(model, {});
        auto piped = load(model, split(SplitMode::Pipeline, devices));
        QVERIFY(whole && piped);
        const auto tokens = goldenPrefix(golden, 60);
        const auto run = [&](engine::LlamaModel& m) {
            engine::KvCacheConfig kv;
            kv.mode = KvCacheMode::Paged;
            kv.capacityTokens = 512;
            auto store = engine::KvStore::create(m.kvSpec(kv, 4));
            std::vector<float> out;
            if (!store) return out;
            std::vector<int32_t> seqs;
            for (int i = 0; i < 4; ++i) seqs.push_back(*store->addSequence());
            // Step 1: four prompts of different lengths; step 2..6: one token each.
            const size_t lens[4] = {5, 17, 9, 30};
            int64_t pos[4] = {0, 0, 0, 0};
            const int64_t vocab = m.config().vocabSize;
            for (int step = 0; step < 6; ++step) {
                std::vector<engine::BatchSequence> batch;
                for (int i = 0; i < 4; ++i) {
                    const size_t n = step == 0 ? lens[i] : 1;
                    const size_t from = static_cast<size_t>(pos[i]) + static_cast<size_t>(i) * 3;
                    batch.push_back({seqs[size_t(i)], {tokens.data() + from, n}, pos[i],
                                     step == 0 ? engine::LogitsMode::All : engine::LogitsMode::Last});
                    pos[i] += static_cast<int64_t>(n);
                }
                std::vector<float> logits(size_t(engine::LlamaModel::logitsRows(batch) * vocab));
                if (!m.forwardBatch(batch, *store, logits.data())) return std::vector<float>{};
                out.insert(out.end(), logits.begin(), logits.end());
            }
            return out;
        };
        const auto a = run((*whole)->model());
        const auto b = run((*piped)->model());
        QVERIFY(!a.empty());
        QVERIFY(bitIdentical(a, b));
        QVERIFY((*piped)->model().pipelineBubble() > 0.0);
    }

    void tensorParallelGoldenTokens_data()
    {
        QTest::addColumn<int>("devices");
        QTest::addColumn<int>("mode");
        QTest::newRow("2 contiguous") << 2 << int(KvCacheMode::Contiguous);
        QTest::newRow("2 paged") << 2 << int(KvCacheMode::Paged);
        QTest::newRow("4 contiguous") << 4 << int(KvCacheMode::Contiguous);
        QTest::newRow("4 paged") << 4 << int(KvCacheMode::Paged);
    }

    void tensorParallelGoldenTokens()
    {
        QFETCH(int, devices);
        QFETCH(int, mode);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto e = load(model, split(SplitMode::Tensor, devices));
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        engine::GenerateRequest req;
        req.maxTokens = 256;
        req.kv.mode = static_cast<KvCacheMode>(mode);
        auto r = (*e)->generate(req);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->tokens, testsupport::goldenIds(golden));
    }

    // The all-reduces add partial sums in another order than one device's
    // matmul, so logits differ by float rounding only. With an int8 cache a
    // rounding difference can move a cached value across a code boundary, so
    // there the bound is what int8 caching itself moves the logits by.
    void tensorParallelLogitsClose_data()
    {
        QTest::addColumn<int>("devices");
        QTest::newRow("2") << 2;
        QTest::newRow("4") << 4;
    }

    void tensorParallelLogitsClose()
    {
        QFETCH(int, devices);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto whole = load(model, {});
        auto tp = load(model, split(SplitMode::Tensor, devices));
        QVERIFY(whole && tp);
        const auto tokens = goldenPrefix(golden, 40);
        engine::KvCacheConfig kv;
        kv.mode = KvCacheMode::Paged;
        const auto exact = promptThenDecode((*whole)->model(), tokens, kv);
        for (KvDType dtype : {KvDType::F32, KvDType::Int8}) {
            kv.dtype = dtype;
            const auto a = promptThenDecode((*whole)->model(), tokens, kv);
            const auto b = promptThenDecode((*tp)->model(), tokens, kv);
            QVERIFY(!a.empty());
            QCOMPARE(a.size(), b.size());
            const double cacheError = dtype == KvDType::F32 ? 0.0 : maxAbsDiff(a, exact);
            const double diff = maxAbsDiff(a, b);
            QVERIFY2(diff < std::max(1e-3, cacheError),
                     qPrintable(QString("max |logit difference| %1 (int8 cache error %2)").arg(diff).arg(cacheError)));
        }
    }

    void tensorParallelShardsMemory()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto whole = load(model, {});
        auto tp = load(model, split(SplitMode::Tensor, 4));
        QVERIFY(whole && tp);
        engine::LlamaModel& m = (*tp)->model();
        const uint64_t total = (*whole)->model().deviceReports().front().weightsBytes;
        const auto reports = m.deviceReports();
        QCOMPARE(int(reports.size()), 4);
        for (const engine::DeviceReport& r : reports) {
            const double share = double(r.weightsBytes) / double(total);
            // Norm vectors are replicated; every matrix is cut in four.
            QVERIFY2(share > 0.22 && share < 0.30, qPrintable(QString("device %1 holds %2").arg(r.rank).arg(share)));
        }
        engine::KvCacheConfig kv;
        kv.mode = KvCacheMode::Paged;
        kv.capacityTokens = 256;
        auto store = m.makeStore(m.kvSpec(kv, 1));
        QVERIFY(store);
        QCOMPARE(store->shardCount(), 4);
        for (int s = 0; s < 4; ++s) QCOMPARE(store->shardStats(s).allocatedBytes * 4, store->stats().allocatedBytes);
    }

    // Each device's activation workspace is one buffer reserved at load for
    // the largest batch (512 rows by default, at most the context), so passes
    // up to that size allocate nothing; a longer pass reserves once more.
    void workspaceReservedAtLoad()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = load(model, split(SplitMode::Pipeline, 2));
        QVERIFY(e);
        engine::LlamaModel& m = (*e)->model();
        const uint64_t atLoad = m.workspaceBytes();
        QVERIFY(atLoad > 0);
        for (const engine::DeviceReport& r : m.deviceReports()) QVERIFY(r.workspaceBytes > 0);
        auto cache = m.makeCache(64);
        QVERIFY(cache);
        std::vector<float> logits(size_t(m.config().vocabSize));
        const std::vector<int32_t> prompt(40, 7);
        QVERIFY(m.forward(prompt, 0, *cache, logits.data()));
        QCOMPARE(m.workspaceBytes(), atLoad);

        engine::LoadOptions small;
        small.threads = 2;
        small.maxBatchTokens = 8;
        auto tiny = engine::Engine::load(model.toStdString(), "", small);
        QVERIFY(tiny);
        engine::LlamaModel& t = (*tiny)->model();
        const uint64_t reserved = t.workspaceBytes();
        QVERIFY(reserved < atLoad);
        auto c2 = t.makeCache(64);
        QVERIFY(c2);
        QVERIFY(t.forward(prompt, 0, *c2, logits.data()));
        QVERIFY(t.workspaceBytes() > reserved);  // reserved again for the 40-token pass
    }

    void pipelineFollowsLayerWeights()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        engine::DevicesConfig d = split(SplitMode::Pipeline, 2);
        d.layerWeights = std::vector<int32_t>{3, 1};
        auto e = load(model, d);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        const engine::Placement& p = (*e)->model().placement();
        const int64_t layers = (*e)->model().config().nLayers;
        QCOMPARE(p.devices[0].layers.begin, int64_t(0));
        QCOMPARE(p.devices[1].layers.end, layers);
        QVERIFY(p.devices[0].layers.size() > p.devices[1].layers.size());
        // Weights adding up to the layer count are the layer counts themselves.
        d.layerWeights = std::vector<int32_t>{1, 4};
        auto exact = load(model, d);
        QVERIFY(exact);
        QCOMPARE((*exact)->model().placement().devices[0].layers.size(), int64_t(1));
        QCOMPARE((*exact)->model().placement().devices[1].layers.size(), int64_t(4));
    }

    // Shapes only the model can refuse: each message names the numbers.
    void impossibleSplitsRefused_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("devices");
        QTest::addColumn<bool>("int8");
        QTest::addColumn<QString>("message");
        QTest::newRow("more stages than layers")
            << int(SplitMode::Pipeline) << 6 << false
            << "devices.split: pipeline over 6 devices needs at least one layer per stage, but the model has 5 layers";
        QTest::newRow("kv heads do not divide")
            << int(SplitMode::Tensor) << 3 << false
            << "devices.split: tensor parallel over 3 devices splits the kv heads, but the model's 4 kv heads do not "
               "divide by 3";
        QTest::newRow("block boundary")
            << int(SplitMode::Tensor) << 4 << true
            << "devices.split: tensor parallel over 4 devices gives each device 16 of attn_output's 64 columns, which "
               "is not a multiple of its storage block of 32";
        QTest::newRow("split none with devices")
            << int(SplitMode::None) << 2 << false
            << "devices.split: devices.virtual_cpus is 2 but devices.split is \"none\": choose pipeline or tensor";
    }

    void impossibleSplitsRefused()
    {
        QFETCH(int, mode);
        QFETCH(int, devices);
        QFETCH(bool, int8);
        QFETCH(QString, message);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        std::optional<engine::WeightsConfig> weights;
        if (int8) {
            weights = engine::WeightsConfig{};
            weights->dtype = engine::WeightDType::Int8;
        }
        auto e = load(model, split(static_cast<SplitMode>(mode), devices), weights);
        QVERIFY(!e);
        QCOMPARE(QString::fromStdString(e.error().message), message);
    }

    // A weight in a type the kernels cannot read (I32 here: no dequantizer) is
    // refused when the model loads, naming the device and the tensor, instead
    // of multiplying NaN rows.
    void unreadableWeightTypeRefusedAtLoad()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto file = engine::openModelFile(model.toStdString(), "");
        QVERIFY(file);
        for (engine::TensorInfo& t : file->tensors)
            if (t.name == "blk.2.ffn_up.weight") t.type = kernels::DType::I32;  // same 4 bytes per value as F32
        auto shared = std::make_shared<const engine::ModelFile>(std::move(*file));
        kernels::Reasons why;
        auto ops = kernels::Registry::instance().cpu().createOps(1, why);
        QVERIFY(ops);
        auto lm = engine::LlamaModel::create(shared, *ops);
        QVERIFY(lm);
        const engine::Status supported = (*lm)->checkSupport(kernels::Registry::instance().cpu());
        QVERIFY(!supported);
        QCOMPARE(supported.error().code, engine::ErrorCode::Unsupported);
        const std::string& msg = supported.error().message;
        QVERIFY2(msg.find("blk.2.ffn_up: cpu:0 cannot read I32 weights: the kernels have no dequantizer") !=
                     std::string::npos,
                 msg.c_str());
    }

    // "Can this device run this model and profile?" covers the KV cache's
    // precision: a device without int8 KV attention says so at load.
    void kvPrecisionAskedAtLoad()
    {
        // The CPU device in every respect, except that it cannot attend over an int8 cache.
        class NoInt8Kv final : public kernels::Device {
        public:
            std::string name() const override { return cpu().name(); }
            kernels::DeviceKind kind() const override { return kernels::DeviceKind::Cpu; }
            int index() const override { return 0; }
            kernels::MemoryInfo memory() const override { return cpu().memory(); }
            std::vector<kernels::Property> properties() const override { return {}; }
            kernels::Reasons supports(const kernels::OpDesc& op) const override
            {
                if (op.kind == kernels::OpKind::Attention && op.kvFormat == kernels::KvFormat::Int8)
                    return kernels::because(id() + " has no int8 KV attention (" + op.describe() + ").");
                return cpu().supports(op);
            }
            std::unique_ptr<kernels::Stream> createStream() override { return cpu().createStream(); }
            std::unique_ptr<kernels::Event> createEvent() override { return cpu().createEvent(); }
            double measureBandwidthGBs(int threads) override { return cpu().measureBandwidthGBs(threads); }
            std::unique_ptr<kernels::Buffer> allocate(size_t bytes, kernels::Reasons& why) override
            {
                return cpu().allocate(bytes, why);
            }
            std::unique_ptr<kernels::Ops> createOps(int threads, kernels::Reasons& why) override
            {
                return cpu().createOps(threads, why);
            }

        private:
            static kernels::Device& cpu() { return kernels::Registry::instance().cpu(); }
        };
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = load(model, split(SplitMode::Tensor, 2));
        QVERIFY(e);
        const NoInt8Kv device;
        const engine::LlamaModel& m = (*e)->model();
        QVERIFY(m.checkSupport(device));
        QVERIFY(m.checkSupport(device, engine::KvDType::F16));
        const engine::Status refused = m.checkSupport(device, engine::KvDType::Int8);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, engine::ErrorCode::Unsupported);
        const std::string& msg = refused.error().message;
        QVERIFY2(msg.find("attention: cpu:0 has no int8 KV attention (attention [1 x 4/2 heads x 8, context") !=
                         std::string::npos &&
                     msg.find("over a KV cache of int8)") != std::string::npos,
                 msg.c_str());
    }

    // An op that throws on one device (a refused call, a failed allocation in
    // a kernel) ends that pass with an error naming the device — its peers
    // unwind instead of waiting at a barrier — and the next pass runs normally.
    void failingDeviceEndsThePassCleanly_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("failing");
        for (int rank : {0, 1}) {
            QTest::addRow("pipeline x2, rank %d fails", rank) << int(SplitMode::Pipeline) << rank;
            QTest::addRow("tensor x2, rank %d fails", rank) << int(SplitMode::Tensor) << rank;
        }
    }

    void failingDeviceEndsThePassCleanly()
    {
        QFETCH(int, mode);
        QFETCH(int, failing);
        // Throws on its third matmul, once.
        class FailsOnce final : public kernels::ForwardingOps {
        public:
            using ForwardingOps::ForwardingOps;
            void matmul(const kernels::Tensor& w, const kernels::Tensor& x, const kernels::Tensor& y) const override
            {
                if (++m_calls == 3) throw std::runtime_error("injected failure");
                inner().matmul(w, x, y);
            }

        private:
            mutable int m_calls = 0;
        };
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto file = engine::openModelFile(model.toStdString(), "");
        QVERIFY(file);
        auto shared = std::make_shared<const engine::ModelFile>(std::move(*file));
        kernels::Reasons why;
        auto cpu0 = kernels::Registry::instance().cpu().createOps(1, why);
        auto cpu1 = kernels::Registry::instance().cpu().createOps(1, why);
        QVERIFY(cpu0 && cpu1);
        const FailsOnce fails(failing == 0 ? *cpu0 : *cpu1);
        std::vector<const kernels::Ops*> ops{cpu0.get(), cpu1.get()};
        ops[size_t(failing)] = &fails;
        auto broken = engine::LlamaModel::create(shared, split(SplitMode(mode), 2), ops);
        auto whole = engine::LlamaModel::create(shared, *cpu0);
        QVERIFY(broken && whole);
        const std::vector<int32_t> tokens = goldenPrefix(golden, 12);
        const int64_t vocab = (*whole)->config().vocabSize;
        std::vector<float> got(static_cast<size_t>(vocab)), want(static_cast<size_t>(vocab));
        auto c1 = (*broken)->makeCache(64);
        QVERIFY(c1);
        const engine::Status failed = (*broken)->forward(tokens, 0, *c1, got.data());
        QVERIFY(!failed);
        QCOMPARE(failed.error().code, engine::ErrorCode::Internal);
        const std::string expected = "forward failed on vcpu:" + std::to_string(failing) + ": injected failure";
        QVERIFY2(failed.error().message.find(expected) != std::string::npos, failed.error().message.c_str());

        auto c2 = (*broken)->makeCache(64), c3 = (*whole)->makeCache(64);
        QVERIFY(c2 && c3);
        QVERIFY((*broken)->forward(tokens, 0, *c2, got.data()));
        QVERIFY((*whole)->forward(tokens, 0, *c3, want.data()));
        double worst = 0.0;
        for (size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::fabs(double(got[i]) - double(want[i])));
        QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst)));
    }

    void allReduceDeterministicAndEqual()
    {
        constexpr int ranks = 4;
        constexpr int64_t n = 1001;
        engine::LocalCommunicator comm(ranks);
        std::vector<std::vector<float>> data(ranks, std::vector<float>(n));
        std::mt19937 rng(7);
        std::normal_distribution<float> dist(0.0f, 100.0f);
        for (auto& v : data)
            for (float& x : v) x = dist(rng);
        std::vector<float> expected(n);
        for (int64_t i = 0; i < n; ++i) {
            float acc = data[0][size_t(i)];
            for (int r = 1; r < ranks; ++r) acc += data[size_t(r)][size_t(i)];
            expected[size_t(i)] = acc;
        }
        std::vector<std::thread> threads;
        for (int r = 0; r < ranks; ++r)
            threads.emplace_back([&, r] { comm.allReduceSum(r, data[size_t(r)].data(), n, 0); });
        for (auto& t : threads) t.join();
        for (int r = 0; r < ranks; ++r)
            QVERIFY(std::memcmp(data[size_t(r)].data(), expected.data(), n * sizeof(float)) == 0);
        QVERIFY(comm.stats(1).bytes > 0);
    }

    // Int8 scales are per kv head, so a head-sharded store keeps exactly the
    // numbers of an unsharded one.
    void shardedStoreMatchesWhole()
    {
        for (KvDType dtype : {KvDType::F32, KvDType::F16, KvDType::Int8}) {
            engine::KvStoreSpec spec;
            spec.mode = KvCacheMode::Paged;
            spec.dtype = dtype;
            spec.blockSize = 8;
            spec.capacityTokens = 64;
            spec.layers = 2;
            spec.kvHeads = 4;
            spec.headDim = 8;
            auto whole = engine::KvStore::create(spec);
            spec.shards = {{0, 2, 0, 2}, {0, 2, 2, 4}};
            auto sharded = engine::KvStore::create(spec);
            QVERIFY(whole && sharded);
            QCOMPARE(sharded->stats().allocatedBytes, whole->stats().allocatedBytes);
            const int32_t a = *whole->addSequence(), b = *sharded->addSequence();
            QVERIFY(whole->resize(a, 20) && sharded->resize(b, 20));
            std::mt19937 rng(3);
            std::normal_distribution<float> dist(0.0f, 3.0f);
            std::vector<float> k(20 * 32), v(20 * 32);
            for (float& x : k) x = dist(rng);
            for (float& x : v) x = dist(rng);
            whole->write(a, 1, 0, 20, k.data(), v.data());
            // Each shard takes its half of every row.
            for (int s = 0; s < 2; ++s) {
                std::vector<float> ks(20 * 16), vs(20 * 16);
                for (int t = 0; t < 20; ++t) {
                    std::copy_n(k.data() + t * 32 + s * 16, 16, ks.data() + t * 16);
                    std::copy_n(v.data() + t * 32 + s * 16, 16, vs.data() + t * 16);
                }
                sharded->write(b, 1, 0, 20, ks.data(), vs.data(), s);
            }
            std::vector<float> kw(20 * 32), vw(20 * 32);
            whole->gather(a, 1, 20, kw.data(), vw.data());
            for (int s = 0; s < 2; ++s) {
                std::vector<float> ks(20 * 16), vs(20 * 16);
                sharded->gather(b, 1, 20, ks.data(), vs.data(), s);
                for (int t = 0; t < 20; ++t) {
                    QVERIFY(std::memcmp(ks.data() + t * 16, kw.data() + t * 32 + s * 16, 16 * sizeof(float)) == 0);
                    QVERIFY(std::memcmp(vs.data() + t * 16, vw.data() + t * 32 + s * 16, 16 * sizeof(float)) == 0);
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSplit)
#include "tst_split.moc"
