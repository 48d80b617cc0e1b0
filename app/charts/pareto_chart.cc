#include "app/charts/pareto_chart.h"

#include <algorithm>
#include <cmath>

#include "app/charts/chart_style.h"
#include "app/models/compare_model.h"

ParetoChart::ParetoChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Mean KL divergence from the baseline (nats)"), tr("Decode throughput (tok/s)"));
    setPlaceholder(tr("Select runs with quality measurements (runs made with a profile) to place them here by "
                      "speed and quality."));
    placeLegendBelow(4);
    setRuns({});
    setToolTip(tr("Each bubble is a run: further left is closer to the unoptimised model, higher is faster, a "
                  "bigger bubble uses more memory. The dashed line is the Pareto frontier: the runs no other "
                  "selected run beats on both speed and quality."));
}

double ParetoChart::bubbleSize(quint64 memoryBytes, quint64 largestBytes)
{
    if (largestBytes == 0)
        return 12.0;
    return 8.0 + 32.0 * std::sqrt(double(memoryBytes) / double(largestBytes));
}

void ParetoChart::setRuns(const QVector<ParetoRun>& runs)
{
    m_runs = runs;
    clearGraphs();
    for (QCPItemText* label : std::as_const(m_labels))
        removeItem(label);
    m_labels.clear();

    QVector<ParetoPoint> points;
    quint64 largest = 0;
    for (const ParetoRun& r : runs) {
        points.append(ParetoPoint{r.decodeTokPerS, r.meanKld});
        largest = std::max(largest, r.memoryBytes);
    }
    m_frontier = paretoFrontier(points);

    if (m_frontier.size() > 1) {
        QCPGraph* line = addGraph();
        line->setName(tr("Pareto frontier"));
        line->setPen(QPen(theme().frontier, 1.5, Qt::DashLine));
        QVector<double> x;
        QVector<double> y;
        for (int i : m_frontier) {
            x.append(runs.at(i).meanKld);
            y.append(runs.at(i).decodeTokPerS);
        }
        line->setData(x, y, true);
    }
    for (int i = 0; i < runs.size(); ++i) {
        const ParetoRun& r = runs.at(i);
        QCPGraph* bubble = addGraph();
        bubble->setName(r.label);
        bubble->setLineStyle(QCPGraph::lsNone);
        const QColor color = seriesColor(i);
        const double size = bubbleSize(r.memoryBytes, largest);
        bubble->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, theme().edge(color), theme().fill(color, 150), size));
        bubble->addData(r.meanKld, r.decodeTokPerS);
        bubble->removeFromLegend();  // the label beside the bubble names it
        // Beside the bubble, up and to the right; flipped or shifted to stay inside the plot.
        auto* label = new QCPItemText(this);
        label->setText(r.label);
        label->setFont(font());
        label->setColor(theme().text);
        placeAnnotation(label, QPointF(r.meanKld, r.decodeTokPerS), Qt::AlignLeft | Qt::AlignBottom,
                        QMargins(int(size / 2) + 2, 0, 0, 2));
        m_labels.append(label);
    }
    if (m_recommended >= 0 && m_recommended < runs.size()) {
        const ParetoRun& r = runs.at(m_recommended);
        QCPGraph* ring = addGraph();
        ring->setName(tr("Recommended: %1").arg(r.label));
        ring->setLineStyle(QCPGraph::lsNone);
        ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(theme().good, 3), Qt::NoBrush,
                                              bubbleSize(r.memoryBytes, largest) + 10));
        ring->addData(r.meanKld, r.decodeTokPerS);
    }
    legend->setVisible(m_frontier.size() > 1 || (m_recommended >= 0 && m_recommended < runs.size()));
    // KLD starts at 0 (the baseline); a little room beside the extreme runs
    // (labels that would cross the frame flip to the other side), and a
    // visible span when every run has KLD 0.
    double maxKld = 0.0;
    double maxSpeed = 0.0;
    for (const ParetoRun& r : runs) {
        maxKld = std::max(maxKld, std::isfinite(r.meanKld) ? r.meanKld : 0.0);
        maxSpeed = std::max(maxSpeed, std::isfinite(r.decodeTokPerS) ? r.decodeTokPerS : 0.0);
    }
    const double span = maxKld > 0.0 ? maxKld : 1e-3;
    setHomeRanges(QCPRange(-0.08 * span, 1.15 * span), QCPRange(0.0, maxSpeed > 0.0 ? maxSpeed * 1.15 : 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}

void ParetoChart::setAxisTitles(const QString& x, const QString& y)
{
    setAxisLabels(x.isEmpty() ? tr("Mean KL divergence from the baseline (nats)") : x,
                  y.isEmpty() ? tr("Decode throughput (tok/s)") : y);
}

void ParetoChart::setRecommended(int index)
{
    m_recommended = index;
}

void ParetoChart::restyle()
{
    setRuns(m_runs);
}

QString ParetoChart::toCsv()
{
    QString csv = QStringLiteral("run,mean_kld,decode_tok_per_s,memory_bytes,on_frontier\n");
    for (int i = 0; i < m_runs.size(); ++i) {
        const ParetoRun& r = m_runs.at(i);
        QString name = r.label;
        name.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        csv += QStringLiteral("\"%1\",%2,%3,%4,%5\n")
                   .arg(name)
                   .arg(r.meanKld, 0, 'g', 10)
                   .arg(r.decodeTokPerS, 0, 'g', 10)
                   .arg(r.memoryBytes)
                   .arg(m_frontier.contains(i) ? 1 : 0);
    }
    return csv;
}
