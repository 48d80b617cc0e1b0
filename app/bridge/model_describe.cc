#include "app/bridge/model_describe.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>

#include "app/bridge/engine_text.h"
#include "engine/model/model_card.h"
#include "engine/session/engine.h"

namespace {

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The translation context of this file's free functions.
struct ModelDescription {
    Q_DECLARE_TR_FUNCTIONS(ModelDescription)
};

QString shapeText(const std::vector<uint64_t>& shape)
{
    QStringList dims;
    for (uint64_t d : shape)
        dims << QString::number(d);
    return dims.join(QStringLiteral(" x "));
}

}  // namespace

QString describeModelName(const engine::Engine& engine)
{
    const auto name = engine.file().getString("general.name");
    if (name && !name->empty())
        return fromStd(*name);
    return QFileInfo(fromStd(engine.file().path)).fileName();
}

ModelInfo describeModel(const engine::Engine& engine)
{
    const engine::ModelCard card = engine::ModelCard::fromModelFile(engine.file());
    ModelInfo info;
    info.path = fromStd(card.path);
    info.name = describeModelName(engine);
    info.format = fromStd(card.format);
    info.architecture = fromStd(card.architecture);
    info.fileBytes = card.fileSize;
    info.parameters = card.parameterCount;
    info.weightBytes = card.memory.asStored;
    info.contextLength = card.contextLength;
    info.vocabSize = card.vocabSize;
    info.layers = card.nLayers;
    info.heads = card.nHeads;
    info.hiddenDim = card.hiddenDim;
    info.kvHeads = card.nKvHeads;
    info.headDim = card.headDim;
    info.slidingWindow = card.slidingWindow;
    info.windowedLayers = QVector<bool>(card.windowedLayers.begin(), card.windowedLayers.end());
    info.threads = engine.threads();
    info.promptTokenizer = engine.sharedTokenizer();
    info.loadMs = engine.loadMs();
    info.tokenizer = card.tokenizerModel.empty()
                         ? ModelDescription::tr("none in the file")
                         : ModelDescription::tr("%1, %2 tokens").arg(fromStd(card.tokenizerModel), QLocale().toString(card.tokenizerVocab));

    for (const engine::ModelCard::Tensor& t : card.tensors)
        info.tensors.append(TensorRow{fromStd(t.name), fromStd(t.type), shapeText(t.shape), t.elements, t.bytes});

    const QLocale locale;
    info.hyperparameters = {
        {ModelDescription::tr("Stored as"), fromStd(card.fileType)},
        {ModelDescription::tr("Embedding width"), locale.toString(card.dim)},
        {ModelDescription::tr("FFN width"), locale.toString(card.hiddenDim)},
        {ModelDescription::tr("Layers"), locale.toString(card.nLayers)},
        {ModelDescription::tr("Attention heads"), locale.toString(card.nHeads)},
        {ModelDescription::tr("KV heads"), locale.toString(card.nKvHeads)},
        {ModelDescription::tr("Head dim"), locale.toString(card.headDim)},
        {ModelDescription::tr("Vocabulary"), locale.toString(card.vocabSize)},
        {ModelDescription::tr("Context length"), locale.toString(card.contextLength)},
        {ModelDescription::tr("RoPE base"), locale.toString(card.ropeFreqBase)},
        {ModelDescription::tr("RMS norm epsilon"), locale.toString(card.rmsEps)},
        {ModelDescription::tr("Output layer"), card.tiedOutput ? ModelDescription::tr("tied to the embedding") : ModelDescription::tr("separate")},
    };
    // What the forward pass does for this architecture, and the chat format.
    if (!card.features.empty()) {
        QStringList features;
        for (const std::string& f : card.features) features << engineText(fromStd(f));
        info.hyperparameters.append({ModelDescription::tr("Forward pass"), features.join(QStringLiteral(", "))});
    }
    if (!card.chatTemplate.empty()) info.hyperparameters.append({ModelDescription::tr("Chat template"), fromStd(card.chatTemplate)});

    info.memory = {
        {ModelDescription::tr("As stored"), card.memory.asStored},
        {QStringLiteral("FP32"), card.memory.fp32},
        {QStringLiteral("FP16"), card.memory.fp16},
        {QStringLiteral("INT8 (Q8_0)"), card.memory.int8},
        {QStringLiteral("INT4 (Q4_0)"), card.memory.int4},
    };
    return info;
}
