// Sweeps over serving workloads (inferscope-cli sweep --workload / --preset):
// on stories260K every point replays a small workload through the batching
// scheduler once per repetition and carries the serving metrics; the batching
// knob really changes the run (sequences per pass, the cache the scheduler
// sizes); a constraint on a serving metric picks the best as computed here
// from the rows; a point whose cache cannot hold the workload fails with the
// scheduler's reason while the others run; a resumed serving sweep gives the
// same rows. Also the grid laid out for the charts, and the results file's
// header naming what differs.
#include <QTest>

#include <QFile>
#include <QTemporaryDir>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/cli_run.h"
#include "common/fixtures.h"
#include "common/sweep_files.h"
#include "engine/sweep/sweep_file.h"
#include "engine/sweep/sweep_grid.h"
#include "engine/sweep/sweep_runner.h"

namespace {

namespace sw = engine::sweep;
using nlohmann::json;

QStringList servingArgs(const QString& model, const QString& workload, const QString& out)
{
    return {"sweep", model, "--grid", "batching.max_sequences=1,3,6", "--workload", workload, "--no-wait",
            "--repetitions", "2", "--threads", "1", "--objective", "mean_batch", "--out", out};
}

json withoutTimings(json line)
{
    if (line.contains("metrics")) line["metrics"].erase("load_ms");
    return line;
}

}  // namespace

class TestSweepServing : public QObject {
    Q_OBJECT

private slots:
    void servingSweepOnStories()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString workload = testsupport::writeSixRequestWorkload(tmp.filePath("w.json"), 5), out = tmp.filePath("serving.jsonl");
        auto run = testsupport::runCli(servingArgs(model, workload, out)
                                       << "--constraint" << "ttft_p99_ms<=1000000" << "--constraint" << "mean_batch<=4");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const std::vector<json> lines = testsupport::readJsonLines(out);
        QVERIFY(lines.front()["workload"]["definition"]["requests"].size() == 6);
        QVERIFY(lines.front()["pp"].is_null());
        QCOMPARE(testsupport::linesOfKind(lines, "point").size(), size_t(3));
        const auto samples = testsupport::linesOfKind(lines, "sample");
        QCOMPARE(samples.size(), size_t(3 * 2));
        for (const json& s : samples)
            for (const char* m : {"ttft_p50_ms", "ttft_p99_ms", "itl_p50_ms", "itl_p99_ms", "e2e_p50_ms", "e2e_p99_ms",
                                  "output_tok_s", "req_s", "mean_batch", "kv_bytes", "memory_bytes"})
                QVERIFY2(s["metrics"].contains(m), m);

        // The knob matters: one sequence per pass at max_sequences 1, more
        // above; the scheduler's cache grows with the sequences it must hold.
        std::map<int, json> summary;
        for (const json& s : testsupport::linesOfKind(lines, "summary")) summary[s["index"].get<int>()] = s["metrics"];
        QCOMPARE(summary.size(), size_t(3));
        QCOMPARE(summary[0]["mean_batch"]["mean"].get<double>(), 1.0);
        QVERIFY(summary[1]["mean_batch"]["mean"].get<double>() > 1.0);
        QVERIFY(summary[2]["mean_batch"]["mean"].get<double>() > summary[1]["mean_batch"]["mean"].get<double>());
        QVERIFY(summary[2]["kv_bytes"]["mean"].get<double>() > summary[0]["kv_bytes"]["mean"].get<double>());
        for (auto& [index, m] : summary) {
            QCOMPARE(m["ttft_p99_ms"]["n"].get<int>(), 2);
            QVERIFY(m["ttft_p99_ms"]["mean"].get<double>() >= m["ttft_p50_ms"]["mean"].get<double>());
            QVERIFY(m["output_tok_s"]["mean"].get<double>() > 0.0);
        }
        // Best by mean_batch under mean_batch <= 4, computed from the rows.
        int expected = -1;
        for (auto& [index, m] : summary) {
            const double b = m["mean_batch"]["mean"].get<double>();
            if (b <= 4 && m["ttft_p99_ms"]["mean"].get<double>() <= 1e6 &&
                (expected < 0 || b > summary[expected]["mean_batch"]["mean"].get<double>()))
                expected = index;
        }
        const json best = testsupport::linesOfKind(lines, "best").front();
        QCOMPARE(best["index"].get<int>(), expected);
        QVERIFY(best["profile"]["batching"]["max_sequences"] == json(3));
        QVERIFY2(run.out.contains("TTFT p99"), run.out.constData());

