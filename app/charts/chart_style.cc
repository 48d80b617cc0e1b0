#include "app/charts/chart_style.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

QColor categoryColor(ChartCategory category)
{
    switch (category) {
    case ChartCategory::Attention: return QColor(0x1f, 0x77, 0xb4);
    case ChartCategory::Mlp: return QColor(0xff, 0x7f, 0x0e);
    case ChartCategory::Norm: return QColor(0x2c, 0xa0, 0x2c);
    case ChartCategory::Kv: return QColor(0x94, 0x67, 0xbd);
    case ChartCategory::Sampling: return QColor(0x8c, 0x56, 0x4b);
    case ChartCategory::Communication: return QColor(0xd6, 0x27, 0x28);
    case ChartCategory::Latency: return QColor(0x17, 0x7e, 0x89);
    case ChartCategory::Count: break;
    }
    return Qt::gray;
}

QString categoryName(ChartCategory category)
{
    switch (category) {
    case ChartCategory::Attention: return QCoreApplication::translate("Chart", "Attention");
    case ChartCategory::Mlp: return QCoreApplication::translate("Chart", "MLP");
    case ChartCategory::Norm: return QCoreApplication::translate("Chart", "Norm");
    case ChartCategory::Kv: return QCoreApplication::translate("Chart", "KV cache");
    case ChartCategory::Sampling: return QCoreApplication::translate("Chart", "Sampling");
    case ChartCategory::Communication: return QCoreApplication::translate("Chart", "Communication");
    case ChartCategory::Latency: return QCoreApplication::translate("Chart", "Token latency");
    case ChartCategory::Count: break;
    }
    return {};
}

QColor categoryColor(OpCategory category)
{
    switch (category) {
    case OpCategory::Embedding: return QColor(0xbc, 0xbd, 0x22);
    case OpCategory::Attention: return categoryColor(ChartCategory::Attention);
    case OpCategory::Mlp: return categoryColor(ChartCategory::Mlp);
    case OpCategory::Norm: return categoryColor(ChartCategory::Norm);
    case OpCategory::Kv: return categoryColor(ChartCategory::Kv);
    case OpCategory::Sampling: return categoryColor(ChartCategory::Sampling);
    case OpCategory::Communication: return categoryColor(ChartCategory::Communication);
    case OpCategory::Output: return QColor(0xe3, 0x77, 0xc2);
    case OpCategory::Other: return QColor(0x7f, 0x7f, 0x7f);
    case OpCategory::Count: break;
    }
    return Qt::gray;
}

QColor gpuCopyColor()
{
    return QColor(0x17, 0xbe, 0xcf);  // cyan: no op category's hue
}

QColor cudaCallColor()
{
    return QColor(0x5a, 0x5a, 0x70);
}

QColor memoryPartColor(MemoryPart part)
{
    switch (part) {
    case MemoryPart::Weights: return QColor(0x4e, 0x79, 0xa7);
    case MemoryPart::KvUsed: return categoryColor(ChartCategory::Kv);
    case MemoryPart::KvFree: return categoryColor(ChartCategory::Kv).lighter(150);
    case MemoryPart::Activations: return QColor(0xf2, 0x8e, 0x2b);
    case MemoryPart::Count: break;
    }
    return Qt::gray;
}

QString memoryPartName(MemoryPart part)
{
    switch (part) {
    case MemoryPart::Weights: return QCoreApplication::translate("Chart", "Weights");
    case MemoryPart::KvUsed: return QCoreApplication::translate("Chart", "KV cache (used)");
    case MemoryPart::KvFree: return QCoreApplication::translate("Chart", "KV cache (free)");
    case MemoryPart::Activations: return QCoreApplication::translate("Chart", "Activations (estimate)");
    case MemoryPart::Count: break;
    }
    return {};
}

quint64 memoryPartBytes(const MemoryBreakdown& memory, MemoryPart part)
{
    switch (part) {
    case MemoryPart::Weights: return memory.weightsBytes;
    case MemoryPart::KvUsed: return memory.kvUsedBytes;
    case MemoryPart::KvFree: return memory.kvFreeBytes();
    case MemoryPart::Activations: return memory.activationsBytes;
    case MemoryPart::Count: break;
    }
    return 0;
}

QColor seriesColor(int n)
{
    static const QColor kPalette[] = {QColor(0x17, 0x7e, 0x89), QColor(0xe1, 0x57, 0x59), QColor(0x59, 0xa1, 0x4f),
                                      QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0x4e, 0x79, 0xa7),
                                      QColor(0xf2, 0x8e, 0x2b), QColor(0x9c, 0x75, 0x5f)};
    constexpr int kCount = sizeof(kPalette) / sizeof(kPalette[0]);
    return kPalette[((n % kCount) + kCount) % kCount];
}

namespace {

// Relative luminance (WCAG 2), 0 for black .. 1 for white.
double luminance(const QColor& c)
{
    const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// `a` moved `t` (0..1) of the way to `b`.
QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

}  // namespace

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2d, 0x2f, 0x33);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Mid, QColor(0x24, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xf5));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xf0));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    return p;
}

ChartTheme ChartTheme::fromPalette(const QPalette& palette)
{
    ChartTheme t;
    t.dark = isDarkPalette(palette);
    t.background = palette.color(QPalette::Base);
    t.text = palette.color(QPalette::Text);
    // A palette whose Base and Text do not contrast (some styles) falls back to the window's roles.
    if (contrastRatio(t.background, t.text) < 4.5) {
        t.background = palette.color(QPalette::Window);
        t.text = palette.color(QPalette::WindowText);
    }
    t.mutedText = mix(t.background, t.text, 0.65);
    t.axis = mix(t.background, t.text, 0.55);
    t.grid = mix(t.background, t.text, t.dark ? 0.18 : 0.14);
    t.legendFill = mix(t.background, t.text, 0.04);
    t.legendFill.setAlpha(235);
    t.legendBorder = mix(t.background, t.text, 0.3);
    t.frontier = mix(t.background, t.text, 0.7);
    t.good = t.ink(QColor(0x2e, 0x7d, 0x32));
    t.bad = t.ink(QColor(0xc6, 0x28, 0x28));
    t.changed = t.ink(QColor(0x1f, 0x5f, 0xa8));
    return t;
}

QColor ChartTheme::ink(const QColor& color) const
{
    constexpr double kMinContrast = 3.0;
    QColor c = color;
    // Step towards white (dark theme) or black (light theme): hue is kept by
    // mixing, so a category stays recognisable in both themes.
    const QColor target = dark ? QColor(Qt::white) : QColor(Qt::black);
    for (int step = 0; step < 10 && contrastRatio(c, background) < kMinContrast; ++step)
        c = mix(c, target, 0.15);
    return c;
}

QColor ChartTheme::fill(const QColor& color, int alpha) const
{
    QColor c = ink(color);
    c.setAlpha(alpha);
    return c;
}

QColor ChartTheme::edge(const QColor& color) const
{
    return mix(ink(color), text, 0.3);
}
