// The generation API and the CLI generate command against the stories260K
// golden (run.c's greedy tokens), prompted generation, stopping, context
// limits, cancellation and seeded sampling.
#include <QTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "common/fixtures.h"
#include "common/sanitizers.h"
#include "engine/model/synth.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"

namespace {

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<int32_t> idsOf(const QJsonArray& a)
{
    std::vector<int32_t> out;
    for (const auto& v : a) out.push_back(v.toInt());
    return out;
}

QString fixture(const char* name)
{
    return QDir(testsupport::sharedModelsDir()).filePath(QString::fromUtf8(name));
}

std::unique_ptr<engine::Engine> loadOrFail(const QString& model, const QString& tokenizer = {},
                                           engine::OpsKind ops = engine::OpsKind::Cpu)
{
    auto e = engine::Engine::load(model.toStdString(), tokenizer.toStdString(), engine::LoadOptions{2, ops});
    if (!e) {
        qWarning("load failed: %s", e.error().message.c_str());
        return nullptr;
    }
    return std::move(*e);
}

engine::GenerateRequest greedyRequest(const std::string& prompt, int32_t maxTokens)
{
    engine::GenerateRequest r;
    r.prompt = prompt;
    r.maxTokens = maxTokens;
    r.sampler.temperature = 0.0f;
    return r;
}

}  // namespace

