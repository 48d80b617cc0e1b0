#pragma once
// ProfilePage: where the time and memory of the current (or last) run went.
// Numbers across the top (TTFT, throughput, ITL, memory, KLD); tabs below:
//   Latency  per-token latency against position, the ITL histogram, throughput;
//   Ops      the op timeline, time per layer and per category;
//   Memory   the memory breakdown and the quality against the baseline.
// The latency tab is live while a run streams: token batches are coalesced and
// the charts redraw at most every kRefreshMs. The ops and memory tabs fill in
// when the run's result arrives.
#include <QVector>
#include <QWidget>

#include "app/bridge/engine_types.h"

class CategoryTimeChart;
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
    QTabWidget* tabs() const { return m_tabs; }
    // The latency charts have a redraw pending (tokens arrived since the last one).
    bool refreshPending() const;

public slots:
    void runStarted();
    void appendTokens(const TokenBatch& batch);
    void showResult(const RunResult& result);

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
    void showLiveTrace(const RunTrace& trace);
    void showMemoryAndQuality(const RunResult& result);

    LatencyChart* m_latency;
    HistogramChart* m_histogram;
    ThroughputChart* m_throughput;
    TimelineChart* m_timeline;
    LayerTimeChart* m_layers;
    CategoryTimeChart* m_categories;
    MemoryChart* m_memory;
    QTabWidget* m_tabs;
    QLabel* m_values[MetricCount] = {};
    QLabel* m_source;
    QLabel* m_traceNote;
    QLabel* m_memoryNote;
    QLabel* m_qualityNote;
    QTimer* m_refresh;
    QVector<double> m_latencies;
    quint64 m_job = 0;  // the run the streamed tokens belong to
};
