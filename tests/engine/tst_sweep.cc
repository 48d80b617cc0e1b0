// Sweeps (engine/sweep, inferscope-cli sweep): the grid and its refusals,
// statistics with known answers, the Pareto frontier and the best pick
// against hand-computed expectations, and the CLI on stories260K — every
// point a row, invalid points skipped with the validator's reason, the
// frontier recomputed here from the rows, and a resumed sweep giving the same
// rows as an uninterrupted one (timings aside).
#include <QTest>

#include <QFile>
#include <QTemporaryDir>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/cli_run.h"
#include "common/fixtures.h"
#include "common/sweep_files.h"
#include "engine/sweep/sensitivity.h"
#include "engine/sweep/sweep_plan.h"
#include "engine/sweep/sweep_runner.h"
#include "engine/sweep/sweep_select.h"

namespace {

namespace sw = engine::sweep;
using nlohmann::json;

sw::PointMetrics point(int32_t index, std::map<std::string, double> means)
{
    sw::PointMetrics p;
    p.index = index;
    p.label = "p" + std::to_string(index);
    for (const auto& [name, v] : means) p.metrics[name] = sw::summarize({v});
    return p;
}

// The point's rows without what depends on timing.
json withoutTimings(json line)
{
    if (line.contains("metrics")) line["metrics"].erase("load_ms");
    return line;
}

QStringList sweepArgs(const QString& model, const QString& out, const QString& quality)
{
    return {"sweep", model, "--grid", "weights.dtype=f32,int8,int4", "--grid", "kv_cache.mode=contiguous,off,bogus",
            "-p", "16", "-n", "8", "--repetitions", "2", "--threads", "1", "--quality", quality,
            "--constraint", "kld_mean<=0.01", "--objective", "weights_bytes", "--out", out};
}

}  // namespace

class TestSweep : public QObject {
    Q_OBJECT

private slots:
    void axesAndGrid()
    {
        auto a = sw::parseAxis("weights.group_size=32,64,128");
        QVERIFY(a);
        QCOMPARE(a->values.size(), size_t(3));
        QVERIFY(a->values[1] == json(64));
        auto b = sw::parseAxis("kv_cache.mode=contiguous,paged");
        QVERIFY(b && b->values[1] == json("paged"));
        QVERIFY(!sw::parseAxis("weights.dtype"));
        QVERIFY(!sw::parseAxis("weights.dtype=int8,,int4"));

        auto grid = sw::expandGrid(json{{"devices", {{"threads", 1}}}}, {*a, *b});
        QVERIFY(grid);
        QCOMPARE(grid->size(), size_t(6));
        // The last axis varies fastest; the base stays under the settings.
        QCOMPARE((*grid)[1].label(), std::string("weights.group_size=32 \xC2\xB7 kv_cache.mode=paged"));
        QVERIFY((*grid)[3].profile["weights"]["group_size"] == json(64));
        QVERIFY((*grid)[3].profile["devices"]["threads"] == json(1));
        // group_size without a dtype is what the validator says it is.
        for (const sw::Point& p : *grid) QCOMPARE(p.skipReason.empty(), p.parsed.has_value());
        QVERIFY((*grid)[0].loadKey() == (*grid)[1].loadKey());  // KV mode does not change the weights
        QVERIFY((*grid)[0].loadKey() != (*grid)[2].loadKey());

        auto bad = sw::expandGrid(json::object(), {*sw::parseAxis("kv_cache.mode=sideways")});
        QVERIFY(bad);
        QVERIFY2((*bad)[0].skipReason.find("sideways") != std::string::npos, (*bad)[0].skipReason.c_str());
        std::vector<sw::Axis> huge(13, *sw::parseAxis("weights.group_size=32,64"));
        QVERIFY(!sw::expandGrid(json::object(), huge));  // 8192 points
    }

