#include "app/charts/serving_charts.h"

#include <algorithm>

#include "app/charts/chart_style.h"

BatchThroughputChart::BatchThroughputChart(QWidget* parent) : ChartWidget(parent)
{
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->grid()->setVisible(false);
    setToolTip(tr("Output tokens per second of the forward passes that served each number of sequences: their "
                  "generated tokens over their summed time. The label under each bar says how many passes it "
                  "pools."));
    setPlaceholder(tr("Replay a workload (Run page: workload preset or file) to see the throughput per batch "
                      "size."));
}

void BatchThroughputChart::restyle()
{
    draw();
}

void BatchThroughputChart::setServing(const ServingResult& serving)
{
    m_rows = serving.throughputByBatch();
    draw();
}

void BatchThroughputChart::draw()
{
    clearPlottables();
    setAxisLabels(tr("Sequences in the forward pass"), tr("Output throughput (tok/s)"));
    QStringList labels;
    for (const BatchThroughput& row : m_rows)
        labels << tr("%1 (%n passes)", nullptr, row.passes).arg(row.sequences);
    setCategoryLabels(labels);
    if (!m_rows.isEmpty()) {
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setName(tr("Output tok/s"));
        bars->setWidth(0.6);
        const QColor color = categoryColor(ChartCategory::Latency);
        bars->setPen(QPen(theme().edge(color)));
        bars->setBrush(theme().fill(color, 170));
        for (int i = 0; i < m_rows.size(); ++i)
            bars->addData(i, m_rows.at(i).outputTokPerS);
    }
    legend->setVisible(false);
    setHomeRange();
    replot(QCustomPlot::rpQueuedReplot);
}

ConcurrencyChart::ConcurrencyChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Time since the workload began (ms)"), tr("Sequences in the pass"));
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    yAxis->setTicker(ticker);
    m_sequences = addGraph();
    m_sequences->setName(tr("Sequences per pass"));
    m_sequences->setLineStyle(QCPGraph::lsStepLeft);
    restyle();
    setToolTip(tr("How many sequences each forward pass served, at the time it ended: the batch filling as "
                  "requests arrive and emptying as they finish."));
    setPlaceholder(tr("Replay a workload (Run page: workload preset or file) to see how full its batches "
                      "were over time."));
}

void ConcurrencyChart::restyle()
{
    m_sequences->setPen(QPen(theme().ink(categoryColor(ChartCategory::Kv)), 1.5));
}

void ConcurrencyChart::setServing(const ServingResult& serving)
{
    QVector<double> t;
    QVector<double> n;
    double top = 1.0;
    for (const ServingPass& p : serving.passes) {
        t.append(p.endMs);
        n.append(p.sequences);
        top = std::max(top, double(p.sequences));
    }
    m_sequences->setData(t, n, true);
    legend->setVisible(false);
    const double end = t.isEmpty() ? 1.0 : std::max(t.last(), 1e-3);
    setHomeRanges(QCPRange(0.0, end * 1.02), QCPRange(0.0, top + 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}

int ConcurrencyChart::pointCount() const
{
    return m_sequences->dataCount();
}
