#pragma once
// The charts of a serving run (a workload replayed through the batching
// scheduler): output throughput against the number of sequences a forward
// pass served, and the sequences in each pass over the run's time.
#include <QVector>

#include "app/bridge/serving_data.h"
#include "app/charts/chart_widget.h"

// One bar per batch size that occurred: the output tokens of the passes of
// that size over their summed time. Batching pays when the bars grow with the
// size (a pass over more sequences costs little more than over one).
class BatchThroughputChart : public ChartWidget {
    Q_OBJECT
public:
    explicit BatchThroughputChart(QWidget* parent = nullptr);

    void setServing(const ServingResult& serving);
    int barCount() const { return int(m_rows.size()); }

protected:
    void restyle() override;

private:
    void draw();

    QVector<BatchThroughput> m_rows;
};

// Sequences served by each forward pass against the time it ended: how full
// the batches were while the requests arrived and left.
class ConcurrencyChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ConcurrencyChart(QWidget* parent = nullptr);

    void setServing(const ServingResult& serving);
    int pointCount() const;

protected:
    void restyle() override;

private:
    QCPGraph* m_sequences;
};
