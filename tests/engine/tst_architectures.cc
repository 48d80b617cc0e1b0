// Architectures as data (engine/model/architecture.h), proven with the trained
// stories260K weights transplanted into another family's layout: as a `qwen2`
// GGUF (zero Q/K/V biases, the q/k rows of every head permuted so that the
// half-split "NeoX" rope rotates the same pairs adjacent rope did) it must
// generate the 256 golden greedy ids, unsplit and split over devices; a qwen2
// file without its biases is refused by tensor name; and a non-zero bias
// reaches the logits.
#include <QTest>

#include <QTemporaryDir>
#include <cstring>
#include <functional>
#include <optional>

#include "common/fixtures.h"
#include "common/transplant.h"
#include "engine/formats/model_file.h"
#include "engine/model/llama_model.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"

namespace {

using testsupport::relabelled;

struct Transplant {
    std::vector<std::vector<uint8_t>> storage;  // keeps rewritten tensor data alive until written
};

// Rows of one head reordered from adjacent pairs (2j, 2j+1) to halves (j, j + half).
std::vector<uint8_t> halfSplitRows(const engine::TensorInfo& t, int64_t headDim)
{
    const uint64_t rowBytes = kernels::bytesFor(t.type, t.shape[0]);
    const int64_t rows = int64_t(t.shape[1]), half = headDim / 2;
    std::vector<uint8_t> out(size_t(rowBytes * uint64_t(rows)));
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t head = r / headDim, i = r % headDim;
        const int64_t from = head * headDim + (i < half ? 2 * i : 2 * (i - half) + 1);
        std::memcpy(out.data() + uint64_t(r) * rowBytes, t.data + uint64_t(from) * rowBytes, rowBytes);
    }
    return out;
}

// stories260K as a qwen2 GGUF at `out`; `withBiases` false leaves them out, `vBias` fills the V bias.
QString asQwen2(const QString& source, const QString& out, Transplant& keep, bool withBiases = true, float vBias = 0.0f)
{
    auto config = engine::ModelConfig{};
    auto file = relabelled(source, "qwen2", config);
    if (!file) return {};
    std::vector<engine::TensorInfo> added;
    for (engine::TensorInfo& t : file->tensors) {
        const bool q = t.name.find("attn_q.weight") != std::string::npos;
        const bool k = t.name.find("attn_k.weight") != std::string::npos;
        if (q || k) {
            keep.storage.push_back(halfSplitRows(t, config.headDim));
            t.data = keep.storage.back().data();
        }
        if (!withBiases || !(q || k || t.name.find("attn_v.weight") != std::string::npos)) continue;
        const uint64_t n = t.shape[1];
        std::vector<float> bias(n, t.name.find("attn_v") != std::string::npos ? vBias : 0.0f);
        keep.storage.emplace_back(reinterpret_cast<const uint8_t*>(bias.data()),
                                  reinterpret_cast<const uint8_t*>(bias.data() + n));
        engine::TensorInfo b;
        b.name = t.name.substr(0, t.name.size() - std::string("weight").size()) + "bias";
        b.type = kernels::DType::F32;
        b.shape = {n};
        b.bytes = n * sizeof(float);
        b.data = keep.storage.back().data();
        added.push_back(b);
    }
    file->tensors.insert(file->tensors.end(), added.begin(), added.end());
    file->rebuildIndex();
    if (!engine::writeModelGguf(*file, out.toStdString())) return {};
    return out;
}

// Rows of several same-width tensors stacked into one buffer, in order.
std::vector<uint8_t> stackRows(const std::vector<std::pair<const uint8_t*, uint64_t>>& parts)
{
    std::vector<uint8_t> out;
    for (const auto& [data, bytes] : parts) out.insert(out.end(), data, data + bytes);
    return out;
}

