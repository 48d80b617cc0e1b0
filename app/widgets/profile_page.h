#pragma once
// ProfilePage: where the time of the current (or last) run went: TTFT and
// throughput numbers, per-token latency against position, and the inter-token
// latency histogram. Live while a run streams (batches arrive at most every
// ~50 ms, so the charts redraw at most that often).
#include <QVector>
#include <QWidget>

#include "app/bridge/engine_types.h"

class HistogramChart;
class LatencyChart;
class QLabel;

class ProfilePage : public QWidget {
    Q_OBJECT
public:
    explicit ProfilePage(QWidget* parent = nullptr);

    LatencyChart* latencyChart() const { return m_latency; }
    HistogramChart* histogramChart() const { return m_histogram; }

public slots:
    void runStarted();
    void appendTokens(const TokenBatch& batch);
    void showResult(const RunResult& result);

private:
    enum Metric { Ttft, Prefill, Decode, ItlP50, ItlP99, Tpot, Tokens, MetricCount };
    void refreshCharts();
    void setMetric(Metric metric, const QString& value);

    LatencyChart* m_latency;
    HistogramChart* m_histogram;
    QLabel* m_values[MetricCount] = {};
    QLabel* m_source;
    QVector<double> m_latencies;
};
