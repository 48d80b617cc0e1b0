// How the charts look: colours from the palette (dark or light, restyled when
// it changes at run time), legends beside the data instead of over it,
// annotations inside the data area and clear of each other (the Pareto
// chart's run labels, the histogram's p50 and p99), category labels that do
// not overlap, a placeholder in every empty chart, and one timeline lane per
// thread that ran ops (a real two-thread run on stories260K).
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

#include "app/bridge/engine_client.h"
#include "app/bridge/run_data.h"
#include "app/charts/breakdown_chart.h"
#include "app/charts/chart_style.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"
#include "app/charts/memory_chart.h"
#include "app/charts/pareto_chart.h"
#include "app/charts/sweep_metric_chart.h"
#include "app/charts/throughput_chart.h"
#include "app/charts/timeline_chart.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 60000;

// A sweep over `nx` x `ny` values: cell i has mean i + 1 (higher is better),
// the last one is best, the one before it within its noise, the first skipped.
SweepGridData sweepGrid(int nx, int ny)
{
    SweepGridData d;
    d.metric = QStringLiteral("tg_tok_s");
    d.xKnob = QStringLiteral("weights.dtype");
    d.yKnob = ny > 1 ? QStringLiteral("kv_cache.mode") : QString();
    for (int x = 0; x < nx; ++x)
        d.xValues << QStringLiteral("v%1").arg(x);
    for (int y = 0; y < ny && ny > 1; ++y)
        d.yValues << QStringLiteral("m%1").arg(y);
    const int n = nx * ny;
    for (int i = 0; i < n; ++i) {
        SweepCell c;
        c.measured = i > 0;
        c.note = i == 0 ? QStringLiteral("skipped") : QString();
        c.mean = i + 1;
        c.ci95 = 0.6;
        c.best = i == n - 1;
        c.withinNoise = i == n - 2 && i > 0;
        d.cells.append(c);
    }
    return d;
}

// Shown at `size` and laid out, so pixel positions are final.
bool showLaidOut(ChartWidget& chart, QSize size = {520, 320})
{
    chart.resize(size);
    chart.show();
    if (!QTest::qWaitForWindowExposed(&chart))
        return false;
    chart.replot(QCustomPlot::rpImmediateRefresh);
    return true;
}

// Where an annotation's text is drawn, in pixels (its box less the padding).
QRectF textRect(const QCPItemText* item)
{
    const QMargins p = item->padding();
    return QRectF(item->topLeft->pixelPosition(), item->bottomRight->pixelPosition())
        .normalized()
        .adjusted(p.left(), p.top(), -p.right(), -p.bottom());
}

// The chart's own background pixel, away from axes and data.
QColor backgroundPixel(ChartWidget& chart)
{
    return chart.toPixmap(chart.width(), chart.height()).toImage().pixelColor(2, 2);
}

QVector<double> itlSamples()
{
    // Most gaps near 2 ms, a long tail: p99 sits at the right end of the plot.
    QVector<double> v;
    for (int i = 0; i < 120; ++i)
        v.append(2.0 + 0.01 * (i % 7));
    v.append(9.0);
    v.append(9.5);
    return v;
}

QVector<ParetoRun> paretoRuns()
{
    return {{QStringLiteral("baseline fp32"), 900.0, 0.0, 40u << 20},
            {QStringLiteral("int8 weights, paged KV cache"), 1400.0, 0.004, 20u << 20},
            {QStringLiteral("int4 g32 weights, 50% magnitude pruning"), 2100.0, 0.09, 9u << 20},
            {QStringLiteral("fp16"), 1150.0, 0.0004, 25u << 20}};
}

// Every label inside the data area, and no two of them covering each other.
void expectApartAndInside(ChartWidget& chart, const QVector<QCPItemText*>& labels)
{
    const QRectF area = chart.axisRect()->rect();
    for (int i = 0; i < labels.size(); ++i) {
        QVERIFY2(labels[i]->visible(), qPrintable(labels[i]->text()));
        QVERIFY2(area.contains(textRect(labels[i])), qPrintable(labels[i]->text()));
        for (int j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!textRect(labels[i]).intersects(textRect(labels[j])),
                     qPrintable(labels[i]->text() + QStringLiteral(" / ") + labels[j]->text()));
    }
}

}  // namespace

