// The Compare page's pieces: the Pareto frontier (a pure function), the profile
// flattening, the comparison model's quality and profile-difference rows, the
// page's charts for selected runs, and the precision teaching preset run for
// real on stories260K (spans, per-category times within the wall time, quality
// against the baseline).
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QGuiApplication>
#include <QTest>

#include <cmath>

#include "app/bridge/engine_client.h"
#include "app/bridge/run_analysis.h"
#include "app/charts/chart_style.h"
#include "app/charts/latency_chart.h"
#include "app/charts/memory_chart.h"
#include "app/charts/pareto_chart.h"
#include "app/models/compare_model.h"
#include "app/models/run_history.h"
#include "app/models/run_history_model.h"
#include "app/widgets/compare_page.h"
#include "app/widgets/teaching_presets.h"
#include "common/fixtures.h"
#include "engine/session/engine.h"

namespace {

RunResult makeRun(const QString& id, double decodeTps, const QString& profileJson, double kld, quint64 weights)
{
    RunResult r;
    r.id = id;
    r.finishedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    r.modelName = QStringLiteral("stories260K");
    r.device = QStringLiteral("CPU (2 threads)");
    r.request.prompt = QStringLiteral("Once");
    r.request.maxTokens = 4;
    r.request.profileJson = profileJson;
    r.decodeTokPerS = decodeTps;
    r.ttftMs = 2.0;
    r.latenciesMs = {2.0, 1.0, 1.0, 1.0};
    r.tokens = {1, 2, 3, 4};
    r.stopReason = QStringLiteral("max-tokens");
    r.memory.weightsBytes = weights;
    r.memory.kvAllocatedBytes = 1000;
    r.memory.kvUsedBytes = 600;
    r.memory.activationsBytes = 100;
    if (!profileJson.isEmpty()) {
        r.quality.state = QualityMetrics::State::Measured;
        r.quality.meanKld = kld;
        r.quality.p99Kld = kld * 10;
        r.quality.top1Agreement = 1.0 - kld;
        r.quality.ppl = 10.0 + kld;
        r.quality.basePpl = 10.0;
        r.quality.deltaPpl = kld;
    }
    return r;
}

QString profile(const char* dtype)
{
    return teachingProfile(QString::fromLatin1(dtype), QStringLiteral("weights"), QStringLiteral("dtype"),
                           QString::fromLatin1(dtype));
}

// Loads `modelPath`, runs every run of teaching preset `id` on it (2 threads)
// and hands back the results; a failure is recorded on the current test.
void runPreset(const QString& modelPath, const QString& id, const QString& prompt, QVector<RunResult>& results)
{
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(modelPath, 2);
    QVERIFY(loaded.wait(60000));
    TeachingPresetRunner runner(&client);
    QSignalSpy finished(&runner, &TeachingPresetRunner::finished);
    QSignalSpy failed(&runner, &TeachingPresetRunner::failed);
    RunRequest base;
    base.prompt = prompt;
    base.threads = 2;
    QVERIFY(runner.start(*findTeachingPreset(id), base));
    QVERIFY(finished.wait(300000) || !failed.isEmpty());
    QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
    results = runner.results();
}

}  // namespace

class TestCompare : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void frontier_data();
    void frontier();
    void flattenProfileKeys();
    void compareModelQualityAndProfileRows();
    void comparePageCharts();
    void presetDefinitions();
    void precisionPresetOnStories260K();
    void deviceSplitPresetOnStories260K();
    void kvCachePresetOnStories260K();
    void qualityWhenNotMeasured();
    void deltasWithinNoiseAreNeutral();
};

void TestCompare::initTestCase()
{
    registerEngineTypes();
}

