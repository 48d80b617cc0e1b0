#include "app/charts/sweep_metric_chart.h"

#include <QHelpEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 4);
}

QString csvText(QString text)
{
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

// The 5-stop perceptual ramp (dark blue -> teal -> yellow), readable on light
// and dark backgrounds and by most colour-blind readers.
QCPColorGradient rampGradient(bool higherBetter)
{
    QCPColorGradient g;
    g.setColorStopAt(0.0, QColor(0x44, 0x01, 0x54));
    g.setColorStopAt(0.25, QColor(0x3b, 0x52, 0x8b));
    g.setColorStopAt(0.5, QColor(0x21, 0x91, 0x8c));
    g.setColorStopAt(0.75, QColor(0x5e, 0xc9, 0x62));
    g.setColorStopAt(1.0, QColor(0xfd, 0xe7, 0x25));
    g.setNanHandling(QCPColorGradient::nhTransparent);
    // The bright end is always the better one.
    return higherBetter ? g : g.inverted();
}

}  // namespace

// ---- line chart ---------------------------------------------------------------

SweepMetricChart::SweepMetricChart(QWidget* parent) : ChartWidget(parent)
{
    xAxis->grid()->setVisible(false);
    placeLegendBelow(4);
    setToolTip(tr("The chosen metric at each value of the knob: the dot is the mean over the repetitions, the "
                  "whisker its 95 % interval. The best point is filled; ringed points are within the noise of the "
                  "best, so the sweep does not show them to be worse."));
    setPlaceholder(tr("Run a sweep over one knob (or resume one from its results file) to see the chosen metric "
                      "against the knob's values here, with its 95 % interval."));
    setData({});
}

int SweepMetricChart::pointCount() const
{
    int n = 0;
    for (int x = 0; x < m_data.xValues.size() && x < m_data.cells.size(); ++x)
        n += m_data.cells.at(x).measured ? 1 : 0;
    return n;
}

void SweepMetricChart::restyle()
{
    setData(m_data);
}

void SweepMetricChart::setData(const SweepGridData& data)
{
    m_data = data;
    clearPlottables();
    setAxisLabels(data.xKnob, data.metric);
    QStringList labels;
    for (int x = 0; x < data.xValues.size(); ++x) {
        const SweepCell* c = x < data.cells.size() ? &data.cells.at(x) : nullptr;
        labels << (c && !c->measured && !c->note.isEmpty() ? data.xValues.at(x) + QStringLiteral(" (") + c->note + QLatin1Char(')')
                                                            : data.xValues.at(x));
    }
    setCategoryLabels(labels);
    legend->setVisible(false);
    if (pointCount() > 0) {
        const QColor color = theme().ink(seriesColor(0));
        auto* line = new QCPGraph(xAxis, yAxis);
        line->setName(data.metric);
        line->setPen(QPen(color, 2));
        line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, theme().background, 7));
        auto* errors = new QCPErrorBars(xAxis, yAxis);
        errors->setName(tr("95 % interval"));
        errors->setPen(QPen(theme().text, 1));
        errors->setDataPlottable(line);
        auto* best = new QCPGraph(xAxis, yAxis);
        best->setName(tr("best"));
        best->setLineStyle(QCPGraph::lsNone);
        best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, theme().edge(theme().good), theme().good, 11));
        auto* tied = new QCPGraph(xAxis, yAxis);
        tied->setName(tr("within the noise of the best"));
        tied->setLineStyle(QCPGraph::lsNone);
        tied->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(theme().good, 2), Qt::NoBrush, 13));
        QVector<double> halfWidths;
        for (int x = 0; x < data.xValues.size() && x < data.cells.size(); ++x) {
            const SweepCell& c = data.cells.at(x);
            if (!c.measured)
                continue;
            line->addData(x, c.mean);
            halfWidths.append(c.ci95);
            if (c.best)
                best->addData(x, c.mean);
            if (c.withinNoise)
                tied->addData(x, c.mean);
        }
        errors->setData(halfWidths);
        if (tied->dataCount() == 0)
            tied->removeFromLegend();
        legend->setVisible(true);
    }
    // Room for the whiskers and half a category either side.
    double low = 0.0, high = 0.0;
    bool any = false;
    for (const SweepCell& c : data.cells)
        if (c.measured) {
            low = any ? std::min(low, c.mean - c.ci95) : c.mean - c.ci95;
            high = any ? std::max(high, c.mean + c.ci95) : c.mean + c.ci95;
            any = true;
        }
    const double pad = any && high > low ? 0.1 * (high - low) : std::max(1.0, std::abs(high) * 0.1);
    setHomeRanges(QCPRange(-0.5, std::max<double>(0.5, data.xValues.size() - 0.5)),
                  QCPRange(std::min(0.0, low - pad), high + pad));
    replot(QCustomPlot::rpQueuedReplot);
}