class TestChartLook : public QObject {
    Q_OBJECT
private slots:
    void darkPaletteIsRecognised();
    void darkPaletteStylesCharts();
    void paletteChangeAtRunTimeRestyles();
    void seriesColoursKeepContrast();
    void legendsStayOffTheData();
    void annotationsStayInside();
    void categoryLabelsDoNotOverlap();
    void pointLabelsDoNotOverlap();
    void percentileLabelsStayApart();
    void emptyChartsSayWhatWillAppear();
    void timelineLanePerThreadAndDevice();
    void timelineLanePerThreadOfRealRun();
};

void TestChartLook::darkPaletteIsRecognised()
{
    QVERIFY(isDarkPalette(darkPalette()));
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setColor(QPalette::WindowText, Qt::black);
    QVERIFY(!isDarkPalette(light));
    QVERIFY(ChartTheme::fromPalette(darkPalette()).dark);
    QVERIFY(!ChartTheme::fromPalette(light).dark);
}

void TestChartLook::darkPaletteStylesCharts()
{
    LatencyChart chart;
    chart.setPalette(darkPalette());
    chart.setLatencies({5.0, 1.0, 2.0, 1.5});
    QVERIFY(showLaidOut(chart));
    const QPalette dark = darkPalette();
    QVERIFY(chart.theme().dark);
    QCOMPARE(backgroundPixel(chart), dark.color(QPalette::Base));
    QCOMPARE(chart.xAxis->tickLabelColor(), dark.color(QPalette::Text));
    QCOMPARE(chart.yAxis->labelColor(), dark.color(QPalette::Text));
    QCOMPARE(chart.legend->textColor(), dark.color(QPalette::Text));
    QCOMPARE(chart.xAxis->basePen().color(), chart.theme().axis);
    // Axes and grid lines are between the background and the text in lightness.
    const int bg = dark.color(QPalette::Base).lightness();
    const int text = dark.color(QPalette::Text).lightness();
    for (const QColor& c : {chart.xAxis->basePen().color(), chart.xAxis->grid()->pen().color()}) {
        QVERIFY(c.lightness() > bg);
        QVERIFY(c.lightness() < text);
    }
}

void TestChartLook::paletteChangeAtRunTimeRestyles()
{
    const QPalette original = QApplication::palette();
    HistogramChart chart;
    chart.setSamples(itlSamples());
    QVERIFY(showLaidOut(chart));
    QVERIFY(!chart.theme().dark);
    const QColor lightBars = chart.findChild<QCPBars*>() ? chart.findChild<QCPBars*>()->brush().color() : QColor();
    const QColor lightBackground = backgroundPixel(chart);

    // The desktop switches to dark: the application palette changes under the chart.
    QApplication::setPalette(darkPalette());
    QTRY_VERIFY(chart.theme().dark);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(backgroundPixel(chart), darkPalette().color(QPalette::Base));
    QCOMPARE(chart.xAxis->tickLabelColor(), darkPalette().color(QPalette::Text));
    QCOMPARE(chart.p99Label()->color(), chart.theme().bad);
    QVERIFY(contrastRatio(chart.p99Label()->color(), chart.theme().background) >= 3.0);

    // And back.
    QApplication::setPalette(original);
    QTRY_VERIFY(!chart.theme().dark);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(backgroundPixel(chart), lightBackground);
    if (auto* bars = chart.findChild<QCPBars*>())
        QCOMPARE(bars->brush().color(), lightBars);
}

void TestChartLook::seriesColoursKeepContrast()
{
    for (const QPalette& palette : {QApplication::palette(), darkPalette()}) {
        const ChartTheme theme = ChartTheme::fromPalette(palette);
        for (int c = 0; c < kOpCategoryCount; ++c)
            QVERIFY(contrastRatio(theme.ink(categoryColor(static_cast<OpCategory>(c))), theme.background) >= 3.0);
        for (int n = 0; n < 8; ++n)
            QVERIFY(contrastRatio(theme.ink(seriesColor(n)), theme.background) >= 3.0);
        for (int p = 0; p < int(MemoryPart::Count); ++p)
            QVERIFY(contrastRatio(theme.ink(memoryPartColor(MemoryPart(p))), theme.background) >= 3.0);
        QVERIFY(contrastRatio(theme.text, theme.background) >= 4.5);
    }
}

