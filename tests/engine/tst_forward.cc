// The llama forward pass: config and weight validation, golden greedy tokens
// on stories260K (GGUF and llama2.c), prefill vs token-by-token logits,
// reference vs CPU ops, and cancellation.
#include <QTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

#include "common/fixtures.h"
#include "kernels/cpu/cpu_ops.h"
#include "engine/model/llama_model.h"
#include "kernels/cpu/attention_rows.h"
#include "engine/session/sampler.h"

namespace {

std::shared_ptr<const engine::ModelFile> openShared(const QString& path, const QString& tokenizer = {})
{
    auto f = engine::openModelFile(path.toStdString(), tokenizer.toStdString());
    if (!f) {
        qWarning("%s", f.error().message.c_str());
        return nullptr;
    }
    return std::make_shared<const engine::ModelFile>(std::move(*f));
}

// Greedy decoding one token per forward, exactly as run.c does, from `prompt`.
std::vector<int32_t> greedyDecode(engine::LlamaModel& model, std::vector<int32_t> prompt, int steps)
{
    auto cache = model.makeCache(static_cast<int64_t>(prompt.size()) + steps);
    if (!cache) return {};
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    std::vector<int32_t> out;
    int32_t token = prompt[0];
    for (int64_t pos = 0; pos < static_cast<int64_t>(prompt.size()) - 1 + steps; ++pos) {
        if (!model.forward({&token, 1}, pos, *cache, logits.data())) return {};
        const int32_t next = engine::argmax(logits);
        if (pos + 1 < static_cast<int64_t>(prompt.size())) {
            token = prompt[static_cast<size_t>(pos + 1)];
        } else {
            out.push_back(next);
            token = next;
        }
    }
    return out;
}

// A ModelFile copy whose tensor `name` is edited by `edit` (nullptr: removed).
std::shared_ptr<engine::ModelFile> editedCopy(const engine::ModelFile& file, const std::string& name,
                                              void (*edit)(engine::TensorInfo&))
{
    auto copy = std::make_shared<engine::ModelFile>(file);
    auto& ts = copy->tensors;
    auto it = std::find_if(ts.begin(), ts.end(), [&](const engine::TensorInfo& t) { return t.name == name; });
    if (it != ts.end()) {
        if (edit) edit(*it);
        else ts.erase(it);
    }
    copy->rebuildIndex();
    return copy;
}

}  // namespace

class TestForward : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<kernels::Ops> m_ref = kernels::makeRefOps();
    std::unique_ptr<kernels::Ops> m_cpu = kernels::makeCpuOps(2);

