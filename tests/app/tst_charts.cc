// The chart widgets and the run-data functions behind them: span aggregation
// per category and layer, the memory estimate, and that every chart of the
// Profile page holds the data of a RunResult fed to it (and exports it).
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/engine_types.h"
#include "app/bridge/run_data.h"
#include "app/charts/breakdown_chart.h"
#include "app/charts/chart_style.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"
#include "app/charts/memory_chart.h"
#include "app/charts/throughput_chart.h"
#include "app/charts/timeline_chart.h"
#include "app/widgets/profile_page.h"

namespace {

OpSpan span(const char* name, OpCategory category, int layer, double startUs, double durationUs, int thread = 0)
{
    OpSpan s;
    s.name = QString::fromLatin1(name);
    s.category = category;
    s.layer = layer;
    s.thread = thread;
    s.startUs = startUs;
    s.durationUs = durationUs;
    return s;
}

// Two layers of a made-up forward pass, then sampling.
QVector<OpSpan> sampleSpans()
{
    return {span("embed", OpCategory::Embedding, -1, 0, 5),
            span("rmsnorm attn", OpCategory::Norm, 0, 5, 2),
            span("matmul attn_q", OpCategory::Attention, 0, 7, 10),
            span("matmul ffn_up", OpCategory::Mlp, 0, 17, 20),
            span("rmsnorm attn", OpCategory::Norm, 1, 37, 3),
            span("attention", OpCategory::Attention, 1, 40, 8),
            span("matmul logits", OpCategory::Output, -1, 48, 12),
            span("sample", OpCategory::Sampling, -1, 60, 4)};
}

ModelShape stories260KShape()
{
    ModelShape s;
    s.dim = 64;
    s.hiddenDim = 172;
    s.layers = 5;
    s.heads = 8;
    s.kvHeads = 4;
    s.headDim = 8;
    s.vocab = 512;
    return s;
}

RunResult sampleResult()
{
    RunResult r;
    r.job = 7;
    r.id = QStringLiteral("0123456789");
    r.finishedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    r.modelName = QStringLiteral("stories260K");
    r.request.maxTokens = 6;
    r.request.profileJson = QStringLiteral(R"({"schema":"inferscope.profile/1","weights":{"dtype":"int8"}})");
    r.promptTokens = 4;
    r.tokens = {10, 11, 12, 13, 14, 15};
    r.latenciesMs = {5.0, 1.0, 2.0, 1.5, 1.0, 2.5};
    r.ttftMs = 5.0;
    r.decodeTokPerS = 625.0;
    r.stopReason = QStringLiteral("max-tokens");
    r.trace.spans = sampleSpans();
    r.trace.summary = summarizeSpans(r.trace.spans);
    r.trace.wallUs = 70.0;
    r.memory = estimateMemory(stories260KShape(), 1'000'000, 10, 9, 4);
    r.memory.peakRssBytes = 50'000'000;
    r.quality.state = QualityMetrics::State::Measured;
    r.quality.meanKld = 0.002;
    r.quality.p99Kld = 0.02;
    r.quality.top1Agreement = 0.97;
    r.quality.ppl = 10.5;
    r.quality.basePpl = 10.4;
    r.quality.deltaPpl = 0.1;
    r.quality.positions = 255;
    return r;
}

}  // namespace

class TestCharts : public QObject {
    Q_OBJECT
private slots:
    void classifyOps_data();
    void classifyOps();
    void categoryKeysRoundTrip();
    void summarizePerCategoryAndLayer();
    void summaryJsonRoundTrip();
    void memoryEstimate();
    void runResultJsonKeepsSummariesNotSpans();
    void timelineRowsAndHitTesting();
    void timelineLanesPerDevice();
    void breakdownCharts();
    void memoryChartStacksParts();
    void throughputChart();
    void profilePageHoldsResult();
    void profilePageCoalescesLiveUpdates();
    void chartsExport();
};

