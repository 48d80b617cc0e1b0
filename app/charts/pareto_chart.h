#pragma once
// ParetoChart: runs in the speed / quality plane. x: mean KL divergence from
// the unoptimised baseline (lower is better), y: decode tok/s (higher is
// better), bubble area: the run's memory (weights + KV cache + activations).
// The Pareto frontier (paretoFrontier in compare_model.h) joins the runs no
// other run beats on both axes.
#include <QVector>

#include "app/charts/chart_widget.h"

struct ParetoRun {
    QString label;
    double decodeTokPerS = 0.0;
    double meanKld = 0.0;  // nats; 0 for the baseline itself
    quint64 memoryBytes = 0;
};

class ParetoChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ParetoChart(QWidget* parent = nullptr);

    void setRuns(const QVector<ParetoRun>& runs);
    // Other quantities on the axes (x lower is better, y higher is better),
    // e.g. p99 TTFT and output tok/s for a serving sweep; empty: the defaults.
    void setAxisTitles(const QString& x, const QString& y);
    // Run `index` of the next setRuns ringed and named "recommended" in the legend; -1: none.
    void setRecommended(int index);
    int recommended() const { return m_recommended; }
    int pointCount() const { return static_cast<int>(m_runs.size()); }
    // Indices into the runs given to setRuns, by increasing KLD.
    const QVector<int>& frontier() const { return m_frontier; }
    // Bubble diameter in pixels for a run's memory (8 px up to 40 px, area ~ memory).
    static double bubbleSize(quint64 memoryBytes, quint64 largestBytes);

    QString toCsv() override;
    // The run labels beside the bubbles, in the order of the runs.
    const QVector<QCPItemText*>& pointLabels() const { return m_labels; }

protected:
    void restyle() override;

private:
    QVector<ParetoRun> m_runs;
    QVector<int> m_frontier;
    QVector<QCPItemText*> m_labels;
    int m_recommended = -1;
};
