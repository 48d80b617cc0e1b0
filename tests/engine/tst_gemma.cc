// Gemma 2 and 3, proven against an independent scalar reference: the trained
// stories260K weights written as a `gemma2` / `gemma3` GGUF (with post-
// attention and post-FFN norms, soft-capping (2) or Q/K norms and a local rope
// base (3), and a sliding window small enough to matter) run through the
// engine, and through a double-precision forward pass written here from the
// published formulas (not from the model code). Their logits must agree at
// every position, including those beyond the window, unsplit and split.
#include <QTest>

#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/fixtures.h"
#include "common/gemma_file.h"
#include "common/transplant.h"
#include "engine/formats/model_file.h"
#include "engine/model/llama_model.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"

namespace {

using testsupport::asGemma;
using testsupport::Family;
using testsupport::GemmaFile;
using testsupport::kAttnCap;
using testsupport::kFinalCap;
using testsupport::kGemma2;
using testsupport::kGemma3;
using testsupport::kGlobalBase;
using testsupport::kGlobalScale;
using testsupport::kLocalBase;
using testsupport::kWindow;

// ---- the reference: Gemma 2 from its formulas, in double precision ----------

using Vec = std::vector<double>;

struct Reference {
    const engine::ModelFile& f;
    int64_t dim, hidden, layers, heads, kvHeads, headDim, vocab;
    double eps;
    Family family;

    const float* tensor(const std::string& name) const
    {
        const engine::TensorInfo* t = f.findTensor(name);
        return t ? reinterpret_cast<const float*>(t->data) : nullptr;
    }
    // y = W x for a (rows x cols) F32 matrix stored row by row.
    Vec matvec(const std::string& name, const Vec& x, int64_t rows) const
    {
        const float* w = tensor(name);
        const auto cols = int64_t(x.size());
        Vec y(size_t(rows), 0.0);
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < cols; ++c) y[size_t(r)] += double(w[r * cols + c]) * x[size_t(c)];
        return y;
    }
    Vec rmsnorm(const Vec& x, const std::string& weight) const
    {
        const float* w = tensor(weight);
        double ss = 0.0;
        for (double v : x) ss += v * v;
        const double s = 1.0 / std::sqrt(ss / double(x.size()) + eps);
        Vec y(x.size());
        for (size_t i = 0; i < x.size(); ++i) y[i] = x[i] * s * double(w[i]);
        return y;
    }
    // Gemma 3: each head normed on its own.
    void normHeads(Vec& v, int64_t nHeads, const std::string& weight) const
    {
        for (int64_t h = 0; h < nHeads; ++h) {
            const Vec head(v.begin() + h * headDim, v.begin() + (h + 1) * headDim);
            const Vec normed = rmsnorm(head, weight);
            std::copy(normed.begin(), normed.end(), v.begin() + h * headDim);
        }
    }
    bool local(int64_t layer) const { return (layer + 1) % family.windowPattern != 0; }
    // NeoX rope: pair j of each head is (j, j + headDim / 2); Gemma 3's local
    // layers use their own base, unscaled.
    void rope(Vec& v, int64_t nHeads, int64_t pos, int64_t layer) const
    {
        const bool gemma3Local = family.qkNorm && local(layer);
        const double base = family.qkNorm ? (gemma3Local ? kLocalBase : kGlobalBase) : 10000.0;
        const double scale = family.qkNorm && !gemma3Local ? 1.0 / kGlobalScale : 1.0;
        const int64_t half = headDim / 2;
        for (int64_t h = 0; h < nHeads; ++h)
            for (int64_t j = 0; j < half; ++j) {
                const double angle = double(pos) * scale * std::pow(base, -2.0 * double(j) / double(headDim));
                double& a = v[size_t(h * headDim + j)];
                double& b = v[size_t(h * headDim + j + half)];
                const double a0 = a, b0 = b;
                a = a0 * std::cos(angle) - b0 * std::sin(angle);
                b = a0 * std::sin(angle) + b0 * std::cos(angle);
            }
    }
    static double gelu(double x)
    {
        return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
    }

