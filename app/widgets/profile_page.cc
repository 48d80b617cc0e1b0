#include "app/widgets/profile_page.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "app/bridge/engine_types.h"
#include "app/charts/breakdown_chart.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"
#include "app/charts/memory_chart.h"
#include "app/charts/throughput_chart.h"
#include "app/charts/timeline_chart.h"
#include "app/models/latency_stats.h"
#include "app/models/tensor_table_model.h"

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
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &ProfilePage::refreshCharts);

    m_tabs = new QTabWidget;
    m_tabs->addTab(createLatencyTab(), tr("Latency"));
    m_tabs->addTab(createOpsTab(), tr("Ops"));
    m_tabs->addTab(createMemoryTab(), tr("Memory && quality"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createMetrics());
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
    layout->addWidget(m_traceNote);
    layout->addWidget(splitter, 1);
    return tab;
}

QWidget* ProfilePage::createMemoryTab()
{
    m_memory = new MemoryChart;
    m_memoryNote = noteLabel();
    m_qualityNote = noteLabel();
    m_qualityNote->setText(tr("Quality against the unoptimised model is measured for runs made with a profile."));
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_memory, 1);
    layout->addWidget(m_memoryNote);
    layout->addWidget(m_qualityNote);
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
    m_traceNote->setText(tr("The op timeline and the time per layer and category fill in while the run goes on."));
    m_memoryNote->clear();
    m_qualityNote->clear();
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
    m_refresh->stop();
    m_job = result.job;
    m_latencies = result.latenciesMs;
    refreshCharts();
    const QLocale locale;
    setMetric(Ttft, tr("%1 ms").arg(locale.toString(result.ttftMs, 'f', 2)));
    // A cancelled run has no complete prefill / decode rates: none are shown (not the last run's).
    setMetric(Prefill, result.cancelled ? QStringLiteral("–")
                                        : tr("%1 tok/s").arg(locale.toString(result.prefillTokPerS, 'f', 1)));
    setMetric(Decode, result.cancelled ? QStringLiteral("–")
                                       : tr("%1 tok/s").arg(locale.toString(result.decodeTokPerS, 'f', 1)));
    setMetric(Tokens, tr("%1 generated, %2 prompt").arg(result.tokens.size()).arg(result.promptTokens));
    setMetric(Memory, result.memory.isValid() ? formatBytes(result.memory.totalBytes()) : QStringLiteral("–"));
    setMetric(Kld, result.quality.measured() ? locale.toString(result.quality.meanKld, 'g', 3) : QStringLiteral("–"));
    m_source->setText(tr("Run %1: %2 on %3, %4, %5.")
                          .arg(result.id.left(8), result.modelName, result.device, result.request.sampling.describe(),
                               result.cancelled ? tr("cancelled") : tr("stop: %1").arg(stopReasonLabel(result.stopReason))));
    showTrace(result);
    showMemoryAndQuality(result);
}

void ProfilePage::showTrace(const RunResult& result)
{
    const RunTrace& trace = result.trace;
    m_timeline->setSpans(trace.spans, trace.spans.isEmpty() ? 0 : trace.droppedSpans);
    m_layers->setSummary(trace.summary);
    m_categories->setSummary(trace.summary);
    if (trace.isEmpty()) {
        m_traceNote->setText(tr("This run has no op trace."));
        return;
    }
    const QLocale locale;
    QString text = tr("%1 ops took %2 ms of the run's %3 ms (the rest: tokenizing, callbacks, bookkeeping).")
                       .arg(locale.toString(trace.summary.spanCount))
                       .arg(locale.toString(trace.summary.totalUs / 1000.0, 'f', 2))
                       .arg(locale.toString(trace.wallUs / 1000.0, 'f', 2));
    if (trace.spans.isEmpty())
        text += QLatin1Char(' ') + tr("The timeline of a run from the history is not kept; run it again to see it.");
    else if (trace.droppedSpans > 0)
        text += QLatin1Char(' ') + tr("The timeline shows the first %1 ops.").arg(locale.toString(trace.spans.size()));
    m_traceNote->setText(text);
}

void ProfilePage::showMemoryAndQuality(const RunResult& result)
{
    const MemoryBreakdown& m = result.memory;
    m_memory->setBars(memoryBars(result));
    if (m.isValid())
        m_memoryNote->setText(tr("Weights %1, KV cache %2 allocated (%3 used by %4 positions' keys and values), "
                                 "activations about %5. The process's peak resident memory was %6 (the whole "
                                 "workbench, Qt included).")
                                  .arg(formatBytes(m.weightsBytes), formatBytes(m.kvAllocatedBytes),
                                       formatBytes(m.kvUsedBytes))
                                  .arg(result.promptTokens + result.tokens.size())
                                  .arg(formatBytes(m.activationsBytes), formatBytes(m.peakRssBytes)));
    else
        m_memoryNote->setText(tr("This run has no memory breakdown."));

    const QualityMetrics& q = result.quality;
    const QLocale locale;
    switch (q.state) {
    case QualityMetrics::State::Measured:
        m_qualityNote->setText(tr("Quality against the unoptimised model: KLD mean %1 nats (p99 %2, max %3), top-1 "
                                  "agreement %4 %, perplexity %5 vs %6 (ΔPPL %7); %8.")
                                   .arg(locale.toString(q.meanKld, 'g', 4), locale.toString(q.p99Kld, 'g', 4),
                                        locale.toString(q.maxKld, 'g', 4),
                                        locale.toString(q.top1Agreement * 100.0, 'f', 1),
                                        locale.toString(q.ppl, 'f', 3), locale.toString(q.basePpl, 'f', 3),
                                        locale.toString(q.deltaPpl, 'f', 4), q.note));
        break;
    case QualityMetrics::State::Skipped: m_qualityNote->setText(q.note); break;
    case QualityMetrics::State::NotRequested:
    case QualityMetrics::State::Count:
        m_qualityNote->setText(tr("This run used the model as stored: it is its own baseline (no profile, so no "
                                  "quality comparison)."));
        break;
    }
}