// No data point's pixel lies under the legend.
void TestChartLook::legendsStayOffTheData()
{
    ParetoChart pareto;
    pareto.setRuns(paretoRuns());
    QVERIFY(showLaidOut(pareto));
    QVERIFY(pareto.legend->visible());
    const QRectF legend = pareto.legend->outerRect();
    int points = 0;
    for (int i = 0; i < pareto.graphCount(); ++i) {
        QCPGraph* g = pareto.graph(i);
        const double radius = g->scatterStyle().size() / 2;
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            const QPointF p = g->coordsToPixels(it->key, it->value);
            QVERIFY(pareto.axisRect()->rect().contains(p.toPoint()));
            QVERIFY(!legend.intersects(QRectF(p.x() - radius, p.y() - radius, 2 * radius, 2 * radius)));
            ++points;
        }
    }
    QVERIFY(points >= 4);

    ThroughputChart throughput;
    QVector<double> latencies{20.0};
    for (int i = 0; i < 60; ++i)
        latencies.append(2.0 + (i % 5) * 0.2);
    throughput.setLatencies(latencies);
    QVERIFY(showLaidOut(throughput));
    QVERIFY(throughput.legend->visible());
    const QRectF box = throughput.legend->outerRect();
    for (int i = 0; i < throughput.graphCount(); ++i) {
        QCPGraph* g = throughput.graph(i);
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
            QVERIFY(!box.contains(g->coordsToPixels(it->key, it->value)));
    }
    QVERIFY(!box.intersects(throughput.axisRect()->rect()));

    // The sweep charts: the line chart's legend below the data, the heat
    // map's colour scale beside it; every cell label inside its cell's data area.
    SweepMetricChart line;
    line.setData(sweepGrid(3, 1));
    QVERIFY(showLaidOut(line));
    QVERIFY(line.legend->visible());
    QVERIFY(!line.legend->outerRect().intersects(line.axisRect()->rect()));
    SweepHeatMap heat;
    heat.setPalette(darkPalette());
    heat.setData(sweepGrid(3, 2));
    QVERIFY(showLaidOut(heat));
    QCPColorScale* scale = nullptr;
    for (QCPLayoutElement* e : heat.plotLayout()->elements(false))
        if (auto* s = qobject_cast<QCPColorScale*>(e))
            scale = s;
    QVERIFY(scale);
    QVERIFY(!QRectF(scale->outerRect()).intersects(heat.axisRect()->rect()));
    QCOMPARE(heat.cellTexts().size(), 6);
    QVERIFY(heat.cellTexts().contains(QStringLiteral("skipped")));
    QVERIFY(heat.cellTexts().contains(QStringLiteral("5 \u2248")));
}

void TestChartLook::annotationsStayInside()
{
    HistogramChart histogram;
    histogram.setSamples(itlSamples());
    QVERIFY(showLaidOut(histogram, {420, 260}));
    const QRectF area = histogram.axisRect()->rect();
    for (QCPItemText* label : {histogram.p50Label(), histogram.p99Label()}) {
        QVERIFY(label->visible());
        QVERIFY2(area.contains(textRect(label)), qPrintable(label->text()));
    }
    // The two labels do not cover each other.
    QVERIFY(!textRect(histogram.p50Label()).intersects(textRect(histogram.p99Label())));

    ParetoChart pareto;
    pareto.setRuns(paretoRuns());
    QVERIFY(showLaidOut(pareto, {460, 300}));
    QCOMPARE(pareto.pointLabels().size(), 4);
    for (QCPItemText* label : pareto.pointLabels())
        QVERIFY2(QRectF(pareto.axisRect()->rect()).contains(textRect(label)), qPrintable(label->text()));
    // Zoomed in on the baseline: the labels are placed again for the new view.
    pareto.xAxis->setRange(-0.001, 0.01);
    pareto.replot(QCustomPlot::rpImmediateRefresh);
    int inView = 0;
    for (int i = 0; i < pareto.pointLabels().size(); ++i) {
        const ParetoRun& run = paretoRuns().at(i);
        if (run.meanKld > 0.01)
            continue;  // out of view, clipped with its bubble
        QVERIFY(QRectF(pareto.axisRect()->rect()).contains(textRect(pareto.pointLabels().at(i))));
        ++inView;
    }
    QCOMPARE(inView, 3);
}

void TestChartLook::pointLabelsDoNotOverlap()
{
    // The usual four runs, in a small chart.
    ParetoChart pareto;
    pareto.setRuns(paretoRuns());
    QVERIFY(showLaidOut(pareto, {460, 300}));
    expectApartAndInside(pareto, pareto.pointLabels());
    if (QTest::currentTestFailed())
        return;

    // Six runs almost on one spot (a sweep of settings that barely matter),
    // and two in the top right corner, where there is least room.
    QVector<ParetoRun> crowded;
    for (int i = 0; i < 6; ++i)
        crowded.append({QStringLiteral("int8 g%1 weights").arg(32 << (i % 3)), 1000.0 + 4.0 * i, 0.010 + 0.0002 * i,
                        quint64(10 + i) << 20});
    crowded.append({QStringLiteral("int4 g32, 50% pruned"), 2000.0, 0.05, 5u << 20});
    crowded.append({QStringLiteral("int4 g64, 50% pruned"), 1990.0, 0.0495, 5u << 20});
    ParetoChart dense;
    dense.setRuns(crowded);
    QVERIFY(showLaidOut(dense, {520, 340}));
    QCOMPARE(dense.pointLabels().size(), crowded.size());
    expectApartAndInside(dense, dense.pointLabels());
    if (QTest::currentTestFailed())
        return;
    // Laid out again at another size: still apart.
    QVERIFY(showLaidOut(dense, {640, 420}));
    expectApartAndInside(dense, dense.pointLabels());
}

