#pragma once
// One look for every chart: a fixed colour per category (the same in every page,
// legend and export), and a palette for overlaid runs.
#include <QColor>
#include <QString>

#include "app/bridge/run_data.h"

enum class ChartCategory { Attention, Mlp, Norm, Kv, Sampling, Communication, Latency, Count };

QColor categoryColor(ChartCategory category);
QString categoryName(ChartCategory category);
// The op categories of the timeline and the time breakdowns, in the colours of
// the matching chart categories (attention, MLP, norm, ...).
QColor categoryColor(OpCategory category);

// The parts of a memory breakdown, bottom to top in the stacked bars.
enum class MemoryPart { Weights, KvUsed, KvFree, Activations, Count };
QColor memoryPartColor(MemoryPart part);
QString memoryPartName(MemoryPart part);
quint64 memoryPartBytes(const MemoryBreakdown& memory, MemoryPart part);

// Colour of the n-th overlaid series (run) on one chart; stable for a given n.
QColor seriesColor(int n);
