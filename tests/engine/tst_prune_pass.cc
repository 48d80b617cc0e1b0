// The pruning pass: exact per-row sparsity and smallest-first choice for
// magnitude, the exact N:M pattern, wanda choosing differently from magnitude
// on a hand-made case, calibration statistics against a direct computation,
// structured pruning (exact shapes and bytes, channel-consistent slicing, a
// running model, ratio 0 bit-exact), the GGUF export round trip, the engine
// hook, and on stories260K the quality order wanda < magnitude at 50 %.
#include <QTest>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/host_calls.h"
#include "common/fixtures.h"
#include "engine/eval/compare.h"
#include "engine/model/llama_model.h"
#include "engine/model/model_card.h"
#include "engine/model/model_config.h"
#include "engine/model/synth.h"
#include "engine/passes/calibration.h"
#include "engine/passes/prune_pass.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"

using kernels::DType;
using engine::PruningMethod;
using engine::PruningScope;

namespace {

std::shared_ptr<const engine::ModelFile> share(engine::ModelFile file)
{
    return std::make_shared<const engine::ModelFile>(std::move(file));
}

engine::PruningConfig pruning(PruningMethod method, std::optional<double> ratio,
                              PruningScope scope = PruningScope::All)
{
    engine::PruningConfig cfg;
    cfg.method = method;
    cfg.ratio = ratio;
    cfg.scope = scope;
    return cfg;
}

// Row r of an F32 matrix tensor.
const float* f32Row(const engine::TensorInfo& t, uint64_t r)
{
    return reinterpret_cast<const float*>(t.data) + r * t.shape[0];
}

bool isBlockMatrix(const std::string& name)
{
    return name.rfind("blk.", 0) == 0 && (name.find(".attn_") != std::string::npos || name.find(".ffn_") != std::string::npos) &&
           name.find("_norm") == std::string::npos;
}

// Logits of every position of `tokens`, in one forward pass.
std::vector<float> allLogits(engine::LlamaModel& model, const std::vector<int32_t>& tokens)
{
    auto cache = model.makeCache(static_cast<int64_t>(tokens.size()));
    if (!cache) return {};
    std::vector<float> logits(tokens.size() * static_cast<size_t>(model.config().vocabSize));
    auto st = model.forward(tokens, 0, *cache, logits.data(), engine::LogitsMode::All);
    if (!st) {
        qWarning("%s", st.error().message.c_str());
        return {};
    }
    return logits;
}

QByteArray readResource(const char* name)
{
    QFile f(QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/eval/" + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const std::vector<int32_t> kTokens{1, 72, 300, 15, 260, 99, 411, 3, 77, 128};

}  // namespace

class TestPrunePass : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_tiny;  // synthetic tiny model: dim 64, ffn 172, 2 layers, 4 heads / 2 kv heads (head 16)
    std::unique_ptr<kernels::Ops> m_ref = kernels::makeRefOps();
    std::unique_ptr<kernels::Ops> m_cpu = kernels::makeCpuOps(2);

    engine::ModelFile openTiny()
    {
        auto f = engine::openModelFile(m_tiny.toStdString());
        return f ? std::move(*f) : engine::ModelFile{};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_tiny = QDir(m_dir.path()).filePath("tiny.gguf");
        auto st = engine::synthesizeModel({engine::SynthShape::Tiny, DType::F32, 7, m_tiny.toStdString()});
        QVERIFY2(st, st ? "" : st.error().message.c_str());
    }

    // The plan from the shape alone (what the Optimise page estimates) is what
    // pruning the real weights writes: every tensor's type, shape and bytes.
    void planMatchesPrunedWeights()
    {
        const engine::ModelFile src = openTiny();
        QVERIFY(!src.tensors.empty());
        auto config = engine::ModelConfig::fromModelFile(src);
        QVERIFY(config);
        engine::PruningConfig ffnOnly = pruning(PruningMethod::Structured, 0.3);
        ffnOnly.scope = engine::PruningScope::Ffn;
        engine::PruningConfig excluded = pruning(PruningMethod::Magnitude, 0.5);
        excluded.exclude = std::vector<std::string>{"blk.0.*"};
        const engine::PruningConfig cases[] = {pruning(PruningMethod::Structured, 0.5), ffnOnly, excluded,
                                               pruning(PruningMethod::NM, std::nullopt),
                                               pruning(PruningMethod::Magnitude, 0.0)};
        for (const engine::PruningConfig& cfg : cases) {
            auto planned = engine::plannedPrunedTensors(*config, src.tensors, cfg);
            QVERIFY2(planned, planned ? "" : planned.error().message.c_str());
            auto pruned = engine::pruneWeights(src, cfg);
            QVERIFY2(pruned, pruned ? "" : pruned.error().message.c_str());
            QCOMPARE(planned->size(), pruned->file.tensors.size());
            uint64_t plannedBytes = 0;
            for (size_t i = 0; i < planned->size(); ++i) {
                const engine::TensorInfo& p = (*planned)[i];
                const engine::TensorInfo& r = pruned->file.tensors[i];
                QCOMPARE(p.name, r.name);
                QVERIFY2(p.type == r.type, r.name.c_str());
                QCOMPARE(p.shape, r.shape);
                QCOMPARE(p.bytes, r.bytes);
                QVERIFY(p.data == nullptr);
                plannedBytes += p.bytes;
            }
            QCOMPARE(plannedBytes, pruned->report.bytesAfter);
        }
        // The refusals are the pass's own: a bad section fails the plan too.
        QVERIFY(!engine::plannedPrunedTensors(*config, src.tensors, pruning(PruningMethod::Structured, std::nullopt)));
    }

    void rowRules()
    {
        // Magnitude: the two smallest |w| go; a tie goes to the lower index.
        float row[] = {0.5f, -0.1f, 0.3f, 0.1f, -2.0f};
        engine::pruneRowSmallest(row, nullptr, 5, 2);
        const float expectMag[] = {0.5f, 0.0f, 0.3f, 0.0f, -2.0f};
        QVERIFY(std::equal(std::begin(row), std::end(row), std::begin(expectMag)));

        // Wanda on a hand-made case: input feature 0 is 10x louder than the others,
        // so its small weight outscores the larger weights of quiet features.
        float a[] = {1.0f, 2.0f, 3.0f, 4.0f};
        float b[] = {1.0f, 2.0f, 3.0f, 4.0f};
        const double norms[] = {10.0, 1.0, 1.0, 1.0};
        engine::pruneRowSmallest(a, nullptr, 4, 2);
        engine::pruneRowSmallest(b, norms, 4, 2);
        const float expectA[] = {0.0f, 0.0f, 3.0f, 4.0f};
        const float expectB[] = {1.0f, 0.0f, 0.0f, 4.0f};
        QVERIFY(std::equal(std::begin(a), std::end(a), std::begin(expectA)));
        QVERIFY(std::equal(std::begin(b), std::end(b), std::begin(expectB)));

        // 2:4 keeps the two largest of every group of four; a tail of 2 stays.
        float nm[] = {0.1f, -0.4f, 0.3f, 0.2f, 5.0f, 6.0f, -7.0f, 8.0f, 0.01f, 0.02f};
        engine::pruneRowNM(nm, 10, 2, 4);
        const float expectNm[] = {0.0f, -0.4f, 0.3f, 0.0f, 0.0f, 0.0f, -7.0f, 8.0f, 0.01f, 0.02f};
        QVERIFY(std::equal(std::begin(nm), std::end(nm), std::begin(expectNm)));
    }

    void magnitudeRowSparsity_data()
    {
        QTest::addColumn<double>("ratio");
        QTest::addColumn<int>("scope");
        QTest::newRow("50% all") << 0.5 << int(PruningScope::All);
        QTest::newRow("25% ffn") << 0.25 << int(PruningScope::Ffn);
        QTest::newRow("90% attention") << 0.9 << int(PruningScope::Attention);
    }

    void magnitudeRowSparsity()
    {
        QFETCH(double, ratio);
        QFETCH(int, scope);
        const engine::ModelFile src = openTiny();
        auto p = engine::pruneWeights(src, pruning(PruningMethod::Magnitude, ratio, PruningScope(scope)));
        QVERIFY2(p, p ? "" : p.error().message.c_str());
        int pruned = 0;
        for (const engine::TensorInfo& t : p->file.tensors) {
            const engine::TensorInfo* s = src.findTensor(t.name);
            QVERIFY(s);
            QCOMPARE(t.shape, s->shape);
            QCOMPARE(t.bytes, s->bytes);  // unstructured: memory unchanged
            const bool attention = t.name.find(".attn_") != std::string::npos;
            const bool selected = isBlockMatrix(t.name) && (scope == int(PruningScope::All) ||
                                                             (scope == int(PruningScope::Attention)) == attention);
            if (!selected) {
                QVERIFY2(std::memcmp(t.data, s->data, t.bytes) == 0, t.name.c_str());
                continue;
            }
            ++pruned;
            const uint64_t cols = t.shape[0];
            const auto k = static_cast<uint64_t>(std::llround(ratio * double(cols)));
            for (uint64_t r = 0; r < t.rows(); ++r) {
                const float* after = f32Row(t, r);
                const float* before = f32Row(*s, r);
                uint64_t zeros = 0;
                float maxGone = 0.0f, minKept = INFINITY;
                for (uint64_t c = 0; c < cols; ++c) {
                    if (after[c] == 0.0f) {
                        ++zeros;
                        maxGone = std::max(maxGone, std::fabs(before[c]));
                    } else {
                        QCOMPARE(after[c], before[c]);  // kept weights are untouched
                        minKept = std::min(minKept, std::fabs(before[c]));
                    }
                }
                QCOMPARE(zeros, k);
                QVERIFY(maxGone <= minKept);
            }
        }
        QCOMPARE(pruned, scope == int(PruningScope::All) ? 14 : 2 * (scope == int(PruningScope::Ffn) ? 3 : 4));
        QVERIFY(std::fabs(p->report.sparsity() - ratio) < 0.01);
        QCOMPARE(p->report.bytesAfter, p->report.bytesBefore);
        const auto& notes = p->report.notes;
        QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
            return n.find("dense kernels still multiply the zeros") != std::string::npos;
        }));
    }

    void excludeLeavesDense()
    {
        const engine::ModelFile src = openTiny();
        engine::PruningConfig cfg = pruning(PruningMethod::Magnitude, 0.5);
        cfg.exclude = std::vector<std::string>{"blk.1.*", "*.ffn_down.weight"};
        auto p = engine::pruneWeights(src, cfg);
        QVERIFY2(p, p ? "" : p.error().message.c_str());
        QCOMPARE(p->report.excluded.size(), size_t{8});  // 7 of layer 1 + blk.0.ffn_down
        QVERIFY(p->report.adjustments.empty());
        for (const char* name : {"blk.1.attn_q.weight", "blk.0.ffn_down.weight"}) {
            const engine::TensorInfo* t = p->file.findTensor(name);
            QVERIFY(std::memcmp(t->data, src.findTensor(name)->data, t->bytes) == 0);
        }
        const auto& recs = p->report.tensors;
        const auto it = std::find_if(recs.begin(), recs.end(),
                                     [](const engine::TensorPruneRecord& r) { return r.name == "blk.0.ffn_up.weight"; });
        QVERIFY(it != recs.end());
        QCOMPARE(it->state, engine::PruneState::Pruned);
        QCOMPARE(it->sparsity(), 0.5);
    }

    void nmPattern_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("m");
        QTest::newRow("2:4") << 2 << 4;
        QTest::newRow("1:4") << 1 << 4;
        QTest::newRow("4:8") << 4 << 8;
    }

    void nmPattern()
    {
        QFETCH(int, n);
        QFETCH(int, m);
        const engine::ModelFile src = openTiny();
        engine::PruningConfig cfg = pruning(PruningMethod::NM, std::nullopt);
        cfg.n = n;
        cfg.m = m;
        auto p = engine::pruneWeights(src, cfg);
        QVERIFY2(p, p ? "" : p.error().message.c_str());
        int checked = 0;
        for (const engine::TensorInfo& t : p->file.tensors) {
            if (!isBlockMatrix(t.name)) continue;
            const engine::TensorInfo* s = src.findTensor(t.name);
            const uint64_t cols = t.shape[0];
            if (cols % uint64_t(m) != 0) continue;  // 172 is not a multiple of 8: see below
            for (uint64_t r = 0; r < t.rows(); ++r) {
                const float* after = f32Row(t, r);
                const float* before = f32Row(*s, r);
                for (uint64_t g = 0; g < cols; g += uint64_t(m)) {
                    int kept = 0;
                    float minKept = INFINITY, maxGone = 0.0f;
                    for (uint64_t c = g; c < g + uint64_t(m); ++c) {
                        if (after[c] != 0.0f) {
                            ++kept;
                            QCOMPARE(after[c], before[c]);
                            minKept = std::min(minKept, std::fabs(before[c]));
                        } else {
                            maxGone = std::max(maxGone, std::fabs(before[c]));
                        }
                    }
                    QCOMPARE(kept, n);
                    QVERIFY(maxGone <= minKept);
                }
            }
            ++checked;
        }
        QCOMPARE(checked, m == 8 ? 12 : 14);
        if (m == 8) {
            // The tail of each 172-column row stays dense, with one adjustment per ffn_down.
            const auto& adj = p->report.adjustments;
            QCOMPARE(std::count_if(adj.begin(), adj.end(), [](const engine::Adjustment& a) {
                         return a.path == "pruning.m" && a.target && a.target->find("ffn_down") != std::string::npos;
                     }),
                     std::ptrdiff_t{2});
        } else {
            QVERIFY(std::fabs(p->report.sparsity() - (1.0 - double(n) / m)) < 1e-12);
        }
    }

    void wandaChoosesDifferently()
    {
        // Hand-made activations: input feature 5 of blk.0.attn_q is loud, the
        // others are quiet. Wanda keeps column 5 in every row; magnitude keeps it
        // only where its weight happens to be large.
        const engine::ModelFile src = openTiny();
        engine::ActivationStats stats;
        stats.tokens = 1;
        for (const engine::TensorInfo& t : src.tensors)
            if (isBlockMatrix(t.name)) stats.sumSquares[t.name].assign(t.shape[0], 1.0);
        stats.sumSquares["blk.0.attn_q.weight"][5] = 1e6;
        engine::PruneOptions options;
        options.calibration = &stats;
        auto wanda = engine::pruneWeights(src, pruning(PruningMethod::Wanda, 0.5), options);
        auto mag = engine::pruneWeights(src, pruning(PruningMethod::Magnitude, 0.5));
        QVERIFY2(wanda, wanda ? "" : wanda.error().message.c_str());
        QVERIFY(mag);
        const engine::TensorInfo* w = wanda->file.findTensor("blk.0.attn_q.weight");
        const engine::TensorInfo* g = mag->file.findTensor("blk.0.attn_q.weight");
        int magDropped = 0;
        for (uint64_t r = 0; r < w->rows(); ++r) {
            QVERIFY(f32Row(*w, r)[5] != 0.0f);
            magDropped += f32Row(*g, r)[5] == 0.0f;
        }
        QVERIFY(magDropped > 0);
        // With uniform statistics wanda is magnitude.
        const engine::TensorInfo* w1 = wanda->file.findTensor("blk.1.ffn_up.weight");
        const engine::TensorInfo* g1 = mag->file.findTensor("blk.1.ffn_up.weight");
        QVERIFY(std::memcmp(w1->data, g1->data, w1->bytes) == 0);
        QCOMPARE(wanda->report.calibrationTokens, int64_t{1});

        auto missing = engine::pruneWeights(src, pruning(PruningMethod::Wanda, 0.5));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, engine::ErrorCode::InvalidArgument);
    }

    void calibrationMatchesDirectComputation()
    {
        const std::shared_ptr<const engine::ModelFile> file = share(openTiny());
        auto stats = engine::collectActivationStats(file, kTokens, *m_ref);
        QVERIFY2(stats, stats ? "" : stats.error().message.c_str());
        QCOMPARE(stats->tokens, int64_t(kTokens.size()));
        // attn_q/k/v share their input, and so do ffn_gate/up.
        QCOMPARE(stats->sumSquares.at("blk.1.attn_q.weight"), stats->sumSquares.at("blk.1.attn_v.weight"));
        QCOMPARE(stats->sumSquares.at("blk.0.ffn_gate.weight"), stats->sumSquares.at("blk.0.ffn_up.weight"));
        QCOMPARE(stats->sumSquares.at("blk.0.ffn_down.weight").size(), size_t{172});
        QCOMPARE(stats->sumSquares.at("blk.0.attn_output.weight").size(), size_t{64});

        // Layer 0's attention input is rmsnorm(embedding row) * attn_norm.
        auto model = engine::LlamaModel::create(file, *m_ref);
        QVERIFY(model);
        const engine::ModelConfig& c = (*model)->config();
        std::vector<double> expect(static_cast<size_t>(c.dim), 0.0);
        std::vector<float> x(static_cast<size_t>(c.dim)), xb(x.size());
        const auto& w = (*model)->weights();
        for (const int32_t id : kTokens) {
            testing::embedRows(*m_ref, w.tokenEmbedding, &id, 1, x.data());
            kernels::ref::rmsnorm(xb.data(), x.data(), w.layers[0].attnNorm.f32(), c.dim, c.rmsEps);
            for (size_t j = 0; j < xb.size(); ++j) expect[j] += double(xb[j]) * double(xb[j]);
        }
        const std::vector<double>& got = stats->sumSquares.at("blk.0.attn_k.weight");
        for (size_t j = 0; j < expect.size(); ++j) QVERIFY(std::fabs(got[j] - expect[j]) <= 1e-9 * (1.0 + expect[j]));
    }

    void structuredShrinks_data()
    {
        QTest::addColumn<double>("ratio");
        QTest::addColumn<int>("scope");
        QTest::addColumn<int>("ffnAfter");
        QTest::addColumn<int>("kvAfter");
        QTest::addColumn<int>("adjustments");
        // tiny: ffn 172, 2 kv heads of 2 query heads each, head 16
        QTest::newRow("50% all") << 0.5 << int(PruningScope::All) << 86 << 1 << 0;
        QTest::newRow("25% ffn") << 0.25 << int(PruningScope::Ffn) << 129 << 2 << 0;
        QTest::newRow("25% attention (rounds to 1 of 2 kv heads)") << 0.25 << int(PruningScope::Attention) << 172
                                                                   << 1 << 1;
        QTest::newRow("10% all (17 of 172, 0 of 2)") << 0.1 << int(PruningScope::All) << 155 << 2 << 2;
        QTest::newRow("90% all keeps one kv head") << 0.9 << int(PruningScope::All) << 17 << 1 << 2;
    }

    void structuredShrinks()
    {
        QFETCH(double, ratio);
        QFETCH(int, scope);
        QFETCH(int, ffnAfter);
        QFETCH(int, kvAfter);
        QFETCH(int, adjustments);
        const engine::ModelFile src = openTiny();
        auto p = engine::pruneWeights(src, pruning(PruningMethod::Structured, ratio, PruningScope(scope)));
        QVERIFY2(p, p ? "" : p.error().message.c_str());
        const int64_t dim = 64, hd = 16, ffn = 172, kv = 2, group = 2, layers = 2;
        const int64_t qAfter = kvAfter * group * hd;
        const int64_t kvDimAfter = kvAfter * hd;
        auto shapeOf = [&](const char* name) { return p->file.findTensor(std::string("blk.1.") + name)->shape; };
        using S = std::vector<uint64_t>;
        QCOMPARE(shapeOf("attn_q.weight"), (S{uint64_t(dim), uint64_t(qAfter)}));
        QCOMPARE(shapeOf("attn_k.weight"), (S{uint64_t(dim), uint64_t(kvDimAfter)}));
        QCOMPARE(shapeOf("attn_v.weight"), (S{uint64_t(dim), uint64_t(kvDimAfter)}));
        QCOMPARE(shapeOf("attn_output.weight"), (S{uint64_t(qAfter), uint64_t(dim)}));
        QCOMPARE(shapeOf("ffn_gate.weight"), (S{uint64_t(dim), uint64_t(ffnAfter)}));
        QCOMPARE(shapeOf("ffn_up.weight"), (S{uint64_t(dim), uint64_t(ffnAfter)}));
        QCOMPARE(shapeOf("ffn_down.weight"), (S{uint64_t(ffnAfter), uint64_t(dim)}));

        // Bytes: exactly the removed rows and columns, 4 bytes each (F32).
        const int64_t removedPerLayer = 3 * (ffn - ffnAfter) * dim + 2 * (kv - kvAfter) * group * hd * dim +
                                        2 * (kv - kvAfter) * hd * dim;
        QCOMPARE(p->report.bytesBefore - p->report.bytesAfter, uint64_t(layers * removedPerLayer * 4));
        uint64_t sum = 0;
        for (const auto& t : p->file.tensors) sum += t.bytes;
        QCOMPARE(sum, p->report.bytesAfter);
        QCOMPARE(int(p->report.adjustments.size()), adjustments);

        QCOMPARE(p->file.getInt("llama.feed_forward_length").value_or(-1), int64_t(ffnAfter));
        QCOMPARE(p->file.getInt("llama.attention.head_count").value_or(-1), int64_t(kvAfter * group));
        QCOMPARE(p->file.getInt("llama.attention.head_count_kv").value_or(-1), int64_t(kvAfter));
        QCOMPARE(p->file.getInt("llama.attention.key_length").value_or(-1), hd);
        QCOMPARE(engine::ModelCard::fromModelFile(p->file).headDim, hd);  // `info` shows the kept head size

        // The model binds (qDim may now differ from dim), runs, and gives finite logits.
        auto model = engine::LlamaModel::create(share(p->file), *m_cpu);
        QVERIFY2(model, model ? "" : model.error().message.c_str());
        QCOMPARE((*model)->config().qDim(), qAfter);
        QCOMPARE((*model)->config().headDim, hd);
        const std::vector<float> logits = allLogits(**model, kTokens);
        QVERIFY(!logits.empty());
        QVERIFY(std::all_of(logits.begin(), logits.end(), [](float v) { return std::isfinite(v); }));
    }

    // Kept rows and columns are copies of the source, and the three FFN
    // matrices (and the four attention ones) keep the SAME channels.
    void structuredSlicesConsistently()
    {
        const engine::ModelFile src = openTiny();
        auto p = engine::pruneWeights(src, pruning(PruningMethod::Structured, 0.5));
        QVERIFY(p);
        auto find = [](const engine::TensorInfo& t, const float* row) -> int64_t {
            for (uint64_t r = 0; r < t.rows(); ++r)
                if (std::memcmp(f32Row(t, r), row, t.shape[0] * sizeof(float)) == 0) return int64_t(r);
            return -1;
        };
        for (const char* layer : {"blk.0.", "blk.1."}) {
            const std::string b = layer;
            const engine::TensorInfo* gate = p->file.findTensor(b + "ffn_gate.weight");
            const engine::TensorInfo* up = p->file.findTensor(b + "ffn_up.weight");
            const engine::TensorInfo* down = p->file.findTensor(b + "ffn_down.weight");
            const engine::TensorInfo* srcDown = src.findTensor(b + "ffn_down.weight");
            int64_t last = -1;
            for (uint64_t r = 0; r < gate->rows(); ++r) {
                const int64_t j = find(*src.findTensor(b + "ffn_gate.weight"), f32Row(*gate, r));
                QVERIFY(j > last);  // kept in order
                last = j;
                QCOMPARE(find(*src.findTensor(b + "ffn_up.weight"), f32Row(*up, r)), j);
                for (uint64_t o = 0; o < down->rows(); ++o) QCOMPARE(f32Row(*down, o)[r], f32Row(*srcDown, o)[j]);
            }
            // One kv head of 16 rows is left; its query heads are the two that read it.
            const engine::TensorInfo* k = p->file.findTensor(b + "attn_k.weight");
            const int64_t kvRow = find(*src.findTensor(b + "attn_k.weight"), f32Row(*k, 0));
            QVERIFY(kvRow == 0 || kvRow == 16);
            const int64_t kvHead = kvRow / 16;
            const engine::TensorInfo* q = p->file.findTensor(b + "attn_q.weight");
            const engine::TensorInfo* v = p->file.findTensor(b + "attn_v.weight");
            const engine::TensorInfo* o = p->file.findTensor(b + "attn_output.weight");
            const engine::TensorInfo* srcO = src.findTensor(b + "attn_output.weight");
            for (uint64_t r = 0; r < 16; ++r) {
                QCOMPARE(find(*src.findTensor(b + "attn_v.weight"), f32Row(*v, r)), kvHead * 16 + int64_t(r));
            }
            for (uint64_t r = 0; r < 32; ++r) {
                const int64_t srcRow = kvHead * 32 + int64_t(r);
                QCOMPARE(find(*src.findTensor(b + "attn_q.weight"), f32Row(*q, r)), srcRow);
                for (uint64_t d = 0; d < o->rows(); ++d) QCOMPARE(f32Row(*o, d)[r], f32Row(*srcO, d)[srcRow]);
            }
        }
    }

    void ratioZeroIsBitExact_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("structured") << int(PruningMethod::Structured);
        QTest::newRow("magnitude") << int(PruningMethod::Magnitude);
    }

    void ratioZeroIsBitExact()
    {
        QFETCH(int, method);
        engine::ModelFile src = openTiny();
        auto p = engine::pruneWeights(src, pruning(PruningMethod(method), 0.0));
        QVERIFY2(p, p ? "" : p.error().message.c_str());
        QCOMPARE(p->report.bytesAfter, p->report.bytesBefore);
        auto base = engine::LlamaModel::create(share(std::move(src)), *m_ref);
        auto pruned = engine::LlamaModel::create(share(std::move(p->file)), *m_ref);
        QVERIFY(base && pruned);
        const std::vector<float> a = allLogits(**base, kTokens);
        const std::vector<float> b = allLogits(**pruned, kTokens);
        QVERIFY(!a.empty());
        QCOMPARE(a.size(), b.size());
        QVERIFY(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
    }

    void quantizedSourceIsDequantized()
    {
        const QString path = QDir(m_dir.path()).filePath("tiny-q8.gguf");
        auto st = engine::synthesizeModel({engine::SynthShape::Tiny, DType::Q8_0, 7, path.toStdString()});
        QVERIFY(st);
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        auto p = engine::pruneWeights(*src, pruning(PruningMethod::Structured, 0.5, PruningScope::Ffn));
        QVERIFY2(p, p ? "" : p.error().message.c_str());
        QCOMPARE(p->file.findTensor("blk.0.ffn_up.weight")->type, DType::F32);
        QCOMPARE(p->file.findTensor("blk.0.attn_q.weight")->type, DType::Q8_0);  // out of scope: as stored
        const auto& notes = p->report.notes;
        QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
            return n.find("Q8_0: the pruned matrices were dequantized to F32") != std::string::npos;
        }));
        auto model = engine::LlamaModel::create(share(std::move(p->file)), *m_cpu);
        QVERIFY(model);
        const auto logits = allLogits(**model, kTokens);
        QVERIFY(!logits.empty() && std::isfinite(logits.back()));
    }

    void invalidConfigsAreRefused()
    {
        const engine::ModelFile src = openTiny();
        engine::PruningConfig noRatio = pruning(PruningMethod::Magnitude, std::nullopt);
        engine::PruningConfig tooHigh = pruning(PruningMethod::Structured, 0.95);
        engine::PruningConfig nmRatio = pruning(PruningMethod::NM, 0.5);
        engine::PruningConfig badNm = pruning(PruningMethod::NM, std::nullopt);
        badNm.n = 4;
        badNm.m = 4;
        for (const auto* cfg : {&noRatio, &tooHigh, &nmRatio, &badNm}) {
            auto p = engine::pruneWeights(src, *cfg);
            QVERIFY(!p);
            QCOMPARE(p.error().code, engine::ErrorCode::InvalidArgument);
            QVERIFY(p.error().message.find("pruning.") != std::string::npos);
        }
    }

    void partialExcludeKeepsGroupWhole()
    {
        const engine::ModelFile src = openTiny();
        engine::PruningConfig cfg = pruning(PruningMethod::Structured, 0.5);
        cfg.exclude = std::vector<std::string>{"blk.1.ffn_up.weight"};
        auto p = engine::pruneWeights(src, cfg);
        QVERIFY(p);
        QCOMPARE(p->file.getInt("llama.feed_forward_length").value_or(-1), int64_t{172});
        QCOMPARE(p->file.getInt("llama.attention.head_count_kv").value_or(-1), int64_t{1});
        QCOMPARE(p->report.adjustments.size(), size_t{1});
        QCOMPARE(p->report.adjustments[0].path, std::string("pruning.exclude"));
        QCOMPARE(p->report.excluded, std::vector<std::string>{"blk.1.ffn_up.weight"});
    }

    // The exported GGUF (structured pruning, then int8 on the pruned weights)
    // loads back and gives the logits of the in-memory result bit for bit.
    void exportRoundTrip()
    {
        const QString profile = QDir(m_dir.path()).filePath("prune.json");
        QFile f(profile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"schema": "inferscope.profile/1", "pruning": {"method": "structured", "ratio": 0.5}})");
        f.close();
        const QString out = QDir(m_dir.path()).filePath("pruned.gguf");
        QProcess p;
        p.start(testsupport::cliPath(),
                {"export-model", m_tiny, "--profile", profile, "--threads", "2", "--out", out, "--json"});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonObject report = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(report.value("pruning").toObject().value("method").toString(), QString("structured"));

        // Both sides calibrate on the bundled stories.txt.
        QVERIFY(report.value("pruning").toObject().value("calibration").toObject().value("source").toString().endsWith(
            "resources/eval/stories.txt"));
        const engine::ModelFile src = openTiny();
        engine::PruneRunOptions run;
        run.threads = 2;
        auto mem = engine::pruneModel(src, pruning(PruningMethod::Structured, 0.5), run);
        QVERIFY2(mem, mem ? "" : mem.error().message.c_str());
        QVERIFY(mem->report.calibrationTokens > 100);
        QCOMPARE(report.value("bytes_after").toDouble(), double(mem->report.bytesAfter));
        auto back = engine::openModelFile(out.toStdString());
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        auto a = engine::LlamaModel::create(share(std::move(mem->file)), *m_ref);
        auto b = engine::LlamaModel::create(share(std::move(*back)), *m_ref);
        QVERIFY2(a && b, b ? "" : b.error().message.c_str());
        const auto la = allLogits(**a, kTokens);
        const auto lb = allLogits(**b, kTokens);
        QVERIFY(!la.empty() && la.size() == lb.size());
        QVERIFY(std::memcmp(la.data(), lb.data(), la.size() * sizeof(float)) == 0);

        // Pruning then quantization in one export.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int8"},)"
                R"( "pruning": {"method": "structured", "ratio": 0.25, "scope": "ffn"}})");
        f.close();
        p.start(testsupport::cliPath(), {"export-model", m_tiny, "--profile", profile, "--out", out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        auto both = engine::openModelFile(out.toStdString());
        QVERIFY(both);
        QCOMPARE(both->findTensor("blk.0.ffn_up.weight")->type, DType::Q8_0);
        QCOMPARE(both->findTensor("blk.0.ffn_up.weight")->shape, (std::vector<uint64_t>{64, 129}));
        QCOMPARE(both->findTensor("blk.0.ffn_down.weight")->type, DType::F16);  // 129 columns: no Q8_0 blocks
        auto m = engine::LlamaModel::create(share(std::move(*both)), *m_cpu);
        QVERIFY2(m, m ? "" : m.error().message.c_str());
    }

    void engineAppliesPruningBeforeQuantization()
    {
        engine::LoadOptions dense;
        dense.threads = 2;
        auto base = engine::Engine::load(m_tiny.toStdString(), "", dense);
        QVERIFY(base);
        engine::LoadOptions opts = dense;
        opts.pruning = pruning(PruningMethod::Structured, 0.25, PruningScope::Ffn);
        opts.weights = engine::WeightsConfig{};
        opts.weights->dtype = engine::WeightDType::F16;
        auto e = engine::Engine::load(m_tiny.toStdString(), "", opts);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE((*e)->config().hiddenDim, int64_t{129});
        QCOMPARE((*e)->file().findTensor("blk.0.ffn_up.weight")->type, DType::F16);
        QVERIFY((*e)->weightsBytes() < (*base)->weightsBytes());

        // wanda calibrates on the given text (or the bundled stories).
        opts = dense;
        opts.pruning = pruning(PruningMethod::Wanda, 0.5);
        opts.calibrationText = readResource("english.txt").toStdString();
        QVERIFY(!opts.calibrationText.empty());
        e = engine::Engine::load(m_tiny.toStdString(), "", opts);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QCOMPARE((*e)->weightsBytes(), (*base)->weightsBytes());
        const auto& notes = (*e)->loadNotes();
        QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
            return n.find("wanda calibrated on") != std::string::npos;
        }));
        opts.calibrationText.clear();
        e = engine::Engine::load(m_tiny.toStdString(), "", opts);
        QVERIFY2(e, e ? "" : e.error().message.c_str());

        // The load's cancel flag stops the calibration and the pruning.
        std::atomic<bool> cancel{true};
        opts.cancel = &cancel;
        for (const PruningMethod method : {PruningMethod::Wanda, PruningMethod::Magnitude}) {
            opts.pruning = pruning(method, 0.5);
            e = engine::Engine::load(m_tiny.toStdString(), "", opts);
            QVERIFY(!e);
            QCOMPARE(e.error().code, engine::ErrorCode::Cancelled);
        }
    }

    // 50 % unstructured on stories260K, evaluated on resources/eval/stories.txt.
    // Wanda calibrates on resources/eval/english.txt, a different text, so the
    // evaluation never sees its own calibration data.
    void wandaBeatsMagnitudeOnStories()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto src = engine::openModelFile(path.toStdString());
        QVERIFY(src);
        const std::shared_ptr<const engine::ModelFile> dense = share(*src);
        auto tok = engine::Tokenizer::fromModel(*dense);
        QVERIFY(tok);
        const std::vector<int32_t> ids = (*tok)->encode(readResource("stories.txt").toStdString(), true);
        QVERIFY(ids.size() > 100);
        auto stats = engine::calibrateOnText(dense, readResource("english.txt").toStdString(), *m_cpu);
        QVERIFY2(stats, stats ? "" : stats.error().message.c_str());
        qInfo("calibration: %lld tokens of english.txt; evaluation: %zu tokens of stories.txt",
              static_cast<long long>(stats->tokens), ids.size());

        auto base = engine::LlamaModel::create(dense, *m_cpu);
        QVERIFY(base);
        engine::PruneOptions withStats;
        withStats.calibration = &*stats;
        engine::PruningConfig nm = pruning(PruningMethod::NM, std::nullopt);
        struct Case {
            const char* name;
            engine::PruningConfig cfg;
            bool calibrated = true;
        };
        const Case cases[] = {{"magnitude 50%", pruning(PruningMethod::Magnitude, 0.5)},
                              {"wanda 50%", pruning(PruningMethod::Wanda, 0.5)},
                              {"nm 2:4", nm},
                              {"structured 25% (weight norms)", pruning(PruningMethod::Structured, 0.25), false},
                              {"structured 25% (activations)", pruning(PruningMethod::Structured, 0.25)}};
        std::vector<double> kld;
        for (const Case& c : cases) {
            auto p = engine::pruneWeights(*src, c.cfg, c.calibrated ? withStats : engine::PruneOptions{});
            QVERIFY2(p, p ? "" : p.error().message.c_str());
            auto test = engine::LlamaModel::create(share(std::move(p->file)), *m_cpu);
            QVERIFY(test);
            auto r = engine::compareModels(**base, **test, ids);
            QVERIFY2(r, r ? "" : r.error().message.c_str());
            qInfo("%-29s sparsity %.3f  bytes %llu -> %llu  mean KLD %.5f  p99 %.5f  top-1 %.3f  PPL %.3f -> %.3f",
                  c.name, p->report.sparsity(), static_cast<unsigned long long>(p->report.bytesBefore),
                  static_cast<unsigned long long>(p->report.bytesAfter), r->meanKld, r->p99Kld, r->top1Agreement,
                  r->base.ppl, r->test.ppl);
            QVERIFY(std::isfinite(r->meanKld) && r->meanKld > 0.0);
            kld.push_back(r->meanKld);
        }
        QVERIFY2(kld[1] < kld[0], "wanda 50% should lose less than magnitude 50%");
        QVERIFY2(kld[4] < kld[3], "activation-ranked structured pruning should lose less than weight-norm ranked");
    }
};

QTEST_GUILESS_MAIN(TestPrunePass)
#include "tst_prune_pass.moc"
