#include "app/bridge/profile_estimate.h"

#include <QCoreApplication>

#include <algorithm>
#include <optional>

#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"
#include "engine/kv/kv_store.h"
#include "engine/passes/quantize_pass.h"
#include "engine/split/placement.h"
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
    if (shape.windowedLayers.size() == shape.layers) {
        spec.window = shape.slidingWindow;
        spec.windowed.assign(shape.windowedLayers.begin(), shape.windowedLayers.end());
    }
    // As the engine allocates it: sliding-window layers hold only their window's ring.
    out.bytes = engine::kvCacheBytes(spec);
    const qint64 ring = engine::kvWindowHeldTokens(spec);
    const int windowLayers = ring > 0 ? int(std::count(spec.windowed.begin(), spec.windowed.end(), true)) : 0;
    const int elementBytes = spec.dtype == engine::KvDType::F32 ? 4 : spec.dtype == engine::KvDType::F16 ? 2 : 1;
    out.formula = QCoreApplication::translate("ProfileEstimate", "2 x %1 layers x %2 values x %3 tokens x %4 B")
                      .arg(shape.layers - windowLayers)
                      .arg(shape.kvHeads * shape.headDim)
                      .arg(tokens)
                      .arg(elementBytes);
    if (windowLayers > 0)
        out.formula += QCoreApplication::translate("ProfileEstimate",
                                                   " + 2 x %1 window layers x %2 values x %3 ring tokens x %4 B")
                           .arg(windowLayers)
                           .arg(shape.kvHeads * shape.headDim)
                           .arg(ring)
                           .arg(elementBytes);
    if (spec.dtype == engine::KvDType::Int8)
        out.formula += QCoreApplication::translate("ProfileEstimate", " + one 4 B scale per head and position");
    return out;
}

KvShape kvShapeOf(const ModelInfo& info)
{
    return KvShape{int(info.layers), int(info.kvHeads), int(info.headDim), info.contextLength, info.slidingWindow,
                   info.windowedLayers};
}

namespace {

// Block size of a tensor type named in the card ("Q8_0" -> 32); 1 when unknown.
qint64 blockOf(const QString& type)
{
    const auto dtype = kernels::dtypeFromName(type.toStdString());
    return dtype ? qint64(kernels::traitsOf(*dtype).blockSize) : 1;
}

// Layer of a "blk.N." tensor, -1 for the others.
int layerOf(const QString& name)
{
    if (!name.startsWith(QLatin1String("blk.")))
        return -1;
    const int dot = name.indexOf(QLatin1Char('.'), 4);
    return dot > 4 ? name.mid(4, dot - 4).toInt() : -1;
}

}  // namespace

DevicesEstimate estimateDevices(const ModelInfo& info, const QByteArray& profileJson, const WeightEstimate& weights,
                                const KvEstimate& kv)
{
    DevicesEstimate out;
    const engine::Profile profile = profileOf(profileJson);
    const engine::DevicesConfig devices = profile.devices.value_or(engine::DevicesConfig{});
    if (!info.isValid() || engine::requestedDeviceCount(devices) < 2)
        return out;
    engine::ModelConfig c;
    c.nLayers = info.layers;
    c.nHeads = info.heads;
    c.nKvHeads = info.kvHeads;
    c.headDim = info.headDim;
    c.hiddenDim = info.hiddenDim;
    c.vocabSize = info.vocabSize;
    engine::CutBlocks blocks;
    for (const TensorRow& t : info.tensors) {
        if (t.name.endsWith(QLatin1String("attn_output.weight")))
            blocks.attnOutput = std::max(blocks.attnOutput, int64_t(blockOf(t.type)));
        if (t.name.endsWith(QLatin1String("ffn_down.weight")))
            blocks.ffnDown = std::max(blocks.ffnDown, int64_t(blockOf(t.type)));
    }
    const auto placement = engine::resolvePlacement(c, blocks, devices);
    if (!placement) {
        out.refusal = QString::fromStdString(placement.error().message);
        return out;
    }
    // The pass's conversion scales every tensor alike, near enough for a per-device view.
    const double scale = weights.storedBytes ? double(weights.bytes) / double(weights.storedBytes) : 1.0;
    const int n = placement->size();
    const bool tensor = placement->mode == engine::SplitMode::Tensor;
    for (const engine::DeviceShare& s : placement->devices) {
        DeviceEstimate d;
        d.name = QStringLiteral("vcpu:%1").arg(s.rank);
        d.share = QString::fromStdString(engine::describeShare(s, placement->mode));
        double bytes = 0.0;
        bool tiedOnLast = true;
        for (const TensorRow& t : info.tensors) {
            const int layer = layerOf(t.name);
            if (t.name == QLatin1String("output.weight"))
                tiedOnLast = false;
            if (tensor)
                bytes += double(t.bytes) / n;  // every matrix is cut n ways (norms are tiny)
            else if (layer >= 0 ? layer >= s.layers.begin && layer < s.layers.end
                                : (t.name == QLatin1String("token_embd.weight") ? s.embeds : s.outputs))
                bytes += double(t.bytes);
        }
        // A tied classifier is the embedding table, read again by the last stage.
        if (!tensor && tiedOnLast && s.outputs && !s.embeds)
            for (const TensorRow& t : info.tensors)
                if (t.name == QLatin1String("token_embd.weight"))
                    bytes += double(t.bytes);
        d.weightBytes = quint64(bytes * scale);
        d.kvBytes = tensor ? kv.bytes * quint64(s.kvHeads.size()) / quint64(std::max<qint64>(info.kvHeads, 1))
                           : kv.bytes * quint64(s.layers.size()) / quint64(std::max<qint64>(info.layers, 1));
        out.devices.append(d);
    }
    return out;
}

quint64 availableMemoryBytes()
{
    return engine::memAvailableBytes();
}
