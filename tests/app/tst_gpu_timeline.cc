// The Profile page with a synthetic two-GPU trace: host op spans and the
// kernels and copies they launched (GPU activity records turned into spans by
// the engine), through the run's trace and through a saved Chrome trace
// opened from a file. Lanes per device stream beside the CPU threads, copies
// in their own colour, hover text, and per-layer and per-category totals
// taken from kernel time without counting the launching ops again.
#include <QTest>

#include <QApplication>
#include <QFile>
#include <QLocale>
#include <QTabWidget>
#include <QTemporaryDir>

#include "app/bridge/run_analysis.h"
#include "app/bridge/trace_file.h"
#include "app/charts/breakdown_chart.h"
#include "app/charts/chart_style.h"
#include "app/charts/gpu_memory_chart.h"
#include "app/charts/timeline_chart.h"
#include "app/widgets/profile_page.h"
#include "engine/trace/chrome_trace.h"
#include "engine/trace/gpu_spans.h"

using engine::OpId;

namespace {

struct SyntheticRun {
    engine::Tracer tracer{256, 16};
    double kernelUsLayer[2] = {0.0, 0.0};  // kernel time per layer (both devices)
    double hostOpUs = 0.0;                 // host op time of the ops that launched them
    double copyUs = 0.0;
};

// Device d (0, 1) runs layer d: a matmul whose two kernels run on two
// overlapping streams, and an all-reduce that launches a peer copy. A
// sampling op on the CPU launches nothing.
void makeRun(SyntheticRun& run)
{
    kernels::GpuActivityBatch batch;
    uint32_t cupti = 100;
    for (int32_t d = 0; d < 2; ++d) {
        const int64_t t0 = d * 10'000;
        engine::Span matmul = engine::opSpan(OpId::MatmulGate, d, d);
        matmul.thread = uint32_t(d);
        matmul.startNs = t0;
        matmul.durationNs = 4000;
        matmul.correlation = run.tracer.nextCorrelation();
        run.tracer.record(matmul);
        engine::Span reduce = engine::opSpan(OpId::AllReduce, d, d);
        reduce.thread = uint32_t(d);
        reduce.startNs = t0 + 5000;
        reduce.durationNs = 3000;
        reduce.correlation = run.tracer.nextCorrelation();
        run.tracer.record(reduce);
        run.hostOpUs += 7.0;

        for (int k = 0; k < 2; ++k) {
            kernels::GpuKernelRecord r;
            r.name = k == 0 ? "gemv_f16_tile" : "gemv_f16_tail";
            r.device = d;
            r.stream = uint32_t(7 + k);
            r.startNs = t0 + 500 + k * 200;
            r.endNs = r.startNs + 2000;
            r.grid = {256, 1, 1};
            r.block = {128, 1, 1};
            r.correlationId = ++cupti;
            batch.kernels.push_back(r);
            batch.correlations.push_back({r.correlationId, matmul.correlation});
            run.kernelUsLayer[d] += 2.0;
        }
        kernels::GpuMemcpyRecord copy;
        copy.kind = kernels::GpuCopyKind::PeerToPeer;
        copy.bytes = 4'000'000;
        copy.device = d;
        copy.stream = 20;
        copy.startNs = t0 + 5500;
        copy.endNs = t0 + 7500;  // 4 MB in 2 us: 2000 GB/s
        copy.correlationId = ++cupti;
        batch.memcpys.push_back(copy);
        batch.correlations.push_back({copy.correlationId, reduce.correlation});
        run.copyUs += 2.0;
    }
    engine::Span sample = engine::opSpan(OpId::Sample, -1, 0);
    sample.startNs = 20'000;
    sample.durationNs = 1000;
    run.tracer.record(sample);
    engine::recordGpuActivity(run.tracer, batch);
}

const OpSpan* firstOfKind(const QVector<OpSpan>& spans, engine::SpanKind kind)
{
    for (const OpSpan& s : spans)
        if (s.kind == kind)
            return &s;
    return nullptr;
}

}  // namespace

class TestGpuTimeline : public QObject {
    Q_OBJECT

private slots:
    void lanesPerDeviceStream()
    {
        SyntheticRun run;
        makeRun(run);
        const RunTrace trace = traceFromSpans(run.tracer.spans(), 0, 21.0);
        TimelineChart chart;
        chart.setSpans(trace.spans);
        QCOMPARE(chart.laneNames(),
                 (QStringList{"Device 0 thread 0", "GPU 0 stream 7", "GPU 0 stream 8", "GPU 0 stream 20",
                              "Device 1 thread 0", "GPU 1 stream 7", "GPU 1 stream 8", "GPU 1 stream 20"}));
        // The second device's second kernel sits on its own stream's lane.
        for (const OpSpan& s : trace.spans)
            if (s.kind == engine::SpanKind::Kernel && s.device == 1 && s.stream == 8)
                QCOMPARE(chart.rowOf(s), 6);
        QVERIFY(chart.toCsv().contains(QStringLiteral("kernel,7,\"matmul ffn_gate\"")));
    }

