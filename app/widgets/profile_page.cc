#include "app/widgets/profile_page.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"
#include "app/models/latency_stats.h"

ProfilePage::ProfilePage(QWidget* parent) : QWidget(parent)
{
    struct MetricText {
        const char* title;
        const char* toolTip;
    };
    const MetricText metrics[MetricCount] = {
        {QT_TR_NOOP("TTFT"), QT_TR_NOOP("Time to first token: request start to the first generated token "
                                        "(tokenize, prefill the prompt, sample).")},
        {QT_TR_NOOP("Prefill"), QT_TR_NOOP("Prompt tokens processed per second in the prefill forward pass.")},
        {QT_TR_NOOP("Decode"), QT_TR_NOOP("Generated tokens per second after the first: decode steps / decode time.")},
        {QT_TR_NOOP("ITL p50"), QT_TR_NOOP("Median inter-token latency: the gap between consecutive tokens.")},
        {QT_TR_NOOP("ITL p99"), QT_TR_NOOP("99th percentile of the inter-token latency.")},
        {QT_TR_NOOP("TPOT"), QT_TR_NOOP("Time per output token: (e2e - TTFT) / (tokens - 1).")},
        {QT_TR_NOOP("Tokens"), QT_TR_NOOP("Generated tokens (prompt tokens in brackets).")},
    };
    auto* numbers = new QFrame;
    numbers->setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(numbers);
    for (int m = 0; m < MetricCount; ++m) {
        auto* title = new QLabel(tr(metrics[m].title));
        title->setToolTip(tr(metrics[m].toolTip));
        m_values[m] = new QLabel(QStringLiteral("–"));
        m_values[m]->setToolTip(tr(metrics[m].toolTip));
        QFont f = m_values[m]->font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        f.setBold(true);
        m_values[m]->setFont(f);
        grid->addWidget(title, 0, m);
        grid->addWidget(m_values[m], 1, m);
    }
    m_source = new QLabel(tr("No run yet: start one on the Run page (Ctrl+R)."));
    m_source->setWordWrap(true);

    m_latency = new LatencyChart;
    m_histogram = new HistogramChart;
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_latency);
    splitter->addWidget(m_histogram);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(numbers);
    layout->addWidget(m_source);
    layout->addWidget(splitter, 1);
}

void ProfilePage::setMetric(Metric metric, const QString& value)
{
    m_values[metric]->setText(value);
}

void ProfilePage::runStarted()
{
    m_latencies.clear();
    for (QLabel* v : m_values)
        v->setText(QStringLiteral("–"));
    m_source->setText(tr("Run in progress..."));
    refreshCharts();
}

void ProfilePage::appendTokens(const TokenBatch& batch)
{
    for (const TokenEvent& t : batch.tokens)
        m_latencies.append(t.latencyMs);
    if (!m_latencies.isEmpty())
        setMetric(Ttft, tr("%1 ms").arg(QLocale().toString(m_latencies.first(), 'f', 2)));
    setMetric(Tokens, QString::number(m_latencies.size()));
    refreshCharts();
}

void ProfilePage::refreshCharts()
{
    m_latency->setLatencies(m_latencies);
    m_histogram->setSamples(m_latencies.size() > 1 ? m_latencies.mid(1) : QVector<double>{});
    const LatencyStats s = latencyStats(m_latencies);
    const QLocale locale;
    if (s.count > 0) {
        setMetric(ItlP50, tr("%1 ms").arg(locale.toString(s.p50Ms, 'f', 3)));
        setMetric(ItlP99, tr("%1 ms").arg(locale.toString(s.p99Ms, 'f', 3)));
        setMetric(Tpot, tr("%1 ms").arg(locale.toString(s.tpotMs, 'f', 3)));
    }
}

void ProfilePage::showResult(const RunResult& result)
{
    m_latencies = result.latenciesMs;
    refreshCharts();
    const QLocale locale;
    setMetric(Ttft, tr("%1 ms").arg(locale.toString(result.ttftMs, 'f', 2)));
    if (!result.cancelled) {
        setMetric(Prefill, tr("%1 tok/s").arg(locale.toString(result.prefillTokPerS, 'f', 1)));
        setMetric(Decode, tr("%1 tok/s").arg(locale.toString(result.decodeTokPerS, 'f', 1)));
    }
    setMetric(Tokens, tr("%1 (%2)").arg(result.tokens.size()).arg(result.promptTokens));
    m_source->setText(tr("Run %1: %2 on %3, %4, %5.")
                          .arg(result.id.left(8), result.modelName, result.device, result.request.sampling.describe(),
                               result.cancelled ? tr("cancelled") : tr("stop: %1").arg(result.stopReason)));
}
