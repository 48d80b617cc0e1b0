// Quality evaluation: window bookkeeping, log-softmax / KL / percentile math
// against closed forms, perplexity against a naive per-token reference,
// perplexity of stories260K on the bundled stories, and comparisons (a model
// with itself, reference vs CPU ops, F32 vs Q8_0 vs Q4_0 fixtures).
#include <QTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <cmath>
#include <numeric>

#include "common/fixtures.h"
#include "engine/eval/compare.h"
#include "engine/passes/quantize_pass.h"
#include "engine/eval/perplexity.h"
#include "engine/model/llama_model.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/cpu/cpu_ops.h"

namespace {

struct LoadedModel {
    std::shared_ptr<const engine::ModelFile> file;
    std::unique_ptr<engine::LlamaModel> model;
    std::unique_ptr<engine::Tokenizer> tokenizer;
};

LoadedModel load(const QString& path, const kernels::Ops& ops)
{
    LoadedModel m;
    auto f = engine::openModelFile(path.toStdString());
    if (!f) {
        qWarning("%s", f.error().message.c_str());
        return m;
    }
    m.file = std::make_shared<const engine::ModelFile>(std::move(*f));
    auto model = engine::LlamaModel::create(m.file, ops);
    auto tok = engine::Tokenizer::fromModel(*m.file);
    if (!model || !tok) return m;
    m.model = std::move(*model);
    m.tokenizer = std::move(*tok);
    return m;
}

QByteArray readResource(const char* name)
{
    QFile f(QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/eval/" + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Naive NLL of `target` with an explicit softmax in double (no max shift:
// the logits of these models are small enough for exp).
double naiveNll(const float* logits, int64_t vocab, int32_t target)
{
    double sum = 0.0;
    for (int64_t i = 0; i < vocab; ++i) sum += std::exp(double(logits[i]));
    return -std::log(std::exp(double(logits[target])) / sum);
}

// KL((p, 1-p) || (q, 1-q)) in closed form.
double twoPointKl(double p, double q)
{
    return p * std::log(p / q) + (1 - p) * std::log((1 - p) / (1 - q));
}

std::vector<double> logsOf(std::vector<double> probs)
{
    for (double& p : probs) p = std::log(p);
    return probs;
}

// A portable deterministic Fisher-Yates shuffle (std::shuffle's algorithm is
// implementation-defined), keeping element 0 (BOS) in place.
std::vector<int32_t> shuffledTail(std::vector<int32_t> ids, uint64_t seed)
{
    for (size_t i = ids.size() - 1; i > 1; --i) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const size_t j = 1 + size_t((seed >> 33) % i);  // in [1, i]
        std::swap(ids[i], ids[j]);
    }
    return ids;
}

}  // namespace

class TestEval : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<kernels::Ops> m_ref = kernels::makeRefOps();
    std::unique_ptr<kernels::Ops> m_cpu = kernels::makeCpuOps(2);

private slots:
    void windowPlanScoresEveryTokenOnce_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("window");
        QTest::addColumn<qint64>("stride");
        QTest::newRow("one window exact") << qint64(16) << qint64(16) << qint64(8);
        QTest::newRow("shorter than window") << qint64(5) << qint64(16) << qint64(8);
        QTest::newRow("two tokens") << qint64(2) << qint64(2) << qint64(1);
        QTest::newRow("half stride") << qint64(100) << qint64(16) << qint64(8);
        QTest::newRow("stride 1") << qint64(30) << qint64(4) << qint64(1);
        QTest::newRow("max stride") << qint64(50) << qint64(10) << qint64(9);
        QTest::newRow("ragged end") << qint64(1147) << qint64(512) << qint64(256);
        QTest::newRow("odd sizes") << qint64(333) << qint64(37) << qint64(11);
    }

    void windowPlanScoresEveryTokenOnce()
    {
        QFETCH(qint64, n);
        QFETCH(qint64, window);
        QFETCH(qint64, stride);
        auto plan = engine::planWindows(n, window, stride);
        QVERIFY2(plan, plan ? "" : plan.error().message.c_str());
        std::vector<int> scoredCount(size_t(n), 0);
        for (const engine::EvalWindow& w : *plan) {
            QVERIFY(w.end - w.begin <= window);
            QVERIFY(w.scoreFrom > w.begin);  // a scored token always has context in its window
            QVERIFY(w.scored() >= 1);
            for (int64_t i = w.scoreFrom; i < w.end; ++i) ++scoredCount[size_t(i)];
        }
        QCOMPARE(scoredCount[0], 0);
        for (int64_t i = 1; i < n; ++i) QCOMPARE(scoredCount[size_t(i)], 1);
        // The first window scores all but its first token; the next ones start `stride` apart.
        QCOMPARE(plan->front().begin, 0);
        QCOMPARE(plan->front().scoreFrom, 1);
        for (size_t k = 0; k < plan->size(); ++k) QCOMPARE((*plan)[k].begin, qint64(k) * stride);
        const int64_t expectedWindows = 1 + (std::max<int64_t>(0, n - window) + stride - 1) / stride;
        QCOMPARE(qint64(plan->size()), expectedWindows);
        // Each later window keeps window - stride tokens of context before its first scored token
        // (the previous window's end), except where the text ends first.
        for (size_t k = 1; k < plan->size(); ++k) QCOMPARE((*plan)[k].scoreFrom, (*plan)[k - 1].end);
    }

    void windowPlanRejectsBadArguments()
    {
        QVERIFY(!engine::planWindows(1, 16, 8));
        QVERIFY(!engine::planWindows(100, 1, 1));
        QVERIFY(!engine::planWindows(100, 16, 0));
        QVERIFY(!engine::planWindows(100, 16, 16));  // no context for the first token of a window
        auto r = engine::resolveEvalOptions({}, 512);
        QVERIFY(r);
        QCOMPARE(r->window, 512);
        QCOMPARE(r->stride, 256);
        engine::EvalOptions tooLong;
        tooLong.window = 513;
        auto e = engine::resolveEvalOptions(tooLong, 512);
        QVERIFY(!e);
        QCOMPARE(e.error().code, engine::ErrorCode::OutOfRange);
    }

    void logSoftmaxIsStable()
    {
        // Shifted by 1000 the naive exp overflows; the stable version does not care.
        const std::vector<float> small = {0.5f, -1.0f, 2.0f, 0.0f};
        std::vector<float> big = small;
        for (float& v : big) v += 1000.0f;
        std::vector<double> a, b;
        engine::logSoftmax(small, a);
        engine::logSoftmax(big, b);
        double total = 0.0;
        for (size_t i = 0; i < a.size(); ++i) {
            QVERIFY(std::abs(a[i] - b[i]) < 1e-12);
            QVERIFY(std::abs(a[i] + naiveNll(small.data(), 4, int32_t(i))) < 1e-12);
            QVERIFY(std::abs(engine::tokenNll(big, int32_t(i)) + a[i]) < 1e-12);
            total += std::exp(a[i]);
        }
        QVERIFY(std::abs(total - 1.0) < 1e-15);
        // Uniform over 512: NLL = log 512 exactly up to rounding.
        const std::vector<float> flat(512, 3.0f);
        QVERIFY(std::abs(engine::tokenNll(flat, 17) - std::log(512.0)) < 1e-12);
    }

    void klDivergenceMath()
    {
        const std::vector<double> p = logsOf({0.7, 0.2, 0.1});
        QCOMPARE(engine::klDivergence(p, p), 0.0);  // exactly

        for (const auto& [a, b] : {std::pair{0.5, 0.25}, {0.9, 0.6}, {0.01, 0.3}}) {
            const double kl = engine::klDivergence(logsOf({a, 1 - a}), logsOf({b, 1 - b}));
            QVERIFY2(std::abs(kl - twoPointKl(a, b)) < 1e-14, qPrintable(QString::number(kl, 'g', 17)));
        }
        // 0.5 || 0.25: 0.5 ln 2 + 0.5 ln(2/3) = 0.5 ln(4/3).
        QVERIFY(std::abs(engine::klDivergence(logsOf({0.5, 0.5}), logsOf({0.25, 0.75})) - 0.5 * std::log(4.0 / 3.0)) <
                1e-15);

        // Asymmetric: KL(P||Q) != KL(Q||P), each equal to its closed form.
        const double pq = engine::klDivergence(logsOf({0.9, 0.1}), logsOf({0.5, 0.5}));
        const double qp = engine::klDivergence(logsOf({0.5, 0.5}), logsOf({0.9, 0.1}));
        QVERIFY(std::abs(pq - twoPointKl(0.9, 0.5)) < 1e-14);
        QVERIFY(std::abs(qp - twoPointKl(0.5, 0.9)) < 1e-14);
        QVERIFY(qp > pq + 0.1);  // 0.5108 vs 0.3681 nats

        // A zero-probability event of P contributes nothing, even where Q is 0 too.
        const double inf = std::numeric_limits<double>::infinity();
        QCOMPARE(engine::klDivergence(std::vector<double>{0.0, -inf}, std::vector<double>{0.0, -inf}), 0.0);
        QVERIFY(std::abs(engine::klDivergence(std::vector<double>{0.0, -inf}, logsOf({0.5, 0.5})) - std::log(2.0)) <
                1e-15);
    }

    void percentileIsNearestRank()
    {
        std::vector<double> hundred(100);
        std::iota(hundred.begin(), hundred.end(), 1.0);
        std::vector<double> shuffled(hundred.rbegin(), hundred.rend());
        std::swap(shuffled[3], shuffled[70]);
        QCOMPARE(engine::percentileNearestRank(shuffled, 99.0), 99.0);
        QCOMPARE(engine::percentileNearestRank(shuffled, 100.0), 100.0);
        QCOMPARE(engine::percentileNearestRank(shuffled, 50.0), 50.0);
        QCOMPARE(engine::percentileNearestRank(shuffled, 0.0), 1.0);
        QCOMPARE(engine::percentileNearestRank(shuffled, 0.5), 1.0);
        QCOMPARE(engine::percentileNearestRank(shuffled, 1.5), 2.0);

        // Ten values: rank ceil(9.9) = 10 is the maximum; linear interpolation
        // would give 9.91 here, nearest rank always returns one of the values.
        const std::vector<double> ten = {7, 3, 10, 1, 9, 2, 8, 4, 6, 5};
        QCOMPARE(engine::percentileNearestRank(ten, 99.0), 10.0);
        QCOMPARE(engine::percentileNearestRank(ten, 90.0), 9.0);
        QCOMPARE(engine::percentileNearestRank(ten, 91.0), 10.0);
        QCOMPARE(engine::percentileNearestRank(ten, 10.0), 1.0);
        QCOMPARE(engine::percentileNearestRank({42.0}, 99.0), 42.0);
        QCOMPARE(engine::percentileNearestRank({}, 99.0), 0.0);
    }

    void firstDivergenceOfSequences()
    {
        using V = std::vector<int32_t>;
        QCOMPARE(engine::firstDivergence(V{1, 2, 3}, V{1, 2, 3}), qint64(-1));
        QCOMPARE(engine::firstDivergence(V{1, 2, 3}, V{1, 5, 3}), qint64(1));
        QCOMPARE(engine::firstDivergence(V{9, 2, 3}, V{1, 2, 3}), qint64(0));
        QCOMPARE(engine::firstDivergence(V{1, 2}, V{1, 2, 3}), qint64(2));
        QCOMPARE(engine::firstDivergence(V{}, V{}), qint64(-1));
    }

    void perplexityMatchesNaiveReference_data()
    {
        QTest::addColumn<qint64>("window");
        QTest::addColumn<qint64>("stride");
        QTest::addColumn<qint64>("batch");
        QTest::newRow("one window, one batch") << qint64(64) << qint64(32) << qint64(256);
        QTest::newRow("one window, batches of 7") << qint64(64) << qint64(32) << qint64(7);
        QTest::newRow("sliding 16/5, batch 3") << qint64(16) << qint64(5) << qint64(3);
        QTest::newRow("sliding 10/9, batch 1") << qint64(10) << qint64(9) << qint64(1);
    }

    // The reference runs one fresh forward per scored token over exactly the
    // context the sliding-window definition gives it, with an explicit softmax.
    // The scalar reference ops make the logits independent of how tokens are
    // batched, so the two means agree to double rounding (measured: 3e-16);
    // with the CPU ops the float32 logits move by about 1e-7 between batchings.
    void perplexityMatchesNaiveReference()
    {
        QFETCH(qint64, window);
        QFETCH(qint64, stride);
        QFETCH(qint64, batch);
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel m = load(path, *m_ref);
        QVERIFY(m.model);
        std::vector<int32_t> tokens = m.tokenizer->encode("Once upon a time, there was a little dog named Sam. "
                                                          "Sam liked to run in the big green park.", true);
        QVERIFY(tokens.size() > 30 && tokens.size() < 64);
        const int64_t n = int64_t(tokens.size());
        const int64_t vocab = m.model->config().vocabSize;

        double nllSum = 0.0;
        std::vector<float> logits(static_cast<size_t>(vocab));
        for (int64_t i = 1; i < n; ++i) {
            // Window k scores targets [W + (k-1)S, W + kS); window 0 scores [1, W).
            const int64_t k = i < window ? 0 : (i - window) / stride + 1;
            const int64_t begin = k * stride;
            auto cache = m.model->makeCache(i - begin);
            QVERIFY(cache);
            QVERIFY(m.model->forward(std::span(tokens).subspan(size_t(begin), size_t(i - begin)), 0, *cache,
                                     logits.data(), engine::LogitsMode::Last));
            nllSum += naiveNll(logits.data(), vocab, tokens[size_t(i)]);
        }
        const double naiveMean = nllSum / double(n - 1);

        engine::EvalOptions options;
        options.window = window;
        options.stride = stride;
        options.batch = batch;
        auto r = engine::computePerplexity(*m.model, tokens, options);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->tokens, n - 1);
        QVERIFY2(std::abs(r->meanNll - naiveMean) < 1e-12,
                 qPrintable(QString("%1 vs naive %2").arg(r->meanNll, 0, 'g', 17).arg(naiveMean, 0, 'g', 17)));
        QCOMPARE(r->ppl, std::exp(r->meanNll));
        QVERIFY(std::abs(r->ppl - std::exp(naiveMean)) < 1e-8 * r->ppl);
    }

    // llama-perplexity's protocol: non-overlapping windows (a shorter tail
    // dropped), BOS at the start of each, the second half scored. Checked
    // against a naive computation of exactly that, written here.
    void llamaCppProtocolMatchesNaiveReference()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel m = load(path, *m_ref);
        QVERIFY(m.model);
        const std::vector<int32_t> tokens = m.tokenizer->encode(
            "Once upon a time, there was a little dog named Sam. Sam liked to run in the big green park.", true);
        const int64_t w = 16, n = int64_t(tokens.size()), vocab = m.model->config().vocabSize;
        auto plan = engine::planEvalWindows(n, engine::EvalOptions{.window = w, .stride = w,
                                                                   .protocol = engine::EvalProtocol::LlamaCpp});
        QVERIFY(plan);
        QCOMPARE(int64_t(plan->size()), n / w);
        QCOMPARE((*plan)[1].begin, w);
        QCOMPARE((*plan)[1].scoreFrom, w + w / 2 + 1);

        double nllSum = 0.0;
        int64_t scored = 0;
        std::vector<float> logits(static_cast<size_t>(vocab));
        for (int64_t k = 0; k < n / w; ++k) {
            std::vector<int32_t> chunk(tokens.begin() + k * w, tokens.begin() + (k + 1) * w);
            chunk[0] = m.tokenizer->bos();
            for (int64_t j = w / 2; j < w - 1; ++j) {  // logits at j predict chunk token j + 1
                auto cache = m.model->makeCache(j + 1);
                QVERIFY(cache);
                QVERIFY(m.model->forward(std::span(chunk).first(size_t(j + 1)), 0, *cache, logits.data(),
                                         engine::LogitsMode::Last));
                nllSum += naiveNll(logits.data(), vocab, chunk[size_t(j + 1)]);
                ++scored;
            }
        }
        engine::EvalOptions options;
        options.window = w;
        options.protocol = engine::EvalProtocol::LlamaCpp;
        options.bos = m.tokenizer->bos();
        options.batch = 5;
        auto r = engine::computePerplexity(*m.model, tokens, options);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->tokens, scored);
        QVERIFY(std::abs(r->meanNll - nllSum / double(scored)) < 1e-12);
        // Without BOS in front of the later windows the numbers differ: the replacement matters.
        options.bos = -1;
        auto noBos = engine::computePerplexity(*m.model, tokens, options);
        QVERIFY(noBos && noBos->meanNll != r->meanNll);
        options.window = n + 1;
        QVERIFY(!engine::computePerplexity(*m.model, tokens, options));  // not one whole window
    }

    // The comparison's statistics from per-position values computed here:
    // median / p99.9 KLD, RMS of the change in the right token's probability,
    // the top-1 standard error and the PPL ratio with its standard error.
    void comparisonStatistics()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel base = load(path, *m_ref);
        auto q = engine::openModelFile(path.toStdString());
        QVERIFY(q);
        engine::WeightsConfig w;
        w.dtype = engine::WeightDType::Int4;
        auto quant = engine::quantizeWeights(*q, w);
        QVERIFY(quant);
        auto test = engine::LlamaModel::create(std::make_shared<const engine::ModelFile>(std::move(quant->file)), *m_ref);
        QVERIFY(base.model && test);
        const std::vector<int32_t> tokens = base.tokenizer->encode(readResource("stories.txt").left(600).toStdString(), true);
        auto cmp = engine::compareModels(*base.model, **test, tokens, engine::EvalOptions{.window = 64});
        QVERIFY(cmp);
        const int64_t n = cmp->positions;
        QCOMPARE(cmp->medianKld, engine::percentileNearestRank(cmp->kld, 50.0));
        QCOMPARE(cmp->p999Kld, engine::percentileNearestRank(cmp->kld, 99.9));
        QVERIFY(cmp->medianKld <= cmp->p99Kld && cmp->p99Kld <= cmp->p999Kld && cmp->p999Kld <= cmp->maxKld);
        QVERIFY(std::abs(cmp->top1StdErr - std::sqrt(cmp->top1Agreement * (1 - cmp->top1Agreement) / double(n))) < 1e-15);
        QVERIFY(std::abs(cmp->pplRatio - cmp->test.ppl / cmp->base.ppl) < 1e-12);
        QVERIFY(cmp->pplRatioStdErr > 0.0 && cmp->pplRatioStdErr < 0.1 * cmp->pplRatio);
        QVERIFY(cmp->rmsDeltaP > 0.0 && cmp->rmsDeltaP < 1.0);
        // A model against itself: every statistic at its exact value.
        auto self = engine::compareModels(*base.model, *base.model, tokens, engine::EvalOptions{.window = 64});
        QVERIFY(self);
        QCOMPARE(self->rmsDeltaP, 0.0);
        QCOMPARE(self->pplRatio, 1.0);
        QCOMPARE(self->pplRatioStdErr, 0.0);
        QCOMPARE(self->top1StdErr, 0.0);
    }

    // Measured (CPU ops): stories.txt gives 1146 scored tokens and
    // PPL 4.1700 with window 512 / stride 256 (4.4376 with the full 2048
    // context of the GGUF in one window); english.txt gives 19.6 (full
    // context); the shuffled stories give several hundred.
    void storiesPerplexityIsLow()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel m = load(path, *m_cpu);
        QVERIFY(m.model);
        const QByteArray stories = readResource("stories.txt");
        const QByteArray english = readResource("english.txt");
        QVERIFY(stories.size() > 2000);
        QVERIFY(english.size() > 800);

        engine::EvalOptions options;
        options.window = 512;
        options.stride = 256;
        std::vector<std::pair<int64_t, int64_t>> progress;
        options.onProgress = [&](int64_t done, int64_t total) { progress.emplace_back(done, total); };
        auto r = engine::perplexityOfText(*m.model, *m.tokenizer, stories.toStdString(), options);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        qInfo("stories.txt: %lld tokens, %lld windows, mean NLL %.5f, PPL %.4f", (long long)r->tokens,
              (long long)r->windows, r->meanNll, r->ppl);
        QVERIFY(std::isfinite(r->ppl));
        QVERIFY(r->tokens > 1000);
        QCOMPARE(r->windows, 4);
        QVERIFY(r->ppl > 2.0 && r->ppl < 8.0);
        QCOMPARE(qint64(progress.size()), r->windows);
        for (size_t k = 0; k < progress.size(); ++k)
            QCOMPARE(progress[k], std::make_pair(int64_t(k + 1), r->windows));

        // Out of the training domain, the model is clearly worse but still far from chance (512).
        auto e = engine::perplexityOfText(*m.model, *m.tokenizer, english.toStdString(), options);
        QVERIFY(e);
        qInfo("english.txt: PPL %.4f", e->ppl);
        QVERIFY(e->ppl > 2.0 * r->ppl && e->ppl < 100.0);

        // The same tokens in a random order: the model's knowledge of language no longer helps.
        const auto ids = m.tokenizer->encode(stories.toStdString(), true);
        auto s = engine::computePerplexity(*m.model, shuffledTail(ids, 7), options);
        QVERIFY(s);
        qInfo("shuffled stories.txt: PPL %.4f", s->ppl);
        QCOMPARE(s->tokens, r->tokens);
        QVERIFY(s->ppl > 20.0 * r->ppl);
    }

    void selfComparisonIsExact()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel a = load(path, *m_cpu);
        LoadedModel b = load(path, *m_cpu);
        QVERIFY(a.model && b.model);
        const auto ids = a.tokenizer->encode(readResource("stories.txt").toStdString(), true);
        engine::EvalOptions options;
        options.window = 256;
        options.stride = 192;
        for (engine::LlamaModel* test : {b.model.get(), a.model.get()}) {  // a twin, then the same instance
            auto r = engine::compareModels(*a.model, *test, ids, options);
            QVERIFY2(r, r ? "" : r.error().message.c_str());
            QCOMPARE(r->positions, qint64(ids.size() - 1));
            QCOMPARE(qint64(r->kld.size()), r->positions);
            QCOMPARE(r->meanKld, 0.0);
            QCOMPARE(r->p99Kld, 0.0);
            QCOMPARE(r->maxKld, 0.0);
            QCOMPARE(r->top1Matches, r->positions);
            QCOMPARE(r->top1Agreement, 1.0);
            QCOMPARE(r->deltaPpl, 0.0);
            QCOMPARE(r->base.meanNll, r->test.meanNll);
            // The comparison's perplexity is the plain perplexity.
            auto p = engine::computePerplexity(*a.model, ids, options);
            QVERIFY(p);
            QCOMPARE(r->base.meanNll, p->meanNll);
        }
        auto g = engine::compareGreedy(*a.model, *b.model, std::vector<int32_t>{1}, 64);
        QVERIFY(g);
        QCOMPARE(g->firstDivergent, qint64(-1));
    }

    // greedyGenerate from BOS reproduces run.c's greedy tokens.
    void greedyMatchesGolden()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QFile f(golden);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray expected = QJsonDocument::fromJson(f.readAll()).object().value("generated_ids").toArray();
        QVERIFY(expected.size() >= 64);
        LoadedModel m = load(path, *m_cpu);
        QVERIFY(m.model);
        auto ids = engine::greedyGenerate(*m.model, std::vector<int32_t>{1}, 64);
        QVERIFY(ids);
        QCOMPARE(qint64(ids->size()), qint64(64));
        for (int i = 0; i < 64; ++i) QCOMPARE((*ids)[size_t(i)], expected[i].toInt());
    }

    // Same weights, scalar reference ops vs SIMD CPU ops: only the summation
    // order differs. Measured: mean KLD ~1e-11 nats, agreement 100 %.
    void referenceVsCpuOpsIsTiny()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel ref = load(path, *m_ref);
        LoadedModel cpu = load(path, *m_cpu);
        QVERIFY(ref.model && cpu.model);
        const auto ids = ref.tokenizer->encode(readResource("stories.txt").toStdString(), true);
        engine::EvalOptions options;
        options.window = 512;
        options.stride = 256;
        auto r = engine::compareModels(*ref.model, *cpu.model, ids, options);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        qInfo("ref vs cpu: mean KLD %.3g, p99 %.3g, max %.3g, top-1 %.4f, dPPL %.3g", r->meanKld, r->p99Kld,
              r->maxKld, r->top1Agreement, r->deltaPpl);
        QVERIFY(r->maxKld < 1e-6);
        QVERIFY(r->top1Agreement > 0.99);
        QVERIFY(std::abs(r->deltaPpl) < 1e-3);
    }

    // F32 baseline vs its Q8_0 and Q4_0 quantizations (random weights, so the
    // PPL itself is near chance). Measured with window 128 / stride 64 on
    // stories.txt: Q8_0 mean KLD 0.00098, p99 0.0038, top-1 94.6 %;
    // Q4_0 mean KLD 0.158, p99 0.445, top-1 52.6 %.
    void quantizedFixturesDiverge()
    {
        REQUIRE_SHARED_FIXTURE(f32Path, "quant-fixtures/synth-f32.gguf");
        REQUIRE_SHARED_FIXTURE(q8Path, "quant-fixtures/synth-Q8_0.gguf");
        REQUIRE_SHARED_FIXTURE(q4Path, "quant-fixtures/synth-Q4_0.gguf");
        LoadedModel f32 = load(f32Path, *m_cpu);
        LoadedModel q8 = load(q8Path, *m_cpu);
        LoadedModel q4 = load(q4Path, *m_cpu);
        QVERIFY(f32.model && q8.model && q4.model);
        const auto ids = f32.tokenizer->encode(readResource("stories.txt").toStdString(), true);
        auto r8 = engine::compareModels(*f32.model, *q8.model, ids);
        auto r4 = engine::compareModels(*f32.model, *q4.model, ids);
        QVERIFY2(r8, r8 ? "" : r8.error().message.c_str());
        QVERIFY2(r4, r4 ? "" : r4.error().message.c_str());
        for (const auto* r : {&*r8, &*r4})
            qInfo("mean KLD %.6g, p99 %.6g, max %.6g, top-1 %.4f, PPL %.3f -> %.3f", r->meanKld, r->p99Kld,
                  r->maxKld, r->top1Agreement, r->base.ppl, r->test.ppl);
        QCOMPARE(r8->base.window, 128);  // the fixtures' context
        QVERIFY(r8->meanKld > 0.0 && r8->meanKld < 0.01);
        QVERIFY(r4->meanKld > 10.0 * r8->meanKld);
        QVERIFY(r4->p99Kld > r8->p99Kld);
        QVERIFY(r8->p99Kld >= r8->meanKld && r8->maxKld >= r8->p99Kld);
        QVERIFY(r8->top1Agreement > r4->top1Agreement);
        QVERIFY(r8->top1Agreement > 0.8);
        QCOMPARE(r8->base.meanNll, r4->base.meanNll);  // the same baseline numbers in both runs

        auto g8 = engine::compareGreedy(*f32.model, *q8.model, std::vector<int32_t>{1}, 64);
        auto g4 = engine::compareGreedy(*f32.model, *q4.model, std::vector<int32_t>{1}, 64);
        QVERIFY(g8 && g4);
        QCOMPARE(g8->firstDivergent, engine::firstDivergence(g8->base, g8->test));
        QVERIFY(g8->firstDivergent == -1 || g8->firstDivergent >= g4->firstDivergent);
    }

    void cancelAndBadInput()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        LoadedModel m = load(path, *m_cpu);
        QVERIFY(m.model);
        const std::vector<int32_t> ids = {1, 403, 407, 261, 378};
        std::atomic<bool> cancel{true};
        engine::EvalOptions options;
        options.cancel = &cancel;
        auto c = engine::computePerplexity(*m.model, ids, options);
        QVERIFY(!c);
        QCOMPARE(c.error().code, engine::ErrorCode::Cancelled);
        QVERIFY(!engine::compareModels(*m.model, *m.model, ids, options));

        QVERIFY(!engine::computePerplexity(*m.model, std::vector<int32_t>{1}));
        auto bad = engine::computePerplexity(*m.model, std::vector<int32_t>{1, 512});
        QVERIFY(!bad);
        QVERIFY(QString::fromStdString(bad.error().message).contains("index 1"));
        QVERIFY(!engine::greedyGenerate(*m.model, std::vector<int32_t>{1}, 0));
        QVERIFY(!engine::greedyGenerate(*m.model, std::vector<int32_t>{1}, 3000));  // past the context
    }

    void cliReportsComparison()
    {
        REQUIRE_SHARED_FIXTURE(f32Path, "quant-fixtures/synth-f32.gguf");
        REQUIRE_SHARED_FIXTURE(q8Path, "quant-fixtures/synth-Q8_0.gguf");
        QProcess p;
        // No --text: the bundled stories.txt is found from the executable's location.
        p.start(testsupport::cliPath(), {"eval", q8Path, "--baseline", f32Path, "--json", "--threads", "1"});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(j.value("text").toString().endsWith("resources/eval/stories.txt"));
        QVERIFY(j.value("kld").toObject().value("mean").toDouble() > 0.0);
        QCOMPARE(j.value("kld").toObject().value("p99_method").toString(), QString("nearest-rank"));
        QVERIFY(j.value("top1_agreement").toDouble() > 0.8);
        QCOMPARE(j.value("greedy").toObject().value("base_ids").toArray().size(), 64);
        QCOMPARE(j.value("test").toObject().value("tokens").toInt(), j.value("base").toObject().value("tokens").toInt());

        QProcess bad;
        bad.start(testsupport::cliPath(), {"eval", q8Path, "--ctx", "4", "--stride", "4"});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
        const QByteArray err = bad.readAllStandardError();
        QCOMPARE(err.count('\n'), 1);
        QVERIFY(err.contains("stride"));
    }
};

QTEST_GUILESS_MAIN(TestEval)
#include "tst_eval.moc"
