#include "app/charts/breakdown_chart.h"

#include "app/charts/chart_style.h"

namespace {

QCPBars* makeBars(ChartWidget* plot, const QString& name, const QColor& category)
{
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    const QColor color = plot->theme().ink(category);
    bars->setPen(QPen(plot->theme().edge(color)));
    bars->setBrush(color);
    bars->setWidth(0.7);
    return bars;
}

}  // namespace

// ---- CategoryTimeChart ------------------------------------------------------------------

CategoryTimeChart::CategoryTimeChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(QString(), tr("Time in ops (ms)"));
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->grid()->setVisible(false);
    m_valuesMs.fill(0.0, kOpCategoryCount);
    setToolTip(tr("Wall time spent inside each category of op over the whole run (prefill, decode steps and "
                  "sampling). Weight matmuls count toward the block they compute."));
    setPlaceholder(tr("Run a generation to see the time spent in each kind of op (attention, MLP, norms, ...)."));
}

void CategoryTimeChart::restyle()
{
    setSummary(m_summary);
}

void CategoryTimeChart::setSummary(const OpTimeSummary& summary)
{
    m_summary = summary;
    clearPlottables();
    m_valuesMs.fill(0.0, kOpCategoryCount);
    QStringList labels;
    int x = 0;
    for (int c = 0; c < kOpCategoryCount; ++c) {
        const auto category = static_cast<OpCategory>(c);
        const double ms = summary.categoryTotalUs(category) / 1000.0;
        if (ms <= 0.0)
            continue;
        m_valuesMs[c] = ms;
        QCPBars* bars = makeBars(this, opCategoryName(category), categoryColor(category));
        bars->addData(x, ms);
        labels << opCategoryName(category);
        ++x;
    }
    setCategoryLabels(labels);
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}

double CategoryTimeChart::valueMs(OpCategory category) const
{
    return m_valuesMs.value(static_cast<int>(category));
}

// ---- LayerTimeChart ---------------------------------------------------------------------

LayerTimeChart::LayerTimeChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Layer"), tr("Time in ops (ms)"));
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->grid()->setVisible(false);
    placeLegendBelow(4);
    setToolTip(tr("Wall time spent in each transformer layer over the whole run, by category of op. The last bar "
                  "holds the ops outside the layers: embedding, the logits projection and sampling."));
    setPlaceholder(tr("Run a generation to see the time spent in each transformer layer."));
}

void LayerTimeChart::restyle()
{
    setSummary(m_summary);
}

void LayerTimeChart::setSummary(const OpTimeSummary& summary)
{
    m_summary = summary;
    clearPlottables();
    const int layers = summary.layerCount();
    m_bars = summary.isEmpty() ? 0 : layers + 1;
    m_totalsMs.fill(0.0, m_bars);
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->clear();
    // Label every layer when they fit, else every n-th.
    const int step = std::max(1, layers / 24);
    for (int l = 0; l < layers; l += step)
        ticker->addTick(l, QString::number(l));
    if (m_bars > 0)
        ticker->addTick(layers, tr("rest"));

    QCPBars* below = nullptr;
    for (int c = 0; c < kOpCategoryCount && m_bars > 0; ++c) {
        const auto category = static_cast<OpCategory>(c);
        QVector<double> keys;
        QVector<double> values;
        for (int l = 0; l < layers; ++l) {
            keys.append(l);
            values.append(summary.layerCategoryUs.at(l).value(c) / 1000.0);
        }
        // Outside the layers: the category's total minus its share inside them.
        double inside = 0.0;
        for (int l = 0; l < layers; ++l)
            inside += summary.layerCategoryUs.at(l).value(c);
        keys.append(layers);
        values.append(std::max(0.0, summary.categoryTotalUs(category) - inside) / 1000.0);
        bool any = false;
        for (double v : values)
            any = any || v > 0.0;
        if (!any)
            continue;
        QCPBars* bars = makeBars(this, opCategoryName(category), categoryColor(category));
        bars->setData(keys, values, true);
        if (below)
            bars->moveAbove(below);
        below = bars;
        for (int b = 0; b < m_bars; ++b)
            m_totalsMs[b] += values.at(b);
    }
    legend->setVisible(plottableCount() > 0);
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}

double LayerTimeChart::stackedMs(int bar) const
{
    return m_totalsMs.value(bar);
}
