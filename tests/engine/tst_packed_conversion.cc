// Matrices converted at load are repacked where they lie for the CPU matmul
// (TensorInfo::layout CpuPacked): the converted model is held once and runs
// the same packed kernels as a file of that format. Proved here:
//  - every row reads back (storedRow) byte for byte as the pass converted it,
//    and the GGUF written from a packed model is the file written without
//    packing, byte for byte;
//  - an engine that converts at load gives the logits of the same weights
//    loaded from that GGUF file bit for bit (both run the packed tiles), on
//    one device and split over two virtual CPU devices (pipeline);
//  - readers of the converted model (requantizing, pruning) see the stored rows;
//  - where a reader cannot take packed rows (reference ops, a tensor-parallel
//    split) the engine does not pack, and a model asked to run packed weights
//    on such ops is refused, not run on garbage.
#include <QTest>

#include <QDir>
#include <QTemporaryDir>
#include <cstring>
#include <memory>
#include <vector>

#include "common/fixtures.h"
#include "engine/formats/stored_rows.h"
#include "engine/model/llama_model.h"
#include "engine/passes/prune_pass.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"

namespace {

engine::WeightsConfig weightsOf(engine::WeightDType dtype, bool symmetric = true, int group = 32)
{
    engine::WeightsConfig cfg;
    cfg.dtype = dtype;
    cfg.groupSize = group;
    cfg.symmetric = symmetric;
    return cfg;
}

bool packEverything(const engine::TensorInfo&)
{
    return true;
}

int packedCount(const engine::ModelFile& file)
{
    int n = 0;
    for (const engine::TensorInfo& t : file.tensors) n += t.layout == engine::RowLayout::CpuPacked;
    return n;
}

QByteArray readAll(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Logits of every position of `tokens`, prefilled in one pass.
std::vector<float> allLogits(engine::LlamaModel& model, const std::vector<int32_t>& tokens)
{
    if (!model.reserveWorkspace(static_cast<int64_t>(tokens.size()))) return {};
    auto cache = model.makeCache(static_cast<int64_t>(tokens.size()));
    if (!cache) return {};
    std::vector<float> logits(tokens.size() * static_cast<size_t>(model.config().vocabSize));
    if (!model.forward(tokens, 0, *cache, logits.data(), engine::LogitsMode::All)) return {};
    return logits;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return !a.empty() && a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

const std::vector<int32_t> kTokens{1, 403, 407, 261, 378, 432, 383, 286, 300, 271, 9, 44, 263};

}  // namespace

class TestPackedConversion : public QObject {
    Q_OBJECT

private slots:
    void rowsReadBackAsConverted_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<bool>("symmetric");
        QTest::addColumn<int>("group");
        const int int8 = int(engine::WeightDType::Int8), int4 = int(engine::WeightDType::Int4);
        QTest::newRow("int8 g32 (Q8_0)") << int8 << true << 32;
        QTest::newRow("int4 g32 (Q4_0)") << int4 << true << 32;
        QTest::newRow("int4 g32 asymmetric (Q4_1)") << int4 << false << 32;
        QTest::newRow("int8 g64 asymmetric (IS_Q8A_G64)") << int8 << false << 64;
        QTest::newRow("int4 g64 (IS_Q4_G64)") << int4 << true << 64;
    }
    void rowsReadBackAsConverted()
    {
        QFETCH(int, dtype);
        QFETCH(bool, symmetric);
        QFETCH(int, group);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        const auto cfg = weightsOf(static_cast<engine::WeightDType>(dtype), symmetric, group);
        auto plain = engine::quantizeWeights(*src, cfg);
        auto packed = engine::quantizeWeights(*src, cfg, {}, nullptr, packEverything);
        QVERIFY(plain && packed);
        QCOMPARE(packedCount(plain->file), 0);
        QVERIFY(packedCount(packed->file) > 0);

        std::vector<uint8_t> scratch;
        int relaid = 0;
        for (size_t i = 0; i < plain->file.tensors.size(); ++i) {
            const engine::TensorInfo& a = plain->file.tensors[i];
            const engine::TensorInfo& b = packed->file.tensors[i];
            QCOMPARE(b.bytes, a.bytes);
            if (b.layout != engine::RowLayout::CpuPacked) {
                QVERIFY2(std::memcmp(a.data, b.data, a.bytes) == 0, a.name.c_str());
                continue;
            }
            relaid += std::memcmp(a.data, b.data, a.bytes) != 0;  // the groups really moved
            const uint64_t rowBytes = engine::storedRowBytes(a);
            for (uint64_t r = 0; r < a.rows(); ++r)
                QVERIFY2(std::memcmp(engine::storedRow(b, r, scratch), a.data + r * rowBytes, rowBytes) == 0,
                         (a.name + " row " + std::to_string(r)).c_str());
        }
        QCOMPARE(relaid, packedCount(packed->file));

        QTemporaryDir dir;
        const std::string fromPlain = QDir(dir.path()).filePath("plain.gguf").toStdString();
        const std::string fromPacked = QDir(dir.path()).filePath("packed.gguf").toStdString();
        QVERIFY(engine::writeModelGguf(plain->file, fromPlain));
        QVERIFY(engine::writeModelGguf(packed->file, fromPacked));
        const QByteArray a = readAll(fromPlain);
        QVERIFY(!a.isEmpty());
        QVERIFY(a == readAll(fromPacked));
    }

    // The engine converts and packs at load; the same weights loaded from the
    // GGUF they convert to are packed by the loader instead: same tiles, same bits.
    void engineRunsConvertedWeightsLikeTheirFile_data()
    {
        QTest::addColumn<int>("virtualCpus");
        QTest::newRow("one device") << 1;
        QTest::newRow("pipeline over 2 virtual CPUs") << 2;
    }
    void engineRunsConvertedWeightsLikeTheirFile()
    {
        QFETCH(int, virtualCpus);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        engine::LoadOptions options;
        options.threads = 2;
        options.weights = weightsOf(engine::WeightDType::Int4);
        if (virtualCpus > 1) {
            options.devices.virtualCpus = virtualCpus;
            options.devices.split = engine::SplitMode::Pipeline;
        }
        auto converted = engine::Engine::load(path.toStdString(), "", options);
        QVERIFY2(converted, converted ? "" : converted.error().message.c_str());
        QVERIFY(packedCount((*converted)->file()) > 0);
        for (const engine::DeviceReport& r : (*converted)->model().deviceReports())
            QVERIFY2(r.packedBytes > 0, r.name.c_str());

        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        auto plain = engine::quantizeWeights(*src, *options.weights);
        QVERIFY(plain);
        QTemporaryDir dir;
        const std::string file = QDir(dir.path()).filePath("q4_0.gguf").toStdString();
        QVERIFY(engine::writeModelGguf(plain->file, file));
        options.weights.reset();
        auto loaded = engine::Engine::load(file, "", options);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        QCOMPARE(packedCount((*loaded)->file()), 0);

        const std::vector<float> want = allLogits((*loaded)->model(), kTokens);
        QVERIFY(sameBits(allLogits((*converted)->model(), kTokens), want));
    }

    // What reads a loaded engine's converted model afterwards (a sensitivity
    // study requantizes it, a pruning study prunes it) reads the stored rows.
    void passesOverAPackedModelSeeStoredRows()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        const auto cfg = weightsOf(engine::WeightDType::Int8);
        auto plain = engine::quantizeWeights(*src, cfg);
        auto packed = engine::quantizeWeights(*src, cfg, {}, nullptr, packEverything);
        QVERIFY(plain && packed);

        const auto int4 = weightsOf(engine::WeightDType::Int4);
        auto fromPlain = engine::quantizeWeights(plain->file, int4);
        auto fromPacked = engine::quantizeWeights(packed->file, int4);
        QVERIFY(fromPlain && fromPacked);
        for (size_t i = 0; i < fromPlain->file.tensors.size(); ++i) {
            const engine::TensorInfo& a = fromPlain->file.tensors[i];
            const engine::TensorInfo& b = fromPacked->file.tensors[i];
            QCOMPARE(b.bytes, a.bytes);
            if (a.type == b.type && b.layout == engine::RowLayout::Stored)
                QVERIFY2(std::memcmp(a.data, b.data, a.bytes) == 0, a.name.c_str());
        }

        engine::PruningConfig prune;
        prune.method = engine::PruningMethod::Magnitude;
        prune.ratio = 0.5;
        auto prunedPlain = engine::pruneWeights(plain->file, prune);
        auto prunedPacked = engine::pruneWeights(packed->file, prune);
        QVERIFY2(prunedPlain && prunedPacked, prunedPlain ? "" : prunedPlain.error().message.c_str());
        std::vector<uint8_t> scratch;
        for (size_t i = 0; i < prunedPlain->file.tensors.size(); ++i) {
            const engine::TensorInfo& a = prunedPlain->file.tensors[i];
            const engine::TensorInfo& b = prunedPacked->file.tensors[i];
            QCOMPARE(b.bytes, a.bytes);
            const uint64_t rowBytes = engine::storedRowBytes(a);
            for (uint64_t r = 0; r < a.rows(); ++r)
                QVERIFY2(std::memcmp(engine::storedRow(b, r, scratch), a.data + r * rowBytes, rowBytes) == 0,
                         a.name.c_str());
        }
    }

