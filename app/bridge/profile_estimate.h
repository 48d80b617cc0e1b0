#pragma once
// What a profile will cost before it runs: the weight memory after the
// quantization pass (per tensor, from the model card's tensor list: packed
// values plus block scales, exactly as the pass sizes them) and the KV cache's
// memory for the profile's capacity and precision. Qt only; the Optimise page
// shows these live as its knobs move.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include "app/bridge/engine_types.h"

struct WeightEstimate {
    quint64 bytes = 0;        // all tensors after the pass
    quint64 storedBytes = 0;  // all tensors as stored in the file
    int converted = 0;        // matrices that get the requested type
    int keptHigher = 0;       // matrices given a smaller group or f16 (row length not a multiple of the group)
    // Non-empty when the engine refuses this weights section (its message); the
    // tensors then count as stored.
    QString unsupported;
};

struct KvEstimate {
    quint64 bytes = 0;          // 0 when the cache is off
    qint64 capacityTokens = 0;  // the profile's, else prompt + max tokens
    QString formula;            // "2 x 5 layers x 32 values x 2048 tokens x 2 B"
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

// `profileJson` is canonical profile JSON (empty = the model as stored). An
// invalid document estimates as the empty profile.
WeightEstimate estimateWeights(const QVector<TensorRow>& tensors, const QByteArray& profileJson);
// `defaultTokens`: the capacity when the profile sets none (the engine sizes the
// cache to the request: prompt + max tokens).
KvEstimate estimateKv(const KvShape& shape, const QByteArray& profileJson, qint64 defaultTokens);
KvShape kvShapeOf(const ModelInfo& info);

// Per-device weights and KV for the profile's devices section, from the model
// card's tensors (scaled like the weight estimate) and the KV estimate. The
// placement is the engine's own (engine/split/placement.h).
DevicesEstimate estimateDevices(const ModelInfo& info, const QByteArray& profileJson, const WeightEstimate& weights,
                                const KvEstimate& kv);

// Memory the system reports available now (0 when unknown): the engine refuses
// a KV cache larger than this.
quint64 availableMemoryBytes();
