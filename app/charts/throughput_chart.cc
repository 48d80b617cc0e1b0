#include "app/charts/throughput_chart.h"

#include <algorithm>

#include "app/charts/chart_style.h"

ThroughputChart::ThroughputChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Time since the request began (s)"), tr("Decode throughput (tok/s)"));
    m_steps = addGraph();
    m_steps->setName(tr("Per decode step"));
    m_steps->setLineStyle(QCPGraph::lsNone);
    m_average = addGraph();
    m_average->setName(tr("Running average"));
    restyle();
    setPlaceholder(tr("Run a generation to see its decode throughput over time."));
    setToolTip(tr("Dots: the rate of each decode step, 1000 / its inter-token latency in ms. Line: the decode "
                  "throughput so far, tokens after the first / time since the first token."));
}

void ThroughputChart::setLatencies(const QVector<double>& latenciesMs)
{
    // Seconds on the axis, or milliseconds for a run shorter than two seconds.
    double totalMs = 0.0;
    for (double l : latenciesMs)
        totalMs += l;
    const bool inMs = totalMs < 2000.0;
    const double unit = inMs ? 1.0 : 1000.0;
    xAxis->setLabel(inMs ? tr("Time since the request began (ms)") : tr("Time since the request began (s)"));
    QVector<double> t;
    QVector<double> step;
    QVector<double> average;
    double elapsedMs = latenciesMs.isEmpty() ? 0.0 : latenciesMs.first();
    const double firstMs = elapsedMs;
    m_finalAverage = 0.0;
    for (qsizetype i = 1; i < latenciesMs.size(); ++i) {
        const double l = latenciesMs.at(i);
        elapsedMs += l;
        t.append(elapsedMs / unit);
        step.append(l > 0.0 ? 1000.0 / l : 0.0);
        const double span = elapsedMs - firstMs;
        m_finalAverage = span > 0.0 ? 1000.0 * double(i) / span : 0.0;
        average.append(m_finalAverage);
    }
    m_steps->setData(t, step, true);
    m_average->setData(t, average, true);
    legend->setVisible(!t.isEmpty());
    double top = 0.0;
    for (double v : step)
        top = std::max(top, v);
    setHomeRanges(QCPRange(0.0, std::max(totalMs / unit, 1e-3) * 1.02), QCPRange(0.0, top > 0.0 ? top * 1.08 : 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}

void ThroughputChart::restyle()
{
    // The dots lighter than the line in either theme, both readable on the background.
    const QColor color = theme().ink(categoryColor(ChartCategory::Latency));
    QColor dots = theme().fill(color, 150);
    m_steps->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, dots, dots, 4));
    m_average->setPen(QPen(color, 2));
}

int ThroughputChart::pointCount() const
{
    return m_average->dataCount();
}