    // Logits of every position of `ids` (rows of vocab).
    std::vector<Vec> run(const std::vector<int32_t>& ids, int64_t window) const
    {
        const auto n = int64_t(ids.size());
        const float* embd = tensor("token_embd.weight");
        std::vector<Vec> x(static_cast<size_t>(n), Vec(static_cast<size_t>(dim)));
        for (int64_t t = 0; t < n; ++t)
            for (int64_t i = 0; i < dim; ++i) x[size_t(t)][size_t(i)] = double(embd[ids[size_t(t)] * dim + i]) * std::sqrt(double(dim));
        for (int64_t l = 0; l < layers; ++l) {
            const std::string b = "blk." + std::to_string(l) + ".";
            const int64_t w = local(l) ? window : 0;
            std::vector<Vec> q(static_cast<size_t>(n)), k(static_cast<size_t>(n)), v(static_cast<size_t>(n));
            for (int64_t t = 0; t < n; ++t) {
                const Vec h = rmsnorm(x[size_t(t)], b + "attn_norm.weight");
                q[size_t(t)] = matvec(b + "attn_q.weight", h, heads * headDim);
                k[size_t(t)] = matvec(b + "attn_k.weight", h, kvHeads * headDim);
                v[size_t(t)] = matvec(b + "attn_v.weight", h, kvHeads * headDim);
                if (family.qkNorm) {
                    normHeads(q[size_t(t)], heads, b + "attn_q_norm.weight");
                    normHeads(k[size_t(t)], kvHeads, b + "attn_k_norm.weight");
                }
                rope(q[size_t(t)], heads, t, l);
                rope(k[size_t(t)], kvHeads, t, l);
            }
            for (int64_t t = 0; t < n; ++t) {
                Vec att(size_t(heads * headDim), 0.0);
                const int64_t first = w > 0 ? std::max<int64_t>(0, t - w + 1) : 0;
                for (int64_t h = 0; h < heads; ++h) {
                    const int64_t kh = h / (heads / kvHeads);
                    Vec s;
                    for (int64_t p = first; p <= t; ++p) {
                        double d = 0.0;
                        for (int64_t i = 0; i < headDim; ++i)
                            d += q[size_t(t)][size_t(h * headDim + i)] * k[size_t(p)][size_t(kh * headDim + i)];
                        const double scaled = d / std::sqrt(double(headDim));
                        s.push_back(family.attnCap > 0.0 ? family.attnCap * std::tanh(scaled / family.attnCap) : scaled);
                    }
                    const double top = *std::max_element(s.begin(), s.end());
                    double sum = 0.0;
                    for (double& e : s) sum += (e = std::exp(e - top));
                    for (int64_t p = first; p <= t; ++p)
                        for (int64_t i = 0; i < headDim; ++i)
                            att[size_t(h * headDim + i)] += s[size_t(p - first)] / sum * v[size_t(p)][size_t(kh * headDim + i)];
                }
                const Vec o = rmsnorm(matvec(b + "attn_output.weight", att, dim), b + "post_attention_norm.weight");
                for (int64_t i = 0; i < dim; ++i) x[size_t(t)][size_t(i)] += o[size_t(i)];
            }
            for (int64_t t = 0; t < n; ++t) {
                const Vec h = rmsnorm(x[size_t(t)], b + "ffn_norm.weight");
                const Vec g = matvec(b + "ffn_gate.weight", h, hidden), u = matvec(b + "ffn_up.weight", h, hidden);
                Vec a(static_cast<size_t>(hidden));
                for (int64_t i = 0; i < hidden; ++i) a[size_t(i)] = gelu(g[size_t(i)]) * u[size_t(i)];
                const Vec d = rmsnorm(matvec(b + "ffn_down.weight", a, dim), b + "post_ffw_norm.weight");
                for (int64_t i = 0; i < dim; ++i) x[size_t(t)][size_t(i)] += d[size_t(i)];
            }
        }
        const std::string classifier = tensor("output.weight") ? "output.weight" : "token_embd.weight";
        std::vector<Vec> logits;
        for (int64_t t = 0; t < n; ++t) {
            Vec z = matvec(classifier, rmsnorm(x[size_t(t)], "output_norm.weight"), vocab);
            if (family.finalCap > 0.0)
                for (double& e : z) e = family.finalCap * std::tanh(e / family.finalCap);
            logits.push_back(std::move(z));
        }
        return logits;
    }
};

std::vector<int32_t> prompt()
{
    std::vector<int32_t> ids{1};
    for (int i = 0; i < 23; ++i) ids.push_back(int32_t(3 + (i * 37) % 400));
    return ids;
}

std::vector<float> engineLogits(const QString& path, const engine::DevicesConfig& devices, const std::vector<int32_t>& ids)
{
    engine::LoadOptions o;
    o.threads = 2;
    o.devices = devices;
    auto e = engine::Engine::load(path.toStdString(), "", o);
    if (!e) {
        qWarning("%s", e.error().message.c_str());
        return {};
    }
    engine::LlamaModel& m = (*e)->model();
    auto cache = m.makeCache(64);
    if (!cache) return {};
    std::vector<float> logits(ids.size() * size_t(m.config().vocabSize));
    if (!m.forward(ids, 0, *cache, logits.data(), engine::LogitsMode::All)) return {};
    return logits;
}

}  // namespace

class TestGemma : public QObject {
    Q_OBJECT

private slots:
    void matchesReference_data()
    {
        QTest::addColumn<int>("gemma");
        QTest::addColumn<int>("split");
        QTest::addColumn<int>("devices");
        for (int g : {2, 3}) {
            const std::string name = "gemma" + std::to_string(g);
            QTest::addRow("%s whole", name.c_str()) << g << int(engine::SplitMode::None) << 1;
            QTest::addRow("%s pipeline x2", name.c_str()) << g << int(engine::SplitMode::Pipeline) << 2;
            QTest::addRow("%s tensor x2", name.c_str()) << g << int(engine::SplitMode::Tensor) << 2;
        }
    }