void TestChartLook::percentileLabelsStayApart()
{
    struct Case {
        const char* name;
        QVector<double> samples;
        QSize size;
    };
    QVector<double> equal(50, 3.0);                 // p50 = p99: one line
    QVector<double> high(100, 9.0);                 // both at the right edge of the plot
    high.append(2.0);
    QVector<double> close;                          // p50 and p99 a few pixels apart
    for (int i = 0; i < 100; ++i)
        close.append(5.0 + 0.001 * i);
    close.append(1.0);
    const Case cases[] = {
        {"equal", equal, {420, 260}},
        {"at the right edge", high, {420, 260}},
        {"close together", close, {420, 260}},
        {"narrow and short", itlSamples(), {240, 150}},
        {"close, narrow and short", close, {240, 150}},
        {"close, very short", close, {420, 90}},
        {"equal, very short", equal, {420, 90}},
    };
    for (const Case& c : cases) {
        HistogramChart histogram;
        histogram.setSamples(c.samples);
        QVERIFY2(showLaidOut(histogram, c.size), c.name);
        expectApartAndInside(histogram, {histogram.p50Label(), histogram.p99Label()});
        if (QTest::currentTestFailed()) {
            qWarning("case: %s", c.name);
            return;
        }
    }
}

void TestChartLook::categoryLabelsDoNotOverlap()
{
    const auto checkLabels = [](ChartWidget& chart, int expected) {
        const QVector<ChartWidget::CategoryLabel> labels = chart.categoryLabels();
        QCOMPARE(labels.size(), expected);
        for (int i = 0; i < labels.size(); ++i) {
            // Inside the widget, nothing cut off at its edge.
            QVERIFY2(QRectF(chart.rect()).contains(labels[i].rect.boundingRect()), qPrintable(labels[i].shownText));
            for (int j = i + 1; j < labels.size(); ++j) {
                const QRectF overlap = labels[i].rect.intersected(labels[j].rect).boundingRect();
                QVERIFY2(overlap.width() * overlap.height() < 1.0,
                         qPrintable(labels[i].shownText + QStringLiteral(" / ") + labels[j].shownText));
            }
        }
    };

    MemoryChart memory;
    const MemoryBreakdown m = estimateMemory(ModelShape{64, 172, 5, 8, 4, 8, 512}, 3u << 20, 100, 40, 8);
    QVector<MemoryBar> bars;
    for (const char* name : {"#1 stories260K, fp32 weights, contiguous KV cache, 48 tokens",
                             "#2 stories260K, int8 weights (group 32), paged KV cache, 48 tokens",
                             "#3 stories260K, int4 weights (group 32), 50% pruning, 48 tokens",
                             "#4 stories260K, fp16 weights, int8 KV cache, 48 tokens"})
        bars.append({QString::fromLatin1(name), m});
    memory.setBars(bars);
    QVERIFY(showLaidOut(memory, {480, 320}));
    checkLabels(memory, 4);
    // Too long to show whole: shortened, the full text kept for the tool tip.
    for (const ChartWidget::CategoryLabel& label : memory.categoryLabels()) {
        QVERIFY(label.fullText.startsWith(QLatin1Char('#')));
        QVERIFY(label.shownText.size() <= label.fullText.size());
    }

    CategoryTimeChart categories;
    OpTimeSummary summary;
    summary.categoryUs.fill(0.0, kOpCategoryCount);
    for (int c = 0; c < kOpCategoryCount; ++c)
        summary.categoryUs[c] = 10.0 * (c + 1);
    categories.setSummary(summary);
    QVERIFY(showLaidOut(categories, {360, 260}));
    checkLabels(categories, kOpCategoryCount);

    // Wide enough: upright and whole.
    SweepMetricChart sweep;
    sweep.setData(sweepGrid(2, 1));
    QVERIFY(showLaidOut(sweep, {480, 300}));
    checkLabels(sweep, 2);
    QCOMPARE(sweep.xAxis->tickLabelRotation(), 0.0);
    QCOMPARE(sweep.categoryLabels().first().shownText, QStringLiteral("v0 (skipped)"));
}

