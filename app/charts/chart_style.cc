#include "app/charts/chart_style.h"

#include <QCoreApplication>

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

QColor seriesColor(int n)
{
    static const QColor kPalette[] = {QColor(0x17, 0x7e, 0x89), QColor(0xe1, 0x57, 0x59), QColor(0x59, 0xa1, 0x4f),
                                      QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0x4e, 0x79, 0xa7),
                                      QColor(0xf2, 0x8e, 0x2b), QColor(0x9c, 0x75, 0x5f)};
    constexpr int kCount = sizeof(kPalette) / sizeof(kPalette[0]);
    return kPalette[((n % kCount) + kCount) % kCount];
}