    void copiesInTheirOwnColour()
    {
        SyntheticRun run;
        makeRun(run);
        const RunTrace trace = traceFromSpans(run.tracer.spans(), 0, 21.0);
        const OpSpan* kernel = firstOfKind(trace.spans, engine::SpanKind::Kernel);
        const OpSpan* copy = firstOfKind(trace.spans, engine::SpanKind::Memcpy);
        QVERIFY(kernel && copy);
        QCOMPARE(TimelineChart::spanColor(*kernel), categoryColor(OpCategory::Mlp));
        QCOMPARE(TimelineChart::spanColor(*copy), gpuCopyColor());
        for (int c = 0; c < kOpCategoryCount; ++c)
            QVERIFY(gpuCopyColor() != categoryColor(static_cast<OpCategory>(c)));
        // Readable on a dark desktop too.
        TimelineChart dark;
        dark.setPalette(darkPalette());
        QVERIFY(contrastRatio(dark.theme().ink(gpuCopyColor()), dark.theme().background) >= 3.0);
    }

    void hoverTextNamesKernelOpLayerAndBandwidth()
    {
        SyntheticRun run;
        makeRun(run);
        const RunTrace trace = traceFromSpans(run.tracer.spans(), 0, 21.0);
        const QString kernel = TimelineChart::describe(*firstOfKind(trace.spans, engine::SpanKind::Kernel));
        QVERIFY2(kernel.contains(QStringLiteral("gemv_f16_tile")), qPrintable(kernel));
        QVERIFY(kernel.contains(QStringLiteral("matmul ffn_gate")));
        QVERIFY(kernel.contains(QStringLiteral("layer 0")));
        QVERIFY(kernel.contains(QStringLiteral("duration %1 µs").arg(QLocale().toString(2.0, 'f', 1))));
        QVERIFY(kernel.contains(QStringLiteral("grid 256×1×1, block 128×1×1")));
        QVERIFY(kernel.contains(QStringLiteral("stream 7")));
        const QString copy = TimelineChart::describe(*firstOfKind(trace.spans, engine::SpanKind::Memcpy));
        QVERIFY2(copy.contains(QStringLiteral("memcpy PtoP")), qPrintable(copy));
        QVERIFY(copy.contains(QStringLiteral("all-reduce")));
        QVERIFY(copy.contains(QLocale().toString(2000.0, 'f', 2) + QStringLiteral(" GB/s")));
        // The chart finds the kernel under the cursor on its lane.
        TimelineChart chart;
        chart.setSpans(trace.spans);
        const OpSpan* hovered = chart.spanAt(0.0015, 1);
        QVERIFY(hovered);
        QCOMPARE(hovered->name, QStringLiteral("gemv_f16_tile"));
    }

    void totalsFromKernelsWithoutDoubleCounting()
    {
        SyntheticRun run;
        makeRun(run);
        const RunTrace trace = traceFromSpans(run.tracer.spans(), 0, 21.0);
        const OpTimeSummary& s = trace.summary;
        // Per layer: that device's two kernels and its copy; the host ops are
        // replaced by them, the sampling op (no GPU work) counts as it is.
        QCOMPARE(s.layerUs(0), run.kernelUsLayer[0] + 2.0);
        QCOMPARE(s.layerUs(1), run.kernelUsLayer[1] + 2.0);
        QCOMPARE(s.categoryTotalUs(OpCategory::Mlp), run.kernelUsLayer[0] + run.kernelUsLayer[1]);
        QCOMPARE(s.categoryTotalUs(OpCategory::Communication), run.copyUs);
        QCOMPARE(s.categoryTotalUs(OpCategory::Sampling), 1.0);
        QCOMPARE(s.deviceUs, run.kernelUsLayer[0] + run.kernelUsLayer[1] + run.copyUs);
        QCOMPARE(s.totalUs, s.deviceUs + 1.0);
        QVERIFY(s.totalUs < s.deviceUs + run.hostOpUs);
        LayerTimeChart layers;
        layers.setSummary(s);
        QCOMPARE(layers.stackedMs(0), (run.kernelUsLayer[0] + 2.0) / 1000.0);
    }

    void profilePageOpensASavedTrace()
    {
        SyntheticRun run;
        makeRun(run);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("gpu.trace.json"));
        QVERIFY(engine::writeChromeTrace(run.tracer, path.toStdString(), {"cuda:0", "cuda:1"}));