void TestCompare::frontier_data()
{
    QTest::addColumn<QVector<double>>("speeds");
    QTest::addColumn<QVector<double>>("klds");
    QTest::addColumn<QVector<int>>("expected");
    QTest::newRow("empty") << QVector<double>{} << QVector<double>{} << QVector<int>{};
    QTest::newRow("single") << QVector<double>{5} << QVector<double>{0.1} << QVector<int>{0};
    // fp32 (slow, exact), int8 (faster, small KLD), int4 (fastest, larger KLD): all on the frontier.
    QTest::newRow("ladder") << QVector<double>{100, 180, 250} << QVector<double>{0, 0.001, 0.05}
                            << QVector<int>{0, 1, 2};
    // Point 1 is slower and more divergent than point 2: dominated.
    QTest::newRow("dominated") << QVector<double>{100, 150, 200} << QVector<double>{0, 0.2, 0.1}
                               << QVector<int>{0, 2};
    // Same KLD, different speed: only the faster one.
    QTest::newRow("same kld") << QVector<double>{100, 120} << QVector<double>{0.1, 0.1} << QVector<int>{1};
    // Same speed, different KLD: only the less divergent one.
    QTest::newRow("same speed") << QVector<double>{100, 100} << QVector<double>{0.2, 0.1} << QVector<int>{1};
    // Identical points do not dominate each other.
    QTest::newRow("duplicates") << QVector<double>{100, 100} << QVector<double>{0.1, 0.1} << QVector<int>{0, 1};
    // Unsorted input, the result ordered by KLD.
    QTest::newRow("unsorted") << QVector<double>{300, 50, 200, 250} << QVector<double>{0.5, 0.0, 0.05, 0.6}
                              << QVector<int>{1, 2, 0};
    QTest::newRow("non-finite ignored") << QVector<double>{100, qQNaN(), 200}
                                        << QVector<double>{0.0, 0.0, qInf()} << QVector<int>{0};
}

void TestCompare::frontier()
{
    QFETCH(QVector<double>, speeds);
    QFETCH(QVector<double>, klds);
    QFETCH(QVector<int>, expected);
    QVector<ParetoPoint> points;
    for (int i = 0; i < speeds.size(); ++i)
        points.append({speeds[i], klds[i]});
    const QVector<int> frontier = paretoFrontier(points);
    QCOMPARE(frontier, expected);
    // Brute force: on the frontier exactly when no other point dominates it.
    for (int i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].speed) || !std::isfinite(points[i].divergence))
            continue;
        bool dominated = false;
        for (int j = 0; j < points.size(); ++j) {
            const bool noWorse = points[j].speed >= points[i].speed && points[j].divergence <= points[i].divergence;
            const bool better = points[j].speed > points[i].speed || points[j].divergence < points[i].divergence;
            dominated = dominated || (j != i && noWorse && better);
        }
        QCOMPARE(frontier.contains(i), !dominated);
    }
}

void TestCompare::flattenProfileKeys()
{
    const auto flat = flattenProfile(QStringLiteral(
        R"({"schema":"inferscope.profile/1","name":"x","weights":{"dtype":"int4","group_size":64,)"
        R"("symmetric":false,"overrides":[{"pattern":"output.weight","dtype":"f16"}]},"kv_cache":{"mode":"off"}})"));
    QHash<QString, QString> map;
    for (const auto& [k, v] : flat)
        map.insert(k, v);
    QCOMPARE(map.size(), 5);
    QCOMPARE(map.value(QStringLiteral("weights.dtype")), QStringLiteral("int4"));
    QCOMPARE(map.value(QStringLiteral("weights.group_size")), QStringLiteral("64"));
    QCOMPARE(map.value(QStringLiteral("weights.symmetric")), QStringLiteral("false"));
    QCOMPARE(map.value(QStringLiteral("kv_cache.mode")), QStringLiteral("off"));
    QVERIFY(map.value(QStringLiteral("weights.overrides")).contains(QStringLiteral("output.weight")));
    QVERIFY(flattenProfile(QStringLiteral("not json")).isEmpty());
    QVERIFY(flattenProfile(QString()).isEmpty());
}

