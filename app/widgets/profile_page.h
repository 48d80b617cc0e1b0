#pragma once
// ProfilePage: where the time and memory of the current (or last) run went.
// Numbers across the top (TTFT, throughput, ITL, memory, KLD); tabs below:
//   Latency  per-token latency against position, the ITL histogram, throughput;
//   Ops      the op timeline (CPU threads, and GPU streams for a run on a GPU),
//            time per layer and per category; a saved Chrome trace can be opened here;
//   Memory   the memory breakdown, each GPU's memory over the run, and the
//            quality against the baseline;
//   Serving  a workload run's TTFT / e2e distributions and throughput per batch size.
// The latency tab is live while a run streams: token batches are coalesced and
// the charts redraw at most every kRefreshMs. The ops and memory tabs fill in
// when the run's result arrives.
#include <QVector>
#include <QWidget>

#include "app/bridge/engine_types.h"

class CategoryTimeChart;
class EngineClient;
class GpuMemoryChart;
class QPushButton;
class RunHistory;
class ServingView;
class HistogramChart;
class LatencyChart;
class LayerTimeChart;
class MemoryChart;
class QLabel;
class QTabWidget;
class QTimer;
class ThroughputChart;
class TimelineChart;

class ProfilePage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 50;

    explicit ProfilePage(QWidget* parent = nullptr);

    LatencyChart* latencyChart() const { return m_latency; }
    HistogramChart* histogramChart() const { return m_histogram; }
    ThroughputChart* throughputChart() const { return m_throughput; }
    TimelineChart* timelineChart() const { return m_timeline; }
    LayerTimeChart* layerChart() const { return m_layers; }
    CategoryTimeChart* categoryChart() const { return m_categories; }
    MemoryChart* memoryChart() const { return m_memory; }
    GpuMemoryChart* gpuMemoryChart() const { return m_gpuMemory; }
    QTabWidget* tabs() const { return m_tabs; }
    ServingView* servingView() const { return m_serving; }
    // The latency charts have a redraw pending (tokens arrived since the last one).
    bool refreshPending() const;
    // For "Measure quality anyway": the engine that measures and the history
    // that keeps the result. Without them the action is not offered.
    void setEngine(EngineClient* engine, RunHistory* history);
    // The run whose numbers are shown: the last complete one when the latest was cancelled.
    const RunResult& shownRun() const { return m_shown; }
    QString cancelledNote() const;
    QString memoryNote() const;
    QString qualityNote() const;
    QPushButton* measureQualityButton() const { return m_measureQuality; }
    QPushButton* openTraceButton() const { return m_openTrace; }
    QString traceNote() const;

public slots:
    void runStarted();
    void appendTokens(const TokenBatch& batch);
    // The newest run. A cancelled run is announced but never replaces the last
    // complete run's numbers.
    void showResult(const RunResult& result);
    // A run opened from the history: shown as it is, a cancelled one labelled as such.
    void showStoredRun(const RunResult& run);
    // "Measure quality anyway" for the shown run (the button's action).
    void measureQualityAnyway();
    // A saved Chrome trace (the Export page's or the CLI's, CPU threads and
    // GPU streams) on the Ops tab. False with the reason in `error` when it
    // cannot be read; the shown run's numbers stay as they were.
    bool openTraceFile(const QString& path, QString* error = nullptr);
    // The "Open trace…" button: asks for a file, reports a bad one in a dialog.
    void chooseTraceFile();
    // The quality of run `runId` arrived (a run's second stage, or a
    // measurement asked for later): shown when that run is on the page.
    void applyQuality(const QString& runId, const QualityMetrics& quality);

private:
    enum Metric { Ttft, Prefill, Decode, ItlP50, ItlP99, Tpot, Tokens, Memory, Kld, MetricCount };
    QWidget* createMetrics();
    QWidget* createLatencyTab();
    QWidget* createOpsTab();
    QWidget* createMemoryTab();
    void scheduleRefresh();
    void refreshCharts();
    void setMetric(Metric metric, const QString& value);
    void showTrace(const RunResult& result);
    void showTraceCharts(const RunTrace& trace);
    QString traceSummaryText(const RunTrace& trace) const;
    void showLiveTrace(const RunTrace& trace);
    void showMemoryAndQuality(const RunResult& result);
    void showRun(const RunResult& result);
    void showQuality(const QualityMetrics& quality);
    void onQualityMeasured(const QString& runId, const QualityMetrics& quality);

    LatencyChart* m_latency;
    HistogramChart* m_histogram;
    ThroughputChart* m_throughput;
    TimelineChart* m_timeline;
    LayerTimeChart* m_layers;
    CategoryTimeChart* m_categories;
    MemoryChart* m_memory;
    GpuMemoryChart* m_gpuMemory;
    ServingView* m_serving;
    QTabWidget* m_tabs;
    QLabel* m_values[MetricCount] = {};
    QLabel* m_source;
    QLabel* m_traceNote;
    QLabel* m_memoryNote;
    QLabel* m_qualityNote;
    QLabel* m_cancelledNote;
    QPushButton* m_measureQuality;
    QPushButton* m_openTrace;
    EngineClient* m_engine = nullptr;
    RunHistory* m_history = nullptr;
    RunResult m_shown;
    bool m_hasComplete = false;
    RunResult m_lastComplete;
    QString m_measuringRun;  // id of the run whose quality is being measured
    QTimer* m_refresh;
    QVector<double> m_latencies;
    quint64 m_job = 0;  // the run the streamed tokens belong to
};
