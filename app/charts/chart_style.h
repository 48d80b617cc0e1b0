#pragma once
// One look for every chart: a fixed colour per category (the same in every page,
// legend and export), a palette for overlaid runs, and the chrome (background,
// axes, grid, text, legend) taken from the widget's palette, light or dark.
// Every colour a chart paints is decided here.
#include <QColor>
#include <QPalette>
#include <QString>

#include "app/bridge/run_data.h"

enum class ChartCategory { Attention, Mlp, Norm, Kv, Sampling, Communication, Latency, Count };

QColor categoryColor(ChartCategory category);
QString categoryName(ChartCategory category);
// The op categories of the timeline and the time breakdowns, in the colours of
// the matching chart categories (attention, MLP, norm, ...).
QColor categoryColor(OpCategory category);

// GPU copies and memsets on the timeline's stream lanes: their own colour,
// apart from every op category's, so data movement stands out from compute.
QColor gpuCopyColor();
// CUDA runtime calls and synchronisations drawn under a host op's bar.
QColor cudaCallColor();

// The parts of a memory breakdown, bottom to top in the stacked bars.
enum class MemoryPart { Weights, KvUsed, KvFree, Activations, Count };
QColor memoryPartColor(MemoryPart part);
QString memoryPartName(MemoryPart part);
quint64 memoryPartBytes(const MemoryBreakdown& memory, MemoryPart part);

// Colour of the n-th overlaid series (run) on one chart; stable for a given n.
QColor seriesColor(int n);

// Whether a palette is dark: its window is darker than its text. Qt 6.4 has no
// colour-scheme hint, so the palette is the only evidence of a dark desktop.
bool isDarkPalette(const QPalette& palette);

// A dark desktop palette (Fusion's roles, dark greys with light text), for the
// screenshot mode's --dark option and the tests.
QPalette darkPalette();

// The colours of a chart, derived from a palette.
struct ChartTheme {
    bool dark = false;
    QColor background;    // the whole chart
    QColor text;          // axis labels, tick labels, legend, annotations
    QColor mutedText;     // placeholders, secondary notes
    QColor axis;          // axis lines and ticks
    QColor grid;          // grid lines
    QColor legendFill;    // legend background
    QColor legendBorder;
    QColor frontier;      // reference lines (the Pareto frontier)
    QColor good;          // a value that is better (p50 marker)
    QColor bad;           // a value that is worse (p99 marker)
    QColor changed;       // a setting that differs from the baseline run

    static ChartTheme fromPalette(const QPalette& palette);
    // `color` made lighter (dark theme) or darker (light theme) until it stands
    // out from the background (contrast ratio >= 3, what graphics need).
    QColor ink(const QColor& color) const;
    // A fill for areas (bars, bubbles): `ink(color)` with `alpha`.
    QColor fill(const QColor& color, int alpha = 255) const;
    // An outline a shade towards the text colour, for bar and bubble edges.
    QColor edge(const QColor& color) const;
};

// WCAG contrast ratio of two colours (1 .. 21).
double contrastRatio(const QColor& a, const QColor& b);
