#include "app/charts/latency_chart.h"

#include "app/charts/chart_style.h"

LatencyChart::LatencyChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Generated token position"), tr("Latency (ms)"));
    setToolTip(tr("Time between consecutive generated tokens (inter-token latency) against their position. "
                  "The first token's latency (TTFT) is reported separately."));
    setPlaceholder(tr("Run a generation to see the latency of each generated token against its position."));
}

void LatencyChart::restyle()
{
    setSeries(m_series);
}

void LatencyChart::setSeries(const QVector<LatencySeries>& series)
{
    m_series = series;
    clearGraphs();
    for (int s = 0; s < series.size(); ++s) {
        QCPGraph* graph = addGraph();
        graph->setName(series[s].name);
        const QColor color =
            theme().ink(series.size() == 1 ? categoryColor(ChartCategory::Latency) : seriesColor(s));
        graph->setPen(QPen(color, 1.5));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 4));
        QVector<double> x;
        QVector<double> y;
        const QVector<double>& l = series[s].latenciesMs;
        for (qsizetype i = 1; i < l.size(); ++i) {
            x.append(double(i));
            y.append(l[i]);
        }
        graph->setData(x, y, true);
    }
    legend->setVisible(series.size() > 1);
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}

void LatencyChart::setLatencies(const QVector<double>& latenciesMs)
{
    setSeries({LatencySeries{tr("Latency"), latenciesMs}});
}

int LatencyChart::pointCount() const
{
    int n = 0;
    for (int i = 0; i < graphCount(); ++i)
        n += graph(i)->dataCount();
    return n;
}