// stories260K as a phi3 GGUF at `out`: per layer, q | k | v (q and k rows
// permuted for half-split rope) stacked into attn_qkv, gate | up into ffn_up.
QString asPhi3(const QString& source, const QString& out, Transplant& keep, bool dropQkv = false)
{
    auto config = engine::ModelConfig{};
    auto file = relabelled(source, "phi3", config);
    if (!file) return {};
    std::vector<engine::TensorInfo> tensors;
    for (int64_t l = 0; l < config.nLayers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        const engine::TensorInfo* q = file->findTensor(b + "attn_q.weight");
        const engine::TensorInfo* k = file->findTensor(b + "attn_k.weight");
        const engine::TensorInfo* v = file->findTensor(b + "attn_v.weight");
        const engine::TensorInfo* gate = file->findTensor(b + "ffn_gate.weight");
        const engine::TensorInfo* up = file->findTensor(b + "ffn_up.weight");
        if (!q || !k || !v || !gate || !up) return {};
        keep.storage.push_back(halfSplitRows(*q, config.headDim));
        keep.storage.push_back(halfSplitRows(*k, config.headDim));
        const size_t qi = keep.storage.size() - 2, ki = keep.storage.size() - 1;
        keep.storage.push_back(stackRows({{keep.storage[qi].data(), q->bytes}, {keep.storage[ki].data(), k->bytes},
                                          {v->data, v->bytes}}));
        engine::TensorInfo qkv = *q;
        qkv.name = b + "attn_qkv.weight";
        qkv.shape = {q->shape[0], q->shape[1] + k->shape[1] + v->shape[1]};
        qkv.bytes = q->bytes + k->bytes + v->bytes;
        qkv.data = keep.storage.back().data();
        if (!dropQkv) tensors.push_back(qkv);
        keep.storage.push_back(stackRows({{gate->data, gate->bytes}, {up->data, up->bytes}}));
        engine::TensorInfo gateUp = *up;
        gateUp.shape = {up->shape[0], 2 * up->shape[1]};
        gateUp.bytes = gate->bytes + up->bytes;
        gateUp.data = keep.storage.back().data();
        tensors.push_back(gateUp);
    }
    for (const engine::TensorInfo& t : file->tensors) {
        const bool replaced = t.name.find("attn_q.") != std::string::npos || t.name.find("attn_k.") != std::string::npos ||
                              t.name.find("attn_v.") != std::string::npos || t.name.find("ffn_gate.") != std::string::npos ||
                              t.name.find("ffn_up.") != std::string::npos;
        if (!replaced) tensors.push_back(t);
    }
    file->tensors = tensors;
    file->rebuildIndex();
    if (!engine::writeModelGguf(*file, out.toStdString())) return {};
    return out;
}

// Loads `path` split as asked and checks its 256 greedy tokens are `golden`'s;
// `check` looks at the loaded engine first.
void generatesGolden(const QString& path, const QString& golden, int split, int devices,
                     const std::function<void(engine::Engine&)>& check)
{
    engine::LoadOptions o{1};
    o.devices.split = static_cast<engine::SplitMode>(split);
    if (devices > 1) o.devices.virtualCpus = devices;
    auto e = engine::Engine::load(path.toStdString(), "", o);
    QVERIFY2(e, e ? "" : e.error().message.c_str());
    check(**e);
    engine::GenerateRequest req;
    req.maxTokens = 256;
    auto r = (*e)->generate(req);
    QVERIFY(r);
    QCOMPARE(r->tokens, testsupport::goldenIds(golden));
}

}  // namespace

class TestArchitectures : public QObject {
    Q_OBJECT

private slots:
    void qwen2TransplantGivesGoldenTokens_data()
    {
        QTest::addColumn<int>("split");
        QTest::addColumn<int>("devices");
        QTest::newRow("one device") << int(engine::SplitMode::None) << 1;
        QTest::newRow("pipeline x2") << int(engine::SplitMode::Pipeline) << 2;
        QTest::newRow("tensor x2") << int(engine::SplitMode::Tensor) << 2;
    }

    void qwen2TransplantGivesGoldenTokens()
    {
        QFETCH(int, split);
        QFETCH(int, devices);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir dir;
        Transplant keep;
        const QString path = asQwen2(model, dir.filePath("qwen2.gguf"), keep);
        QVERIFY(!path.isEmpty());
        generatesGolden(path, golden, split, devices, [](engine::Engine& e) {
            QCOMPARE(e.config().architecture, std::string("qwen2"));
            QCOMPARE(int(e.config().ropePairing), int(kernels::RopePairing::HalfSplit));
            QCOMPARE(e.model().weights().layers[0].bq.cols, e.config().qDim());
        });
    }

    // Fused matrices are bound as row views of one tensor: the phi3 transplant
    // gives the golden tokens, also split (tensor parallel cuts the views).
    void phi3TransplantGivesGoldenTokens_data() { qwen2TransplantGivesGoldenTokens_data(); }

