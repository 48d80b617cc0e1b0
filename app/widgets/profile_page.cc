#include "app/widgets/profile_page.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "app/bridge/engine_types.h"
#include "app/bridge/engine_client.h"
#include "app/bridge/quality_policy.h"
#include "app/bridge/trace_file.h"
#include "app/charts/breakdown_chart.h"
#include "app/charts/gpu_memory_chart.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"
#include "app/charts/memory_chart.h"
#include "app/charts/throughput_chart.h"
#include "app/charts/timeline_chart.h"
#include "app/models/latency_stats.h"
#include "app/models/run_history.h"
#include "app/models/tensor_table_model.h"
#include "app/widgets/serving_view.h"

namespace {

// One bar for the run, or one per device when the model was split: each
// device's weights, KV shard (used / free) and workspace.
QVector<MemoryBar> memoryBars(const RunResult& result)
{
    const MemoryBreakdown& m = result.memory;
    if (!m.isValid())
        return {};
    if (m.devices.size() < 2)
        return {{result.label(), m}};
    QVector<MemoryBar> bars;
    for (const DeviceUsage& d : m.devices) {
        MemoryBreakdown part;
        part.weightsBytes = d.weightsBytes;
        part.kvAllocatedBytes = d.kvAllocatedBytes;
        part.kvUsedBytes = d.kvUsedBytes;
        part.activationsBytes = d.workspaceBytes;
        bars.append({d.name, part});
    }
    return bars;
}

// Where the peak resident memory comes from: the run alone, or (older
// records) the whole process since it started.
QString peakRssSentence(const MemoryBreakdown& m)
{
    if (m.peakRssBytes == 0)
        return ProfilePage::tr("The run's peak resident memory is unknown on this system.");
    if (m.peakRssMethod == QLatin1String("hwm"))
        return ProfilePage::tr("Peak resident memory during this run: %1 (the kernel's high-water mark, reset when "
                               "the run began; the whole workbench process, Qt included).")
            .arg(formatBytes(m.peakRssBytes));
    if (m.peakRssMethod == QLatin1String("sampled"))
        return ProfilePage::tr("Peak resident memory during this run: at least %1 (the largest reading sampled per "
                               "layer and token; this system cannot reset the kernel's high-water mark, so a "
                               "shorter spike may be missed).")
            .arg(formatBytes(m.peakRssBytes));
    return ProfilePage::tr("The process's peak resident memory was %1 (recorded before runs were measured one by "
                           "one: the whole process's high-water mark, not this run's).")
        .arg(formatBytes(m.peakRssBytes));
}

// The KLD tile: the value, "measuring…" while the run's quality pass goes on, or a dash.
QString kldText(const QualityMetrics& quality)
{
    if (quality.measured())
        return QLocale().toString(quality.meanKld, 'g', 3);
    return quality.pending() ? ProfilePage::tr("measuring…") : QStringLiteral("–");
}

QLabel* noteLabel()
{
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

ProfilePage::ProfilePage(QWidget* parent) : QWidget(parent)
{
    m_source = new QLabel(tr("No run yet: start one on the Run page (Ctrl+R)."));
    m_source->setWordWrap(true);
    m_cancelledNote = noteLabel();
    m_cancelledNote->setVisible(false);
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &ProfilePage::refreshCharts);

    m_tabs = new QTabWidget;
    m_tabs->addTab(createLatencyTab(), tr("Latency"));
    m_tabs->addTab(createOpsTab(), tr("Ops"));
    m_tabs->addTab(createMemoryTab(), tr("Memory && quality"));
    m_serving = new ServingView;
    m_tabs->addTab(m_serving, tr("Serving"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createMetrics());
    layout->addWidget(m_cancelledNote);
    layout->addWidget(m_source);
    layout->addWidget(m_tabs, 1);
}

QWidget* ProfilePage::createMetrics()
{
    struct MetricText {
        const char* title;
        const char* toolTip;
    };
    const MetricText metrics[MetricCount] = {
        {QT_TR_NOOP("TTFT"), QT_TR_NOOP("Time to first token: request start to the first generated token "
                                        "(tokenize, prefill the prompt, sample).")},
        {QT_TR_NOOP("Prefill"), QT_TR_NOOP("Prompt tokens processed per second in the prefill forward pass.")},
        {QT_TR_NOOP("Decode"), QT_TR_NOOP("Generated tokens per second after the first: decode steps / decode time.")},
        {QT_TR_NOOP("ITL p50"), QT_TR_NOOP("Median inter-token latency: the gap between consecutive tokens.")},
        {QT_TR_NOOP("ITL p99"), QT_TR_NOOP("99th percentile of the inter-token latency.")},
        {QT_TR_NOOP("TPOT"), QT_TR_NOOP("Time per output token: (e2e - TTFT) / (tokens - 1).")},
        {QT_TR_NOOP("Tokens"), QT_TR_NOOP("Generated tokens (prompt tokens in brackets).")},
        {QT_TR_NOOP("Memory"), QT_TR_NOOP("Weights + KV cache + activations (estimate) of the run's model.")},
        {QT_TR_NOOP("KLD"), QT_TR_NOOP("Mean KL divergence of the next-token distributions from the model without "
                                       "the profile, over a short evaluation text (runs with a profile only).")},
    };
    auto* numbers = new QFrame;
    numbers->setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(numbers);
    for (int m = 0; m < MetricCount; ++m) {
        auto* title = new QLabel(tr(metrics[m].title));
        title->setToolTip(tr(metrics[m].toolTip));
        m_values[m] = new QLabel(QStringLiteral("–"));
        m_values[m]->setToolTip(tr(metrics[m].toolTip));
        QFont f = m_values[m]->font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        f.setBold(true);
        m_values[m]->setFont(f);
        grid->addWidget(title, 0, m);
        grid->addWidget(m_values[m], 1, m);
    }
    return numbers;
}

QWidget* ProfilePage::createLatencyTab()
{
    m_latency = new LatencyChart;
    m_histogram = new HistogramChart;
    m_throughput = new ThroughputChart;
    auto* bottom = new QSplitter;
    bottom->addWidget(m_histogram);
    bottom->addWidget(m_throughput);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_latency);
    splitter->addWidget(bottom);
    return splitter;
}

QWidget* ProfilePage::createOpsTab()
{
    m_timeline = new TimelineChart;
    m_layers = new LayerTimeChart;
    m_categories = new CategoryTimeChart;
    m_traceNote = noteLabel();
    m_traceNote->setText(tr("The op timeline and the time per layer and category fill in while a run goes on "
                            "and are final when it finishes. Wheel: zoom the time axis; drag: pan; double-click: the whole run; hover a bar for the "
                            "op's name, layer and duration; right-click any chart to save it as PNG or PDF."));
    m_openTrace = new QPushButton(tr("Open trace…"));
    m_openTrace->setToolTip(tr("Show a saved Chrome trace (exported from a run, with its CPU threads and GPU "
                               "streams) on this timeline"));
    connect(m_openTrace, &QPushButton::clicked, this, &ProfilePage::chooseTraceFile);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(m_traceNote, 1);
    noteRow->addWidget(m_openTrace, 0, Qt::AlignTop);
    auto* bottom = new QSplitter;
    bottom->addWidget(m_layers);
    bottom->addWidget(m_categories);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_timeline);
    splitter->addWidget(bottom);
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(noteRow);
    layout->addWidget(splitter, 1);
    return tab;
}

