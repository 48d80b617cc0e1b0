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
