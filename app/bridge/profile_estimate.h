#pragma once
// What a profile will cost before it runs: the weight memory after the
// quantization pass (per tensor, from the model card's tensor list: packed
// values plus block scales, exactly as the pass sizes them) and the KV cache's
// memory for the profile's capacity and precision. Qt only; the Optimise page
// shows these live as its knobs move.
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include "app/bridge/engine_types.h"

namespace engine {
struct Profile;
}

struct WeightEstimate {
    quint64 bytes = 0;        // all tensors after the passes (pruning, then quantization)
    quint64 storedBytes = 0;  // all tensors as stored in the file
    quint64 prunedBytes = 0;  // all tensors after pruning alone (= storedBytes without pruning)
    int converted = 0;        // matrices stored at the requested precision
    int smallerGroup = 0;     // of `converted`, with a smaller group (the row does not divide into the requested one)
    int keptHigher = 0;       // matrices no group of that precision fits: kept at f16 (or their block type)
    QHash<QString, quint64> tensorBytes;  // each tensor after the passes, by name (the per-device figures add these)
    // Non-empty when the engine refuses this weights section (its message); the
    // tensors then count as stored.
    QString unsupported;
    QString unsupportedKey;  // the profile key it names ("pruning.method"); empty: none
};

struct KvEstimate {
    quint64 bytes = 0;          // 0 when the cache is off
    qint64 capacityTokens = 0;  // positions allocated: the profile's, else what the request needs
    QString tokens;             // where capacityTokens comes from: "(325 prompt + 256 new) x 1 sequence"
    QString formula;            // "2 x 5 layers x 32 values x 2048 tokens x 2 B"
};

// What a request asks of the cache when the profile sets no capacity.
struct KvDemand {
    qint64 promptTokens = 1;  // with BOS
    qint64 maxTokens = 0;     // new tokens
};

// One device of a split, as the profile would place the model.
struct DeviceEstimate {
    QString name;        // "vcpu:0"
    QString share;       // "layers 0..2" / "heads 0..3, kv heads 0..1, ffn 0..85"
    quint64 weightBytes = 0;
    quint64 kvBytes = 0;
};

struct DevicesEstimate {
    QVector<DeviceEstimate> devices;  // empty: not split (or not placeable)
    QString refusal;                  // the engine's sentence when the split cannot be placed
    QString refusalKey;               // the profile key it names ("devices.split")
};

// The model's shape as far as the KV cache is concerned.
struct KvShape {
    int layers = 0;
    int kvHeads = 0;
    int headDim = 0;
    qint64 contextLength = 0;
    qint64 slidingWindow = 0;      // 0: none
    QVector<bool> windowedLayers;  // per layer (empty: none)
};

// Each estimate takes the profile as a value, or as canonical profile JSON
// (empty = the model as stored; an invalid document estimates as the empty
// profile). The pruning and weights
// sections are planned by the passes' own planning functions
// (engine::plannedPrunedTensors, engine::planTensorQuant) on the card's tensors.
WeightEstimate estimateWeights(const ModelInfo& info, const engine::Profile& profile);
WeightEstimate estimateWeights(const ModelInfo& info, const QByteArray& profileJson);
// Without kv_cache.capacity_tokens the engine sizes the cache to the request:
// prompt + max new tokens per sequence (at most the context; whole blocks when
// paged), times batching.max_sequences.
KvEstimate estimateKv(const KvShape& shape, const engine::Profile& profile, const KvDemand& demand);
KvEstimate estimateKv(const KvShape& shape, const QByteArray& profileJson, const KvDemand& demand);
KvShape kvShapeOf(const ModelInfo& info);
// Tokens of `prompt` as a run encodes it (with BOS); 1 (BOS alone) without a tokenizer.
qint64 countPromptTokens(const ModelInfo& info, const QString& prompt);

// Per-device weights and KV for the profile's devices section, from the model
// card's tensors (scaled like the weight estimate) and the KV estimate. The
// placement is the engine's own (engine/split/placement.h).
DevicesEstimate estimateDevices(const ModelInfo& info, const engine::Profile& profile, const WeightEstimate& weights,
                                const KvEstimate& kv);
DevicesEstimate estimateDevices(const ModelInfo& info, const QByteArray& profileJson, const WeightEstimate& weights,
                                const KvEstimate& kv);

// Memory the system reports available now (0 when unknown): the engine refuses
// a KV cache larger than this.
quint64 availableMemoryBytes();
