// Rotary embedding as Llama 3 files use it: the rope op against the published
// formula computed here in double precision (adjacent and half-split pairing,
// linear scaling, per-pair factors); the trained stories260K transplanted into
// a `llama` GGUF with rope_freqs all 1.0 still gives the golden tokens; factors
// of 2 act exactly like linear scaling by 2 (two formulas, one result); Llama
// 3's factor formula; and files the engine cannot run right are refused.
#include <QTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cmath>
#include <random>

#include "common/host_calls.h"
#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/model/llama_model.h"
#include "engine/model/synth.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"

namespace {

// stories260K written back as a GGUF with `edit` applied to its ModelFile.
QString transplant(const QString& source, const QString& out, const std::function<void(engine::ModelFile&)>& edit)
{
    auto file = engine::openModelFile(source.toStdString(), "");
    if (!file) return {};
    edit(*file);
    if (!engine::writeModelGguf(*file, out.toStdString())) return {};
    return out;
}

// Adds rope_freqs.weight (the values must outlive the write).
void addRopeFreqs(engine::ModelFile& f, const std::vector<float>& values)
{
    engine::TensorInfo t;
    t.name = "rope_freqs.weight";
    t.type = kernels::DType::F32;
    t.shape = {values.size()};
    t.bytes = values.size() * sizeof(float);
    t.data = reinterpret_cast<const uint8_t*>(values.data());
    f.tensors.push_back(t);
}

std::vector<float> allLogits(engine::LlamaModel& m, const std::vector<int32_t>& tokens)
{
    std::vector<float> out(tokens.size() * size_t(m.config().vocabSize));
    auto cache = m.makeCache(int64_t(tokens.size()));
    if (!cache || !m.forward(tokens, 0, *cache, out.data(), engine::LogitsMode::All)) return {};
    return out;
}

std::unique_ptr<engine::Engine> load(const QString& path)
{
    auto e = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{1});
    if (!e) qWarning("%s", e.error().message.c_str());
    return e ? std::move(*e) : nullptr;
}

}  // namespace

class TestRope : public QObject {
    Q_OBJECT

private slots:
    void opMatchesFormula_data()
    {
        QTest::addColumn<int>("pairing");
        QTest::addColumn<float>("scale");
        QTest::addColumn<bool>("factors");
        QTest::newRow("adjacent") << int(kernels::RopePairing::Adjacent) << 1.0f << false;
        QTest::newRow("adjacent, factors") << int(kernels::RopePairing::Adjacent) << 1.0f << true;
        QTest::newRow("adjacent, linear 4") << int(kernels::RopePairing::Adjacent) << 0.25f << false;
        QTest::newRow("half-split") << int(kernels::RopePairing::HalfSplit) << 1.0f << false;
        QTest::newRow("half-split, factors, linear 2") << int(kernels::RopePairing::HalfSplit) << 0.5f << true;
    }