void TestCompare::compareModelQualityAndProfileRows()
{
    CompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData({makeRun(QStringLiteral("base"), 100.0, QString(), 0.0, 4000),
                   makeRun(QStringLiteral("i8"), 150.0, profile("int8"), 0.001, 1000),
                   makeRun(QStringLiteral("i4"), 200.0, profile("int4"), 0.05, 600)});
    QCOMPARE(model.columnCount(), 3);
    // One differing profile key: weights.dtype (missing in the baseline).
    QCOMPARE(model.profileKeys(), QStringList{QStringLiteral("weights.dtype")});
    QCOMPARE(model.rowCount(), int(CompareModel::RowCount) + 1);
    const int dtypeRow = CompareModel::RowCount;
    QCOMPARE(model.headerData(dtypeRow, Qt::Vertical).toString(), QStringLiteral("weights.dtype"));
    QCOMPARE(model.index(dtypeRow, 1).data().toString(), QStringLiteral("int8"));
    QCOMPARE(model.index(dtypeRow, 2).data().toString(), QStringLiteral("int4"));
    QVERIFY(!model.index(dtypeRow, 0).data().toString().isEmpty());  // "(unchanged)"
    QCOMPARE(model.index(CompareModel::ProfileRow, 1).data().toString(), QStringLiteral("int8"));
    // Quality: plain values, no delta; the profile-less baseline has KLD 0 by definition.
    QCOMPARE(model.index(CompareModel::MeanKldRow, 0).data(CompareModel::ValueRole).toDouble(), 0.0);
    QCOMPARE(model.index(CompareModel::MeanKldRow, 2).data(CompareModel::ValueRole).toDouble(), 0.05);
    QVERIFY(!model.index(CompareModel::MeanKldRow, 2).data(CompareModel::DeltaRole).isValid());
    QCOMPARE(model.index(CompareModel::Top1Row, 1).data(CompareModel::ValueRole).toDouble(), 0.999);
    QVERIFY(!model.index(CompareModel::PplRow, 0).data(CompareModel::ValueRole).isValid());  // not measured
    QCOMPARE(model.index(CompareModel::PplRow, 0).data().toString(), QStringLiteral("–"));
    // Memory: relative deltas, smaller is better (green).
    QCOMPARE(model.index(CompareModel::WeightsRow, 1).data(CompareModel::DeltaRole).toDouble(), -0.75);
    const QColor better = model.index(CompareModel::WeightsRow, 1).data(Qt::ForegroundRole).value<QBrush>().color();
    QVERIFY(better.green() > better.red());
    QCOMPARE(model.index(CompareModel::DecodeTpsRow, 2).data(CompareModel::DeltaRole).toDouble(), 1.0);
    QVERIFY(!model.headerData(CompareModel::MeanKldRow, Qt::Vertical, Qt::ToolTipRole).toString().isEmpty());
    // Identical profiles: no difference rows.
    model.setData({makeRun(QStringLiteral("a"), 1, profile("int8"), 0.1, 1),
                   makeRun(QStringLiteral("b"), 2, profile("int8"), 0.1, 1)});
    QCOMPARE(model.rowCount(), int(CompareModel::RowCount));
    model.setData({});
    QCOMPARE(model.columnCount(), 0);
}

// Decode differences inside both runs' token-latency noise are grey, not red or
// green; TTFT (one measurement per run) is never coloured; a clear difference is.
void TestCompare::deltasWithinNoiseAreNeutral()
{
    RunResult a = makeRun(QStringLiteral("a"), 100.0, QString(), 0.0, 1000);
    RunResult b = makeRun(QStringLiteral("b"), 103.0, QString(), 0.0, 1000);
    RunResult c = makeRun(QStringLiteral("c"), 200.0, QString(), 0.0, 1000);
    a.latenciesMs = {5.0, 12.0, 8.0, 11.0, 9.0, 10.0, 13.0, 7.0};  // mean 10, wide
    b.latenciesMs = {5.0, 11.0, 7.0, 12.0, 8.0, 9.0, 13.0, 6.0};
    c.latenciesMs = {5.0, 5.0, 5.1, 4.9, 5.0, 5.0, 5.1, 4.9};     // tight
    b.ttftMs = 3.0;
    CompareModel model;
    model.setData({a, b, c});
    // The colours of the palette in use (chart_style decides them).
    const ChartTheme theme = ChartTheme::fromPalette(QGuiApplication::palette());
    const QColor grey = theme.mutedText, green = theme.good;
    const auto colour = [&](int row, int column) {
        return model.index(row, column).data(Qt::ForegroundRole).value<QBrush>().color();
    };
    QCOMPARE(colour(CompareModel::DecodeTpsRow, 1), grey);
    QVERIFY(model.index(CompareModel::DecodeTpsRow, 1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("noise")));
    QCOMPARE(colour(CompareModel::DecodeTpsRow, 2), green);
    QCOMPARE(colour(CompareModel::TtftRow, 1), grey);
}

