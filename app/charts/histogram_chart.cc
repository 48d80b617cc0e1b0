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
    const QColor color = categoryColor(ChartCategory::Latency);
    m_bars->setPen(QPen(color.darker(130)));
    m_bars->setBrush(QColor(color.red(), color.green(), color.blue(), 150));
    m_bars->setWidthType(QCPBars::wtPlotCoords);

    const auto makeMarker = [this](QCPItemStraightLine*& line, QCPItemText*& label, const QColor& c) {
        line = new QCPItemStraightLine(this);
        line->setPen(QPen(c, 1.5, Qt::DashLine));
        label = new QCPItemText(this);
        label->setColor(c);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        line->setVisible(false);
        label->setVisible(false);
    };
    makeMarker(m_p50, m_p50Label, QColor(0x2e, 0x7d, 0x32));
    makeMarker(m_p99, m_p99Label, QColor(0xc6, 0x28, 0x28));
    setToolTip(tr("How often each inter-token latency occurred; dashed lines mark the median (p50) and the 99th "
                  "percentile (p99)."));
}

void HistogramChart::placeMarker(QCPItemStraightLine* line, QCPItemText* label, double x, const QString& text)
{
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    label->position->setCoords(x, 0.02);
    label->setText(QStringLiteral(" ") + text);
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
    placeMarker(m_p50, m_p50Label, p50, tr("p50 %1 ms").arg(p50, 0, 'f', 3));
    placeMarker(m_p99, m_p99Label, p99, tr("p99 %1 ms").arg(p99, 0, 'f', 3));
    m_p99Label->position->setCoords(p99, 0.10);  // keep the two labels apart when close
    setHomeRange();
    // The bars sit on the axis; pad the x range by one bin on each side.
    xAxis->setRange(lo - width, hi + width);
    replot(QCustomPlot::rpQueuedReplot);
}

int HistogramChart::binCount() const
{
    return m_bars->dataCount();
}