    void constraints()
    {
        auto c = sw::parseConstraint("weights_bytes<=400MiB");
        QVERIFY(c);
        QCOMPARE(c->value, 400.0 * 1048576.0);
        QVERIFY(c->holds(400.0 * 1048576.0) && !c->holds(400.0 * 1048576.0 + 1));
        auto t = sw::parseConstraint("top1>99%");
        QVERIFY(t);
        QCOMPARE(t->value, 0.99);
        QVERIFY(t->holds(0.995) && !t->holds(0.99));
        QVERIFY(!sw::parseConstraint("speed>=3"));       // unknown metric
        QVERIFY(!sw::parseConstraint("kld_mean<=abc"));  // not a number
        QVERIFY(!sw::parseConstraint("kld_mean"));
    }

    // Known answers: {1..5} has mean 3, sd sqrt(2.5), and t(0.975, 4) = 2.776.
    void statistics()
    {
        const sw::Stat s = sw::summarize({1, 2, 3, 4, 5});
        QCOMPARE(s.n, 5);
        QCOMPARE(s.mean, 3.0);
        QVERIFY(std::abs(s.sd - std::sqrt(2.5)) < 1e-12);
        QVERIFY(std::abs(s.ci95 - 2.776 * std::sqrt(2.5) / std::sqrt(5.0)) < 1e-12);
        QCOMPARE(sw::summarize({7}).ci95, 0.0);
        QCOMPARE(sw::tQuantile975(1), 12.706);
        QCOMPARE(sw::tQuantile975(1000), 1.980);
    }

    // Frontier over (tg_tok_s up, weights_bytes down): p1 is dominated by p0
    // (slower and larger), p3 by p2; the best under weights <= 50 is p2.
    void frontierAndBest()
    {
        const std::vector<sw::PointMetrics> points = {
            point(0, {{"tg_tok_s", 100}, {"weights_bytes", 100}}), point(1, {{"tg_tok_s", 90}, {"weights_bytes", 120}}),
            point(2, {{"tg_tok_s", 80}, {"weights_bytes", 40}}),   point(3, {{"tg_tok_s", 80}, {"weights_bytes", 60}}),
            point(4, {{"tg_tok_s", 60}, {"weights_bytes", 30}})};
        QCOMPARE(sw::paretoFrontier(points, {"tg_tok_s", "weights_bytes"}), (std::vector<int32_t>{0, 2, 4}));
        const auto limit = *sw::parseConstraint("weights_bytes<=50");
        QCOMPARE(sw::bestPoint(points, {limit}, "tg_tok_s"), std::optional<int32_t>(2));
        QCOMPARE(sw::bestPoint(points, {}, "weights_bytes"), std::optional<int32_t>(4));
        QCOMPARE(sw::bestPoint(points, {*sw::parseConstraint("weights_bytes<=10")}, "tg_tok_s"), std::nullopt);
        const std::string why = sw::recommendation(points[2], points[0], {limit}, "tg_tok_s");
        QVERIFY2(why.find("2.50x less weight memory") != std::string::npos, why.c_str());
        QVERIFY2(why.find("1.25x slower decode") != std::string::npos, why.c_str());
    }

    // Two points whose intervals overlap are a tie, and the reason says so.
    void noiseIsNamed()
    {
        sw::PointMetrics a = point(0, {}), b = point(1, {});
        a.metrics["tg_tok_s"] = sw::summarize({100, 110, 90});
        b.metrics["tg_tok_s"] = sw::summarize({104, 96, 101});
        QVERIFY(sw::withinNoise(a, b, "tg_tok_s"));
        QVERIFY(sw::recommendation(a, a, {}, "tg_tok_s", &b).find("within the noise") != std::string::npos);
        b.metrics["tg_tok_s"] = sw::summarize({200, 201, 202});
        QVERIFY(!sw::withinNoise(a, b, "tg_tok_s"));
    }