void TestCompare::comparePageCharts()
{
    QTemporaryDir dir;
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    QVERIFY(history.load());
    ComparePage page(&history);
    QVERIFY(history.append(makeRun(QStringLiteral("base"), 100.0, QString(), 0.0, 4000)));
    QVERIFY(history.append(makeRun(QStringLiteral("i8"), 150.0, profile("int8"), 0.001, 1000)));
    QVERIFY(history.append(makeRun(QStringLiteral("i4"), 120.0, profile("int4"), 0.05, 600)));
    RunResult skipped = makeRun(QStringLiteral("big"), 10.0, profile("int4"), 0.0, 600);
    skipped.quality = {};
    skipped.quality.state = QualityMetrics::State::Skipped;
    QVERIFY(history.append(skipped));
    page.selectRuns({QStringLiteral("base"), QStringLiteral("i8"), QStringLiteral("i4"), QStringLiteral("big")});
    QCOMPARE(page.compareModel()->columnCount(), 4);
    QCOMPARE(page.latencyChart()->pointCount(), 4 * 3);
    QCOMPARE(page.memoryChart()->barCount(), 4);
    // The skipped run has no KLD: left out of the scatter. int4 is slower than int8 here: off the frontier.
    QCOMPARE(page.paretoChart()->pointCount(), 3);
    QCOMPARE(page.paretoChart()->frontier(), (QVector<int>{0, 1}));
    QVERIFY(page.paretoChart()->toCsv().contains(QStringLiteral("INT8")));
    QVERIFY(ParetoChart::bubbleSize(4000, 4000) > ParetoChart::bubbleSize(600, 4000));
    QVERIFY(ComparePage::runTitle(history.runs().at(1)).endsWith(QStringLiteral("INT8")));
    QVERIFY(ComparePage::runTitle(history.runs().at(0)).endsWith(QStringLiteral("as stored")));

    // The first selected is the baseline, whatever the rows' order; "Set as baseline" changes it.
    page.selectRuns({QStringLiteral("i4"), QStringLiteral("base")});
    const auto header = [&](int column) {
        return page.compareModel()->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    };
    QVERIFY2(header(0).contains(QStringLiteral("INT4")) && header(0).contains(QStringLiteral("(baseline)")),
             qPrintable(header(0)));
    page.setBaseline(QStringLiteral("base"));
    QVERIFY2(header(0).contains(QStringLiteral("as stored")) && header(0).contains(QStringLiteral("(baseline)")),
             qPrintable(header(0)));
    QVERIFY(header(1).contains(QStringLiteral("INT4")));

    // The history names each run by what its profile changes.
    bool found = false;
    for (int row = 0; row < page.historyModel()->rowCount(); ++row)
        found = found || page.historyModel()->index(row, RunHistoryModel::Profile).data().toString() == QStringLiteral("INT8");
    QVERIFY(found);
}

void TestCompare::presetDefinitions()
{
    const QVector<TeachingPreset> presets = teachingPresets();
    QCOMPARE(presets.size(), 3);
    const auto split = findTeachingPreset(QStringLiteral("device-split"));
    QVERIFY(split.has_value());
    QCOMPARE(split->runs.size(), 5);
    QVERIFY(split->runs.at(0).profileJson.contains(QStringLiteral(R"("split":"none")")));
    QVERIFY(split->runs.at(4).profileJson.contains(QStringLiteral(R"("split":"tensor","virtual_cpus":4)")));
    const auto kv = findTeachingPreset(QStringLiteral("kv-cache"));
    QVERIFY(kv.has_value());
    QCOMPARE(kv->runs.size(), 2);
    QVERIFY(kv->runs.at(0).profileJson.contains(QStringLiteral(R"("kv_cache":{"mode":"off"})")));
    QVERIFY(kv->runs.at(1).profileJson.contains(QStringLiteral(R"("mode":"contiguous")")));
    const auto precision = findTeachingPreset(QStringLiteral("precision"));
    QVERIFY(precision.has_value());
    QCOMPARE(precision->runs.size(), 3);
    QVERIFY(precision->runs.at(1).profileJson.contains(QStringLiteral(R"("weights":{"dtype":"int8"})")));
    for (const TeachingRun& run : precision->runs)
        QVERIFY(run.profileJson.contains(QStringLiteral(R"("schema":"inferscope.profile/1")")));
    QVERIFY(!findTeachingPreset(QStringLiteral("nope")).has_value());
}

