#include "app/widgets/demos/batching_demo.h"

#include <QHBoxLayout>
#include <QVBoxLayout>

#include "app/bridge/engine_text.h"
#include "app/charts/demo_charts.h"
#include "app/widgets/demos/demo_text.h"
#include "engine/session/engine.h"
#include "engine/study/batching_study.h"

namespace {

// 16 requests of the mixed-lengths preset at half length: prompts and outputs
// of 4..64 tokens, a few seconds for all eight runs on a small model.
constexpr int32_t kRequests = 16;
constexpr double kLengthScale = 0.5;

class BatchingTask : public DemoTask {
public:
    QString run(const DemoContext& context) override
    {
        engine::BatchingStudyOptions options;
        options.workload = engine::mixedBatchingWorkload(kRequests, kLengthScale);
        options.cancel = context.cancel;
        options.onProgress = [&context](size_t done, size_t total, const std::string& what) {
            context.progress(BatchingDemo::tr("Served the workload: %1").arg(fromStd(what)),
                             double(done) / double(total));
        };
        auto study = engine::runBatchingStudy(context.engine.model(), context.engine.tokenizer(), options);
        if (!study)
            return engineErrorText(study.error());
        result = std::move(*study);
        return {};
    }

    engine::BatchingStudy result;
};

QString policyName(engine::BatchingPolicy policy)
{
    return policy == engine::BatchingPolicy::Static ? BatchingDemo::tr("Static batching")
                                                    : BatchingDemo::tr("Continuous batching");
}

}  // namespace

BatchingDemo::BatchingDemo(QWidget* parent)
    : DemoPanel(QStringLiteral("batching"), tr("Batching"), tr("Batching: throughput and latency against batch size"),
                tr("The same 16 requests of mixed prompt and output lengths arrive together and are served with at "
                   "most 1, 2, 4 or 8 sequences per forward pass. One pass reads every weight once whatever the "
                   "number of sequences in it, so larger batches usually give more tokens per second (left; on a "
                   "tiny model whose weights fit in the cache the gain is small and the machine's load shows). Static "
                   "batching waits for the longest request of a batch before starting the next, leaving slots "
                   "idle; continuous batching refills a slot as soon as a request finishes, so it serves the same "
                   "requests sooner (right: mean time from arrival to the last token)."),
                parent)
{
    m_throughput = new SeriesChart;
    m_throughput->setObjectName(QStringLiteral("batchingThroughput"));
    m_throughput->setLogX(true);
    m_throughput->setAxisLabels(tr("Batch size (sequences)"), tr("Output throughput (tok/s)"));
    m_latency = new SeriesChart;
    m_latency->setObjectName(QStringLiteral("batchingLatency"));
    m_latency->setLogX(true);
    m_latency->setAxisLabels(tr("Batch size (sequences)"), tr("Mean request latency, e2e (ms)"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_throughput);
    row->addWidget(m_latency);
    contentLayout()->addLayout(row, 1);
}

DemoTaskPtr BatchingDemo::makeTask()
{
    return std::make_shared<BatchingTask>();
}

void BatchingDemo::showResult(DemoTask& task)
{
    const engine::BatchingStudy& study = static_cast<BatchingTask&>(task).result;
    QVector<ChartSeries> throughput;
    QVector<ChartSeries> latency;
    QVector<double> ticks;
    for (const engine::BatchingPoint& p : study.points) {
        const QString name = policyName(p.policy);
        if (throughput.isEmpty() || throughput.last().name != name) {
            throughput.append(ChartSeries{name, {}, {}});
            latency.append(ChartSeries{name, {}, {}});
        }
        throughput.last().x.append(p.batchSize);
        throughput.last().y.append(p.outputTokPerS);
        latency.last().x.append(p.batchSize);
        latency.last().y.append(p.e2eMeanMs);
        if (!ticks.contains(p.batchSize))
            ticks.append(p.batchSize);
    }
    m_throughput->setSeries(throughput, ticks);
    m_latency->setSeries(latency, ticks);
}