QWidget* ProfilePage::createMemoryTab()
{
    m_memory = new MemoryChart;
    m_gpuMemory = new GpuMemoryChart;
    m_gpuMemory->setVisible(false);  // runs on a GPU only
    m_memoryNote = noteLabel();
    m_qualityNote = noteLabel();
    m_qualityNote->setText(tr("Quality against the unoptimised model is measured for runs made with a profile."));
    m_measureQuality = new QPushButton(tr("Measure quality anyway"));
    m_measureQuality->setVisible(false);
    connect(m_measureQuality, &QPushButton::clicked, this, &ProfilePage::measureQualityAnyway);
    auto* qualityRow = new QHBoxLayout;
    qualityRow->addWidget(m_qualityNote, 1);
    qualityRow->addWidget(m_measureQuality, 0, Qt::AlignTop);
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_memory, 1);
    layout->addWidget(m_gpuMemory, 1);
    layout->addWidget(m_memoryNote);
    layout->addLayout(qualityRow);
    return tab;
}

void ProfilePage::setMetric(Metric metric, const QString& value)
{
    m_values[metric]->setText(value);
}

bool ProfilePage::refreshPending() const
{
    return m_refresh->isActive();
}

void ProfilePage::runStarted()
{
    m_job = 0;
    m_latencies.clear();
    for (QLabel* v : m_values)
        v->setText(QStringLiteral("–"));
    m_source->setText(tr("Run in progress..."));
    m_refresh->stop();
    refreshCharts();
    // The ops and memory of the previous run would pass for this one's.
    m_timeline->clear();
    m_layers->setSummary({});
    m_categories->setSummary({});
    m_memory->setBars({});
    m_gpuMemory->setSeries({});
    m_gpuMemory->setVisible(false);
    m_serving->showRun({});
    m_traceNote->setText(tr("The op timeline and the time per layer and category fill in while the run goes on."));
    m_memoryNote->clear();
    m_qualityNote->clear();
    m_measureQuality->setVisible(false);
    m_cancelledNote->setVisible(false);
}