private slots:
    void configFromGguf()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = openShared(path);
        QVERIFY(file);
        auto c = engine::ModelConfig::fromModelFile(*file);
        QVERIFY2(c, c ? "" : c.error().message.c_str());
        QCOMPARE(c->dim, 64);
        QCOMPARE(c->hiddenDim, 172);
        QCOMPARE(c->nLayers, 5);
        QCOMPARE(c->nHeads, 8);
        QCOMPARE(c->nKvHeads, 4);
        QCOMPARE(c->headDim, 8);
        QCOMPARE(c->ropeDim, 8);
        QCOMPARE(c->vocabSize, 512);
        QCOMPARE(c->contextLength, 2048);
        QCOMPARE(c->ropeFreqBase, 10000.0f);
        QCOMPARE(c->rmsEps, 1e-5f);
    }

    void configFromLlama2c()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.bin");
        REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
        auto file = openShared(path, tok);
        QVERIFY(file);
        auto c = engine::ModelConfig::fromModelFile(*file);
        QVERIFY2(c, c ? "" : c.error().message.c_str());
        QCOMPARE(c->contextLength, 512);
        QCOMPARE(c->kvDim(), 32);
        auto w = engine::Weights::bind(*file, *c);
        QVERIFY2(w, w ? "" : w.error().message.c_str());
        // llama2.c with a positive vocab size shares the classifier: same bytes.
        QVERIFY(w->tiedOutput || w->output.data == w->tokenEmbedding.data);
    }

    void otherArchitectureIsUnsupported()
    {
        engine::ModelFile f;
        f.path = "x.gguf";
        f.metadata.push_back({"general.architecture", engine::MetaValue::string("gpt2")});
        f.rebuildIndex();
        auto c = engine::ModelConfig::fromModelFile(f);
        QVERIFY(!c);
        QCOMPARE(c.error().code, engine::ErrorCode::Unsupported);
        QVERIFY(c.error().message.find("gpt2") != std::string::npos);
    }

    void wrongShapeNamesTensorAndShapes()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = openShared(path);
        QVERIFY(file);
        auto bad = editedCopy(*file, "blk.2.attn_k.weight", [](engine::TensorInfo& t) { t.shape = {64, 64}; });
        auto m = engine::LlamaModel::create(bad, *m_ref);
        QVERIFY(!m);
        QCOMPARE(m.error().code, engine::ErrorCode::Format);
        const std::string& msg = m.error().message;
        QVERIFY2(msg.find("blk.2.attn_k.weight") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("64 x 64") != std::string::npos && msg.find("64 x 32") != std::string::npos, msg.c_str());
    }

    void missingTensorIsNamed()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = openShared(path);
        QVERIFY(file);
        auto m = engine::LlamaModel::create(editedCopy(*file, "blk.4.ffn_down.weight", nullptr), *m_ref);
        QVERIFY(!m);
        QCOMPARE(m.error().code, engine::ErrorCode::NotFound);
        QVERIFY(m.error().message.find("blk.4.ffn_down.weight") != std::string::npos);
    }

    void goldenGreedy_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("reference");
        QTest::newRow("gguf-ref") << "stories260K.gguf" << true;
        QTest::newRow("gguf-cpu") << "stories260K.gguf" << false;
        QTest::newRow("llama2c-ref") << "stories260K.bin" << true;
        QTest::newRow("llama2c-cpu") << "stories260K.bin" << false;
    }

    void goldenGreedy()
    {
        QFETCH(QString, model);
        QFETCH(bool, reference);
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        const QString path = QDir(testsupport::sharedModelsDir()).filePath(model);
        const QString tok = QDir(testsupport::sharedModelsDir()).filePath("tok512.bin");
        auto file = openShared(path, model.endsWith(".bin") ? tok : QString());
        QVERIFY(file);
        auto m = engine::LlamaModel::create(file, reference ? *m_ref : *m_cpu);
        QVERIFY2(m, m ? "" : m.error().message.c_str());
        const std::vector<int32_t> expected = testsupport::goldenIds(golden);
        QCOMPARE(expected.size(), size_t(256));
        QCOMPARE(greedyDecode(**m, {1}, 256), expected);
    }

    void tiedOutputWhenClassifierMissing()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto file = openShared(path);
        QVERIFY(file);
        auto m = engine::LlamaModel::create(editedCopy(*file, "output.weight", nullptr), *m_ref);
        QVERIFY2(m, m ? "" : m.error().message.c_str());
        QVERIFY((*m)->weights().tiedOutput);
        std::vector<int32_t> expected = testsupport::goldenIds(golden);
        expected.resize(32);
        QCOMPARE(greedyDecode(**m, {1}, 32), expected);  // output.weight equals token_embd here
    }

    // Prefill (all prompt tokens in one batched forward) and decode (one token
    // per forward) must agree: max |difference| <= 1e-4 * max |logit| per row.
    void prefillMatchesDecode_data()
    {
        QTest::addColumn<bool>("reference");
        QTest::newRow("ref") << true;
        QTest::newRow("cpu") << false;
    }

    void prefillMatchesDecode()
    {
        QFETCH(bool, reference);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto file = openShared(path);
        QVERIFY(file);
        auto m = engine::LlamaModel::create(file, reference ? *m_ref : *m_cpu);
        QVERIFY(m);
        engine::LlamaModel& model = **m;
        std::vector<int32_t> prompt{1};
        const std::vector<int32_t> g = testsupport::goldenIds(golden);
        prompt.insert(prompt.end(), g.begin(), g.begin() + 40);
        const auto n = static_cast<int64_t>(prompt.size());
        const auto vocab = static_cast<size_t>(model.config().vocabSize);

        auto batchCache = model.makeCache(n);
        std::vector<float> batch(static_cast<size_t>(n) * vocab);
        QVERIFY(model.forward(prompt, 0, *batchCache, batch.data(), engine::LogitsMode::All));

        auto stepCache = model.makeCache(n);
        std::vector<float> step(vocab);
        for (int64_t t = 0; t < n; ++t) {
            QVERIFY(model.forward({&prompt[static_cast<size_t>(t)], 1}, t, *stepCache, step.data()));
            const float* row = batch.data() + static_cast<size_t>(t) * vocab;
            float maxAbs = 0.0f, maxDiff = 0.0f;
            for (size_t i = 0; i < vocab; ++i) {
                maxAbs = std::max(maxAbs, std::fabs(step[i]));
                maxDiff = std::max(maxDiff, std::fabs(step[i] - row[i]));
            }
            QVERIFY2(maxDiff <= 1e-4f * maxAbs,
                     qPrintable(QString("position %1: max diff %2, max |logit| %3").arg(t).arg(maxDiff).arg(maxAbs)));
        }
        // LogitsMode::Last returns the last row of the batch.
        std::vector<float> last(vocab);
        auto lastCache = model.makeCache(n);
        QVERIFY(model.forward(prompt, 0, *lastCache, last.data(), engine::LogitsMode::Last));
        QVERIFY(std::equal(last.begin(), last.end(), batch.end() - static_cast<ptrdiff_t>(vocab)));
    }

    // Batch invariance of the fast CPU path: a token's logits are bit-identical
    // whether the prompt is processed in one batch, in chunks of 7, or one token
    // at a time (every op reduces each row in one fixed order). 257 tokens, so
    // the last single tokens take decode's position-major attention.
    void cpuLogitsAreBatchInvariant()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto file = openShared(path);
        QVERIFY(file);
        auto m = engine::LlamaModel::create(file, *m_cpu);
        QVERIFY(m);
        engine::LlamaModel& model = **m;
        std::vector<int32_t> prompt{1};
        const std::vector<int32_t> g = testsupport::goldenIds(golden);
        prompt.insert(prompt.end(), g.begin(), g.begin() + 256);
        const auto n = static_cast<int64_t>(prompt.size());
        QVERIFY(n > kernels::cpu::kOneTokenMinPositions);
        const auto vocab = static_cast<size_t>(model.config().vocabSize);
        auto logitsInChunks = [&](int64_t chunk) {
            auto cache = model.makeCache(n);
            std::vector<float> all(static_cast<size_t>(n) * vocab);
            for (int64_t start = 0; start < n; start += chunk) {
                const int64_t len = std::min(chunk, n - start);
                const auto ok = model.forward({prompt.data() + start, static_cast<size_t>(len)}, start, *cache,
                                              all.data() + static_cast<size_t>(start) * vocab, engine::LogitsMode::All);
                if (!ok) return std::vector<float>{};
            }
            return all;
        };
        const std::vector<float> whole = logitsInChunks(n);
        QVERIFY(!whole.empty());
        for (int64_t chunk : {1, 2, 7, 16}) {
            const std::vector<float> parts = logitsInChunks(chunk);
            QVERIFY2(parts == whole, qPrintable(QStringLiteral("chunks of %1 differ from one batch").arg(chunk)));
        }
    }

    void forwardRejectsBadInput()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto m = engine::LlamaModel::create(openShared(path), *m_ref);
        QVERIFY(m);
        auto cache = (*m)->makeCache(4);
        std::vector<float> logits(512);
        const std::vector<int32_t> five{1, 2, 3, 4, 5};
        auto r = (*m)->forward(five, 0, *cache, logits.data());
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::OutOfRange);
        const int32_t badId = 512;
        r = (*m)->forward({&badId, 1}, 0, *cache, logits.data());
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::InvalidArgument);
        auto big = (*m)->makeCache(4096);  // context is 2048
        QVERIFY(!big);
        QCOMPARE(big.error().code, engine::ErrorCode::OutOfRange);
    }

    void cancelFlagStopsForward()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto m = engine::LlamaModel::create(openShared(path), *m_ref);
        QVERIFY(m);
        auto cache = (*m)->makeCache(8);
        std::vector<float> logits(512);
        std::atomic<bool> cancel{true};
        const int32_t bos = 1;
        auto r = (*m)->forward({&bos, 1}, 0, *cache, logits.data(), engine::LogitsMode::Last, &cancel);
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestForward)
#include "tst_forward.moc"