// Every engine op lands in the category of the part of the model it serves.
void TestCharts::classifyOps_data()
{
    QTest::addColumn<int>("op");
    QTest::addColumn<int>("expected");
    using engine::OpId;
    QTest::newRow("q projection") << int(OpId::MatmulQ) << int(OpCategory::Attention);
    QTest::newRow("output projection") << int(OpId::MatmulAttnOut) << int(OpCategory::Attention);
    QTest::newRow("ffn down") << int(OpId::MatmulDown) << int(OpCategory::Mlp);
    QTest::newRow("silu") << int(OpId::SiluMul) << int(OpCategory::Mlp);
    QTest::newRow("logits") << int(OpId::MatmulLogits) << int(OpCategory::Output);
    QTest::newRow("output norm") << int(OpId::NormOutput) << int(OpCategory::Output);
    QTest::newRow("layer norm") << int(OpId::NormFfn) << int(OpCategory::Norm);
    QTest::newRow("rope") << int(OpId::Rope) << int(OpCategory::Attention);
    QTest::newRow("embed") << int(OpId::Embed) << int(OpCategory::Embedding);
    QTest::newRow("kv write") << int(OpId::KvWrite) << int(OpCategory::Kv);
    QTest::newRow("sample") << int(OpId::Sample) << int(OpCategory::Sampling);
    QTest::newRow("residual") << int(OpId::AddResidual) << int(OpCategory::Other);
    QTest::newRow("all-reduce") << int(OpId::AllReduce) << int(OpCategory::Communication);
}

void TestCharts::classifyOps()
{
    QFETCH(int, op);
    QFETCH(int, expected);
    QCOMPARE(int(opCategoryOf(static_cast<engine::OpId>(op))), expected);
}

void TestCharts::categoryKeysRoundTrip()
{
    for (int c = 0; c < kOpCategoryCount; ++c) {
        const auto category = static_cast<OpCategory>(c);
        QVERIFY(!opCategoryKey(category).isEmpty());
        QVERIFY(!opCategoryName(category).isEmpty());
        QCOMPARE(opCategoryFromKey(opCategoryKey(category)), std::optional<OpCategory>(category));
        QVERIFY(categoryColor(category).isValid());
    }
    QVERIFY(!opCategoryFromKey(QStringLiteral("bogus")).has_value());
    // The same colour as the chart category of the same name.
    QCOMPARE(categoryColor(OpCategory::Attention), categoryColor(ChartCategory::Attention));
    QCOMPARE(categoryColor(OpCategory::Mlp), categoryColor(ChartCategory::Mlp));
}

void TestCharts::summarizePerCategoryAndLayer()
{
    const OpTimeSummary s = summarizeSpans(sampleSpans());
    QCOMPARE(s.spanCount, qint64(8));
    QCOMPARE(s.totalUs, 64.0);
    QCOMPARE(s.threadCount, 1);
    QCOMPARE(s.categoryTotalUs(OpCategory::Attention), 18.0);  // 10 + 8
    QCOMPARE(s.categoryTotalUs(OpCategory::Norm), 5.0);        // 2 + 3
    QCOMPARE(s.categoryTotalUs(OpCategory::Mlp), 20.0);
    QCOMPARE(s.categoryTotalUs(OpCategory::Output), 12.0);
    QCOMPARE(s.categoryTotalUs(OpCategory::Kv), 0.0);
    QCOMPARE(s.layerCount(), 2);
    QCOMPARE(s.layerUs(0), 32.0);  // 2 + 10 + 20
    QCOMPARE(s.layerUs(1), 11.0);  // 3 + 8
    QCOMPARE(s.layerUs(2), 0.0);
    QCOMPARE(s.outsideLayersUs, 21.0);  // 5 + 12 + 4
    QCOMPARE(s.layerUs(0) + s.layerUs(1) + s.outsideLayersUs, s.totalUs);
    double categories = 0.0;
    for (double v : s.categoryUs)
        categories += v;
    QCOMPARE(categories, s.totalUs);
    QVERIFY(summarizeSpans({}).isEmpty());
    // Two threads count as two rows.
    QCOMPARE(summarizeSpans({span("a", OpCategory::Other, -1, 0, 1, 1)}).threadCount, 2);
}

void TestCharts::summaryJsonRoundTrip()
{
    RunTrace trace;
    trace.spans = sampleSpans();
    trace.summary = summarizeSpans(trace.spans);
    trace.wallUs = 80.0;
    trace.droppedSpans = 3;
    const RunTrace back = RunTrace::fromJson(trace.toJson());
    QVERIFY(back.spans.isEmpty());
    QCOMPARE(back.wallUs, 80.0);
    QCOMPARE(back.summary.spanCount, trace.summary.spanCount);
    QCOMPARE(back.summary.totalUs, trace.summary.totalUs);
    QCOMPARE(back.summary.categoryUs, trace.summary.categoryUs);
    QCOMPARE(back.summary.layerCategoryUs, trace.summary.layerCategoryUs);
    QCOMPARE(back.summary.outsideLayersUs, trace.summary.outsideLayersUs);
    QCOMPARE(back.droppedSpans, quint64(trace.summary.spanCount));  // no raw span survives
}