class TestGenerate : public QObject {
    Q_OBJECT

private slots:
    void goldenViaApi_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("tokenizer");
        QTest::newRow("llama2c") << "stories260K.bin" << "tok512.bin";
        QTest::newRow("gguf") << "stories260K.gguf" << "";
    }

    void goldenViaApi()
    {
        QFETCH(QString, model);
        QFETCH(QString, tokenizer);
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto e = loadOrFail(fixture(model.toUtf8().constData()),
                            tokenizer.isEmpty() ? QString() : fixture(tokenizer.toUtf8().constData()));
        QVERIFY(e);
        const QJsonObject g = readJson(golden);
        int streamed = 0;
        std::string streamedText;
        engine::Callbacks cb;
        cb.onToken = [&](int32_t, const std::string& piece, const engine::TokenTiming& t) {
            QCOMPARE(t.index, streamed);
            ++streamed;
            streamedText += piece;
        };
        auto r = e->generate(greedyRequest("", 256), cb);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->promptTokens, std::vector<int32_t>{1});
        QCOMPARE(r->tokens, idsOf(g.value("generated_ids").toArray()));
        QCOMPARE(r->stop, engine::StopReason::MaxTokens);
        QCOMPARE(QString::fromStdString(r->text), g.value("text").toString());
        QCOMPARE(streamed, 256);
        QCOMPARE(streamedText, r->text);
        QCOMPARE(r->timings.tokenLatenciesMs.size(), size_t(256));
        QVERIFY(r->timings.decodeTokPerS > 0.0);
    }

    void goldenViaCli_data()
    {
        goldenViaApi_data();
    }

    void goldenViaCli()
    {
        SKIP_CHILD_PROCESS_UNDER_TSAN();
        QFETCH(QString, model);
        QFETCH(QString, tokenizer);
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QStringList args{"generate", fixture(model.toUtf8().constData())};
        if (!tokenizer.isEmpty()) args << "--tokenizer" << fixture(tokenizer.toUtf8().constData());
        args << "--prompt" << "" << "--max-tokens" << "256" << "--temperature" << "0" << "--json";
        QProcess p;
        p.start(testsupport::cliPath(), args);
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonObject out = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonObject g = readJson(golden);
        QCOMPARE(idsOf(out.value("prompt_tokens").toArray()), std::vector<int32_t>{1});
        QCOMPARE(idsOf(out.value("tokens").toArray()), idsOf(g.value("generated_ids").toArray()));
        QCOMPARE(out.value("text").toString(), g.value("text").toString());
        const QJsonObject t = out.value("timings").toObject();
        for (const char* key : {"load_ms", "ttft_ms", "prefill_tok_s", "decode_tok_s"})
            QVERIFY2(t.value(key).isDouble(), key);
    }

    // The golden continuation of a prompt made of its own first tokens: the
    // prompt is tokenized with BOS, prefilled in one batch, and positions
    // continue after it, so greedy decoding must pick up the golden sequence.
    void promptedGreedyContinuesGolden()
    {
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        REQUIRE_SHARED_FIXTURE(model, "stories260K.bin");
        auto e = loadOrFail(model, fixture("tok512.bin"));
        QVERIFY(e);
        const std::vector<int32_t> g = idsOf(readJson(golden).value("generated_ids").toArray());
        auto r = e->generate(greedyRequest("Once upon a time, there was a little girl named Lily.", 64));
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        const std::vector<int32_t> promptIds{1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};
        QCOMPARE(r->promptTokens, promptIds);
        QCOMPARE(r->tokens, std::vector<int32_t>(g.begin() + 15, g.begin() + 15 + 64));
    }

    void promptIdsAreUsedVerbatim()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = loadOrFail(model);
        QVERIFY(e);
        engine::GenerateRequest req = greedyRequest("ignored", 8);
        req.promptIds = std::vector<int32_t>{1, 403, 407};
        auto r = e->generate(req);
        QVERIFY(r);
        QCOMPARE(r->promptTokens, (std::vector<int32_t>{1, 403, 407}));
        QCOMPARE(r->tokens.front(), 261);  // golden: "Once upon" -> " a"
    }

    // Sampled runs that end in a new story stop at BOS (run.c's rule), never
    // emitting it; at least one of these seeds gets there.
    void stopsAtBos()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.bin");
        auto e = loadOrFail(model, fixture("tok512.bin"));
        QVERIFY(e);
        int stoppedAtBos = 0;
        for (uint64_t seed = 1; seed <= 8; ++seed) {
            engine::GenerateRequest req = greedyRequest("", 400);
            req.sampler.temperature = 1.0f;
            req.seed = seed;
            auto r = e->generate(req);
            QVERIFY(r);
            QVERIFY(std::find(r->tokens.begin(), r->tokens.end(), 1) == r->tokens.end());
            if (r->stop == engine::StopReason::Bos) {
                ++stoppedAtBos;
                QVERIFY(r->tokens.size() < 400);
            } else {
                QCOMPARE(r->tokens.size(), size_t(400));
            }
        }
        QVERIFY(stoppedAtBos > 0);
    }

    void contextOverflowNamesBothNumbers()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.bin");
        auto e = loadOrFail(model, fixture("tok512.bin"));
        QVERIFY(e);
        auto r = e->generate(greedyRequest("Once upon a time", 600));
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::OutOfRange);
        const std::string& msg = r.error().message;
        QVERIFY2(msg.find("600") != std::string::npos && msg.find("512") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("5 tokens") != std::string::npos, msg.c_str());  // BOS + 4 prompt tokens
    }

    void cliContextOverflowIsOneLine()
    {
        SKIP_CHILD_PROCESS_UNDER_TSAN();
        REQUIRE_SHARED_FIXTURE(model, "stories260K.bin");
        QProcess p;
        p.start(testsupport::cliPath(), {"generate", model, "--tokenizer", fixture("tok512.bin"), "--prompt", "Hi",
                                          "--max-tokens", "9999", "--temperature", "0"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.startsWith("inferscope-cli: error: ") && err.count('\n') == 1, err.constData());
        QVERIFY(err.contains("9999"));
    }

    void cancelEndsWithCancelled()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = loadOrFail(model);
        QVERIFY(e);
        std::atomic<bool> cancel{false};
        int seen = 0;
        engine::Callbacks cb;
        cb.cancel = &cancel;
        cb.onToken = [&](int32_t, const std::string&, const engine::TokenTiming&) {
            if (++seen == 5) cancel = true;
        };
        auto r = e->generate(greedyRequest("", 100), cb);
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::Cancelled);
        QCOMPARE(seen, 5);
    }

    void sameSeedSameTokens()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = loadOrFail(model);
        QVERIFY(e);
        auto run = [&](uint64_t seed) {
            engine::GenerateRequest req = greedyRequest("Once upon a time", 48);
            req.sampler.temperature = 0.9f;
            req.sampler.topP = 0.9f;
            req.sampler.topK = 40;
            req.sampler.repeatPenalty = 1.1f;
            req.seed = seed;
            auto r = e->generate(req);
            return r ? r->tokens : std::vector<int32_t>{};
        };
        const std::vector<int32_t> a = run(11);
        QVERIFY(!a.empty());
        QCOMPARE(run(11), a);
        QVERIFY(run(12) != a);
    }

    void referenceAndCpuOpsAgree()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto ref = loadOrFail(model, {}, engine::OpsKind::Reference);
        auto cpu = loadOrFail(model, {}, engine::OpsKind::Cpu);
        QVERIFY(ref && cpu);
        const auto req = greedyRequest("Lily and Ben went to the park", 200);
        auto a = ref->generate(req);
        auto b = cpu->generate(req);
        QVERIFY(a && b);
        QCOMPARE(a->tokens, b->tokens);
    }

    // Synthetic models in every synthesizable dtype load (weights stay in their
    // stored type), generate, and give the same tokens for the same seed.
    void syntheticModelsAreDeterministic_data()
    {
        QTest::addColumn<QString>("dtype");
        for (const char* t : {"F32", "F16", "BF16", "Q8_0", "Q4_0"}) QTest::newRow(t) << QString(t);
    }

    void syntheticModelsAreDeterministic()
    {
        QFETCH(QString, dtype);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        engine::SynthOptions o;
        o.shape = engine::SynthShape::Tiny;
        o.dtype = *kernels::dtypeFromName(dtype.toStdString());
        o.seed = 3;
        o.outPath = dir.filePath("tiny.gguf").toStdString();
        auto st = engine::synthesizeModel(o);
        QVERIFY2(st, st ? "" : st.error().message.c_str());
        auto e = loadOrFail(QString::fromStdString(o.outPath));
        QVERIFY(e);
        bool sawStoredType = false;
        e->model().weights().forEachTensor([&](const engine::TensorSlot& s, const kernels::Tensor& m) {
            sawStoredType = sawStoredType || (s.matrix() && m.type == o.dtype);
        });
        QVERIFY(sawStoredType);

        engine::GenerateRequest req = greedyRequest("hello world", 24);
        req.sampler.temperature = 0.8f;
        req.sampler.topK = 20;
        req.seed = 99;
        auto a = e->generate(req);
        auto b = e->generate(req);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QVERIFY(b);
        QCOMPARE(a->tokens, b->tokens);
        QVERIFY(!a->tokens.empty());
        auto g1 = e->generate(greedyRequest("hello world", 24));
        auto g2 = e->generate(greedyRequest("hello world", 24));
        QVERIFY(g1 && g2);
        QCOMPARE(g1->tokens, g2->tokens);
    }
};

QTEST_GUILESS_MAIN(TestGenerate)
#include "tst_generate.moc"