void ProfilePage::appendTokens(const TokenBatch& batch)
{
    // Tokens of another job: a run started elsewhere (a teaching preset) began.
    if (batch.job != m_job) {
        if (m_job != 0 || !m_latencies.isEmpty())
            runStarted();
        m_job = batch.job;
    }
    for (const TokenEvent& t : batch.tokens)
        m_latencies.append(t.latencyMs);
    if (!m_latencies.isEmpty())
        setMetric(Ttft, tr("%1 ms").arg(QLocale().toString(m_latencies.first(), 'f', 2)));
    setMetric(Tokens, QString::number(m_latencies.size()));
    if (batch.trace)
        showLiveTrace(*batch.trace);
    scheduleRefresh();
}

void ProfilePage::showLiveTrace(const RunTrace& trace)
{
    m_timeline->setSpans(trace.spans, trace.spans.isEmpty() ? 0 : trace.droppedSpans);
    m_layers->setSummary(trace.summary);
    m_categories->setSummary(trace.summary);
    m_traceNote->setText(tr("Live: %1 ops so far; the final trace replaces this view when the run finishes.")
                             .arg(QLocale().toString(trace.summary.spanCount)));
}

void ProfilePage::scheduleRefresh()
{
    // Coalesce: however many batches arrive, at most one redraw per interval.
    if (!m_refresh->isActive())
        m_refresh->start();
}

void ProfilePage::refreshCharts()
{
    m_latency->setLatencies(m_latencies);
    m_histogram->setSamples(m_latencies.size() > 1 ? m_latencies.mid(1) : QVector<double>{});
    m_throughput->setLatencies(m_latencies);
    const LatencyStats s = latencyStats(m_latencies);
    const QLocale locale;
    if (s.count > 0) {
        setMetric(ItlP50, tr("%1 ms").arg(locale.toString(s.p50Ms, 'f', 3)));
        setMetric(ItlP99, tr("%1 ms").arg(locale.toString(s.p99Ms, 'f', 3)));
        setMetric(Tpot, tr("%1 ms").arg(locale.toString(s.tpotMs, 'f', 3)));
    }
}

void ProfilePage::showResult(const RunResult& result)
{
    if (!result.cancelled) {
        m_hasComplete = true;
        m_lastComplete = result;
        m_cancelledNote->setVisible(false);
        showRun(result);
        return;
    }
    // The cancelled run's partial numbers would pass for a result: it is kept
    // in the history (Compare page) and named here, while the numbers below
    // stay those of the last complete run.
    QString what = tr("Run %1 was cancelled after %n generated token(s); it is kept in the history as cancelled.",
                      nullptr, int(result.tokens.size()))
                       .arg(result.id.left(8));
    if (m_hasComplete && m_lastComplete.id != result.id) {
        what += QLatin1Char(' ') + tr("The numbers below are those of the last complete run, %1.")
                                       .arg(m_lastComplete.id.left(8));
        showRun(m_lastComplete);
    } else {
        what += QLatin1Char(' ') + tr("There is no complete run to show: below is what the cancelled run measured.");
        showRun(result);
    }
    m_cancelledNote->setText(QStringLiteral("<b>%1</b>").arg(what.toHtmlEscaped()));
    m_cancelledNote->setVisible(true);
}

void ProfilePage::showStoredRun(const RunResult& run)
{
    if (!run.cancelled) {
        showResult(run);
        return;
    }
    // Opened on purpose (from the history): shown, and named for what it is.
    showRun(run);
    m_cancelledNote->setText(
        QStringLiteral("<b>%1</b>")
            .arg(tr("Run %1 was cancelled after %n generated token(s): the numbers below are what it measured before "
                    "it stopped, not a complete run.",
                    nullptr, int(run.tokens.size()))
                     .arg(run.id.left(8))
                     .toHtmlEscaped()));
    m_cancelledNote->setVisible(true);
}

