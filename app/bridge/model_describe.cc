#include "app/bridge/model_describe.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>

#include "engine/model/model_card.h"
#include "engine/session/engine.h"

namespace {

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString tr(const char* text)
{
    return QCoreApplication::translate("ModelInfo", text);
}

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
    info.threads = engine.threads();
    info.promptTokenizer = engine.sharedTokenizer();
    info.loadMs = engine.loadMs();
    info.tokenizer = card.tokenizerModel.empty()
                         ? tr("none in the file")
                         : tr("%1, %2 tokens").arg(fromStd(card.tokenizerModel), QLocale().toString(card.tokenizerVocab));

    for (const engine::ModelCard::Tensor& t : card.tensors)
        info.tensors.append(TensorRow{fromStd(t.name), fromStd(t.type), shapeText(t.shape), t.elements, t.bytes});

    const QLocale locale;
    info.hyperparameters = {
        {tr("Stored as"), fromStd(card.fileType)},
        {tr("Embedding width"), locale.toString(card.dim)},
        {tr("FFN width"), locale.toString(card.hiddenDim)},
        {tr("Layers"), locale.toString(card.nLayers)},
        {tr("Attention heads"), locale.toString(card.nHeads)},
        {tr("KV heads"), locale.toString(card.nKvHeads)},
        {tr("Head dim"), locale.toString(card.headDim)},
        {tr("Vocabulary"), locale.toString(card.vocabSize)},
        {tr("Context length"), locale.toString(card.contextLength)},
        {tr("RoPE base"), locale.toString(card.ropeFreqBase)},
        {tr("RMS norm epsilon"), locale.toString(card.rmsEps)},
        {tr("Output layer"), card.tiedOutput ? tr("tied to the embedding") : tr("separate")},
    };
    // What the forward pass does for this architecture, and the chat format.
    if (!card.features.empty()) {
        QStringList features;
        for (const std::string& f : card.features) features << fromStd(f);
        info.hyperparameters.append({tr("Forward pass"), features.join(QStringLiteral(", "))});
    }
    if (!card.chatTemplate.empty()) info.hyperparameters.append({tr("Chat template"), fromStd(card.chatTemplate)});

    info.memory = {
        {tr("As stored"), card.memory.asStored},
        {QStringLiteral("FP32"), card.memory.fp32},
        {QStringLiteral("FP16"), card.memory.fp16},
        {QStringLiteral("INT8 (Q8_0)"), card.memory.int8},
        {QStringLiteral("INT4 (Q4_0)"), card.memory.int4},
    };
    return info;
}