// The device-split demo on stories260K: every split gives the one-device
// tokens (greedy), and the split runs' timelines hold communication spans
// on several devices.
void TestCompare::deviceSplitPresetOnStories260K()
{
    REQUIRE_SHARED_FIXTURE(modelPath, "stories260K.gguf");
    QVector<RunResult> results;
    runPreset(modelPath, QStringLiteral("device-split"), QStringLiteral("The cat sat"), results);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(results.size(), 5);
    for (int i = 1; i < results.size(); ++i) {
        QCOMPARE(results.at(i).tokens, results.at(0).tokens);
        bool communicates = false;
        int highestDevice = 0;
        for (const OpSpan& s : results.at(i).trace.spans) {
            communicates = communicates || s.category == OpCategory::Communication;
            highestDevice = std::max(highestDevice, int(s.device));
        }
        QVERIFY2(communicates, qPrintable(results.at(i).profileJson));
        QVERIFY(highestDevice >= 1);
        // Memory per device, kept in the history.
        const QVector<DeviceUsage>& devices = results.at(i).memory.devices;
        QCOMPARE(devices.size(), highestDevice + 1);
        quint64 kv = 0;
        for (const DeviceUsage& d : devices) {
            QVERIFY(d.weightsBytes > 0 && d.workspaceBytes > 0);
            kv += d.kvAllocatedBytes;
        }
        QVERIFY(kv <= results.at(i).memory.kvAllocatedBytes && kv + devices.size() >= results.at(i).memory.kvAllocatedBytes);
        const auto reloaded = RunResult::fromJson(results.at(i).toJson());
        QVERIFY(reloaded.has_value());
        QCOMPARE(reloaded->memory.devices.size(), devices.size());
        QCOMPARE(reloaded->memory.devices.last().share, devices.last().share);
    }
}