    // Reference ops read the stored layout and a tensor-parallel split cuts
    // column slices: the engine converts without packing there.
    void engineDoesNotPackWhereReadersNeedStoredRows_data()
    {
        QTest::addColumn<bool>("reference");
        QTest::newRow("reference ops") << true;
        QTest::newRow("tensor parallel over 2 virtual CPUs") << false;
    }
    void engineDoesNotPackWhereReadersNeedStoredRows()
    {
        QFETCH(bool, reference);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        engine::LoadOptions options;
        options.threads = 2;
        options.weights = weightsOf(engine::WeightDType::Int8);
        if (reference) {
            options.ops = engine::OpsKind::Reference;
        } else {
            options.devices.virtualCpus = 2;
            options.devices.split = engine::SplitMode::Tensor;
        }
        auto e = engine::Engine::load(path.toStdString(), "", options);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE(packedCount((*e)->file()), 0);
        QVERIFY(!allLogits((*e)->model(), kTokens).empty());
    }

    // A model asked to run packed weights on ops that read stored rows is
    // refused with the tensor named, never run on the packed bytes.
    void packedWeightsOnReferenceOpsAreRefused()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        auto packed = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int8), {}, nullptr, packEverything);
        QVERIFY(packed);
        auto ops = kernels::makeRefOps();
        auto model = engine::LlamaModel::create(std::make_shared<const engine::ModelFile>(std::move(packed->file)), *ops);
        QVERIFY(!model);
        QCOMPARE(model.error().code, engine::ErrorCode::Internal);
        QVERIFY2(QString::fromStdString(model.error().message).contains("packed for the CPU kernels"),
                 model.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPackedConversion)
#include "tst_packed_conversion.moc"
