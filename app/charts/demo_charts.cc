#include "app/charts/demo_charts.h"

#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "app/charts/chart_style.h"

SeriesChart::SeriesChart(QWidget* parent) : ChartWidget(parent)
{
    legend->setVisible(true);
}

void SeriesChart::setLogX(bool log)
{
    m_logX = log;
    xAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
}

void SeriesChart::setSeries(const QVector<ChartSeries>& series, const QVector<double>& ticks)
{
    m_series = series;
    clearGraphs();
    const QCPScatterStyle::ScatterShape shapes[] = {QCPScatterStyle::ssDisc, QCPScatterStyle::ssSquare,
                                                    QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
                                                    QCPScatterStyle::ssCross};
    double top = 0.0;
    double left = 0.0;
    double right = 1.0;
    bool first = true;
    for (int i = 0; i < series.size(); ++i) {
        const ChartSeries& s = series.at(i);
        QCPGraph* graph = addGraph();
        graph->setName(s.name);
        const QColor color = seriesColor(i);
        graph->setPen(QPen(color, 2));
        graph->setScatterStyle(QCPScatterStyle(shapes[i % 5], color, 7));
        graph->setData(s.x, s.y);
        for (int k = 0; k < s.x.size(); ++k) {
            top = std::max(top, s.y.at(k));
            left = first ? s.x.at(k) : std::min(left, s.x.at(k));
            right = first ? s.x.at(k) : std::max(right, s.x.at(k));
            first = false;
        }
    }
    if (ticks.isEmpty()) {
        xAxis->setTicker(m_logX ? QSharedPointer<QCPAxisTicker>(QSharedPointer<QCPAxisTickerLog>::create())
                                : QSharedPointer<QCPAxisTicker>::create());
    } else {
        auto text = QSharedPointer<QCPAxisTickerText>::create();
        for (double t : ticks)
            text->addTick(t, QString::number(t));
        xAxis->setTicker(text);
    }
    // Room for the markers at both ends; a log axis pads by a factor.
    const QCPRange x = m_logX ? QCPRange(left / 1.3, right * 1.3)
                              : QCPRange(left - (right - left) * 0.05 - 1e-9, right + (right - left) * 0.05 + 1e-9);
    setHomeRanges(x, QCPRange(0.0, top > 0.0 ? top * 1.12 : 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}

LabelledBars::LabelledBars(QWidget* parent) : ChartWidget(parent)
{
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->setTickLabelRotation(30);
    xAxis->grid()->setVisible(false);
    connect(this, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const int i = int(std::lround(xAxis->pixelToCoord(event->position().x())));
        if (i >= 0 && i < m_bars.size() && !m_bars.at(i).tip.isEmpty())
            QToolTip::showText(event->globalPosition().toPoint(), m_bars.at(i).tip, this);
    });
}

void LabelledBars::setBars(const QVector<LabelledBar>& bars, const QString& valueLabel, const QColor& color)
{
    m_bars = bars;
    clearPlottables();
    yAxis->setLabel(valueLabel);
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->clear();
    double top = 0.0;
    if (!bars.isEmpty()) {
        auto* series = new QCPBars(xAxis, yAxis);
        series->setName(valueLabel);
        series->setWidth(0.65);
        const QColor fill = color.isValid() ? color : palette().color(QPalette::Highlight);
        series->setPen(QPen(fill.darker(130)));
        series->setBrush(fill);
        for (int i = 0; i < bars.size(); ++i) {
            series->addData(i, bars.at(i).value);
            ticker->addTick(i, bars.at(i).label);
            top = std::max(top, bars.at(i).value);
        }
    }
    legend->setVisible(false);
    setHomeRanges(QCPRange(-0.6, std::max<double>(bars.size(), 1) - 0.4), QCPRange(0.0, top > 0.0 ? top * 1.12 : 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}