    void phi3TransplantGivesGoldenTokens()
    {
        QFETCH(int, split);
        QFETCH(int, devices);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir dir;
        Transplant keep;
        const QString path = asPhi3(model, dir.filePath("phi3.gguf"), keep);
        QVERIFY(!path.isEmpty());
        generatesGolden(path, golden, split, devices, [](engine::Engine& e) {
            QVERIFY(e.config().fusedQkv && e.config().fusedGateUp);
            const engine::LayerWeights& L = e.model().weights().layers[0];
            QCOMPARE(L.wk.data, static_cast<const void*>(L.wq.row(L.wq.rows)));  // views of one tensor
        });
    }

    // Converted at load, a fused matrix is packed where it lies only when each
    // of its row views starts on a whole group of eight rows: stories260K's
    // q | k | v cuts (64, 96) do, its gate | up cut (hidden 172) does not, and
    // either way the model runs as the same weights loaded from their file.
    void phi3ConvertedAtLoadRunsLikeItsFile()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        Transplant keep;
        const QString path = asPhi3(model, dir.filePath("phi3.gguf"), keep);
        QVERIFY(!path.isEmpty());
        engine::WeightsConfig int8;
        int8.dtype = engine::WeightDType::Int8;
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        auto converted = engine::quantizeWeights(*src, int8);
        QVERIFY(converted);
        const std::string file = dir.filePath("phi3-q8_0.gguf").toStdString();
        QVERIFY(engine::writeModelGguf(converted->file, file));

        engine::LoadOptions o{1};
        o.weights = int8;
        auto atLoad = engine::Engine::load(path.toStdString(), "", o);
        QVERIFY2(atLoad, atLoad ? "" : atLoad.error().message.c_str());
        const auto layoutOf = [&](const char* name) { return (*atLoad)->file().findTensor(name)->layout; };
        QCOMPARE(int(layoutOf("blk.0.attn_qkv.weight")), int(engine::RowLayout::CpuPacked));
        const bool gateUpWhole = (*atLoad)->config().hiddenDim % 8 == 0;
        QCOMPARE(int(layoutOf("blk.0.ffn_up.weight")),
                 int(gateUpWhole ? engine::RowLayout::CpuPacked : engine::RowLayout::Stored));
        o.weights.reset();
        auto fromFile = engine::Engine::load(file, "", o);
        QVERIFY2(fromFile, fromFile ? "" : fromFile.error().message.c_str());

        engine::GenerateRequest req;
        req.maxTokens = 64;
        auto a = (*atLoad)->generate(req);
        auto b = (*fromFile)->generate(req);
        QVERIFY(a && b);
        QCOMPARE(a->tokens, b->tokens);
    }

    void phi3WithoutQkvIsRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        Transplant keep;
        const QString path = asPhi3(model, dir.filePath("noqkv.gguf"), keep, true);
        QVERIFY(!path.isEmpty());
        testsupport::expectLoadRefused(path, "missing tensor 'blk.0.attn_qkv.weight'");
    }

    void qwen2WithoutBiasesIsRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        Transplant keep;
        const QString path = asQwen2(model, dir.filePath("nobias.gguf"), keep, false);
        QVERIFY(!path.isEmpty());
        testsupport::expectLoadRefused(path, "missing tensor 'blk.0.attn_q.bias'");
    }

    // The zero-bias transplant gives the golden tokens; a bias of 0.25 on V
    // must change the logits (a bias the forward pass skipped would not).
    void valueBiasIsApplied()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        Transplant keepA, keepB;
        const QString zero = asQwen2(model, dir.filePath("zero.gguf"), keepA, true, 0.0f);
        const QString biased = asQwen2(model, dir.filePath("biased.gguf"), keepB, true, 0.25f);
        auto a = engine::Engine::load(zero.toStdString(), "", engine::LoadOptions{1});
        auto b = engine::Engine::load(biased.toStdString(), "", engine::LoadOptions{1});
        QVERIFY(a && b);
        const std::vector<int32_t> tokens{1, 403, 407, 261, 300};
        const auto logits = [&](engine::LlamaModel& m) {
            std::vector<float> out(tokens.size() * size_t(m.config().vocabSize));
            auto cache = m.makeCache(int64_t(tokens.size()));
            if (!cache || !m.forward(tokens, 0, *cache, out.data(), engine::LogitsMode::All)) out.clear();
            return out;
        };
        const auto la = logits((*a)->model()), lb = logits((*b)->model());
        QVERIFY(!la.empty() && la.size() == lb.size());
        QVERIFY(la != lb);
    }
};

QTEST_GUILESS_MAIN(TestArchitectures)
#include "tst_architectures.moc"