QString SweepMetricChart::toCsv()
{
    // The metric's column holds its mean; ci95 is the half-width of its 95 % interval.
    QString csv = QStringLiteral("%1,%2,ci95,best,within_noise_of_best\n").arg(csvText(m_data.xKnob), csvText(m_data.metric));
    for (int x = 0; x < m_data.xValues.size() && x < m_data.cells.size(); ++x) {
        const SweepCell& c = m_data.cells.at(x);
        if (c.measured)
            csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                       .arg(csvText(m_data.xValues.at(x)), number(c.mean), number(c.ci95))
                       .arg(c.best ? 1 : 0)
                       .arg(c.withinNoise ? 1 : 0);
    }
    return csv;
}

// ---- heat map -----------------------------------------------------------------

SweepHeatMap::SweepHeatMap(QWidget* parent) : ChartWidget(parent)
{
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    setToolTip(tr("The chosen metric for every pair of the first two knobs' values (the third knob fixed at the "
                  "chosen value): the brighter the cell, the better. The framed cell is the best; cells marked ≈ "
                  "are within the noise of the best."));
    setPlaceholder(tr("Run a sweep over two knobs (or resume one from its results file) to see the chosen metric "
                      "for every pair of their values here."));
    setData({});
}

void SweepHeatMap::clearMap()
{
    for (QCPAbstractItem* item : std::as_const(m_items))
        removeItem(item);
    m_items.clear();
    m_texts.clear();
    if (m_scale) {
        plotLayout()->take(m_scale);
        plotLayout()->simplify();
        delete m_scale;
        m_scale = nullptr;
    }
}

bool SweepHeatMap::hasData()
{
    return std::any_of(m_data.cells.begin(), m_data.cells.end(), [](const SweepCell& c) { return c.measured; });
}

void SweepHeatMap::restyle()
{
    setData(m_data);
}

QCPItemRect* SweepHeatMap::addCellRect(int x, int y, double inset)
{
    auto* rect = new QCPItemRect(this);
    rect->topLeft->setCoords(x - 0.5 + inset, y + 0.5 - inset);
    rect->bottomRight->setCoords(x + 0.5 - inset, y - 0.5 + inset);
    m_items.append(rect);
    return rect;
}

