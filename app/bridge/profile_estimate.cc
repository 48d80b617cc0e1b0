#include "app/bridge/profile_estimate.h"


#include <optional>

#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"
#include "engine/kv/kv_store.h"
#include "engine/passes/quantize_pass.h"
#include "kernels/api/dtype.h"

namespace {

engine::Profile profileOf(const QByteArray& json)
{
    if (json.trimmed().isEmpty())
        return {};
    auto parsed = engine::parseProfile(std::string_view(json.constData(), size_t(json.size())));
    return parsed ? *parsed : engine::Profile{};
}

// "64 x 512" -> {64, 512} (ggml order: the row length first).
QVector<quint64> parseShape(const QString& text)
{
    QVector<quint64> dims;
    for (const QString& part : text.split(QLatin1Char('x'), Qt::SkipEmptyParts))
        dims.append(part.trimmed().toULongLong());
    return dims;
}

std::optional<engine::WeightDType> requestedFor(const engine::WeightsConfig& cfg, const QString& name)
{
    if (cfg.overrides) {
        const std::string n = name.toStdString();
        for (const engine::WeightOverride& o : *cfg.overrides)
            if (engine::matchesPattern(o.pattern, n))
                return o.dtype;
    }
    return cfg.dtype;
}

}  // namespace

WeightEstimate estimateWeights(const QVector<TensorRow>& tensors, const QByteArray& profileJson)
{
    const engine::Profile profile = profileOf(profileJson);
    const engine::WeightsConfig cfg = profile.weights.value_or(engine::WeightsConfig{});
    WeightEstimate out;
    for (const TensorRow& t : tensors) {
        out.storedBytes += t.bytes;
        const QVector<quint64> shape = parseShape(t.shape);
        const bool matrix = shape.size() == 2 && shape[1] > 1;
        const auto requested = matrix ? requestedFor(cfg, t.name) : std::nullopt;
        if (!matrix) {
            // The pass widens 1-D tensors (norms) to fp32 only when it runs at all.
            out.bytes += profile.weights ? t.elements * 4 : t.bytes;
            continue;
        }
        if (!requested) {
            out.bytes += t.bytes;
            continue;
        }
        const auto target = engine::targetTypeFor(*requested, cfg);
        if (!target) {
            out.unsupported = QString::fromStdString(target.error().message);
            out.bytes += t.bytes;
            continue;
        }
        // The pass's own choice for this row length (a smaller group or f16 when
        // the row does not divide into blocks).
        const auto source = kernels::dtypeFromName(t.type.toStdString());
        const engine::EffectiveType effective =
            engine::effectiveTypeFor(*target, shape[0], source.value_or(kernels::DType::F32));
        if (!effective.reason.empty()) {
            out.bytes += source && effective.type == *source ? t.bytes : kernels::bytesFor(effective.type, t.elements);
            ++out.keptHigher;
            continue;
        }
        out.bytes += kernels::bytesFor(*target, t.elements);
        ++out.converted;
    }
    return out;
}

KvEstimate estimateKv(const KvShape& shape, const QByteArray& profileJson, qint64 defaultTokens)
{
    const engine::Profile profile = profileOf(profileJson);
    const engine::KvCacheConfig kv = profile.kvCache.value_or(engine::KvCacheConfig{});
    KvEstimate out;
    out.capacityTokens = kv.capacityTokens.value_or(defaultTokens);
    const engine::KvCacheMode mode = kv.mode.value_or(engine::KvCacheMode::Contiguous);
    if (mode == engine::KvCacheMode::Off) {
        out.formula = QStringLiteral("off");
        return out;
    }
    engine::KvStoreSpec spec;
    spec.mode = mode;
    spec.dtype = kv.dtype.value_or(engine::KvDType::F32);
    spec.blockSize = kv.blockSize.value_or(engine::kDefaultKvBlockSize);
    spec.capacityTokens = out.capacityTokens;
    spec.layers = shape.layers;
    spec.kvHeads = shape.kvHeads;
    spec.headDim = shape.headDim;
    // A paged pool is whole blocks.
    qint64 tokens = out.capacityTokens;
    if (mode == engine::KvCacheMode::Paged && spec.blockSize > 0)
        tokens = (tokens + spec.blockSize - 1) / spec.blockSize * spec.blockSize;
    const quint64 perToken = engine::kvBytesPerToken(spec);
    out.bytes = perToken * quint64(tokens);
    const int elementBytes = spec.dtype == engine::KvDType::F32 ? 4 : spec.dtype == engine::KvDType::F16 ? 2 : 1;
    out.formula = QStringLiteral("2 x %1 layers x %2 values x %3 tokens x %4 B")
                      .arg(shape.layers)
                      .arg(shape.kvHeads * shape.headDim)
                      .arg(tokens)
                      .arg(elementBytes);
    if (spec.dtype == engine::KvDType::Int8)
        out.formula += QStringLiteral(" + one 4 B scale per head and position");
    return out;
}

KvShape kvShapeOf(const ModelInfo& info)
{
    return KvShape{int(info.layers), int(info.kvHeads), int(info.headDim), info.contextLength};
}

quint64 availableMemoryBytes()
{
    return engine::memAvailableBytes();
}
