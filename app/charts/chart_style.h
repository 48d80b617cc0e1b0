#pragma once
// One look for every chart: a fixed colour per category (the same in every page,
// legend and export), and a palette for overlaid runs.
#include <QColor>
#include <QString>

enum class ChartCategory { Attention, Mlp, Norm, Kv, Sampling, Communication, Latency, Count };

QColor categoryColor(ChartCategory category);
QString categoryName(ChartCategory category);
// Colour of the n-th overlaid series (run) on one chart; stable for a given n.
QColor seriesColor(int n);
