#include "app/widgets/demos/quant_error_demo.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

#include "app/bridge/engine_text.h"
#include "app/charts/demo_charts.h"
#include "app/widgets/demos/demo_text.h"
#include "engine/session/engine.h"
#include "engine/study/quant_error_study.h"

namespace {

struct Format {
    const char* label;
    engine::WeightDType dtype;
    bool symmetric;
};

const Format kFormats[] = {
    {QT_TRANSLATE_NOOP("QuantErrorDemo", "INT4, group 32, symmetric (Q4_0)"), engine::WeightDType::Int4, true},
    {QT_TRANSLATE_NOOP("QuantErrorDemo", "INT4, group 32, asymmetric (Q4_1)"), engine::WeightDType::Int4, false},
    {QT_TRANSLATE_NOOP("QuantErrorDemo", "INT8, group 32 (Q8_0)"), engine::WeightDType::Int8, true},
};

class QuantErrorTask : public DemoTask {
public:
    explicit QuantErrorTask(const Format& format) : m_format(format) {}

    QString run(const DemoContext& context) override
    {
        QString error;
        engine::QuantErrorStudyOptions options;
        options.evalTokens = demoEvalTokens(context.engine, 256, &error);
        if (!error.isEmpty())
            return error;
        options.target.dtype = m_format.dtype;
        options.target.groupSize = 32;
        options.target.symmetric = m_format.symmetric;
        options.cancel = context.cancel;
        options.onProgress = [&context](size_t done, size_t total, const std::string& what) {
            context.progress(QuantErrorDemo::tr("Measured %1").arg(fromStd(what)), double(done) / double(total));
        };
        auto study = engine::runQuantErrorStudy(context.engine.file(), context.engine.model(), context.engine.ops(),
                                                options);
        if (!study)
            return engineErrorText(study.error());
        result = std::move(*study);
        return {};
    }

    engine::QuantErrorStudy result;

private:
    Format m_format;
};

}  // namespace

QuantErrorDemo::QuantErrorDemo(QWidget* parent)
    : DemoPanel(QStringLiteral("quant-error"), tr("Quantization error"), tr("Quantization error: per layer, and the layers that matter"),
                tr("Every weight is rounded to the chosen format and the error (dequantized minus original) is "
                   "counted per layer. Left: the error distributions; a 4-bit format has only 16 levels per group "
                   "of 32 weights, so its errors spread much wider than 8-bit ones, and a layer with larger weights "
                   "gets larger steps. Right: each layer quantized alone, the rest left as stored, ranked by the "
                   "mean KL divergence of the next-token distributions from the original model. A wide histogram "
                   "does not always mean a sensitive layer: what matters is how the error propagates to the "
                   "output, which is why mixed precision keeps only the top layers at higher precision."),
                parent)
{
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("quantFormat"));
    for (const Format& f : kFormats)
        m_format->addItem(tr(f.label));
    m_layer = new QComboBox;
    m_layer->setObjectName(QStringLiteral("quantLayer"));
    m_layer->addItem(tr("All layers"));
    connect(m_layer, &QComboBox::currentIndexChanged, this, &QuantErrorDemo::showLayers);
    auto* choices = new QHBoxLayout;
    choices->addWidget(new QLabel(tr("Format:")));
    choices->addWidget(m_format);
    choices->addSpacing(12);
    choices->addWidget(new QLabel(tr("Show:")));
    choices->addWidget(m_layer);
    choices->addStretch(1);

    m_histogram = new SeriesChart;
    m_histogram->setObjectName(QStringLiteral("quantErrorHistogram"));
    m_histogram->setAxisLabels(tr("Weight error, dequantized - original"), tr("Share of the layer's weights (%)"));
    m_sensitivity = new LabelledBars;
    m_sensitivity->setObjectName(QStringLiteral("quantSensitivity"));
    m_sensitivity->setAxisLabels(QString(), tr("Mean KLD, only this layer quantized (nats)"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_histogram, 3);
    row->addWidget(m_sensitivity, 2);
    contentLayout()->addLayout(choices);
    contentLayout()->addLayout(row, 1);
}

DemoTaskPtr QuantErrorDemo::makeTask()
{
    const int i = std::clamp(m_format->currentIndex(), 0, int(std::size(kFormats)) - 1);
    return std::make_shared<QuantErrorTask>(kFormats[i]);
}

void QuantErrorDemo::showResult(DemoTask& task)
{
    const engine::QuantErrorStudy& study = static_cast<QuantErrorTask&>(task).result;
    m_layerHistograms.clear();
    for (const engine::LayerQuantError& layer : study.layers) {
        ChartSeries s{fromStd(layer.unit), {}, {}};
        const int bins = int(layer.histogram.size());
        for (int b = 0; b < bins; ++b) {
            s.x.append(-study.range + (b + 0.5) * 2.0 * study.range / bins);
            s.y.append(layer.weights ? 100.0 * double(layer.histogram[size_t(b)]) / double(layer.weights) : 0.0);
        }
        m_layerHistograms.append(s);
    }
    {
        QSignalBlocker block(m_layer);
        m_layer->clear();
        m_layer->addItem(tr("All layers"));
        for (const ChartSeries& s : m_layerHistograms)
            m_layer->addItem(s.name);
    }
    showLayers();

    QVector<LabelledBar> bars;
    for (size_t i : study.ranking) {
        const engine::LayerQuantError& layer = study.layers[i];
        bars.append(LabelledBar{fromStd(layer.unit), layer.kldMean,
                                tr("%1 (%2): mean KLD %3 nats, top-1 agreement %4 %, RMS weight error %5")
                                    .arg(fromStd(layer.unit), fromStd(layer.types))
                                    .arg(layer.kldMean, 0, 'g', 3)
                                    .arg(layer.top1 * 100.0, 0, 'f', 1)
                                    .arg(layer.rms, 0, 'g', 3)});
    }
    m_sensitivity->setBars(bars, tr("Mean KLD, only this layer as %1 (nats)").arg(fromStd(study.format)));
}

void QuantErrorDemo::showLayers()
{
    const int choice = m_layer->currentIndex();
    if (choice <= 0)
        m_histogram->setSeries(m_layerHistograms);
    else if (choice - 1 < m_layerHistograms.size())
        m_histogram->setSeries({m_layerHistograms.at(choice - 1)});
}