    // The CLI on stories260K: rows, skips, frontier and best as computed here.
    void sweepStories()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString out = tmp.filePath("sweep.jsonl");
        const QString quality = QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/eval/stories.txt";
        const QString best = tmp.filePath("best.json");
        auto run = testsupport::runCli(sweepArgs(model, out, quality) << "--best-out" << best);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const std::vector<json> lines = testsupport::readJsonLines(out);
        QCOMPARE(lines.front().value("kind", ""), std::string("sweep"));
        const auto points = testsupport::linesOfKind(lines, "point");
        QCOMPARE(points.size(), size_t(9));
        int skipped = 0;
        for (const json& p : points)
            if (p["status"] == "skipped") {
                ++skipped;
                QVERIFY(p["reason"].get<std::string>().find("bogus") != std::string::npos);
            }
        QCOMPARE(skipped, 3);
        QCOMPARE(testsupport::linesOfKind(lines, "sample").size(), size_t(6 * 2));

        // The frontier over (weights_bytes, kld_mean), recomputed from the summaries.
        const auto summaries = testsupport::linesOfKind(lines, "summary");
        QCOMPARE(summaries.size(), size_t(6));
        std::vector<int32_t> expected;
        for (const json& p : summaries) {
            const double w = p["metrics"]["weights_bytes"]["mean"], k = p["metrics"]["kld_mean"]["mean"];
            bool dominated = false;
            for (const json& q : summaries) {
                const double w2 = q["metrics"]["weights_bytes"]["mean"], k2 = q["metrics"]["kld_mean"]["mean"];
                if (w2 <= w && k2 <= k && (w2 < w || k2 < k)) dominated = true;
            }
            QCOMPARE(p["frontier"].get<bool>(), !dominated);
            if (!dominated) expected.push_back(p["index"]);
        }
        QVERIFY(testsupport::linesOfKind(lines, "frontier").front()["points"] == json(expected));

        // Best: the smallest weights with kld_mean <= 0.01. INT4's KLD is far
        // above it; the two INT8 points tie on size, so the first (contiguous) wins.
        const json bestLine = testsupport::linesOfKind(lines, "best").front();
        QCOMPARE(bestLine["index"].get<int>(), 3);
        for (const json& p : summaries)
            if (p["index"].get<int>() >= 6) QVERIFY(p["metrics"]["kld_mean"]["mean"].get<double>() > 0.01);
        QVERIFY(QFile::exists(best));
        QVERIFY(QFile(best).open(QIODevice::ReadOnly));