    void matchesReference()
    {
        QFETCH(int, gemma);
        QFETCH(int, split);
        QFETCH(int, devices);
        const Family& family = gemma == 2 ? kGemma2 : kGemma3;
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        GemmaFile keep;
        const QString path = asGemma(model, dir.filePath("gemma.gguf"), keep, family);
        QVERIFY(!path.isEmpty());
        engine::DevicesConfig d;
        if (devices > 1) {
            d.split = engine::SplitMode(split);
            d.virtualCpus = devices;
        }
        const std::vector<int32_t> ids = prompt();
        const std::vector<float> got = engineLogits(path, d, ids);
        QVERIFY(!got.empty());

        auto file = engine::openModelFile(path.toStdString(), "");
        QVERIFY(file);
        auto c = engine::ModelConfig::fromModelFile(*file);
        QVERIFY(c);
        QCOMPARE(c->slidingWindow, kWindow);
        QVERIFY(c->postNorms && c->geluGate && c->embedScale);
        QCOMPARE(c->qkNorm, family.qkNorm);
        const Reference ref{*file, c->dim, c->hiddenDim, c->nLayers, c->nHeads, c->nKvHeads, c->headDim,
                            c->vocabSize, double(c->rmsEps), family};
        const std::vector<Vec> want = ref.run(ids, kWindow);
        double worst = 0.0;
        for (size_t t = 0; t < ids.size(); ++t)
            for (int64_t i = 0; i < c->vocabSize; ++i)
                worst = std::max(worst, std::fabs(double(got[t * size_t(c->vocabSize) + size_t(i)]) - want[t][size_t(i)]));
        double spread = 0.0;  // the logits must be varied, not all pinned at the cap
        for (size_t t = 0; t < ids.size(); ++t) {
            const auto [lo, hi] = std::minmax_element(want[t].begin(), want[t].end());
            spread = std::max(spread, *hi - *lo);
        }
        qInfo("max |engine - reference| = %.3g over logits spanning %.3g", worst, spread);
        QVERIFY(spread > 4.0);
        if (family.finalCap > 0.0) QVERIFY(spread < 2.0 * family.finalCap);
        QVERIFY2(worst < 2e-3, qPrintable(QString("max |engine - reference| = %1").arg(worst)));
    }

    // The window is honoured: positions inside it see the same prefix with or
    // without it, positions beyond it do not.
    void windowChangesOnlyLaterPositions()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        GemmaFile keepA, keepB;
        const QString narrow = asGemma(model, dir.filePath("narrow.gguf"), keepA, kGemma2, kWindow);
        const QString wide = asGemma(model, dir.filePath("wide.gguf"), keepB, kGemma2, 4096);
        const std::vector<int32_t> ids = prompt();
        const std::vector<float> a = engineLogits(narrow, {}, ids), b = engineLogits(wide, {}, ids);
        QVERIFY(!a.empty() && a.size() == b.size());
        const size_t vocab = a.size() / ids.size();
        for (size_t t = 0; t < ids.size(); ++t) {
            double diff = 0.0;
            for (size_t i = 0; i < vocab; ++i) diff = std::max(diff, std::fabs(double(a[t * vocab + i]) - b[t * vocab + i]));
            if (t < size_t(kWindow)) QCOMPARE(diff, 0.0);
            else QVERIFY2(diff > 1e-4, qPrintable(QString("position %1 unchanged by the window").arg(t)));
        }
    }

    // A gemma2 file must say its window, and a missing post-norm is named.
    void malformedGemmaRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        GemmaFile keep;
        const QString path = asGemma(model, dir.filePath("g.gguf"), keep, kGemma2);
        auto file = engine::openModelFile(path.toStdString(), "");
        QVERIFY(file);
        file->tensors.erase(std::remove_if(file->tensors.begin(), file->tensors.end(),
                                           [](const engine::TensorInfo& t) { return t.name == "blk.1.post_ffw_norm.weight"; }),
                            file->tensors.end());
        file->rebuildIndex();
        const QString missing = dir.filePath("missing.gguf");
        QVERIFY(engine::writeModelGguf(*file, missing.toStdString()));
        testsupport::expectLoadRefused(missing, "missing tensor 'blk.1.post_ffw_norm.weight'");

        file->metadata.erase(std::remove_if(file->metadata.begin(), file->metadata.end(),
                                            [](const auto& kv) { return kv.first == "gemma2.attention.sliding_window"; }),
                             file->metadata.end());
        file->rebuildIndex();
        auto c = engine::ModelConfig::fromModelFile(*file);
        QVERIFY(!c);
        QVERIFY2(c.error().message.find("gemma2.attention.sliding_window") != std::string::npos,
                 c.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGemma)
#include "tst_gemma.moc"