        ProfilePage page;
        QString error;
        QVERIFY2(page.openTraceFile(path, &error), qPrintable(error));
        QCOMPARE(page.tabs()->currentIndex(), 1);
        TimelineChart* timeline = page.timelineChart();
        QCOMPARE(timeline->rowCount(), 8);
        QCOMPARE(timeline->laneNames().at(1), QStringLiteral("GPU 0 stream 7"));
        // The file's spans say the same as the run's own.
        const RunTrace direct = traceFromSpans(run.tracer.spans(), 0, 21.0);
        QCOMPARE(timeline->spanCount(), int(direct.spans.size()));
        const OpSpan* kernel = firstOfKind(timeline->spans(), engine::SpanKind::Kernel);
        QVERIFY(kernel);
        QCOMPARE(kernel->op, QStringLiteral("matmul ffn_gate"));
        QCOMPARE(kernel->grid[0], 256);
        QCOMPARE(page.layerChart()->stackedMs(1), (run.kernelUsLayer[1] + 2.0) / 1000.0);
        QCOMPARE(page.categoryChart()->valueMs(OpCategory::Mlp),
                 (run.kernelUsLayer[0] + run.kernelUsLayer[1]) / 1000.0);
        QVERIFY2(page.traceNote().contains(QStringLiteral("GPU streams")), qPrintable(page.traceNote()));
        QVERIFY(page.openTraceButton());
    }

    // The Export page's trace of a run reads back as the same lanes and totals.
    void exportedTraceReadsBack()
    {
        SyntheticRun run;
        makeRun(run);
        const RunTrace direct = traceFromSpans(run.tracer.spans(), 0, 21.0);
        QString error;
        const auto back = parseTrace(traceJson(direct, {{QStringLiteral("run"), QStringLiteral("r1")}}),
                                     QStringLiteral("export"), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->spans.size(), direct.spans.size());
        TimelineChart a, b;
        a.setSpans(direct.spans);
        b.setSpans(back->spans);
        QCOMPARE(b.laneNames(), a.laneNames());
        QCOMPARE(back->summary.totalUs, direct.summary.totalUs);
        QCOMPARE(back->summary.deviceUs, direct.summary.deviceUs);
        for (int l = 0; l < 2; ++l)
            QCOMPARE(back->summary.layerUs(l), direct.summary.layerUs(l));
        const OpSpan* copy = firstOfKind(back->spans, engine::SpanKind::Memcpy);
        QVERIFY(copy);
        QCOMPARE(copy->bytes, quint64(4'000'000));
        QCOMPARE(copy->op, QStringLiteral("all-reduce"));
    }

    // The model's GPU memory counters become a line per device and kind on
    // the Memory tab, shown for runs on a GPU only.
    void gpuMemoryLineOverTheRun()
    {
        engine::Tracer tracer(16, 32);
        for (int step = 0; step < 3; ++step) {
            const int64_t t = (step + 1) * 1'000'000;  // 1, 2, 3 ms
            tracer.recordCounter(engine::Counter{"cuda:0 engine memory", 2e9, t});
            tracer.recordCounter(engine::Counter{"cuda:0 memory in use", 2.5e9 + step * 1e6, t});
            tracer.recordCounter(engine::Counter{"rss_bytes", 1e8, t});
        }
        const QVector<GpuMemorySeries> series = gpuMemorySeries(tracer.counters());
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[0].device, QStringLiteral("cuda:0"));
        QVERIFY(series[0].engine);
        QVERIFY(!series[1].engine);
        QCOMPARE(series[1].timeMs, (QVector<double>{1.0, 2.0, 3.0}));
        QCOMPARE(series[1].bytes.last(), 2.502e9);

        GpuMemoryChart chart;
        chart.setSeries(series);
        QCOMPARE(chart.lineCount(), 2);
        QVERIFY(chart.hasData());
        QCOMPARE(GpuMemoryChart::seriesName(series[1]), QStringLiteral("cuda:0 in use (driver)"));

        ProfilePage page;
        RunResult run;
        run.trace.gpuMemory = series;
        page.showResult(run);
        QVERIFY(!page.gpuMemoryChart()->isHidden());
        QCOMPARE(page.gpuMemoryChart()->lineCount(), 2);
        page.showResult(RunResult{});
        QVERIFY(page.gpuMemoryChart()->isHidden());
    }

    void badTraceFilesAreRefused()
    {
        QTemporaryDir dir;
        const QString notJson = dir.filePath(QStringLiteral("a.json"));
        QFile f(notJson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"traceEvents\": [");
        f.close();
        QString error;
        QVERIFY(!readTraceFile(notJson, &error));
        QVERIFY2(error.contains(QStringLiteral("not valid JSON")), qPrintable(error));
        QVERIFY(!parseTrace("{\"x\": 1}", QStringLiteral("b.json"), &error));
        QVERIFY(error.contains(QStringLiteral("traceEvents")));
        QVERIFY(!parseTrace("{\"traceEvents\": []}", QStringLiteral("c.json"), &error));
        QVERIFY(error.contains(QStringLiteral("no timed spans")));
        QVERIFY(!readTraceFile(dir.filePath(QStringLiteral("missing.json")), &error));
        ProfilePage page;
        QVERIFY(!page.openTraceFile(notJson, &error));
    }
};

QTEST_MAIN(TestGpuTimeline)
#include "tst_gpu_timeline.moc"
