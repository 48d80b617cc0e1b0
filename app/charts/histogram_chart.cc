#include "app/charts/histogram_chart.h"

#include <algorithm>
#include <cmath>

#include "app/charts/chart_style.h"
#include "app/models/latency_stats.h"

HistogramChart::HistogramChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Inter-token latency (ms)"), tr("Tokens"));
    // Counts are whole numbers: ticks at multiples of 1, 2, 5, 10, ...
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    yAxis->setTicker(ticker);
    m_bars = new QCPBars(xAxis, yAxis);
    m_bars->setName(tr("ITL"));
    m_bars->setWidthType(QCPBars::wtPlotCoords);

    const auto makeMarker = [this](QCPItemStraightLine*& line, QCPItemText*& label) {
        line = new QCPItemStraightLine(this);
        label = new QCPItemText(this);
        label->setFont(font());
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        line->setVisible(false);
        label->setVisible(false);
    };
    makeMarker(m_p50, m_p50Label);
    makeMarker(m_p99, m_p99Label);
    restyle();
    setPlaceholder(tr("Run a generation to see how its inter-token latencies are distributed."));
    setToolTip(tr("How often each inter-token latency occurred; dashed lines mark the median (p50) and the 99th "
                  "percentile (p99)."));
}

void HistogramChart::restyle()
{
    const QColor color = categoryColor(ChartCategory::Latency);
    m_bars->setPen(QPen(theme().edge(color)));
    m_bars->setBrush(theme().fill(color, 150));
    m_p50->setPen(QPen(theme().good, 1.5, Qt::DashLine));
    m_p50Label->setColor(theme().good);
    m_p99->setPen(QPen(theme().bad, 1.5, Qt::DashLine));
    m_p99Label->setColor(theme().bad);
}

void HistogramChart::placeMarker(QCPItemStraightLine* line, QCPItemText* label, double x, const QString& text,
                                 int row)
{
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    label->setText(text);
    // Right of the line, in its row from the top; left of it when it would leave the plot.
    const int rowHeight = QFontMetrics(label->font()).height() + 2;
    placeAnnotation(label, QPointF(x, 0.0), Qt::AlignLeft | Qt::AlignTop, QMargins(4, 4 + row * rowHeight, 4, 0));
    line->setVisible(true);
    label->setVisible(true);
}

void HistogramChart::setSamples(const QVector<double>& itlMs)
{
    if (itlMs.isEmpty()) {
        m_bars->data()->clear();
        for (QCPAbstractItem* item : {static_cast<QCPAbstractItem*>(m_p50), static_cast<QCPAbstractItem*>(m_p99),
                                      static_cast<QCPAbstractItem*>(m_p50Label),
                                      static_cast<QCPAbstractItem*>(m_p99Label)})
            item->setVisible(false);
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    QVector<double> sorted = itlMs;
    std::sort(sorted.begin(), sorted.end());
    const double lo = sorted.first();
    const double hi = sorted.last();
    // sqrt(n) bins, at most 40, over the observed range.
    const int bins = std::clamp(int(std::ceil(std::sqrt(double(sorted.size())))), 1, 40);
    const double width = hi > lo ? (hi - lo) / bins : std::max(lo * 0.05, 1e-3);
    QVector<double> keys(bins);
    QVector<double> counts(bins, 0.0);
    for (int b = 0; b < bins; ++b)
        keys[b] = lo + (b + 0.5) * width;
    for (double v : sorted)
        counts[std::min(bins - 1, int((v - lo) / width))] += 1.0;
    m_bars->setWidth(width * 0.9);
    m_bars->setData(keys, counts, true);

    const double p50 = percentile(sorted, 0.50);
    const double p99 = percentile(sorted, 0.99);
    // Two rows, so the labels stay apart when the percentiles are close.
    placeMarker(m_p50, m_p50Label, p50, tr("p50 %1 ms").arg(p50, 0, 'f', 3), 0);
    placeMarker(m_p99, m_p99Label, p99, tr("p99 %1 ms").arg(p99, 0, 'f', 3), 1);
    setHomeRange();
    // The bars sit on the axis; pad the x range by one bin on each side.
    xAxis->setRange(lo - width, hi + width);
    replot(QCustomPlot::rpQueuedReplot);
}

void HistogramChart::setQuantity(const QString& axisLabel, const QString& countLabel, const QString& seriesName,
                                 const QString& placeholder)
{
    setAxisLabels(axisLabel, countLabel);
    m_bars->setName(seriesName);
    setPlaceholder(placeholder);
    setToolTip(tr("How often each %1 occurred; dashed lines mark the median (p50) and the 99th percentile (p99).")
                   .arg(seriesName));
}

int HistogramChart::binCount() const
{
    return m_bars->dataCount();
}