QString ProfilePage::cancelledNote() const
{
    return m_cancelledNote->isHidden() ? QString() : m_cancelledNote->text();
}

QString ProfilePage::memoryNote() const
{
    return m_memoryNote->text();
}

QString ProfilePage::qualityNote() const
{
    return m_qualityNote->text();
}

void ProfilePage::showRun(const RunResult& result)
{
    m_shown = result;
    m_refresh->stop();
    m_job = result.job;
    m_latencies = result.latenciesMs;
    refreshCharts();
    const QLocale locale;
    // A run cancelled before its first token has no TTFT (not 0 ms).
    setMetric(Ttft, result.tokens.isEmpty() && !result.isServing() ? QStringLiteral("–") : tr("%1 ms").arg(locale.toString(result.ttftMs, 'f', 2)));
    // A cancelled run has no complete prefill / decode rates: none are shown (not the last run's).
    setMetric(Prefill, result.cancelled ? QStringLiteral("–")
                                        : tr("%1 tok/s").arg(locale.toString(result.prefillTokPerS, 'f', 1)));
    setMetric(Decode, result.cancelled ? QStringLiteral("–")
                                       : tr("%1 tok/s").arg(locale.toString(result.decodeTokPerS, 'f', 1)));
    setMetric(Tokens, tr("%1 generated, %2 prompt")
                          .arg(result.isServing() ? result.serving.outputTokens : qint64(result.tokens.size()))
                          .arg(result.promptTokens));
    if (result.isServing()) {
        // Pooled over the workload's requests (the per-token charts are of one request's stream).
        setMetric(ItlP50, tr("%1 ms").arg(locale.toString(result.serving.itlMs.p50, 'f', 3)));
        setMetric(ItlP99, tr("%1 ms").arg(locale.toString(result.serving.itlMs.p99, 'f', 3)));
        setMetric(Tpot, tr("%1 ms").arg(locale.toString(result.serving.tpotMs.mean, 'f', 3)));
    }
    setMetric(Memory, result.memory.isValid() ? formatBytes(result.memory.totalBytes()) : QStringLiteral("–"));
    setMetric(Kld, kldText(result.quality));
    m_source->setText(tr("Run %1: %2 on %3, %4, %5.")
                          .arg(result.id.left(8), result.modelName, result.device, result.sampling.describe(),
                               result.cancelled ? tr("cancelled") : tr("stop: %1").arg(stopReasonLabel(result.stopReason))));
    showTrace(result);
    showMemoryAndQuality(result);
    m_serving->showRun(result);
    if (result.isServing())
        m_tabs->setCurrentWidget(m_serving);
}

void ProfilePage::showTraceCharts(const RunTrace& trace)
{
    m_timeline->setSpans(trace.spans, trace.spans.isEmpty() ? 0 : trace.droppedSpans);
    m_layers->setSummary(trace.summary);
    m_categories->setSummary(trace.summary);
}

// How much of the run the ops took and, with GPU work, how much of it was on the GPU.
QString ProfilePage::traceSummaryText(const RunTrace& trace) const
{
    const QLocale locale;
    QString text = tr("%1 ops took %2 ms of the run's %3 ms (the rest: tokenizing, callbacks, bookkeeping).")
                       .arg(locale.toString(trace.summary.spanCount))
                       .arg(locale.toString(trace.summary.totalUs / 1000.0, 'f', 2))
                       .arg(locale.toString(trace.wallUs / 1000.0, 'f', 2));
    if (trace.summary.deviceUs > 0.0)
        text += QLatin1Char(' ') +
                tr("%1 ms of it ran on GPU streams (kernels and copies); an op that launched GPU work counts "
                   "with its kernels' time, not its own, so nothing is counted twice.")
                    .arg(locale.toString(trace.summary.deviceUs / 1000.0, 'f', 2));
    if (trace.spans.isEmpty())
        text += QLatin1Char(' ') + tr("The timeline of a run from the history is not kept; run it again to see it.");
    else if (trace.droppedSpans > 0)
        text += QLatin1Char(' ') + tr("The timeline shows the first %1 ops.").arg(locale.toString(trace.spans.size()));
    return text;
}