void SweepHeatMap::setData(const SweepGridData& data)
{
    m_data = data;
    clearMap();
    const int nx = int(data.xValues.size()), ny = int(data.yValues.size());
    setAxisLabels(data.xKnob, data.yKnob);
    setCategoryLabels(data.xValues);
    auto yTicker = QSharedPointer<QCPAxisTickerText>::create();
    for (int y = 0; y < ny; ++y)
        yTicker->addTick(y, data.yValues.at(y));
    yAxis->setTicker(yTicker);
    if (!hasData() || nx == 0 || ny == 0 || data.cells.size() != nx * ny) {
        setHomeRanges(QCPRange(-0.5, 0.5), QCPRange(-0.5, 0.5));
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    double low = 0.0, high = 0.0;
    bool first = true;
    for (const SweepCell& c : data.cells) {
        if (!c.measured)
            continue;
        low = first ? c.mean : std::min(low, c.mean);
        high = first ? c.mean : std::max(high, c.mean);
        first = false;
    }
    if (high <= low)
        high = low + std::max(1e-9, std::abs(low) * 1e-3);
    const QCPRange range(low, high);
    QCPColorGradient gradient = rampGradient(data.higherBetter);  // color() is not const
    m_scale = new QCPColorScale(this);
    plotLayout()->addElement(0, 1, m_scale);  // beside the data, never over it
    m_scale->setType(QCPAxis::atRight);
    m_scale->setGradient(gradient);
    m_scale->setDataRange(range);
    m_scale->axis()->setLabel(data.metric + (data.higherBetter ? tr(" (higher is better)") : tr(" (lower is better)")));
    m_scale->axis()->setLabelColor(theme().text);
    m_scale->axis()->setTickLabelColor(theme().text);
    m_scale->axis()->setBasePen(QPen(theme().axis));
    m_scale->axis()->setTickPen(QPen(theme().axis));
    m_scale->axis()->setSubTickPen(QPen(theme().axis));
    auto* margins = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    // Fills first, then frames and texts on top of them.
    for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x) {
            const SweepCell& c = data.at(x, y);
            QCPItemRect* fill = addCellRect(x, y, 0.0);
            fill->setPen(QPen(theme().background, 2));
            fill->setBrush(c.measured ? QBrush(QColor::fromRgb(gradient.color(c.mean, range)))
                                      : QBrush(theme().grid, Qt::BDiagPattern));
        }
    for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x) {
            const SweepCell& c = data.at(x, y);
            if (c.best || c.withinNoise) {
                QCPItemRect* frame = addCellRect(x, y, 0.06);
                frame->setPen(QPen(theme().text, c.best ? 3 : 1.5, c.best ? Qt::SolidLine : Qt::DashLine));
                frame->setBrush(Qt::NoBrush);
            }
            auto* text = new QCPItemText(this);
            text->position->setCoords(x, y);
            text->setPositionAlignment(Qt::AlignCenter);
            text->setFont(font());
            if (c.measured) {
                text->setText(number(c.mean) + (c.withinNoise ? QStringLiteral(" \u2248") : QString()));
                // Dark text on the bright end of the ramp, light text on the dark end.
                text->setColor(qGray(gradient.color(c.mean, range)) > 140 ? QColor(Qt::black) : QColor(Qt::white));
            } else {
                text->setText(c.note.isEmpty() ? QStringLiteral("\u2013") : c.note);
                text->setColor(theme().text);
            }
            m_items.append(text);
            m_texts.append(text);
        }
    setHomeRanges(QCPRange(-0.5, nx - 0.5), QCPRange(-0.5, ny - 0.5));
    replot(QCustomPlot::rpQueuedReplot);
}

QStringList SweepHeatMap::cellTexts() const
{
    QStringList out;
    for (const QCPItemText* t : m_texts)
        out << t->text();
    return out;
}

QString SweepHeatMap::toCsv()
{
    QString csv = QStringLiteral("%1,%2,%3,ci95,best,within_noise_of_best\n")
                      .arg(csvText(m_data.xKnob), csvText(m_data.yKnob), csvText(m_data.metric));
    for (int y = 0; y < m_data.yValues.size(); ++y)
        for (int x = 0; x < m_data.xValues.size(); ++x) {
            if (m_data.cells.size() != qsizetype(m_data.xValues.size()) * m_data.yValues.size())
                return csv;
            const SweepCell& c = m_data.at(x, y);
            if (c.measured)
                csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                           .arg(csvText(m_data.xValues.at(x)), csvText(m_data.yValues.at(y)), number(c.mean),
                                number(c.ci95))
                           .arg(c.best ? 1 : 0)
                           .arg(c.withinNoise ? 1 : 0);
        }
    return csv;
}

// A cell's tool tip: its point and what it measured (or why it was not).
bool SweepHeatMap::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && hasData()) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int x = int(std::lround(xAxis->pixelToCoord(help->pos().x())));
        const int y = int(std::lround(yAxis->pixelToCoord(help->pos().y())));
        if (x >= 0 && y >= 0 && x < m_data.xValues.size() && y < m_data.yValues.size()) {
            const SweepCell& c = m_data.at(x, y);
            QString tip = c.tip;
            if (c.measured)
                tip += QStringLiteral("\n%1 = %2 \u00b1 %3").arg(m_data.metric, number(c.mean), number(c.ci95));
            QToolTip::showText(help->globalPos(), tip, this);
            return true;
        }
    }
    return ChartWidget::event(event);
}