        // No point meets an impossible latency bound.
        auto none = testsupport::runCli(servingArgs(model, workload, tmp.filePath("none.jsonl"))
                                        << "--constraint" << "ttft_p99_ms<=0");
        QVERIFY2(none.exitCode == 0, none.err.constData());
        QVERIFY(testsupport::linesOfKind(testsupport::readJsonLines(tmp.filePath("none.jsonl")), "best").front()["index"].is_null());
    }

    // A cache too small for the workload's requests fails that point with the
    // scheduler's reason; the others run.
    void tooSmallCacheFailsOnePoint()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString out = tmp.filePath("cap.jsonl");
        auto run = testsupport::runCli({"sweep", model, "--grid", "kv_cache.capacity_tokens=4,256", "--workload",
                                        testsupport::writeSixRequestWorkload(tmp.filePath("w.json"), 5), "--no-wait", "--repetitions", "1", "--threads", "1", "--out", out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto points = testsupport::linesOfKind(testsupport::readJsonLines(out), "point");
        QCOMPARE(points.size(), size_t(2));
        std::map<int, json> byIndex;
        for (const json& p : points) byIndex[p["index"].get<int>()] = p;
        QCOMPARE(byIndex[0]["status"].get<std::string>(), std::string("failed"));
        QVERIFY2(byIndex[0]["reason"].get<std::string>().find("request") != std::string::npos, byIndex[0].dump().c_str());
        QCOMPARE(byIndex[1]["status"].get<std::string>(), std::string("ok"));
        QCOMPARE(testsupport::linesOfKind(testsupport::readJsonLines(out), "sample").size(), size_t(1));
        QVERIFY(run.out.contains("failed kv_cache.capacity_tokens=4"));
    }

    void servingMetricsNeedAWorkload()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        auto a = testsupport::runCli({"sweep", model, "--grid", "weights.dtype=int8", "--constraint", "ttft_p99_ms<=200",
                                      "--out", tmp.filePath("a.jsonl")});
        QCOMPARE(a.exitCode, 1);
        QVERIFY2(a.err.contains("only with --workload or --preset"), a.err.constData());
        auto b = testsupport::runCli({"sweep", model, "--grid", "weights.dtype=int8", "--preset", "burst-8",
                                      "--objective", "tg_tok_s", "--out", tmp.filePath("b.jsonl")});
        QCOMPARE(b.exitCode, 1);
        QVERIFY2(b.err.contains("not by a serving workload"), b.err.constData());
        auto c = testsupport::runCli({"sweep", model, "--grid", "weights.dtype=int8", "--preset", "nope", "--out",
                                      tmp.filePath("c.jsonl")});
        QCOMPARE(c.exitCode, 1);
        QVERIFY2(c.err.contains("unknown workload preset"), c.err.constData());
        QVERIFY(!QFile::exists(tmp.filePath("a.jsonl")) && !QFile::exists(tmp.filePath("c.jsonl")));
    }

    // Killed after a few rows (the last one torn) and resumed: the same rows.
    void resumedServingSweep()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString workload = testsupport::writeSixRequestWorkload(tmp.filePath("w.json"), 5);
        const QString whole = tmp.filePath("whole.jsonl"), cut = tmp.filePath("cut.jsonl");
        QVERIFY(testsupport::runCli(servingArgs(model, workload, whole)).exitCode == 0);
        QFile in(whole);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = in.readAll().split('\n');
        QFile part(cut);
        QVERIFY(part.open(QIODevice::WriteOnly));
        for (int i = 0; i < 5; ++i) part.write(rows[i] + '\n');  // header, provenance, 3 rows
        part.write(rows[5].left(rows[5].size() / 2));
        part.close();
        auto resumed = testsupport::runCli(servingArgs(model, workload, cut) << "--resume");
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const std::vector<json> a = testsupport::readJsonLines(whole), b = testsupport::readJsonLines(cut);
        auto pa = testsupport::linesOfKind(a, "point"), pb = testsupport::linesOfKind(b, "point");
        QCOMPARE(pa.size(), pb.size());
        for (size_t i = 0; i < pa.size(); ++i) QVERIFY(withoutTimings(pa[i]) == withoutTimings(pb[i]));
        QCOMPARE(testsupport::linesOfKind(b, "sample").size(), testsupport::linesOfKind(a, "sample").size());
        QVERIFY(testsupport::linesOfKind(b, "best").front()["index"] == testsupport::linesOfKind(a, "best").front()["index"]);

        // Another workload is another sweep: refused, naming the difference.
        QStringList other = servingArgs(model, workload, cut) << "--resume";
        other[other.indexOf("--workload")] = "--preset";
        other[other.indexOf(workload)] = "burst-8";
        auto refused = testsupport::runCli(other);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("another sweep (workload differs)"), refused.err.constData());
    }

    // The header round-trips, and differences are named field by field.
    void headerSpec()
    {
        sw::SweepSpec spec;
        spec.model = "m.gguf";
        spec.axes = {*sw::parseAxis("batching.max_sequences=1,4")};
        spec.workload = *engine::workloadPreset("burst-8");
        spec.workloadSource = "preset burst-8";
        spec.realTime = false;
        spec.quality = "stories.txt";
        const json h = sw::headerLine(spec);
        auto back = sw::specFromHeader(h);
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QVERIFY(back->workload == spec.workload);
        QVERIFY(!back->realTime);
        QVERIFY(sw::headerLine(*back) == h);
        sw::SweepSpec other = spec;
        other.axes = {*sw::parseAxis("batching.max_sequences=1,8")};
        other.repetitions = 5;
        QCOMPARE(sw::headerDifferences(h, sw::headerLine(other)),
                 (std::vector<std::string>{"grid (knobs and values)", "repetitions"}));
        QVERIFY(!sw::specFromHeader(json{{"kind", "point"}}));
    }

    // A 2 x 2 x 2 grid's metric at the third knob's second value: cells in
    // expandGrid's order, the best, the ones within its noise, a skipped one.
    void gridForCharts()
    {
        const std::vector<sw::Axis> axes = {*sw::parseAxis("a=x0,x1"), *sw::parseAxis("b=y0,y1"), *sw::parseAxis("c=z0,z1")};
        std::vector<json> lines;
        const auto point = [&](int index, const char* status) {
            lines.push_back({{"kind", "point"}, {"index", index}, {"label", "p"}, {"status", status}, {"metrics", json::object()},
                             {"reason", std::string(status) == "skipped" ? "bad" : ""}});
        };
        const auto sample = [&](int index, double v) {
            lines.push_back({{"kind", "sample"}, {"index", index}, {"metrics", {{"tg_tok_s", v}}}});
        };
        // Index = (x * 2 + y) * 2 + z; z = 1: points 1, 3, 5, 7.
        point(1, "ok"), sample(1, 100), sample(1, 102), sample(1, 98);
        point(3, "ok"), sample(3, 50), sample(3, 51), sample(3, 49);
        point(5, "ok"), sample(5, 99), sample(5, 101), sample(5, 100);
        point(7, "skipped");
        point(0, "ok"), sample(0, 500);
        const sw::MetricGrid g = sw::metricGrid(axes, lines, "tg_tok_s", 1);
        QCOMPARE(g.xValues, (std::vector<std::string>{"x0", "x1"}));
        QCOMPARE(g.yValues, (std::vector<std::string>{"y0", "y1"}));
        QCOMPARE(g.at(0, 0).index, 1);
        QCOMPARE(g.at(0, 1).index, 3);
        QCOMPARE(g.at(1, 0).index, 5);
        QCOMPARE(g.at(1, 1).index, 7);
        QVERIFY(g.at(0, 0).best);
        QVERIFY(g.at(1, 0).withinNoiseOfBest);
        QVERIFY(!g.at(0, 1).withinNoiseOfBest && g.at(0, 1).stat);
        QVERIFY(g.at(1, 1).state == sw::CellState::Skipped && !g.at(1, 1).stat);
        QCOMPARE(g.at(1, 1).reason, std::string("bad"));
        // At z0 only point 0 is measured: the best by itself.
        QVERIFY(sw::metricGrid(axes, lines, "tg_tok_s", 0).at(0, 0).best);
    }
};

QTEST_GUILESS_MAIN(TestSweepServing)
#include "tst_sweep_serving.moc"
