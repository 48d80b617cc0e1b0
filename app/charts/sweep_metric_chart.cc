#include "app/charts/sweep_metric_chart.h"

SweepMetricChart::SweepMetricChart(QWidget* parent) : ChartWidget(parent)
{
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->grid()->setVisible(false);
    setToolTip(tr("The chosen metric of every sweep point: the bar is the mean over the repetitions, the whisker "
                  "its 95 % interval. Bars whose whiskers overlap are not shown to differ."));
    setPlaceholder(tr("Run a sweep (or open a sweep's results) to see the chosen metric of every point here."));
}

void SweepMetricChart::restyle()
{
    setBars(m_bars, m_metricLabel);
}

void SweepMetricChart::setBars(const QVector<MetricBar>& bars, const QString& metricLabel)
{
    m_bars = bars;
    m_metricLabel = metricLabel;
    clearPlottables();
    setAxisLabels(QString(), metricLabel);
    QStringList labels;
    for (const MetricBar& bar : bars)
        labels << bar.label;
    setCategoryLabels(labels);
    if (!bars.isEmpty()) {
        auto* series = new QCPBars(xAxis, yAxis);
        series->setName(metricLabel);
        series->setWidth(0.6);
        const QColor color = theme().ink(palette().color(QPalette::Highlight));
        series->setPen(QPen(theme().edge(color)));
        series->setBrush(color);
        auto* errors = new QCPErrorBars(xAxis, yAxis);
        errors->setName(tr("95 % interval"));
        errors->setDataPlottable(series);
        QVector<double> halfWidths;
        for (int i = 0; i < bars.size(); ++i) {
            series->addData(i, bars.at(i).mean);
            halfWidths.append(bars.at(i).ci95);
        }
        errors->setData(halfWidths);
        errors->setPen(QPen(theme().text, 1));
    }
    legend->setVisible(false);
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}
