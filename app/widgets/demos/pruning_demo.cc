#include "app/widgets/demos/pruning_demo.h"

#include <QHBoxLayout>
#include <QVBoxLayout>

#include <map>

#include "app/bridge/engine_text.h"
#include "app/charts/demo_charts.h"
#include "app/widgets/demos/demo_text.h"
#include "engine/session/engine.h"
#include "engine/study/pruning_study.h"

namespace {

class PruningTask : public DemoTask {
public:
    QString run(const DemoContext& context) override
    {
        QString error;
        engine::PruningStudyOptions options;
        options.evalTokens = demoEvalTokens(context.engine, 256, &error);
        if (!error.isEmpty())
            return error;
        options.decodeTokens = 64;
        options.repetitions = 5;
        options.cancel = context.cancel;
        options.onProgress = [&context](size_t done, size_t total, const std::string& what) {
            context.progress(PruningDemo::tr("Pruned and measured %1").arg(fromStd(what)), double(done) / double(total));
        };
        auto study = engine::runPruningStudy(context.engine, options);
        if (!study)
            return engineErrorText(study.error());
        result = std::move(*study);
        return {};
    }

    engine::PruningStudy result;
};

QString methodName(engine::PruningMethod method)
{
    switch (method) {
    case engine::PruningMethod::Magnitude: return PruningDemo::tr("Magnitude");
    case engine::PruningMethod::Wanda: return PruningDemo::tr("Wanda");
    case engine::PruningMethod::NM: return PruningDemo::tr("N:M (3:4, 2:4, 1:4)");
    case engine::PruningMethod::Structured: return PruningDemo::tr("Structured");
    default: return fromStd(engine::enumName(method));
    }
}

}  // namespace

PruningDemo::PruningDemo(QWidget* parent)
    : DemoPanel(QStringLiteral("pruning"), tr("Pruning"), tr("Pruning: quality and speed against sparsity"),
                tr("The model is pruned to 0, 25, 50 and 75 % sparsity with four methods, and each variant is run. "
                   "Left: the mean KL divergence of its next-token distributions from the dense model; it grows "
                   "with sparsity for every method. Wanda, which weighs each weight by the size of its inputs, "
                   "usually stays closest to the dense model, while structured pruning, which removes whole heads "
                   "and FFN channels, costs the most at low sparsity. Right: decode speed. Magnitude, Wanda and "
                   "N:M only set weights to zero and the dense kernels still multiply the zeros, so their speed "
                   "stays that of the dense model; only structured pruning shrinks the matrices and gets faster."),
                parent)
{
    m_kld = new SeriesChart;
    m_kld->setObjectName(QStringLiteral("pruningKld"));
    m_kld->setAxisLabels(tr("Sparsity (%)"), tr("Mean KLD vs dense (nats)"));
    m_speed = new SeriesChart;
    m_speed->setObjectName(QStringLiteral("pruningSpeed"));
    m_speed->setAxisLabels(tr("Sparsity (%)"), tr("Decode speed (tok/s)"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_kld);
    row->addWidget(m_speed);
    contentLayout()->addLayout(row, 1);
}

DemoTaskPtr PruningDemo::makeTask()
{
    return std::make_shared<PruningTask>();
}

void PruningDemo::showResult(DemoTask& task)
{
    const engine::PruningStudy& study = static_cast<PruningTask&>(task).result;
    std::map<engine::PruningMethod, std::pair<ChartSeries, ChartSeries>> byMethod;
    QVector<engine::PruningMethod> order;
    for (const engine::PruningPoint& p : study.points) {
        if (!byMethod.count(p.method)) {
            order.append(p.method);
            byMethod[p.method].first.name = methodName(p.method);
            byMethod[p.method].second.name = methodName(p.method);
        }
        auto& [kld, speed] = byMethod[p.method];
        kld.x.append(p.target * 100.0);
        kld.y.append(p.kldMean);
        speed.x.append(p.target * 100.0);
        speed.y.append(p.decodeTokPerS);
    }
    QVector<ChartSeries> kld;
    QVector<ChartSeries> speed;
    for (engine::PruningMethod m : order) {
        kld.append(byMethod[m].first);
        speed.append(byMethod[m].second);
    }
    const QVector<double> ticks{0, 25, 50, 75};
    m_kld->setSeries(kld, ticks);
    m_speed->setSeries(speed, ticks);
}