void TestCompare::precisionPresetOnStories260K()
{
    REQUIRE_SHARED_FIXTURE(modelPath, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(modelPath, 2);
    QVERIFY(loaded.wait(60000));

    TeachingPresetRunner runner(&client);
    QSignalSpy finished(&runner, &TeachingPresetRunner::finished);
    QSignalSpy failed(&runner, &TeachingPresetRunner::failed);
    RunRequest base;
    base.prompt = QStringLiteral("Once upon a time");
    base.threads = 2;
    const auto preset = findTeachingPreset(QStringLiteral("precision"));
    QVERIFY(runner.start(*preset, base, {QStringLiteral("FP32"), QStringLiteral("INT8")}));
    QVERIFY(!runner.start(*preset, base));  // one preset at a time
    QVERIFY(finished.wait(300000) || !failed.isEmpty());
    QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
    QCOMPARE(finished.first().first().toStringList().size(), 2);

    const QVector<RunResult>& results = runner.results();
    QCOMPARE(results.size(), 2);
    for (const RunResult& r : results) {
        QVERIFY(!r.tokens.isEmpty());
        QVERIFY(!r.trace.spans.isEmpty());
        QVERIFY(r.trace.spans.size() <= RunTrace::kMaxSpans);
        // Ops do not overlap: their summed time fits in the traced wall time,
        // and the per-category times add up to it.
        const OpTimeSummary& s = r.trace.summary;
        double categories = 0.0;
        for (double v : s.categoryUs)
            categories += v;
        QVERIFY(categories > 0.0);
        QVERIFY(qAbs(categories - s.totalUs) <= 1e-6 * s.totalUs);
        QVERIFY2(categories <= r.trace.wallUs,
                 qPrintable(QStringLiteral("%1 > %2").arg(categories).arg(r.trace.wallUs)));
        QCOMPARE(s.layerCount(), 5);  // stories260K has 5 layers
        QVERIFY(s.categoryTotalUs(OpCategory::Attention) > 0.0);
        QVERIFY(s.categoryTotalUs(OpCategory::Mlp) > 0.0);
        QVERIFY(s.categoryTotalUs(OpCategory::Sampling) > 0.0);
        // Memory: weights as held, a KV cache sized for prompt + max tokens.
        QVERIFY(r.memory.weightsBytes > 0);
        QCOMPARE(r.memory.kvAllocatedBytes, quint64(r.promptTokens + r.request.maxTokens) * 1280u);
        QVERIFY(r.memory.kvUsedBytes <= r.memory.kvAllocatedBytes);
        QVERIFY(r.memory.kvUsedBytes > 0);
        QVERIFY2(r.quality.measured(), qPrintable(r.quality.note));
        QVERIFY(r.quality.positions > 100);
        QVERIFY(r.quality.ppl > 1.0);
    }
    const RunResult& fp32 = results.at(0);
    const RunResult& int8 = results.at(1);
    QVERIFY(fp32.request.profileJson.contains(QStringLiteral("f32")));
    QVERIFY(int8.request.profileJson.contains(QStringLiteral("int8")));
    // FP32 re-stores the model's own fp32 weights: the baseline exactly.
    QCOMPARE(fp32.quality.meanKld, 0.0);
    QCOMPARE(fp32.quality.top1Agreement, 1.0);
    QCOMPARE(fp32.quality.deltaPpl, 0.0);
    // INT8 moves the distributions a little, but keeps nearly every top-1 token.
    QVERIFY(int8.quality.meanKld > 0.0);
    QVERIFY(int8.quality.meanKld < 0.05);
    QVERIFY(int8.quality.top1Agreement > 0.9);
    QVERIFY(int8.memory.weightsBytes < fp32.memory.weightsBytes);
    qInfo("fp32: %.1f decode tok/s, weights %llu B, PPL %.4f; int8: %.1f tok/s, weights %llu B, KLD mean %.3g "
          "p99 %.3g, top-1 %.4f, PPL %.4f (dPPL %+.4f) over %lld positions",
          fp32.decodeTokPerS, fp32.memory.weightsBytes, fp32.quality.ppl, int8.decodeTokPerS,
          int8.memory.weightsBytes, int8.quality.meanKld, int8.quality.p99Kld, int8.quality.top1Agreement,
          int8.quality.ppl, int8.quality.deltaPpl, qint64(int8.quality.positions));
}

void TestCompare::kvCachePresetOnStories260K()
{
    REQUIRE_SHARED_FIXTURE(modelPath, "stories260K.gguf");
    QVector<RunResult> results;
    runPreset(modelPath, QStringLiteral("kv-cache"), QStringLiteral("Once upon a time"), results);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(results.size(), 2);
    const RunResult& off = results.at(0);
    const RunResult& on = results.at(1);
    // An fp32 cache changes no logit, so greedy decoding gives the same tokens either way.
    QCOMPARE(off.tokens, on.tokens);
    QVERIFY(off.tokens.size() > 10);
    // Without the cache nothing is stored: no KV ops in the trace, no KV memory.
    QCOMPARE(off.trace.summary.categoryTotalUs(OpCategory::Kv), 0.0);
    QVERIFY(on.trace.summary.categoryTotalUs(OpCategory::Kv) > 0.0);
    QCOMPARE(off.memory.kvAllocatedBytes, quint64(0));
    QCOMPARE(on.memory.kvAllocatedBytes, quint64(on.promptTokens + on.request.maxTokens) * 1280u);
    // Neither profile touches the weights: each run is compared with itself.
    QVERIFY(off.quality.measured());
    QCOMPARE(off.quality.meanKld, 0.0);
    QCOMPARE(on.quality.meanKld, 0.0);
    qInfo("KV off: %.1f decode tok/s, ITL of the last token %.3f ms; KV on: %.1f tok/s, %.3f ms",
          off.decodeTokPerS, off.latenciesMs.last(), on.decodeTokPerS, on.latenciesMs.last());
}

void TestCompare::qualityWhenNotMeasured()
{
    REQUIRE_SHARED_FIXTURE(modelPath, "stories260K.gguf");
    auto loaded = engine::Engine::load(modelPath.toStdString());
    QVERIFY(loaded.hasValue());
    engine::Engine& e = **loaded;
    const QString int8 = profile("int8");
    // No profile: the model as stored is its own baseline, nothing to measure.
    QCOMPARE(measureQuality(e, modelPath, QString()).state, QualityMetrics::State::NotRequested);
    // Above the parameter limit the comparison is skipped, and says why.
    QualityOptions small;
    small.maxParameters = 1000;
    const QualityMetrics big = measureQuality(e, modelPath, int8, small);
    QCOMPARE(big.state, QualityMetrics::State::Skipped);
    QVERIFY(big.note.contains(QStringLiteral("parameters")));
    small.force = true;
    small.maxTokens = 32;
    const QualityMetrics forced = measureQuality(e, modelPath, int8, small);
    QVERIFY2(forced.measured(), qPrintable(forced.note));
    QCOMPARE(forced.positions, qint64(31));
    // A missing evaluation text and an invalid profile are reported, not fatal.
    QualityOptions missing;
    missing.evalTextPath = QStringLiteral("/nonexistent/stories.txt");
    QCOMPARE(measureQuality(e, modelPath, int8, missing).state, QualityMetrics::State::Skipped);
    const QualityMetrics invalid = measureQuality(e, modelPath, QStringLiteral(R"({"schema":"nope"})"));
    QCOMPARE(invalid.state, QualityMetrics::State::Skipped);
    QVERIFY(!invalid.note.isEmpty());
    // A cancel flag that is already set ends the measurement as skipped.
    std::atomic<bool> cancel{true};
    QualityOptions cancelled;
    cancelled.cancel = &cancel;
    const QualityMetrics stopped = measureQuality(e, modelPath, int8, cancelled);
    QCOMPARE(stopped.state, QualityMetrics::State::Skipped);
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
