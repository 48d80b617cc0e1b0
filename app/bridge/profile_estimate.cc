#include "app/bridge/profile_estimate.h"

#include <QCoreApplication>

#include <algorithm>
#include <optional>

#include "app/bridge/engine_text.h"
#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"
#include "engine/kv/kv_store.h"
#include "engine/model/architecture.h"
#include "engine/passes/prune_pass.h"
#include "engine/passes/quantize_pass.h"
#include "engine/split/placement.h"
#include "engine/tokenizer/tokenizer.h"
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
std::vector<uint64_t> parseShape(const QString& text)
{
    std::vector<uint64_t> dims;
    for (const QString& part : text.split(QLatin1Char('x'), Qt::SkipEmptyParts))
        dims.push_back(part.trimmed().toULongLong());
    return dims;
}

// The model card's tensors as the engine's passes see them: name, type, shape
// and bytes (no data). A type the engine does not name stays as F32 and is
// never converted (the card lists only types the readers accepted).
std::vector<engine::TensorInfo> tensorInfosOf(const QVector<TensorRow>& rows)
{
    std::vector<engine::TensorInfo> out;
    out.reserve(size_t(rows.size()));
    for (const TensorRow& r : rows) {
        engine::TensorInfo t;
        t.name = r.name.toStdString();
        t.type = kernels::dtypeFromName(r.type.toStdString()).value_or(kernels::DType::F32);
        t.shape = parseShape(r.shape);
        t.bytes = r.bytes;
        out.push_back(std::move(t));
    }
    return out;
}

// The hyper-parameters the passes and the placement read, from the model card.
engine::ModelConfig modelConfigOf(const ModelInfo& info)
{
    engine::ModelConfig c;
    c.architecture = info.architecture.toStdString();
    if (const auto arch = engine::findArchitecture(c.architecture)) {
        c.qkvBias = arch->qkvBias;
        c.fusedQkv = arch->fusedQkv;
        c.fusedGateUp = arch->fusedGateUp;
    }
    c.nLayers = info.layers;
    c.nHeads = info.heads;
    c.nKvHeads = info.kvHeads;
    c.headDim = info.headDim;
    c.dim = info.heads * info.headDim;
    c.hiddenDim = info.hiddenDim;
    c.vocabSize = info.vocabSize;
    c.contextLength = info.contextLength;
    return c;
}

bool prunes(const engine::Profile& profile)
{
    return profile.pruning && profile.pruning->method && *profile.pruning->method != engine::PruningMethod::None;
}

}  // namespace

WeightEstimate estimateWeights(const ModelInfo& info, const QByteArray& profileJson)
{
    return estimateWeights(info, profileOf(profileJson));
}

WeightEstimate estimateWeights(const ModelInfo& info, const engine::Profile& profile)
{
    WeightEstimate out;
    std::vector<engine::TensorInfo> tensors = tensorInfosOf(info.tensors);
    for (const engine::TensorInfo& t : tensors)
        out.storedBytes += t.bytes;
    out.bytes = out.storedBytes;
    // The engine's order: pruning first, then quantization of what it wrote,
    // each deciding with its own planning function.
    if (prunes(profile)) {
        auto pruned = engine::plannedPrunedTensors(modelConfigOf(info), tensors, *profile.pruning,
                                                   info.path.toStdString());
        if (!pruned) {
            const KeyedText why = engineKeyedErrorText(pruned.error());
            out.unsupported = why.text;
            out.unsupportedKey = why.key;
            return out;
        }
        tensors = std::move(*pruned);
    }
    out.prunedBytes = 0;
    for (const engine::TensorInfo& t : tensors) {
        out.prunedBytes += t.bytes;
        out.tensorBytes.insert(QString::fromStdString(t.name), t.bytes);
    }
    out.bytes = out.prunedBytes;
    if (!profile.weights)
        return out;
    out.bytes = 0;
    QHash<QString, quint64> converted;
    for (const engine::TensorInfo& t : tensors) {
        const auto plan = engine::planTensorQuant(t, *profile.weights);
        if (!plan) {
            const KeyedText why = engineKeyedErrorText(plan.error());
            out.unsupported = why.text;
            out.unsupportedKey = why.key;
            out.bytes = out.prunedBytes;
            return out;
        }
        const quint64 bytes = plan->target == t.type ? t.bytes : kernels::bytesFor(plan->target, t.elements());
        out.bytes += bytes;
        converted.insert(QString::fromStdString(t.name), bytes);
        if (plan->requestedName.empty())
            continue;
        if (plan->keptHigher) {
            ++out.keptHigher;
        } else {
            ++out.converted;
            if (!plan->reason.empty())
                ++out.smallerGroup;
        }
    }
    out.tensorBytes = std::move(converted);
    return out;
}

