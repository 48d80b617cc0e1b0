#include "app/charts/memory_chart.h"

#include "app/charts/chart_style.h"

MemoryChart::MemoryChart(QWidget* parent) : ChartWidget(parent)
{
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->grid()->setVisible(false);
    setToolTip(tr("Memory of a run: the weights as the model holds them, the KV cache (the part holding the "
                  "run's tokens and the part allocated but unused) and the activations (an estimate: the forward "
                  "pass's scratch buffers for the widest pass, the prompt, plus one row of logits)."));
    placeLegendBelow(4);
    setPlaceholder(tr("Run a generation to see its memory: weights, KV cache and activations."));
}

void MemoryChart::restyle()
{
    setBars(m_bars);
}

void MemoryChart::setBars(const QVector<MemoryBar>& bars)
{
    m_bars = bars;
    clearPlottables();
    m_series.clear();
    quint64 largest = 0;
    for (const MemoryBar& b : bars)
        largest = std::max(largest, b.memory.totalBytes());
    QString unitName;
    if (largest >= (1ull << 30)) {
        m_unit = double(1ull << 30);
        unitName = tr("GiB");
    } else if (largest >= (1ull << 20)) {
        m_unit = double(1ull << 20);
        unitName = tr("MiB");
    } else {
        m_unit = 1024.0;
        unitName = tr("KiB");
    }
    setAxisLabels(QString(), tr("Memory (%1)").arg(unitName));

    QStringList names;
    for (const MemoryBar& b : bars)
        names << b.name;
    setCategoryLabels(names);
    QCPBars* below = nullptr;
    for (int p = 0; p < static_cast<int>(MemoryPart::Count) && !bars.isEmpty(); ++p) {
        const auto part = static_cast<MemoryPart>(p);
        auto* series = new QCPBars(xAxis, yAxis);
        series->setName(memoryPartName(part));
        const QColor color = theme().ink(memoryPartColor(part));
        series->setPen(QPen(theme().edge(color)));
        series->setBrush(color);
        series->setWidth(bars.size() > 1 ? 0.6 : 0.4);
        for (int i = 0; i < bars.size(); ++i)
            series->addData(i, double(memoryPartBytes(bars.at(i).memory, part)) / m_unit);
        if (below)
            series->moveAbove(below);
        below = series;
        m_series.append(series);
    }
    legend->setVisible(!bars.isEmpty());
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}

double MemoryChart::partBytes(int bar, MemoryPart part) const
{
    const int p = static_cast<int>(part);
    if (p >= m_series.size())
        return 0.0;
    const QCPBars* series = m_series.at(p);
    if (bar < 0 || bar >= series->dataCount())
        return 0.0;
    return series->data()->at(bar)->value * m_unit;
}