void ProfilePage::showTrace(const RunResult& result)
{
    const RunTrace& trace = result.trace;
    showTraceCharts(trace);
    m_traceNote->setText(trace.isEmpty() ? tr("This run has no op trace.") : traceSummaryText(trace));
}

bool ProfilePage::openTraceFile(const QString& path, QString* error)
{
    const std::optional<RunTrace> trace = readTraceFile(path, error);
    if (!trace)
        return false;
    showTraceCharts(*trace);
    m_traceNote->setText(tr("Trace %1:").arg(QFileInfo(path).fileName()) + QLatin1Char(' ') +
                         traceSummaryText(*trace));
    m_tabs->setCurrentIndex(1);  // the Ops tab
    return true;
}

void ProfilePage::chooseTraceFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a trace"), QString(),
                                                      tr("Chrome trace (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openTraceFile(path, &error))
        QMessageBox::warning(this, tr("Cannot open the trace"), error);
}

QString ProfilePage::traceNote() const
{
    return m_traceNote->text();
}

void ProfilePage::showMemoryAndQuality(const RunResult& result)
{
    const MemoryBreakdown& m = result.memory;
    m_memory->setBars(memoryBars(result));
    m_gpuMemory->setSeries(result.trace.gpuMemory);
    m_gpuMemory->setVisible(!result.trace.gpuMemory.isEmpty());
    if (m.isValid())
        m_memoryNote->setText(tr("Weights %1, KV cache %2 allocated (%3 used by %4 positions' keys and values), "
                                 "activations about %5. %6")
                                  .arg(formatBytes(m.weightsBytes), formatBytes(m.kvAllocatedBytes),
                                       formatBytes(m.kvUsedBytes))
                                  .arg(result.promptTokens + result.tokens.size())
                                  .arg(formatBytes(m.activationsBytes), peakRssSentence(m)));
    else
        m_memoryNote->setText(tr("This run has no memory breakdown."));
    showQuality(result.quality);
}

void ProfilePage::showQuality(const QualityMetrics& q)
{
    m_qualityNote->setText(qualitySummary(q));
    const bool offer = m_engine && canMeasureQualityAnyway(q) && m_measuringRun.isEmpty();
    m_measureQuality->setVisible(offer);
    if (!offer)
        return;
    const QualityCost cost = estimateQualityCost(qualityCostInputs(m_shown, m_engine->model()));
    m_measureQuality->setText(tr("Measure quality anyway (%1)").arg(qualityCostText(cost)));
    m_measureQuality->setToolTip(tr("Loads the model as stored beside the run's model and scores %1 tokens of the "
                                    "evaluation text with both: %2. It runs on the engine thread; Cancel stops it.")
                                     .arg(kQualityEvalTokens)
                                     .arg(qualityCostText(cost)));
}

void ProfilePage::setEngine(EngineClient* engine, RunHistory* history)
{
    m_engine = engine;
    m_history = history;
    connect(engine, &EngineClient::qualityMeasured, this, &ProfilePage::onQualityMeasured);
    // A failed or cancelled measurement: offer it again.
    connect(engine, &EngineClient::stateChanged, this, [this](EngineState state) {
        if (state != EngineState::Idle || m_measuringRun.isEmpty())
            return;
        m_measuringRun.clear();
        showQuality(m_shown.quality);
    });
    connect(engine, &EngineClient::stateChanged, this, [this](EngineState state) {
        m_measureQuality->setEnabled(state == EngineState::Idle);
    });
    showQuality(m_shown.quality);
}

void ProfilePage::measureQualityAnyway()
{
    if (!m_engine || m_engine->state() != EngineState::Idle || !canMeasureQualityAnyway(m_shown.quality))
        return;
    m_measuringRun = m_shown.id;
    m_measureQuality->setVisible(false);
    m_qualityNote->setText(tr("Measuring the quality of run %1 against the model as stored...").arg(m_shown.id.left(8)));
    m_engine->measureQuality(m_shown);
}

void ProfilePage::onQualityMeasured(const QString& runId, const QualityMetrics& quality)
{
    m_measuringRun.clear();
    if (m_history)
        m_history->updateQuality(runId, quality);
    applyQuality(runId, quality);
}

void ProfilePage::applyQuality(const QString& runId, const QualityMetrics& quality)
{
    if (m_lastComplete.id == runId)
        m_lastComplete.quality = quality;
    if (m_shown.id != runId)
        return;
    m_shown.quality = quality;
    setMetric(Kld, kldText(quality));
    showQuality(quality);
}