void TestCharts::memoryEstimate()
{
    // stories260K: kvDim = 4 heads x 8 = 32; keys + values of 5 layers, fp32:
    // 2 * 5 * 32 * 4 = 1280 bytes per position.
    const MemoryBreakdown m = estimateMemory(stories260KShape(), 1'000'000, 100, 40, 8);
    QCOMPARE(m.weightsBytes, quint64(1'000'000));
    QCOMPARE(m.kvAllocatedBytes, quint64(128'000));
    QCOMPARE(m.kvUsedBytes, quint64(51'200));
    QCOMPARE(m.kvFreeBytes(), quint64(76'800));
    // Per row: (3 * 64 + 2 * 64 + 2 * 172 + 2 * 32) floats + two int32 = 2920 bytes; 8 rows + 512 logits.
    QCOMPARE(m.activationsBytes, quint64(8 * 2920 + 512 * 4));
    QCOMPARE(m.totalBytes(), m.weightsBytes + m.kvAllocatedBytes + m.activationsBytes);
    // More positions written than allocated is clamped; nothing negative.
    QCOMPARE(estimateMemory(stories260KShape(), 1, 10, 50, 1).kvFreeBytes(), quint64(0));
    // Paged: the allocation rounds up to whole blocks of 16 positions (100 -> 112).
    KvLayout paged = KvLayout::contiguousF32(stories260KShape());
    QCOMPARE(paged.bytesPerPosition, quint64(1280));
    paged.blockTokens = 16;
    QCOMPARE(estimateMemory(stories260KShape(), 1, paged, 100, 40, 8).kvAllocatedBytes, quint64(112 * 1280));
    // Off: nothing stored; every pass recomputes the prefix (the widest pass is all of it).
    KvLayout off = paged;
    off.recompute = true;
    const MemoryBreakdown recompute = estimateMemory(stories260KShape(), 1, off, 100, 40, 40);
    QCOMPARE(recompute.kvAllocatedBytes, quint64(0));
    QCOMPARE(recompute.kvUsedBytes, quint64(0));
    QCOMPARE(recompute.activationsBytes, quint64(40 * 2920 + 512 * 4));
    // int8 / f16 caches: attention reads an fp32 copy of the written prefix.
    KvLayout int8 = KvLayout::contiguousF32(stories260KShape());
    int8.bytesPerPosition = 2 * 5 * (32 + 4 * 4);  // int8 codes + one float scale per kv head
    int8.gathers = true;
    const MemoryBreakdown gathered = estimateMemory(stories260KShape(), 1, int8, 100, 40, 8);
    QCOMPARE(gathered.kvAllocatedBytes, quint64(100 * 480));
    QCOMPARE(gathered.activationsBytes, m.activationsBytes + 2 * 32 * 4 * 40);
    const MemoryBreakdown back = MemoryBreakdown::fromJson(m.toJson());
    QCOMPARE(back.kvUsedBytes, m.kvUsedBytes);
    QCOMPARE(back.activationsBytes, m.activationsBytes);
}

void TestCharts::runResultJsonKeepsSummariesNotSpans()
{
    const RunResult r = sampleResult();
    const QByteArray json = QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact);
    QVERIFY(!json.contains("matmul attn_q"));  // raw spans are not persisted
    const auto back = RunResult::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(back.has_value());
    QVERIFY(back->trace.spans.isEmpty());
    QCOMPARE(back->trace.summary.totalUs, r.trace.summary.totalUs);
    QCOMPARE(back->trace.summary.categoryTotalUs(OpCategory::Mlp), 20.0);
    QCOMPARE(back->memory.kvAllocatedBytes, r.memory.kvAllocatedBytes);
    QCOMPARE(back->memory.peakRssBytes, r.memory.peakRssBytes);
    QVERIFY(back->quality.measured());
    QCOMPARE(back->quality.meanKld, 0.002);
    QCOMPARE(back->quality.top1Agreement, 0.97);
    // A record written before these fields existed still loads, without them.
    QJsonObject old = r.toJson();
    old.remove(QStringLiteral("trace"));
    old.remove(QStringLiteral("memory"));
    old.remove(QStringLiteral("quality"));
    const auto legacy = RunResult::fromJson(old);
    QVERIFY(legacy.has_value());
    QVERIFY(legacy->trace.isEmpty());
    QVERIFY(!legacy->memory.isValid());
    QCOMPARE(legacy->quality.state, QualityMetrics::State::NotRequested);
}

void TestCharts::timelineRowsAndHitTesting()
{
    TimelineChart chart;
    QVector<OpSpan> spans = sampleSpans();
    spans.append(span("worker op", OpCategory::Mlp, 0, 10, 30, 2));
    chart.setSpans(spans, 5);
    QVERIFY(chart.hasData());
    QCOMPARE(chart.spanCount(), 9);
    QCOMPARE(chart.rowCount(), 2);  // the threads that ran ops: 0 and 2
    QCOMPARE(chart.laneNames(), (QStringList{QStringLiteral("Thread 0"), QStringLiteral("Thread 1")}));
    // 0.020 ms = 20 us: inside "matmul ffn_up" (17..37) on thread 0.
    const OpSpan* hit = chart.spanAt(0.020, 0);
    QVERIFY(hit);
    QCOMPARE(hit->name, QStringLiteral("matmul ffn_up"));
    QCOMPARE(chart.spanAt(0.020, 1)->name, QStringLiteral("worker op"));
    QVERIFY(!chart.spanAt(0.020, 2));   // no lane for a thread that ran nothing
    QVERIFY(!chart.spanAt(0.070, 0));   // after the last span
    // Near a span within the tolerance: the nearest one.
    QCOMPARE(chart.spanAt(0.0655, 0, 0.002)->name, QStringLiteral("sample"));
    const QString text = TimelineChart::describe(*hit);
    QVERIFY(text.contains(QStringLiteral("matmul ffn_up")));
    QVERIFY(text.contains(QStringLiteral("layer 0")));
    QVERIFY(text.contains(QStringLiteral("20.0")));
    const QString csv = chart.toCsv();
    QCOMPARE(csv.count(QLatin1Char('\n')), 10);  // header + 9 spans
    QVERIFY(csv.contains(QStringLiteral("\"matmul attn_q\",attention,0,0,0,7.000,10.000")));
    chart.clear();
    QVERIFY(!chart.hasData());
}

// A split model's spans: one lane group per device, labelled with it.
void TestCharts::timelineLanesPerDevice()
{
    TimelineChart chart;
    QVector<OpSpan> spans;
    for (int device = 0; device < 2; ++device) {
        OpSpan s = span("matmul attn_q", OpCategory::Attention, 0, 10.0 * device, 5, device);
        s.device = device;
        spans.append(s);
        OpSpan comm = span("all-reduce", OpCategory::Communication, 0, 20, 3, device);
        comm.device = device;
        spans.append(comm);
    }
    chart.setSpans(spans, 0);
    // One lane per device: each device's thread is its thread 0.
    QCOMPARE(chart.rowCount(), 2);
    QCOMPARE(chart.laneNames(), (QStringList{QStringLiteral("vcpu:0 thread 0"), QStringLiteral("vcpu:1 thread 0")}));
    QCOMPARE(chart.spanAt(0.0215, 1)->name, QStringLiteral("all-reduce"));
    QVERIFY(chart.toCsv().contains(QStringLiteral("\"all-reduce\",communication,0,1,1,20.000,3.000")));
}

void TestCharts::breakdownCharts()
{
    const OpTimeSummary s = summarizeSpans(sampleSpans());
    CategoryTimeChart categories;
    categories.setSummary(s);
    QVERIFY(categories.hasData());
    QCOMPARE(categories.valueMs(OpCategory::Attention), 0.018);
    QCOMPARE(categories.valueMs(OpCategory::Kv), 0.0);
    LayerTimeChart layers;
    layers.setSummary(s);
    QCOMPARE(layers.barCount(), 3);  // two layers + the rest
    QCOMPARE(layers.stackedMs(0), 0.032);
    QCOMPARE(layers.stackedMs(1), 0.011);
    QCOMPARE(layers.stackedMs(2), 0.021);
    layers.setSummary({});
    QCOMPARE(layers.barCount(), 0);
    QVERIFY(!layers.hasData());
}

void TestCharts::memoryChartStacksParts()
{
    MemoryChart chart;
    const MemoryBreakdown m = estimateMemory(stories260KShape(), 3u << 20, 100, 40, 8);
    chart.setBars({{QStringLiteral("a"), m}, {QStringLiteral("b"), m}});
    QCOMPARE(chart.barCount(), 2);
    QCOMPARE(chart.unitBytes(), double(1 << 20));  // MiB: the largest bar is over 1 MiB
    QCOMPARE(chart.partBytes(1, MemoryPart::Weights), double(3u << 20));
    QCOMPARE(chart.partBytes(0, MemoryPart::KvUsed), double(m.kvUsedBytes));
    QCOMPARE(chart.partBytes(0, MemoryPart::KvFree), double(m.kvFreeBytes()));
    QCOMPARE(chart.partBytes(0, MemoryPart::Activations), double(m.activationsBytes));
    QVERIFY(chart.toCsv().contains(memoryPartName(MemoryPart::KvFree)));
}

void TestCharts::throughputChart()
{
    ThroughputChart chart;
    chart.setLatencies({10.0, 2.0, 2.0, 4.0});  // TTFT 10 ms, then 3 decode steps in 8 ms
    QCOMPARE(chart.pointCount(), 3);
    QCOMPARE(chart.finalAverage(), 375.0);  // 3 steps / 8 ms
    chart.setLatencies({});
    QCOMPARE(chart.pointCount(), 0);
}

void TestCharts::profilePageHoldsResult()
{
    ProfilePage page;
    const RunResult r = sampleResult();
    page.showResult(r);
    QCOMPARE(page.latencyChart()->pointCount(), 5);  // the TTFT is left out
    QVERIFY(page.histogramChart()->binCount() > 0);
    QCOMPARE(page.throughputChart()->pointCount(), 5);
    QCOMPARE(page.timelineChart()->spanCount(), r.trace.spans.size());
    QCOMPARE(page.layerChart()->barCount(), 3);
    QCOMPARE(page.categoryChart()->valueMs(OpCategory::Mlp), 0.020);
    QCOMPARE(page.memoryChart()->barCount(), 1);
    QCOMPARE(page.memoryChart()->partBytes(0, MemoryPart::Weights), 1'000'000.0);
    // A run from the history (summaries only) still fills the breakdowns.
    RunResult reloaded = *RunResult::fromJson(r.toJson());
    page.showResult(reloaded);
    QCOMPARE(page.timelineChart()->spanCount(), 0);
    QCOMPARE(page.layerChart()->stackedMs(0), 0.032);
}

void TestCharts::profilePageCoalescesLiveUpdates()
{
    ProfilePage page;
    page.runStarted();
    for (int i = 0; i < 20; ++i)
        page.appendTokens(TokenBatch{3, {TokenEvent{i, 100 + i, QStringLiteral("x"), i == 0 ? 9.0 : 1.0 + i % 3, 0}}});
    // Twenty batches, one redraw pending; the charts catch up when it fires.
    QVERIFY(page.refreshPending());
    QTRY_VERIFY(!page.refreshPending());
    QCOMPARE(page.latencyChart()->pointCount(), 19);
    QCOMPARE(page.throughputChart()->pointCount(), 19);
    // Tokens of another job start a new run on the page.
    page.appendTokens(TokenBatch{4, {TokenEvent{0, 1, QStringLiteral("y"), 5.0, 5.0}}});
    QTRY_VERIFY(!page.refreshPending());
    QCOMPARE(page.latencyChart()->pointCount(), 0);
    // A batch carrying the op trace so far fills the timeline and breakdowns while the run goes on.
    const RunTrace live = sampleResult().trace;
    TokenBatch withTrace{4, {TokenEvent{1, 2, QStringLiteral("z"), 1.0, 6.0}}, live};
    page.appendTokens(withTrace);
    QCOMPARE(page.timelineChart()->spanCount(), live.spans.size());
    QCOMPARE(page.layerChart()->barCount(), 3);
    // A new run clears the previous run's ops and memory.
    page.showResult(sampleResult());
    QVERIFY(page.timelineChart()->hasData());
    page.runStarted();
    QVERIFY(!page.timelineChart()->hasData());
    QCOMPARE(page.layerChart()->barCount(), 0);
    QCOMPARE(page.memoryChart()->barCount(), 0);
}

void TestCharts::chartsExport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfilePage page;
    page.resize(1200, 800);
    page.showResult(sampleResult());
    const QList<ChartWidget*> charts = {page.latencyChart(), page.histogramChart(), page.throughputChart(),
                                        page.timelineChart(), page.layerChart(),     page.categoryChart(),
                                        page.memoryChart()};
    int n = 0;
    for (ChartWidget* chart : charts) {
        chart->resize(600, 300);
        QVERIFY(chart->hasData());
        const QString png = dir.filePath(QStringLiteral("chart%1.png").arg(n));
        const QString pdf = dir.filePath(QStringLiteral("chart%1.pdf").arg(n));
        QVERIFY(chart->savePng(png));
        QVERIFY(chart->savePdf(pdf));
        QVERIFY(QFileInfo(png).size() > 1000);
        QVERIFY(QFileInfo(pdf).size() > 500);
        QVERIFY(!chart->toCsv().isEmpty());
        ++n;
    }
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
