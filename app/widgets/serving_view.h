#pragma once
// ServingView: the Profile page's tab for a serving run (a workload replayed
// through the batching scheduler): the latency summaries in one line, the
// distributions of the requests' TTFT and end-to-end latency, the output
// throughput per batch size and the sequences per pass over time.
#include <QWidget>

#include "app/bridge/engine_types.h"

class BatchThroughputChart;
class ConcurrencyChart;
class HistogramChart;
class QLabel;

class ServingView : public QWidget {
    Q_OBJECT
public:
    explicit ServingView(QWidget* parent = nullptr);

    // Shows `run`'s serving results; a run without them empties the charts.
    void showRun(const RunResult& run);
    QString summary() const;

    HistogramChart* ttftChart() const { return m_ttft; }
    HistogramChart* e2eChart() const { return m_e2e; }
    BatchThroughputChart* batchChart() const { return m_batch; }
    ConcurrencyChart* concurrencyChart() const { return m_concurrency; }

private:
    QLabel* m_summary;
    HistogramChart* m_ttft;
    HistogramChart* m_e2e;
    BatchThroughputChart* m_batch;
    ConcurrencyChart* m_concurrency;
};
