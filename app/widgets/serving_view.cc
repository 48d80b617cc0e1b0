#include "app/widgets/serving_view.h"

#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/charts/histogram_chart.h"
#include "app/charts/serving_charts.h"

ServingView::ServingView(QWidget* parent) : QWidget(parent)
{
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ttft = new HistogramChart;
    m_ttft->setQuantity(tr("Time to first token (ms)"), tr("Requests"), tr("TTFT"),
                        tr("Replay a workload (Run page: workload preset or file) to see how its requests' time to "
                           "first token is distributed."));
    m_e2e = new HistogramChart;
    m_e2e->setQuantity(tr("End-to-end latency (ms)"), tr("Requests"), tr("e2e latency"),
                       tr("Replay a workload (Run page: workload preset or file) to see how its requests' "
                          "end-to-end latency is distributed."));
    m_batch = new BatchThroughputChart;
    m_concurrency = new ConcurrencyChart;

    auto* top = new QSplitter;
    top->addWidget(m_ttft);
    top->addWidget(m_e2e);
    auto* bottom = new QSplitter;
    bottom->addWidget(m_batch);
    bottom->addWidget(m_concurrency);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    showRun({});
}

void ServingView::showRun(const RunResult& run)
{
    const ServingResult& s = run.serving;
    m_ttft->setSamples(s.ttfts());
    m_e2e->setSamples(s.e2es());
    m_batch->setServing(s);
    m_concurrency->setServing(s);
    if (!run.isServing()) {
        m_summary->setText(tr("This run generated from one prompt. Choose a workload preset or file on the Run page "
                              "to replay many requests through the batching scheduler and see their latencies and "
                              "the throughput per batch size here."));
        return;
    }
    const QLocale locale;
    const auto ms = [&locale](double v) { return locale.toString(v, 'f', 2); };
    m_summary->setText(
        tr("%1: %2 requests, %3 batching (at most %4 sequences). TTFT p50 %5 ms / p99 %6 ms; end-to-end p50 %7 ms "
           "/ p99 %8 ms; %9 output tok/s, %10 requests/s over %11 ms.")
            .arg(s.workload)
            .arg(s.requests.size())
            .arg(s.policy)
            .arg(s.maxSequences)
            .arg(ms(s.ttftMs.p50), ms(s.ttftMs.p99), ms(s.e2eMs.p50), ms(s.e2eMs.p99),
                 locale.toString(s.outputTokPerS, 'f', 1), locale.toString(s.requestsPerS, 'f', 2),
                 locale.toString(s.wallMs, 'f', 1)));
}

QString ServingView::summary() const
{
    return m_summary->text();
}
