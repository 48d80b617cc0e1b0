#pragma once
// GpuMemoryChart: each GPU's memory over a traced run, one line for what the
// driver counts as in use (cudaMemGetInfo) and one, dashed, for what the
// engine allocated there (weights, workspace, KV shard); the gap between them
// is the CUDA context, the libraries' workspaces and anything else on the GPU.
#include <QVector>

#include "app/bridge/run_data.h"
#include "app/charts/chart_widget.h"

class GpuMemoryChart : public ChartWidget {
    Q_OBJECT
public:
    explicit GpuMemoryChart(QWidget* parent = nullptr);

    void setSeries(const QVector<GpuMemorySeries>& series);
    int lineCount() const { return graphCount(); }
    // The legend name of a series ("cuda:0 in use (driver)").
    static QString seriesName(const GpuMemorySeries& series);

protected:
    void restyle() override;

private:
    QVector<GpuMemorySeries> m_series;
};
