#include "app/charts/gpu_memory_chart.h"

#include <algorithm>

#include "app/charts/chart_style.h"

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
}  // namespace

GpuMemoryChart::GpuMemoryChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Time since the run began (ms)"), tr("GPU memory (GiB)"));
    setPlaceholder(tr("A traced run on a GPU shows each GPU's memory over the run here."));
    setToolTip(tr("Solid: memory in use on the GPU by the driver's count (cudaMemGetInfo). Dashed: what the engine "
                  "allocated there (weights, workspace, its KV shard). The gap is the CUDA context, the libraries' "
                  "workspaces and any other process on the GPU."));
}

QString GpuMemoryChart::seriesName(const GpuMemorySeries& series)
{
    return series.engine ? tr("%1 allocated by the engine").arg(series.device)
                         : tr("%1 in use (driver)").arg(series.device);
}

void GpuMemoryChart::setSeries(const QVector<GpuMemorySeries>& series)
{
    m_series = series;
    clearGraphs();
    double endMs = 0.0, top = 0.0;
    for (const GpuMemorySeries& s : m_series) {
        QCPGraph* line = addGraph();
        line->setName(seriesName(s));
        QVector<double> gib;
        gib.reserve(s.bytes.size());
        for (double b : s.bytes) {
            gib.append(b / kGiB);
            top = std::max(top, b / kGiB);
        }
        line->setData(s.timeMs, gib, true);
        if (!s.timeMs.isEmpty())
            endMs = std::max(endMs, s.timeMs.last());
    }
    restyle();
    legend->setVisible(!m_series.isEmpty());
    setHomeRanges(QCPRange(0.0, std::max(endMs, 1e-3) * 1.02), QCPRange(0.0, top > 0.0 ? top * 1.1 : 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}

void GpuMemoryChart::restyle()
{
    // One colour per device; the engine's line dashed in the same colour.
    QStringList devices;
    for (int i = 0; i < graphCount() && i < m_series.size(); ++i) {
        const GpuMemorySeries& s = m_series.at(i);
        if (!devices.contains(s.device))
            devices.append(s.device);
        QPen pen(theme().ink(seriesColor(int(devices.indexOf(s.device)))), 2);
        if (s.engine)
            pen.setStyle(Qt::DashLine);
        graph(i)->setPen(pen);
    }
}
