#include "app/charts/sweep_metric_chart.h"

SweepMetricChart::SweepMetricChart(QWidget* parent) : ChartWidget(parent)
{
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->setTickLabelRotation(30);
    xAxis->grid()->setVisible(false);
    setToolTip(tr("The chosen metric of every sweep point: the bar is the mean over the repetitions, the whisker "
                  "its 95 % interval. Bars whose whiskers overlap are not shown to differ."));
}

void SweepMetricChart::setBars(const QVector<MetricBar>& bars, const QString& metricLabel)
{
    m_bars = bars;
    clearPlottables();
    setAxisLabels(QString(), metricLabel);
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->clear();
    if (!bars.isEmpty()) {
        auto* series = new QCPBars(xAxis, yAxis);
        series->setName(metricLabel);
        series->setWidth(0.6);
        const QColor color = palette().color(QPalette::Highlight);
        series->setPen(QPen(color.darker(130)));
        series->setBrush(color);
        auto* errors = new QCPErrorBars(xAxis, yAxis);
        errors->setName(tr("95 % interval"));
        errors->setDataPlottable(series);
        QVector<double> halfWidths;
        for (int i = 0; i < bars.size(); ++i) {
            series->addData(i, bars.at(i).mean);
            halfWidths.append(bars.at(i).ci95);
            ticker->addTick(i, bars.at(i).label);
        }
        errors->setData(halfWidths);
    }
    legend->setVisible(false);
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}