        // An existing results file is never overwritten without --resume.
        auto again = testsupport::runCli(sweepArgs(model, out, quality));
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("--resume"), again.err.constData());
        // --resume of another sweep is refused.
        QStringList other = sweepArgs(model, out, quality);
        other[3] = "weights.dtype=f32,int8";
        auto mismatch = testsupport::runCli(other << "--resume");
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains("another sweep"), mismatch.err.constData());
    }

    // The greedy proposal on a hand-made ranking: all at the target is 100
    // bytes; keeping a (the most sensitive) costs +50, b +10, c +5. Under a
    // budget of 120, a would make 150 and is skipped, b makes 110, c 115.
    void mixedPrecisionProposal()
    {
        sw::SensitivityReport r;
        r.otherBytes = 10;
        r.ranking = {{"a", "a", 0, 40, 90, 0.5}, {"b", "b", 0, 30, 40, 0.2}, {"c", "c", 0, 20, 25, 0.1}};
        engine::WeightsConfig target;
        target.dtype = engine::WeightDType::Int4;
        auto plan = sw::proposeMixedPrecision(r, target, engine::WeightDType::Int8, 120);
        QCOMPARE(plan.kept, (std::vector<std::string>{"b", "c"}));
        QCOMPARE(plan.bytes, uint64_t(115));
        QVERIFY(plan.fits);
        QCOMPARE(plan.weights.overrides->size(), size_t(2));
        QCOMPARE((*plan.weights.overrides)[0].dtype, engine::WeightDType::Int8);
        auto tight = sw::proposeMixedPrecision(r, target, engine::WeightDType::Int8, 90);
        QVERIFY(tight.kept.empty() && !tight.fits && !tight.weights.overrides);
    }

    // Sensitivity of stories260K's layers at INT4 through the CLI: the same
    // ranking twice, and a proposal that meets its budget when measured.
    void sensitivityRankingAndProposal()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        QFile text(tmp.filePath("text.txt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        QFile stories(QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/eval/stories.txt");
        QVERIFY(stories.open(QIODevice::ReadOnly));
        text.write(stories.read(800));
        text.close();
        const QStringList args = {"sensitivity", model, "--weights", "int4", "--unit", "layer", "--text", text.fileName(),
                                  "--budget", "270KiB", "--threads", "1", "--json"};
        std::vector<std::string> orders[2];
        json last;
        for (auto& order : orders) {
            auto run = testsupport::runCli(args);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            last = json::parse(run.out.toStdString());
            for (const json& e : last["ranking"]) order.push_back(e["unit"]);
        }
        QCOMPARE(orders[0].size(), size_t(7));  // 5 layers, the embedding, the output
        QCOMPARE(orders[0], orders[1]);
        for (size_t i = 1; i < last["ranking"].size(); ++i)
            QVERIFY(last["ranking"][i - 1]["kld_mean"].get<double>() >= last["ranking"][i]["kld_mean"].get<double>());
        const json& p = last["proposal"];
        QVERIFY(p["fits"].get<bool>());
        QVERIFY(p["weights_bytes"].get<uint64_t>() <= 270u * 1024u);
        QVERIFY(!p["kept"].empty());
        // Keeping the most sensitive units at INT8 costs less quality than INT4 everywhere.
        QVERIFY(p["kld_mean"].get<double>() < last["all_target"]["kld_mean"].get<double>());
        QVERIFY(p["llama_cpp"].get<std::string>().find("--tensor-type") != std::string::npos);
    }

    // A sweep killed part way (its file cut after some lines, the last one
    // torn) and resumed gives the same rows as one that ran through.
    void resumeGivesTheSameRows()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString quality = QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/eval/stories.txt";
        const QString whole = tmp.filePath("whole.jsonl"), cut = tmp.filePath("cut.jsonl");
        QVERIFY(testsupport::runCli(sweepArgs(model, whole, quality)).exitCode == 0);
        QFile in(whole);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = in.readAll().split('\n');
        QFile part(cut);
        QVERIFY(part.open(QIODevice::WriteOnly));
        for (int i = 0; i < 12; ++i) part.write(rows[i] + '\n');
        part.write(rows[12].left(rows[12].size() / 2));  // torn mid-write
        part.close();
        auto resumed = testsupport::runCli(sweepArgs(model, cut, quality) << "--resume");
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());

        const std::vector<json> a = testsupport::readJsonLines(whole), b = testsupport::readJsonLines(cut);
        for (const char* kind : {"point", "best"}) {
            auto x = testsupport::linesOfKind(a, kind), y = testsupport::linesOfKind(b, kind);
            QCOMPARE(x.size(), y.size());
            for (size_t i = 0; i < x.size(); ++i) QVERIFY(withoutTimings(x[i]) == withoutTimings(y[i]) || std::string(kind) == "best");
        }
        const auto key = [](const std::vector<json>& samples) {
            std::vector<std::pair<int, int>> out;
            for (const json& s : samples) out.emplace_back(s["index"].get<int>(), s["repetition"].get<int>());
            return out;
        };
        QCOMPARE(key(testsupport::linesOfKind(b, "sample")), key(testsupport::linesOfKind(a, "sample")));
        QVERIFY(testsupport::linesOfKind(b, "best").front()["index"] == testsupport::linesOfKind(a, "best").front()["index"]);
        QCOMPARE(testsupport::linesOfKind(b, "provenance").size(), size_t(2));  // one per start
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