namespace {

// Positions the cache holds for the request: one sequence's prompt + new
// tokens (capped at the context, rounded up to whole blocks when paged) times
// the sequences.
qint64 demandedTokens(const KvShape& shape, const KvDemand& demand, qint64 sequences, int blockSize, bool paged,
                      QString* how)
{
    qint64 perSequence = std::max<qint64>(demand.promptTokens, 0) + std::max<qint64>(demand.maxTokens, 0);
    *how = QCoreApplication::translate("ProfileEstimate", "(%1 prompt + %2 new")
               .arg(demand.promptTokens)
               .arg(demand.maxTokens);
    if (shape.contextLength > 0 && perSequence > shape.contextLength) {
        perSequence = shape.contextLength;
        *how += QCoreApplication::translate("ProfileEstimate", ", capped at the context of %1").arg(shape.contextLength);
    }
    if (paged && blockSize > 0) {
        const qint64 blocks = (perSequence + blockSize - 1) / blockSize;
        *how += QCoreApplication::translate("ProfileEstimate", " = %1 blocks of %2").arg(blocks).arg(blockSize);
        perSequence = blocks * blockSize;
    }
    *how += sequences == 1 ? QCoreApplication::translate("ProfileEstimate", ") x 1 sequence")
                           : QCoreApplication::translate("ProfileEstimate", ") x %1 sequences").arg(sequences);
    return perSequence * sequences;
}

// The cache the engine would allocate for the profile at `capacityTokens`
// positions, as LlamaModel::kvSpec builds it (one shard: the whole model).
engine::KvStoreSpec kvStoreSpec(const KvShape& shape, const engine::Profile& profile, qint64 capacityTokens)
{
    const engine::KvCacheConfig kv = profile.kvCache.value_or(engine::KvCacheConfig{});
    engine::KvStoreSpec spec;
    spec.mode = kv.mode.value_or(engine::KvCacheMode::Contiguous);
    spec.dtype = kv.dtype.value_or(engine::KvDType::F32);
    spec.blockSize = kv.blockSize.value_or(engine::kDefaultKvBlockSize);
    spec.capacityTokens = capacityTokens;
    spec.layers = shape.layers;
    spec.kvHeads = shape.kvHeads;
    spec.headDim = shape.headDim;
    spec.maxSequences = int32_t(std::max<qint64>(profile.batching ? profile.batching->maxSequences.value_or(1) : 1, 1));
    if (shape.windowedLayers.size() == shape.layers) {
        spec.window = shape.slidingWindow;
        spec.windowed.assign(shape.windowedLayers.begin(), shape.windowedLayers.end());
    }
    return spec;
}

}  // namespace

KvEstimate estimateKv(const KvShape& shape, const QByteArray& profileJson, const KvDemand& demand)
{
    return estimateKv(shape, profileOf(profileJson), demand);
}