    void opMatchesFormula()
    {
        QFETCH(int, pairing);
        QFETCH(float, scale);
        QFETCH(bool, factors);
        const int64_t heads = 3, headDim = 16, rotDim = 12, tokens = 3;
        const std::vector<float> f{1.0f, 1.5f, 2.0f, 4.0f, 8.0f, 32.0f};
        kernels::RopeParams p;
        p.rotDim = rotDim;
        p.freqBase = 500000.0f;
        p.freqScale = scale;
        if (factors) p.factors = kernels::Tensor::host(f.data(), 1, int64_t(f.size()));
        p.pairing = static_cast<kernels::RopePairing>(pairing);
        const int32_t positions[tokens] = {0, 5, 77};
        std::mt19937 gen(3);
        std::normal_distribution<float> dist(0.0f, 1.0f);
        std::vector<float> x(size_t(tokens * heads * headDim));
        for (float& v : x) v = dist(gen);

        // freq_j = scale * base^(-2j / rotDim) / factor_j; pair j turns by pos * freq_j.
        std::vector<double> want(x.begin(), x.end());
        for (int64_t t = 0; t < tokens; ++t)
            for (int64_t h = 0; h < heads; ++h)
                for (int64_t j = 0; j < rotDim / 2; ++j) {
                    const double freq = scale * std::pow(500000.0, -2.0 * j / rotDim) / (factors ? f[size_t(j)] : 1.0);
                    const double a = positions[t] * freq;
                    const bool adjacent = p.pairing == kernels::RopePairing::Adjacent;
                    const int64_t base = (t * heads + h) * headDim;
                    const int64_t i0 = base + (adjacent ? 2 * j : j), i1 = base + (adjacent ? 2 * j + 1 : j + rotDim / 2);
                    const double u = x[size_t(i0)], v = x[size_t(i1)];
                    want[size_t(i0)] = u * std::cos(a) - v * std::sin(a);
                    want[size_t(i1)] = u * std::sin(a) + v * std::cos(a);
                }
        const auto ref = kernels::makeRefOps(), cpu = kernels::makeCpuOps(2);
        for (const kernels::Ops* ops : {ref.get(), cpu.get()}) {
            std::vector<float> got = x;
            testing::rope(*ops, got.data(), tokens, heads, headDim, positions, p);
            for (size_t i = 0; i < got.size(); ++i)
                QVERIFY2(std::fabs(got[i] - want[i]) < 2e-4, qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(got[i]).arg(want[i])));
        }
    }

    // Factors of exactly 1 divide nothing: the trained model's golden tokens.
    void ropeFreqsOfOneKeepGoldenTokens()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir dir;
        const std::vector<float> ones(4, 1.0f);  // head size 8: 4 pairs
        const QString path = transplant(model, dir.filePath("ones.gguf"), [&](engine::ModelFile& f) { addRopeFreqs(f, ones); });
        QVERIFY(!path.isEmpty());
        auto e = load(path);
        QVERIFY(e);
        QCOMPARE(e->model().weights().ropeFactors(), ones);
        engine::GenerateRequest req;
        req.maxTokens = 256;
        auto r = e->generate(req);
        QVERIFY(r);
        QCOMPARE(r->tokens, testsupport::goldenIds(golden));
    }

    // Dividing every frequency by 2 (rope_freqs) and linear scaling by 2 are
    // the same rotation: same logits up to float rounding, and far from the
    // model without either.
    void factorsOfTwoEqualLinearScaling()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir dir;
        const std::vector<float> twos(4, 2.0f);
        const QString factorsPath =
            transplant(model, dir.filePath("twos.gguf"), [&](engine::ModelFile& f) { addRopeFreqs(f, twos); });
        const QString linearPath = transplant(model, dir.filePath("linear.gguf"), [](engine::ModelFile& f) {
            f.setMeta("llama.rope.scaling.type", engine::MetaValue::string("linear"));
            f.setMeta("llama.rope.scaling.factor", engine::MetaValue::f32(2.0f));
        });
        auto byFactors = load(factorsPath), byScaling = load(linearPath), plain = load(model);
        QVERIFY(byFactors && byScaling && plain);
        QCOMPARE(byScaling->model().config().ropeFreqScale, 0.5f);
        std::vector<int32_t> tokens{1};
        const auto g = testsupport::goldenIds(golden);
        tokens.insert(tokens.end(), g.begin(), g.begin() + 60);
        const auto a = allLogits(byFactors->model(), tokens), b = allLogits(byScaling->model(), tokens),
                   c = allLogits(plain->model(), tokens);
        QVERIFY(!a.empty() && a.size() == b.size() && a.size() == c.size());
        double same = 0.0, apart = 0.0;
        for (size_t i = 0; i < a.size(); ++i) {
            same = std::max(same, double(std::fabs(a[i] - b[i])));
            apart = std::max(apart, double(std::fabs(a[i] - c[i])));
        }
        QVERIFY2(same < 1e-3, qPrintable(QString::number(same)));
        QVERIFY2(apart > 0.1, qPrintable(QString::number(apart)));
    }

    void refusals_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("yarn") << 0 << "rope scaling \"yarn\" is not supported yet";
        QTest::newRow("zero factor") << 1 << "rope_freqs.weight[2] is 0.000000; frequency factors must be positive";
        QTest::newRow("wrong length") << 2 << "tensor 'rope_freqs.weight' has shape 3, expected 4";
    }

    void refusals()
    {
        QFETCH(int, which);
        QFETCH(QString, message);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        const std::vector<float> zero{1.0f, 1.0f, 0.0f, 1.0f}, three{1.0f, 1.0f, 1.0f};
        const QString path = transplant(model, dir.filePath("bad.gguf"), [&](engine::ModelFile& f) {
            if (which == 0) f.setMeta("llama.rope.scaling.type", engine::MetaValue::string("yarn"));
            if (which == 1) addRopeFreqs(f, zero);
            if (which == 2) addRopeFreqs(f, three);
        });
        QVERIFY(!path.isEmpty());
        auto e = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{1});
        QVERIFY(!e);
        QVERIFY2(QString::fromStdString(e.error().message).contains(message), e.error().message.c_str());
    }

    // Meta's Llama 3 factors for a small head: high frequencies untouched, the
    // lowest ones divided by the full factor, a smooth blend between.
    void llama3FactorFormula()
    {
        const std::vector<float> f = engine::llama3RopeFreqs(16, 10000.0f, 32.0f);
        QCOMPARE(f.size(), size_t(8));
        QCOMPARE(f.front(), 1.0f);
        QCOMPARE(f.back(), 32.0f);
        for (size_t j = 1; j < f.size(); ++j) QVERIFY(f[j] >= f[j - 1]);
        // Pair 6: wavelength 2 pi 10000^(12/16) = 6283, between 8192/4 and 8192.
        const double smooth = (8192.0 / (2.0 * M_PI * std::pow(10000.0, 0.75)) - 1.0) / 3.0;
        QVERIFY(std::fabs(f[6] - 1.0 / ((1.0 - smooth) / 32.0 + smooth)) < 1e-5);
    }

    // A synthetic file carrying Llama 3 factors runs with them: its logits
    // differ from the same weights without rope_freqs.
    void synthCarriesRopeFreqs()
    {
        QTemporaryDir dir;
        engine::SynthOptions o;
        o.seed = 5;
        o.outPath = dir.filePath("with.gguf").toStdString();
        o.llama3Rope = true;
        QVERIFY(engine::synthesizeModel(o));
        o.outPath = dir.filePath("without.gguf").toStdString();
        o.llama3Rope = false;
        QVERIFY(engine::synthesizeModel(o));
        auto with = load(dir.filePath("with.gguf")), without = load(dir.filePath("without.gguf"));
        QVERIFY(with && without);
        QCOMPARE(with->model().weights().ropeFactors(), engine::llama3RopeFreqs(16, 10000.0f, 32.0f));
        QVERIFY(without->model().weights().ropeFreqs.empty());
        std::vector<int32_t> tokens;
        for (int32_t t = 0; t < 200; ++t) tokens.push_back(1 + (t * 37) % 500);
        const auto a = allLogits(with->model(), tokens), b = allLogits(without->model(), tokens);
        QVERIFY(!a.empty() && a.size() == b.size());
        QVERIFY(a != b);
    }
};

QTEST_GUILESS_MAIN(TestRope)
#include "tst_rope.moc"
