// The weight-quantization pass: block bytes against the reference quantizer,
// exact byte accounting, adjustments for odd row lengths, overrides, every
// (int8|int4, group 32|64|128, symmetric|asymmetric) combination, GGUF export
// round trips (bit-identical logits, InferScope's own types included),
// llama.cpp's own Q4_0 bytes, and the quality orders f16 < int8 < int4 and
// f16 < int8 g32 < int4 g32 < int4 g128 on stories260K.
#include <QTest>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <cstring>

#include "common/fixtures.h"
#include "engine/eval/compare.h"
#include "engine/model/llama_model.h"
#include "engine/passes/gguf_compat.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"
#include "kernels/ref/grouped_layouts.h"

using kernels::DType;

namespace {

engine::WeightsConfig weightsOf(engine::WeightDType dtype)
{
    engine::WeightsConfig cfg;
    cfg.dtype = dtype;
    return cfg;
}

std::shared_ptr<const engine::ModelFile> share(engine::ModelFile file)
{
    return std::make_shared<const engine::ModelFile>(std::move(file));
}

// Logits of every position of `tokens`, in one forward pass.
std::vector<float> allLogits(engine::LlamaModel& model, const std::vector<int32_t>& tokens)
{
    auto cache = model.makeCache(static_cast<int64_t>(tokens.size()));
    if (!cache) return {};
    std::vector<float> logits(tokens.size() * static_cast<size_t>(model.config().vocabSize));
    if (!model.forward(tokens, 0, *cache, logits.data(), engine::LogitsMode::All)) return {};
    return logits;
}

}  // namespace