KvEstimate estimateKv(const KvShape& shape, const engine::Profile& profile, const KvDemand& demand)
{
    const engine::KvCacheConfig kv = profile.kvCache.value_or(engine::KvCacheConfig{});
    const engine::KvCacheMode mode = kv.mode.value_or(engine::KvCacheMode::Contiguous);
    const int blockSize = kv.blockSize.value_or(engine::kDefaultKvBlockSize);
    const bool paged = mode == engine::KvCacheMode::Paged;
    const qint64 sequences =
        std::max<qint64>(profile.batching ? profile.batching->maxSequences.value_or(1) : 1, 1);
    KvEstimate out;
    if (kv.capacityTokens) {
        out.capacityTokens = *kv.capacityTokens;
        out.tokens = QStringLiteral("kv_cache.capacity_tokens");  // the key's name, not translated
        // A paged pool is whole blocks.
        if (paged && blockSize > 0)
            out.capacityTokens = (out.capacityTokens + blockSize - 1) / blockSize * blockSize;
    } else {
        out.capacityTokens = demandedTokens(shape, demand, sequences, blockSize, paged, &out.tokens);
    }
    if (mode == engine::KvCacheMode::Off) {
        out.formula = QStringLiteral("off");
        return out;
    }
    const engine::KvStoreSpec spec = kvStoreSpec(shape, profile, out.capacityTokens);
    // As the engine allocates it: sliding-window layers hold only their window's ring.
    out.bytes = engine::kvCacheBytes(spec);
    const qint64 ring = engine::kvWindowHeldTokens(spec);
    const int windowLayers = ring > 0 ? int(std::count(spec.windowed.begin(), spec.windowed.end(), true)) : 0;
    const int elementBytes = spec.dtype == engine::KvDType::F32 ? 4 : spec.dtype == engine::KvDType::F16 ? 2 : 1;
    out.formula = QCoreApplication::translate("ProfileEstimate", "2 x %1 layers x %2 values x %3 tokens x %4 B")
                      .arg(shape.layers - windowLayers)
                      .arg(shape.kvHeads * shape.headDim)
                      .arg(out.capacityTokens)
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

qint64 countPromptTokens(const ModelInfo& info, const QString& prompt)
{
    if (!info.promptTokenizer)
        return 1;
    const QByteArray utf8 = prompt.toUtf8();
    const auto ids = info.promptTokenizer->encode(std::string_view(utf8.constData(), size_t(utf8.size())), true);
    return std::max<qint64>(qint64(ids.size()), 1);
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

// The bytes of tensor `t` that device `s` of a tensor-parallel split holds, as
// LlamaModel cuts it: the query projection and attn_output by heads, the key
// and value projections by kv heads, the FFN matrices by FFN columns, the
// embedding and the classifier by vocabulary rows; norms whole on every device.
// Each cut is whole rows or whole storage blocks, so the share is exact.
quint64 tensorShareBytes(const TensorRow& t, quint64 bytes, const engine::DeviceShare& s, const engine::ModelConfig& c)
{
    const QString role = t.name.startsWith(QLatin1String("blk.")) ? t.name.section(QLatin1Char('.'), 2, 2)
                                                                  : t.name.section(QLatin1Char('.'), 0, 0);
    const auto part = [bytes](const engine::Range& mine, int64_t whole) {
        return whole > 0 ? bytes * quint64(mine.size()) / quint64(whole) : bytes;
    };
    if (role == QLatin1String("attn_q") || role == QLatin1String("attn_output"))
        return part(s.heads, c.nHeads);
    if (role == QLatin1String("attn_k") || role == QLatin1String("attn_v"))
        return part(s.kvHeads, c.nKvHeads);
    if (role == QLatin1String("ffn_gate") || role == QLatin1String("ffn_up") || role == QLatin1String("ffn_down"))
        return part(s.hidden, c.hiddenDim);
    if (role == QLatin1String("token_embd") || role == QLatin1String("output"))
        return part(s.vocab, c.vocabSize);
    if (role == QLatin1String("attn_qkv"))  // fused: near enough, by heads
        return part(s.heads, c.nHeads);
    return bytes;
}

}  // namespace

DevicesEstimate estimateDevices(const ModelInfo& info, const QByteArray& profileJson, const WeightEstimate& weights,
                                const KvEstimate& kv)
{
    return estimateDevices(info, profileOf(profileJson), weights, kv);
}

DevicesEstimate estimateDevices(const ModelInfo& info, const engine::Profile& profile, const WeightEstimate& weights,
                                const KvEstimate& kv)
{
    DevicesEstimate out;
    const engine::DevicesConfig devices = profile.devices.value_or(engine::DevicesConfig{});
    if (!info.isValid() || engine::requestedDeviceCount(devices) < 2)
        return out;
    const engine::ModelConfig c = modelConfigOf(info);
    engine::CutBlocks blocks;
    for (const TensorRow& t : info.tensors) {
        if (t.name.endsWith(QLatin1String("attn_output.weight")))
            blocks.attnOutput = std::max(blocks.attnOutput, int64_t(blockOf(t.type)));
        if (t.name.endsWith(QLatin1String("ffn_down.weight")))
            blocks.ffnDown = std::max(blocks.ffnDown, int64_t(blockOf(t.type)));
    }
    const auto placement = engine::resolvePlacement(c, blocks, devices);
    if (!placement) {
        const KeyedText why = engineKeyedErrorText(placement.error());
        out.refusal = why.text;
        out.refusalKey = why.key;
        return out;
    }
    // Each device's KV shard exactly as the engine allocates it (its layers, or
    // its kv heads of every layer), at the capacity the estimate counted.
    engine::KvStoreSpec kvSpec = kvStoreSpec(kvShapeOf(info), profile, kv.capacityTokens);
    for (const engine::DeviceShare& s : placement->devices)
        kvSpec.shards.push_back({s.layers.begin, s.layers.end, s.kvHeads.begin, s.kvHeads.end});
    const std::vector<uint64_t> kvShards = kv.bytes > 0 ? engine::kvShardBytes(kvSpec) : std::vector<uint64_t>();
    // Each tensor as the passes leave it (pruned, converted or kept).
    const auto bytesOf = [&weights](const TensorRow& t) { return weights.tensorBytes.value(t.name, t.bytes); };
    const bool tensor = placement->mode == engine::SplitMode::Tensor;
    for (const engine::DeviceShare& s : placement->devices) {
        DeviceEstimate d;
        d.name = QStringLiteral("vcpu:%1").arg(s.rank);
        d.share = engineMessageText(engine::shareMessage(s, placement->mode));
        quint64 bytes = 0;
        bool tied = true;
        for (const TensorRow& t : info.tensors) {
            const int layer = layerOf(t.name);
            if (t.name == QLatin1String("output.weight"))
                tied = false;
            if (t.name == QLatin1String("rope_freqs.weight"))
                continue;  // rope parameters, not a device's weights (DeviceReport)
            if (tensor)
                bytes += tensorShareBytes(t, bytesOf(t), s, c);
            else if (layer >= 0 ? layer >= s.layers.begin && layer < s.layers.end
                                : (t.name == QLatin1String("token_embd.weight") ? s.embeds : s.outputs))
                bytes += bytesOf(t);
        }
        // A tied classifier is the embedding table, read again by the last stage.
        if (!tensor && tied && s.outputs && !s.embeds)
            for (const TensorRow& t : info.tensors)
                if (t.name == QLatin1String("token_embd.weight"))
                    bytes += bytesOf(t);
        d.weightBytes = bytes;
        d.kvBytes = size_t(s.rank) < kvShards.size() ? kvShards[size_t(s.rank)] : 0;
        out.devices.append(d);
    }
    return out;
}

quint64 availableMemoryBytes()
{
    return engine::memAvailableBytes();
}