void TestChartLook::emptyChartsSayWhatWillAppear()
{
    LatencyChart latency;
    HistogramChart histogram;
    ThroughputChart throughput;
    TimelineChart timeline;
    LayerTimeChart layers;
    CategoryTimeChart categories;
    MemoryChart memory;
    ParetoChart pareto;
    SweepMetricChart sweep;
    SweepHeatMap heat;
    const QList<ChartWidget*> charts = {&latency, &histogram, &throughput, &timeline, &layers,
                                        &categories, &memory, &pareto, &sweep, &heat};
    for (ChartWidget* chart : charts) {
        QVERIFY(showLaidOut(*chart));
        QVERIFY(!chart->hasData());
        QVERIFY(!chart->placeholder().isEmpty());
        QVERIFY2(chart->placeholderShown(), chart->metaObject()->className());
        // No empty axes: the text stands alone.
        QVERIFY(!chart->xAxis->visible());
        QVERIFY(!chart->yAxis->visible());
    }
    QVERIFY(latency.placeholder().contains(QStringLiteral("Run a generation")));
    // With data, the placeholder goes and the axes come back.
    latency.setLatencies({5.0, 1.0, 2.0});
    latency.replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(!latency.placeholderShown());
    QVERIFY(latency.xAxis->visible());
    latency.setLatencies({});
    latency.replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(latency.placeholderShown());
}

// A recorded trace: ops on the calling threads of two devices, shares on a pool thread.
void TestChartLook::timelineLanePerThreadAndDevice()
{
    const auto op = [](int device, int thread, double start, bool share) {
        OpSpan s;
        s.name = QStringLiteral("matmul ffn_up");
        s.category = OpCategory::Mlp;
        s.layer = 0;
        s.device = device;
        s.thread = thread;
        s.startUs = start;
        s.durationUs = 5.0;
        s.workerShare = share;
        return s;
    };
    TimelineChart chart;
    // Tracer thread ids count across devices: device 1's thread is id 2.
    chart.setSpans({op(0, 0, 0, false), op(0, 1, 1, true), op(1, 2, 0, false)});
    QCOMPARE(chart.rowCount(), 3);
    QCOMPARE(chart.laneNames(), (QStringList{QStringLiteral("vcpu:0 thread 0"), QStringLiteral("vcpu:0 thread 1"),
                                             QStringLiteral("vcpu:1 thread 0")}));
    QVERIFY(TimelineChart::describe(*chart.spanAt(0.002, 1)).contains(QStringLiteral("share")));
    // Shares lie inside their op's time: the summary counts the op once.
    const OpTimeSummary summary = summarizeSpans(chart.spans());
    QCOMPARE(summary.spanCount, qint64(2));
    QCOMPARE(summary.totalUs, 10.0);
    QCOMPARE(summary.threadCount, 3);
}

void TestChartLook::timelineLanePerThreadOfRealRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 2);
    QVERIFY(loaded.wait(kWaitMs));
    QSignalSpy finished(&client, &EngineClient::runFinished);
    RunRequest request;
    request.threads = 2;
    request.maxTokens = 4;
    // A prompt long enough that the prefill's matmuls are split between the two threads.
    request.prompt = QStringLiteral("Once upon a time, there was a little girl named Lily. She loved to play outside "
                                    "in the park with her friends. One day, she saw a big red ball under a tree and "
                                    "ran to get it.");
    client.run(request);
    QVERIFY(finished.wait(kWaitMs));
    const RunResult result = finished.first().at(0).value<RunResult>();
    QCOMPARE(result.request.threads, 2);
    QVERIFY(!result.trace.spans.isEmpty());

    TimelineChart chart;
    chart.setSpans(result.trace.spans, result.trace.droppedSpans);
    QCOMPARE(chart.rowCount(), 2);
    QCOMPARE(chart.laneNames(), (QStringList{QStringLiteral("Thread 0"), QStringLiteral("Thread 1")}));
    // Both lanes hold ops: the second thread's shares of the split matmuls.
    QVERIFY(chart.spanAt(0.0, 1, 1e9));
    QVERIFY(std::any_of(result.trace.spans.begin(), result.trace.spans.end(),
                        [](const OpSpan& s) { return s.workerShare && s.category == OpCategory::Mlp; }));
}

QTEST_MAIN(TestChartLook)
#include "tst_chart_look.moc"