class TestQuantizePass : public QObject {
    Q_OBJECT

private:
    // Mean KLD of each weights setting against the F32 model over stories.txt
    // (CPU ops); asserts f16 < int8 g32 < int4 g32 < int4 g128.
    void checkLadder(const QString& path, bool allCombinations)
    {
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY2(src, src ? "" : src.error().message.c_str());
        QFile text(QStringLiteral(INFERSCOPE_SOURCE_DIR "/resources/eval/stories.txt"));
        QVERIFY(text.open(QIODevice::ReadOnly));
        auto tokenizer = engine::Tokenizer::fromModel(*src);
        QVERIFY(tokenizer);
        const std::vector<int32_t> ids = (*tokenizer)->encode(text.readAll().toStdString(), true);
        QVERIFY(ids.size() > 500);

        auto ops = kernels::makeCpuOps(2);
        auto base = engine::LlamaModel::create(share(*src), *ops);
        QVERIFY(base);
        const QString model = QFileInfo(path).fileName();
        auto kldOf = [&](engine::WeightDType dtype, int group, bool symmetric) -> double {
            engine::WeightsConfig cfg = weightsOf(dtype);
            cfg.groupSize = group;
            cfg.symmetric = symmetric;
            auto q = engine::quantizeWeights(*src, cfg);
            if (!q) return -1.0;
            size_t adjusted = q->report.adjustments.size();
            auto m = engine::LlamaModel::create(share(std::move(q->file)), *ops);
            if (!m) return -1.0;
            auto cmp = engine::compareModels(**base, **m, ids);
            if (!cmp) return -1.0;
            qInfo("%s %-5s g%-3d %-4s: mean KLD %.6f nats, p99 %.5f, top-1 %.4f, dPPL %+.4f, weights %llu bytes, "
                  "%zu tensors adjusted",
                  qPrintable(model), engine::enumName(dtype), group, symmetric ? "sym" : "asym", cmp->meanKld,
                  cmp->p99Kld, cmp->top1Agreement, cmp->deltaPpl,
                  static_cast<unsigned long long>(q->report.bytesAfter), adjusted);
            return cmp->meanKld;
        };
        const double f16 = kldOf(engine::WeightDType::F16, 32, true);
        const double int8g32 = kldOf(engine::WeightDType::Int8, 32, true);
        const double int4g32 = kldOf(engine::WeightDType::Int4, 32, true);
        const double int4g128 = kldOf(engine::WeightDType::Int4, 128, true);
        QVERIFY(f16 >= 0.0 && int8g32 >= 0.0 && int4g32 >= 0.0 && int4g128 >= 0.0);
        QVERIFY(f16 < int8g32);
        QVERIFY(int8g32 < int4g32);
        QVERIFY(int4g32 < int4g128);
        if (!allCombinations) return;
        for (engine::WeightDType dtype : {engine::WeightDType::Int8, engine::WeightDType::Int4})
            for (int group : {32, 64, 128})
                for (bool symmetric : {true, false}) QVERIFY(kldOf(dtype, group, symmetric) >= 0.0);
    }

private slots:
    void int8MatchesReferenceQuantizer()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY2(src, src ? "" : src.error().message.c_str());
        auto q = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int8));
        QVERIFY2(q, q ? "" : q.error().message.c_str());

        uint64_t sum = 0;
        int q8 = 0;
        for (const engine::TensorInfo& t : q->file.tensors) {
            sum += t.bytes;
            const engine::TensorInfo* s = src->findTensor(t.name);
            QVERIFY(s);
            if (t.shape.size() < 2) {
                QCOMPARE(t.type, DType::F32);
                continue;
            }
            if (t.shape[0] % 32 != 0) continue;
            QCOMPARE(t.type, DType::Q8_0);
            ++q8;
            const int64_t cols = static_cast<int64_t>(t.shape[0]);
            const uint64_t rowBytes = kernels::bytesFor(DType::Q8_0, t.shape[0]);
            QCOMPARE(t.bytes, rowBytes * t.rows());
            std::vector<float> row(static_cast<size_t>(cols));
            std::vector<uint8_t> expect(rowBytes);
            const uint64_t srcRow = kernels::bytesFor(s->type, s->shape[0]);
            for (uint64_t r = 0; r < t.rows(); ++r) {
                kernels::ref::dequantizeRow(s->type, s->data + r * srcRow, row.data(), cols);
                kernels::ref::quantizeRow(DType::Q8_0, row.data(), expect.data(), cols);
                QVERIFY2(std::memcmp(expect.data(), t.data + r * rowBytes, rowBytes) == 0, t.name.c_str());
            }
        }
        QVERIFY(q8 > 0);
        QCOMPARE(q->report.bytesAfter, sum);
        QCOMPARE(q->report.tensors.size(), q->file.tensors.size());
        QCOMPARE(q->file.getInt("general.file_type").value_or(-1), int64_t{7});
        QVERIFY(q->report.bytesAfter < q->report.bytesBefore);
    }

    void oddRowLengthIsKeptAndReported()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        auto q = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int4));
        QVERIFY2(q, q ? "" : q.error().message.c_str());
        const engine::TensorInfo* down = q->file.findTensor("blk.0.ffn_down.weight");
        QVERIFY(down);
        QCOMPARE(down->shape[0], uint64_t{172});
        QCOMPARE(down->type, DType::F16);
        const auto& adj = q->report.adjustments;
        const auto it = std::find_if(adj.begin(), adj.end(),
                                     [](const engine::Adjustment& a) { return a.target == "blk.0.ffn_down.weight"; });
        QVERIFY(it != adj.end());
        QCOMPARE(it->requested, std::string("int4"));
        QCOMPARE(it->effective, std::string("F16"));
        QVERIFY2(it->reason.find("172") != std::string::npos, it->reason.c_str());
        QCOMPARE(q->file.findTensor("blk.0.attn_q.weight")->type, DType::Q4_0);
    }

    void everyCombinationQuantizes_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("group");
        QTest::addColumn<bool>("symmetric");
        for (int bits : {8, 4})
            for (int group : {32, 64, 128})
                for (bool symmetric : {true, false})
                    QTest::newRow(qPrintable(QStringLiteral("int%1 g%2 %3").arg(bits).arg(group).arg(symmetric ? "sym" : "asym")))
                        << bits << group << symmetric;
    }

    // Every (dtype, group size, symmetry) of the profile converts: the bytes are
    // the reference quantizer's, the memory report is exact (packed codes plus
    // fp16 scales and mins), and row lengths the group does not divide fall
    // back to the largest smaller group that does (stories260K: 64 columns) or
    // to F16 when none does (ffn_down: 172 columns).
    void everyCombinationQuantizes()
    {
        QFETCH(int, bits);
        QFETCH(int, group);
        QFETCH(bool, symmetric);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        engine::WeightsConfig cfg = weightsOf(bits == 8 ? engine::WeightDType::Int8 : engine::WeightDType::Int4);
        cfg.groupSize = group;
        cfg.symmetric = symmetric;
        const auto requested = engine::targetTypeFor(*cfg.dtype, cfg);
        QVERIFY2(requested, requested ? "" : requested.error().message.c_str());
        QCOMPARE(*requested, *kernels::blocks::groupedTypeFor(bits, group, !symmetric));
        QCOMPARE(kernels::isProjectType(*requested), group != 32 || (bits == 8 && !symmetric));
        auto q = engine::quantizeWeights(*src, cfg);
        QVERIFY2(q, q ? "" : q.error().message.c_str());

        // stories260K has 64- and 172-column matrices: g128 falls back to g64.
        const DType on64 = *kernels::blocks::groupedTypeFor(bits, std::min(group, 64), !symmetric);
        uint64_t sum = 0, expectedBytes = 0;
        bool anyProject = false;
        for (const engine::TensorInfo& t : q->file.tensors) {
            sum += t.bytes;
            const engine::TensorInfo* s = src->findTensor(t.name);
            QVERIFY(s);
            anyProject = anyProject || kernels::isProjectType(t.type);
            if (t.shape.size() < 2) {
                QCOMPARE(t.type, DType::F32);
                expectedBytes += t.elements() * 4;
                continue;
            }
            if (t.shape[0] == 172) {
                QCOMPARE(t.type, DType::F16);
                expectedBytes += t.elements() * 2;
                continue;
            }
            QCOMPARE(t.shape[0], uint64_t{64});
            QCOMPARE(t.type, on64);
            const auto f = kernels::blocks::GroupedFormat{bits, std::min(group, 64), !symmetric};
            expectedBytes += t.elements() / uint64_t(f.group) * uint64_t(f.headerBytes() + f.group * bits / 8);
            const int64_t cols = 64;
            const uint64_t rowBytes = kernels::bytesFor(t.type, 64);
            std::vector<float> row(cols);
            std::vector<uint8_t> expect(rowBytes);
            for (uint64_t r = 0; r < t.rows(); ++r) {
                kernels::ref::dequantizeRow(s->type, s->data + r * 64 * 4, row.data(), cols);
                kernels::ref::quantizeRow(t.type, row.data(), expect.data(), cols);
                QVERIFY2(std::memcmp(expect.data(), t.data + r * rowBytes, rowBytes) == 0, t.name.c_str());
            }
        }
        QCOMPARE(q->report.bytesAfter, sum);
        QCOMPARE(q->report.bytesAfter, expectedBytes);
        QVERIFY(q->report.bytesAfter < q->report.bytesBefore);

        // The per-tensor plan (what estimates read, from the shape alone) is what
        // was stored: a smaller group is the requested precision, only F16 is kept higher.
        for (size_t i = 0; i < src->tensors.size(); ++i) {
            const auto plan = engine::planTensorQuant(src->tensors[i], cfg);
            QVERIFY(plan);
            QCOMPARE(plan->target, q->file.tensors[i].type);
            QCOMPARE(plan->reason, q->report.tensors[i].reason);
            QCOMPARE(plan->keptHigher, q->file.tensors[i].type == DType::F16);
        }

        // Adjustments: every ffn_down (5), plus every 64-column matrix at g128.
        const size_t matrices64 = static_cast<size_t>(std::count_if(
            src->tensors.begin(), src->tensors.end(),
            [](const engine::TensorInfo& t) { return t.shape.size() == 2 && t.shape[0] == 64; }));
        QCOMPARE(matrices64, size_t{5 * 6 + 2});  // q k v o gate up per layer, token_embd, output
        QCOMPARE(q->report.adjustments.size(), size_t{5} + (group == 128 ? matrices64 : 0));
        if (group == 128) {
            const auto& adj = q->report.adjustments;
            const auto it = std::find_if(adj.begin(), adj.end(), [](const engine::Adjustment& a) {
                return a.target == "blk.0.attn_q.weight";
            });
            QVERIFY(it != adj.end());
            QCOMPARE(it->effective, std::string(kernels::dtypeName(on64)));
            QCOMPARE(it->reason, std::string("64 columns is not a multiple of group size 128; group size 64 used"));
        }

        // Project types: said plainly in the notes; no GGUF file type claims them.
        const bool noted = std::any_of(q->report.notes.begin(), q->report.notes.end(), [](const std::string& n) {
            return n.find("other GGUF tools (llama.cpp, ggml) cannot") != std::string::npos;
        });
        QCOMPARE(noted, anyProject);
        if (kernels::isProjectType(*requested)) {
            QVERIFY(!q->report.fileType);
            QVERIFY(!q->file.find("general.file_type"));
            QCOMPARE(q->file.getString("inferscope.weights.type").value_or(""),
                     std::string(kernels::dtypeName(*requested)));
        } else {
            QCOMPARE(q->report.fileType, engine::fileTypeFor(*requested));
        }
        QVERIFY(engine::formatQuantReport(q->report).find("note: ") != std::string::npos || !anyProject);
    }

    void badGroupSizeIsRefused()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        engine::WeightsConfig cfg = weightsOf(engine::WeightDType::Int4);
        cfg.groupSize = 48;
        auto q = engine::quantizeWeights(*src, cfg);
        QVERIFY(!q);
        QCOMPARE(q.error().code, engine::ErrorCode::InvalidArgument);
        QCOMPARE(q.error().message, std::string("weights.group_size: 48 is not one of 32, 64, 128"));
        // The group size does not matter for the float types.
        cfg.dtype = engine::WeightDType::F16;
        QVERIFY(engine::quantizeWeights(*src, cfg));

        cfg = weightsOf(engine::WeightDType::Int4);
        cfg.symmetric = false;
        q = engine::quantizeWeights(*src, cfg);
        QVERIFY(q);
        QCOMPARE(q->file.findTensor("blk.0.attn_q.weight")->type, DType::Q4_1);
        QCOMPARE(q->file.getInt("general.file_type").value_or(-1), int64_t{3});
    }

    void overridesPickPerTensorTypes()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        engine::WeightsConfig cfg = weightsOf(engine::WeightDType::Int4);
        cfg.overrides = std::vector<engine::WeightOverride>{{"token_embd.weight", engine::WeightDType::Int8},
                                                            {"blk.*.attn_v.*", engine::WeightDType::BF16},
                                                            {"blk.*", engine::WeightDType::F16}};
        auto q = engine::quantizeWeights(*src, cfg);
        QVERIFY2(q, q ? "" : q.error().message.c_str());
        QCOMPARE(q->file.findTensor("token_embd.weight")->type, DType::Q8_0);
        // First match wins: attn_v is BF16 although "blk.*" also matches it.
        QCOMPARE(q->file.findTensor("blk.0.attn_v.weight")->type, DType::BF16);
        QCOMPARE(q->file.findTensor("blk.0.attn_q.weight")->type, DType::F16);
        QCOMPARE(q->file.findTensor("blk.0.attn_norm.weight")->type, DType::F32);
    }

    void engineLoadsWithWeightsConfig()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        engine::LoadOptions options;
        options.threads = 1;
        options.weights = weightsOf(engine::WeightDType::Int8);
        auto e = engine::Engine::load(path.toStdString(), "", options);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE((*e)->file().findTensor("blk.0.attn_q.weight")->type, DType::Q8_0);

        options.weights->groupSize = 64;
        options.weights->symmetric = false;
        e = engine::Engine::load(path.toStdString(), "", options);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE((*e)->file().findTensor("blk.0.attn_q.weight")->type, DType::IsQ8AG64);
    }

    void exportRoundTripGivesSameLogits()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        auto q = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int4));
        QVERIFY(q);
        QTemporaryDir dir;
        const std::string out = QDir(dir.path()).filePath("q4.gguf").toStdString();
        auto written = engine::writeModelGguf(q->file, out);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        auto back = engine::openModelFile(out);
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QCOMPARE(back->tensors.size(), q->file.tensors.size());
        QCOMPARE(back->getInt("general.file_type").value_or(-1), int64_t{2});
        QCOMPARE(back->metadata.size() >= src->metadata.size(), true);

        auto ops = kernels::makeRefOps();
        auto inMemory = engine::LlamaModel::create(share(std::move(q->file)), *ops);
        auto loaded = engine::LlamaModel::create(share(std::move(*back)), *ops);
        QVERIFY2(inMemory, inMemory ? "" : inMemory.error().message.c_str());
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        const std::vector<int32_t> tokens{1, 403, 407, 261, 378, 432, 383, 286};
        const std::vector<float> a = allLogits(**inMemory, tokens);
        const std::vector<float> b = allLogits(**loaded, tokens);
        QVERIFY(!a.empty());
        QCOMPARE(a.size(), b.size());
        QVERIFY(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
    }

    void projectTypesRoundTripThroughGguf_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<bool>("symmetric");
        QTest::addColumn<int>("group");
        QTest::newRow("int4 sym g64") << 4 << true << 64;
        QTest::newRow("int4 asym g64") << 4 << false << 64;
        QTest::newRow("int8 sym g64") << 8 << true << 64;
        QTest::newRow("int8 asym g32") << 8 << false << 32;
        QTest::newRow("int8 asym g128 (g64 used)") << 8 << false << 128;
    }

    // A model quantized to project types is written, read back by the GGUF
    // reader with the same type ids and bytes, and gives the same logits as
    // the in-memory model: on reference ops as converted, on CPU ops packed
    // where it lies as the engine converts it (the loader packs the file's
    // matrices into the same layout).
    void projectTypesRoundTripThroughGguf()
    {
        QFETCH(int, bits);
        QFETCH(bool, symmetric);
        QFETCH(int, group);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        engine::WeightsConfig cfg = weightsOf(bits == 8 ? engine::WeightDType::Int8 : engine::WeightDType::Int4);
        cfg.groupSize = group;
        cfg.symmetric = symmetric;
        auto q = engine::quantizeWeights(*src, cfg);
        QVERIFY2(q, q ? "" : q.error().message.c_str());
        QTemporaryDir dir;
        const std::string out = QDir(dir.path()).filePath("grouped.gguf").toStdString();
        auto written = engine::writeModelGguf(q->file, out);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        auto back = engine::openModelFile(out);
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QCOMPARE(back->tensors.size(), q->file.tensors.size());
        int project = 0;
        for (const engine::TensorInfo& t : q->file.tensors) {
            const engine::TensorInfo* b = back->findTensor(t.name);
            QVERIFY2(b, t.name.c_str());
            QCOMPARE(b->type, t.type);
            QCOMPARE(b->shape, t.shape);
            QCOMPARE(b->bytes, t.bytes);
            QVERIFY2(std::memcmp(b->data, t.data, t.bytes) == 0, t.name.c_str());
            project += kernels::isProjectType(t.type) ? 1 : 0;
        }
        QVERIFY(project > 0);
        QVERIFY(!back->find("general.file_type"));
        QVERIFY(back->getString("inferscope.weights.type"));

        const std::vector<int32_t> tokens{1, 403, 407, 261, 378, 432, 383, 286};
        auto refOps = kernels::makeRefOps();
        auto cpuOps = kernels::makeCpuOps(2);
        auto packed = engine::quantizeWeights(*src, cfg, {}, nullptr, [](const engine::TensorInfo&) { return true; });
        QVERIFY(packed);
        auto inMemoryFile = share(std::move(q->file));
        auto packedFile = share(std::move(packed->file));
        auto loadedFile = share(std::move(*back));
        for (const kernels::Ops* ops : {refOps.get(), cpuOps.get()}) {
            auto inMemory = engine::LlamaModel::create(ops == refOps.get() ? inMemoryFile : packedFile, *ops);
            auto loaded = engine::LlamaModel::create(loadedFile, *ops);
            QVERIFY2(inMemory, inMemory ? "" : inMemory.error().message.c_str());
            QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
            const std::vector<float> a = allLogits(**inMemory, tokens);
            const std::vector<float> b = allLogits(**loaded, tokens);
            QVERIFY(!a.empty());
            QCOMPARE(a.size(), b.size());
            QVERIFY2(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0, ops->name());
            for (float v : a) QVERIFY(std::isfinite(v));
        }
    }

    // Quality ladder on stories260K over the bundled stories.txt, CPU ops:
    // mean KLD against the F32 model must grow FP16 < INT8 (g32) < INT4 (g32) <
    // INT4 (g128). stories260K's matrices have 64 columns, so its "g128" runs
    // at the largest group that fits, g64 (reported as adjustments); the other
    // combinations are printed for reference.
    void kldLadderOnStories()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        checkLadder(path, true);
    }

    // The same ladder where g128 really applies: the quant fixtures' F32 model
    // (dim 256, hidden 256; random weights, so the numbers are larger).
    void kldLadderOnSynthF32()
    {
        REQUIRE_SHARED_FIXTURE(path, "quant-fixtures/synth-f32.gguf");
        checkLadder(path, false);
    }

    void q4_0MatchesLlamaCppFixture()
    {
        REQUIRE_SHARED_FIXTURE(f32Path, "quant-fixtures/synth-f32.gguf");
        REQUIRE_SHARED_FIXTURE(q4Path, "quant-fixtures/synth-Q4_0.gguf");
        auto src = engine::openModelFile(f32Path.toStdString());
        auto ref = engine::openModelFile(q4Path.toStdString());
        QVERIFY(src);
        QVERIFY(ref);
        auto q = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int4));
        QVERIFY2(q, q ? "" : q.error().message.c_str());
        int compared = 0;
        for (const engine::TensorInfo& r : ref->tensors) {
            if (r.type != DType::Q4_0) continue;
            const engine::TensorInfo* t = q->file.findTensor(r.name);
            QVERIFY2(t, r.name.c_str());
            QCOMPARE(t->type, DType::Q4_0);
            QCOMPARE(t->bytes, r.bytes);
            QVERIFY2(std::memcmp(t->data, r.data, r.bytes) == 0, r.name.c_str());
            ++compared;
        }
        QVERIFY(compared > 0);
        qInfo("compared %d Q4_0 tensors byte for byte", compared);
    }

    void quantizedSourceIsNotedAndCancelWorks()
    {
        REQUIRE_SHARED_FIXTURE(path, "quant-fixtures/synth-Q4_K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        int64_t lastDone = -1;
        auto q = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int8),
                                         [&](const engine::PhaseProgress& p) {
                                             QVERIFY(p.done <= p.total);
                                             QVERIFY(p.done >= lastDone);
                                             lastDone = p.done;
                                         });
        QVERIFY2(q, q ? "" : q.error().message.c_str());
        QCOMPARE(lastDone, int64_t(src->tensors.size()));
        QVERIFY(!q->report.notes.empty());
        QCOMPARE(q->report.notes[0], std::string("source is Q4_K: dequantized to f32 first, then requantized"));

        std::atomic<bool> cancel{true};
        q = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int8), {}, &cancel);
        QVERIFY(!q);
        QCOMPARE(q.error().code, engine::ErrorCode::Cancelled);
    }

    // Each converted tensor is its own allocation, and the pass lets the
    // source's mapped pages go once a tensor is converted: the source still
    // reads back byte for byte (from the page cache), and a second conversion
    // of the same source gives the same bytes.
    void convertedTensorsOwnMemoryAndSourceStaysReadable()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        auto first = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int8));
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        for (const engine::TensorInfo& t : src->tensors) {
            const auto offset = static_cast<qsizetype>(t.fileOffset);  // absolute
            QVERIFY2(std::memcmp(t.data, bytes.constData() + offset, t.bytes) == 0, t.name.c_str());
        }
        auto second = engine::quantizeWeights(*src, weightsOf(engine::WeightDType::Int8));
        QVERIFY(second);
        for (size_t i = 0; i < first->file.tensors.size(); ++i) {
            const engine::TensorInfo& a = first->file.tensors[i];
            const engine::TensorInfo& b = second->file.tensors[i];
            QCOMPARE(a.bytes, b.bytes);
            QVERIFY2(std::memcmp(a.data, b.data, a.bytes) == 0, a.name.c_str());
            if (a.type != src->tensors[i].type) {
                // Converted: in the pass's own memory (on a cache line), outside the source mapping.
                QCOMPARE(reinterpret_cast<uintptr_t>(a.data) % 64, uintptr_t{0});
                const uint8_t* begin = src->tensors.front().data - src->tensors.front().fileOffset;
                QVERIFY(a.data < begin || a.data >= begin + src->fileSize);
            }
        }
    }

    void cliExportsLlama2cCheckpoint()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.bin");
        REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
        QTemporaryDir dir;
        const QString out = QDir(dir.path()).filePath("s8.gguf");
        QProcess p;
        p.start(testsupport::cliPath(),
                {"export-model", path, "--tokenizer", tok, "--weights", "int8", "--out", out, "--json"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject report = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(report.value("file_type").toInt(), 7);
        QCOMPARE(report.value("adjustments").toArray().size(), 5);  // ffn_down of each of the 5 layers

        auto back = engine::openModelFile(out.toStdString());
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QCOMPARE(back->findTensor("blk.0.attn_q.weight")->type, DType::Q8_0);
        QVERIFY(back->find("tokenizer.ggml.tokens"));
        uint64_t sum = 0;
        for (const auto& t : back->tensors) sum += t.bytes;
        QCOMPARE(static_cast<double>(sum), report.value("bytes_after").toDouble());

        p.start(testsupport::cliPath(),
                {"export-model", path, "--tokenizer", tok, "--weights", "int4", "--group-size", "64", "--out", out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QByteArray text = p.readAllStandardOutput();
        QVERIFY2(text.contains("IS_Q4_G64 use InferScope-specific block formats"), text.constData());
        back = engine::openModelFile(out.toStdString());
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QCOMPARE(back->findTensor("blk.0.attn_q.weight")->type, DType::IsQ4G64);

        p.start(testsupport::cliPath(), {"export-model", path, "--weights", "int4", "--group-size", "48", "--out", out});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
    }

    // Every InferScope grouped type names its GGUF id, llama.cpp's refusal and
    // the nearest GGUF-native type with the flags that give it.
    void ggufCompatibilityNamesNearestNativeType_data()
    {
        QTest::addColumn<int>("own");
        QTest::addColumn<int>("nearest");
        QTest::addColumn<QString>("flags");
        const QString i8 = QStringLiteral("--weights int8 --group-size 32");
        const QString i4 = QStringLiteral("--weights int4 --group-size 32");
        const QString i4a = QStringLiteral("--weights int4 --group-size 32 --asymmetric");
        QTest::newRow("IS_Q8_G64") << int(DType::IsQ8G64) << int(DType::Q8_0) << i8;
        QTest::newRow("IS_Q8_G128") << int(DType::IsQ8G128) << int(DType::Q8_0) << i8;
        QTest::newRow("IS_Q8A_G32") << int(DType::IsQ8AG32) << int(DType::Q8_0) << i8;
        QTest::newRow("IS_Q8A_G64") << int(DType::IsQ8AG64) << int(DType::Q8_0) << i8;
        QTest::newRow("IS_Q8A_G128") << int(DType::IsQ8AG128) << int(DType::Q8_0) << i8;
        QTest::newRow("IS_Q4_G64") << int(DType::IsQ4G64) << int(DType::Q4_0) << i4;
        QTest::newRow("IS_Q4_G128") << int(DType::IsQ4G128) << int(DType::Q4_0) << i4;
        QTest::newRow("IS_Q4A_G64") << int(DType::IsQ4AG64) << int(DType::Q4_1) << i4a;
        QTest::newRow("IS_Q4A_G128") << int(DType::IsQ4AG128) << int(DType::Q4_1) << i4a;
    }

    void ggufCompatibilityNamesNearestNativeType()
    {
        QFETCH(int, own);
        QFETCH(int, nearest);
        QFETCH(QString, flags);
        engine::ModelFile file;
        file.tensors.push_back({"blk.0.attn_q.weight", static_cast<DType>(own), {64, 64}});
        file.tensors.push_back({"blk.0.attn_norm.weight", DType::F32, {64}});
        const engine::GgufCompatibility c = engine::ggufCompatibility(file);
        QVERIFY(!c.loadsInLlamaCpp);
        QCOMPARE(c.choices.size(), size_t(1));
        QCOMPARE(int(c.choices[0].nearest), nearest);
        QCOMPARE(QString::fromStdString(c.choices[0].flags), flags);
        const QString text = QString::fromStdString(c.lines[0] + "\n" + c.lines[1]);
        const QString id = QString::number(own);
        QVERIFY2(text.contains("GGUF tensor type " + id), qPrintable(text));
        QVERIFY2(text.contains("\"invalid ggml type " + id + "\""), qPrintable(text));
        QVERIFY2(text.contains("export-model " + flags), qPrintable(text));

        // GGUF's own types only: it says the file loads.
        file.tensors[0].type = static_cast<DType>(nearest);
        const engine::GgufCompatibility native = engine::ggufCompatibility(file);
        QVERIFY(native.loadsInLlamaCpp);
        QVERIFY(native.choices.empty());
        QVERIFY(QString::fromStdString(native.lines.at(0)).contains("llama.cpp loads this file"));
    }

    void cliSaysWhetherLlamaCppLoads()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        QTemporaryDir dir;
        const QString out = QDir(dir.path()).filePath("m.gguf");
        QProcess p;
        p.start(testsupport::cliPath(),
                {"export-model", path, "--weights", "int4", "--group-size", "64", "--asymmetric", "--out", out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QByteArray text = p.readAllStandardOutput();
        QVERIFY2(text.contains("IS_Q4A_G64 is InferScope's own grouped format (GGUF tensor type 107)"), text.constData());
        QVERIFY2(text.contains("llama.cpp refuses the file (\"invalid ggml type 107\")"), text.constData());
        QVERIFY2(text.contains("nearest GGUF-native choice: Q4_1 (groups of 32), with export-model --weights int4 "
                               "--group-size 32 --asymmetric"),
                 text.constData());

        p.start(testsupport::cliPath(), {"export-model", path, "--weights", "int8", "--out", out, "--json"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject llama = QJsonDocument::fromJson(p.readAllStandardOutput()).object().value("llama_cpp").toObject();
        QCOMPARE(llama.value("loads").toBool(), true);
        QVERIFY(llama.value("nearest").toArray().isEmpty());
        QVERIFY(llama.value("types").toArray().contains(QStringLiteral("Q8_0")));
        QVERIFY(llama.value("types").toArray().contains(QStringLiteral("F16")));  // the 172-wide ffn_down
    }

    void cliExportsWithProfile()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        QTemporaryDir dir;
        const QString profile = QDir(dir.path()).filePath("p.json");
        QFile f(profile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int4", "overrides": [)"
                R"({"pattern": "output.weight", "dtype": "int8"}, {"pattern": "token_embd.weight", "dtype": "int8"}]}})");
        f.close();
        const QString out = QDir(dir.path()).filePath("mixed.gguf");
        QProcess p;
        p.start(testsupport::cliPath(), {"export-model", path, "--profile", profile, "--out", out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        auto back = engine::openModelFile(out.toStdString());
        QVERIFY(back);
        QCOMPARE(back->findTensor("token_embd.weight")->type, DType::Q8_0);
        if (const engine::TensorInfo* o = back->findTensor("output.weight")) QCOMPARE(o->type, DType::Q8_0);
        QCOMPARE(back->findTensor("blk.2.ffn_up.weight")->type, DType::Q4_0);
        QCOMPARE(back->getInt("general.file_type").value_or(-1), int64_t{2});

        p.start(testsupport::cliPath(), {"export-model", path, "--profile", profile, "--weights", "int8", "--out", out});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
    }

    void qualityOrderOnStories()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        std::vector<int32_t> tokens{1};
        const std::vector<int32_t> gen = testsupport::goldenIds(golden);
        QVERIFY(gen.size() >= 200);
        tokens.insert(tokens.end(), gen.begin(), gen.begin() + 200);

        auto ops = kernels::makeRefOps();
        auto base = engine::LlamaModel::create(share(*src), *ops);
        QVERIFY(base);
        double kld[3] = {};
        const engine::WeightDType kinds[3] = {engine::WeightDType::F16, engine::WeightDType::Int8,
                                              engine::WeightDType::Int4};
        for (int i = 0; i < 3; ++i) {
            auto q = engine::quantizeWeights(*src, weightsOf(kinds[i]));
            QVERIFY(q);
            auto model = engine::LlamaModel::create(share(std::move(q->file)), *ops);
            QVERIFY(model);
            auto cmp = engine::compareModels(**base, **model, tokens);
            QVERIFY2(cmp, cmp ? "" : cmp.error().message.c_str());
            kld[i] = cmp->meanKld;
            qInfo("%s: mean KLD %.3g nats, top-1 agreement %.4f, dPPL %.4g", engine::enumName(kinds[i]), cmp->meanKld,
                  cmp->top1Agreement, cmp->deltaPpl);
            if (kinds[i] == engine::WeightDType::Int8) {
                const std::vector<int32_t> prompt{1};
                auto greedy = engine::compareGreedy(**base, **model, prompt, 200);
                QVERIFY(greedy);
                qInfo("int8 vs f32 greedy (200 tokens): first divergent index %lld",
                      static_cast<long long>(greedy->firstDivergent));
            }
        }
        QVERIFY(kld[0] < kld[1]);
        QVERIFY(kld[1] < kld[2]);
    }
};

QTEST_GUILESS_MAIN(TestQuantizePass)
#include "tst_quantize_pass.moc"
