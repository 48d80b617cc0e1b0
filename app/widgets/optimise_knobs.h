#pragma once
// The Optimise page's teaching texts (one paragraph per knob: what it does and
// what it trades) and its small widget helpers.
#include <QList>
#include <QPair>
#include <QString>

class QComboBox;

enum class Knob {
    Overview,
    WeightDType,
    GroupSize,
    Symmetric,
    Overrides,
    PruneMethod,
    PruneRatio,
    PruneNM,
    PruneScope,
    PruneExclude,
    KvMode,
    KvCapacity,
    KvBlock,
    KvDType,
    BatchPolicy,
    MaxBatch,
    MaxSequences,
    Threads,
    Split,
    VirtualCpus,
    LayerWeights,
    OffloadLayers,
    Temperature,
    TopK,
    TopP,
    MinP,
    RepeatPenalty,
    Seed,
    MaxTokens,
    Count
};

// Rich text (translated) for the help panel.
QString knobHelp(Knob knob);

// A combo box of (label, data) items; data "" stands for "leave the key out".
QComboBox* makeCombo(const QString& objectName, const QList<QPair<QString, QString>>& items);
