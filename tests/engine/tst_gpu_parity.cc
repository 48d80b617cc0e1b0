// The model on a CUDA GPU against the CPU, on stories260K: greedy generation
// gives run.c's 256 golden tokens, the logits of a teacher-forced prefix agree
// to float rounding, and perplexity over the golden text is within 0.1 %. It
// runs wherever the registry finds a GPU (the CUDA module loaded, a driver, a
// device); on a machine without one every case skips with the reason. The
// offload split (first layers on the GPU, the rest on the CPU) gives the
// golden tokens as well.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

#include "common/fixtures.h"
#include "engine/eval/perplexity.h"
#include "engine/session/engine.h"
#include "kernels/api/registry.h"

namespace {

engine::Expected<std::unique_ptr<engine::Engine>> load(const QString& path, bool gpu,
                                                       std::optional<int32_t> offloadLayers = std::nullopt)
{
    engine::LoadOptions o;
    o.threads = 2;
    if (gpu) o.devices.gpus = std::vector<int32_t>{0};
    o.devices.offloadLayers = offloadLayers;
    return engine::Engine::load(path.toStdString(), "", o);
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// 256 greedy tokens from BOS are run.c's.
void checkGolden(engine::Engine& e, const QString& golden)
{
    engine::GenerateRequest r;
    r.maxTokens = 256;
    r.sampler.temperature = 0.0f;
    auto out = e.generate(r, {});
    QVERIFY2(out, out ? "" : out.error().message.c_str());
    std::vector<int32_t> want;
    for (const QJsonValue& v : readJson(golden).value("generated_ids").toArray()) want.push_back(v.toInt());
    QCOMPARE(out->tokens, want);
}

}  // namespace

class TestGpuParity : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const kernels::Registry& registry = kernels::Registry::instance();
        if (registry.devices(kernels::DeviceKind::Cuda).empty())
            QSKIP(qPrintable("no CUDA GPU here: " + QString::fromStdString(registry.cudaStatus().reason)));
    }

    void greedyTokensAreTheGolden()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto e = load(model, true);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE((*e)->model().deviceNames(), std::vector<std::string>{"cuda:0"});
        checkGolden(**e, golden);
    }

    // devices.offload_layers: 2 layers on the GPU, the other 3 on the CPU.
    void offloadedLayersGiveTheGoldenToo()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto e = load(model, true, 2);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE((*e)->model().deviceNames(), (std::vector<std::string>{"cuda:0", "cpu:0"}));
        QCOMPARE((*e)->model().placement().devices[0].layers.size(), int64_t(2));
        checkGolden(**e, golden);
    }

    void logitsAgreeWithTheCpu()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto gpu = load(model, true), cpu = load(model, false);
        QVERIFY(gpu && cpu);
        std::vector<int32_t> tokens{1};
        for (const QJsonValue& v : readJson(golden).value("generated_ids").toArray()) tokens.push_back(v.toInt());
        tokens.resize(64);
        const auto logitsOf = [&](engine::LlamaModel& m) {
            std::vector<float> out(tokens.size() * size_t(m.config().vocabSize));
            auto cache = m.makeCache(int64_t(tokens.size()));
            if (!cache || !m.forward(tokens, 0, *cache, out.data(), engine::LogitsMode::All)) out.clear();
            return out;
        };
        const std::vector<float> a = logitsOf((*gpu)->model()), b = logitsOf((*cpu)->model());
        QVERIFY(!a.empty() && a.size() == b.size());
        double worst = 0.0, scale = 0.0;
        for (size_t i = 0; i < a.size(); ++i) {
            worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
            scale = std::max(scale, std::fabs(double(b[i])));
        }
        qInfo("largest logit difference GPU vs CPU: %.3g (relative to the largest logit %.3g)", worst / scale, scale);
        QVERIFY(worst / scale < 1e-4);
    }

    void perplexityWithinATenthOfAPercent()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        const std::string text = readJson(golden).value("text").toString().toStdString();
        auto gpu = load(model, true), cpu = load(model, false);
        QVERIFY(gpu && cpu);
        auto a = engine::perplexityOfText((*gpu)->model(), (*gpu)->tokenizer(), text);
        auto b = engine::perplexityOfText((*cpu)->model(), (*cpu)->tokenizer(), text);
        QVERIFY2(a && b, a ? "" : a.error().message.c_str());
        qInfo("perplexity GPU %.6f, CPU %.6f", a->ppl, b->ppl);
        QVERIFY(std::fabs(a->ppl / b->ppl - 1.0) < 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestGpuParity)
#include "tst_gpu_parity.moc"
