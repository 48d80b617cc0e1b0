#include "app/models/compare_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <cmath>
#include <limits>

#include "app/models/latency_stats.h"

CompareModel::CompareModel(QObject* parent) : QAbstractTableModel(parent) {}

void CompareModel::setData(const QVector<RunResult>& runs)
{
    beginResetModel();
    m_runs = runs;
    m_metrics.clear();
    for (const RunResult& run : m_runs) {
        const LatencyStats s = latencyStats(run.latenciesMs);
        m_metrics.append({run.ttftMs, run.prefillTokPerS, run.decodeTokPerS, s.p50Ms, s.p99Ms, s.tpotMs, s.e2eMs});
    }
    endResetModel();
}

int CompareModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : RowCount;
}

int CompareModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

double CompareModel::metric(int run, int row) const
{
    return m_metrics.at(run).at(row - TtftRow);
}

QString CompareModel::setting(int run, int row) const
{
    const RunResult& r = m_runs.at(run);
    switch (row) {
    case ModelRow: return r.modelName;
    case DeviceRow: return r.device;
    case SamplingRow: return r.request.sampling.describe();
    case MaxTokensRow: return QString::number(r.request.maxTokens);
    case PromptTokensRow: return QString::number(r.promptTokens);
    case GeneratedRow: return QString::number(r.tokens.size());
    case StopRow: return r.cancelled ? tr("cancelled") : r.stopReason;
    }
    return {};
}

double CompareModel::delta(int run, int row) const
{
    const double base = metric(0, row);
    if (run == 0 || base == 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    return (metric(run, row) - base) / base;
}

QVariant CompareModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int run = index.column();
    const int row = index.row();
    if (!isMetric(row))
        return role == Qt::DisplayRole || role == ValueRole ? QVariant(setting(run, row)) : QVariant();

    const double value = metric(run, row);
    const double d = delta(run, row);
    switch (role) {
    case ValueRole: return value;
    case DeltaRole: return std::isnan(d) ? QVariant() : QVariant(d);
    case Qt::DisplayRole: {
        const int decimals = (row == PrefillTpsRow || row == DecodeTpsRow) ? 1 : 3;
        QString text = QLocale().toString(value, 'f', decimals);
        if (!std::isnan(d))
            text += QStringLiteral("  (%1%2%)").arg(d >= 0 ? QStringLiteral("+") : QString())
                        .arg(QLocale().toString(d * 100.0, 'f', 1));
        return text;
    }
    case Qt::ForegroundRole: {
        if (std::isnan(d) || std::abs(d) < 0.01)
            return {};
        const bool better = higherIsBetter(row) ? d > 0 : d < 0;
        return QBrush(better ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    }
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role == Qt::DisplayRole && section < m_runs.size())
            return section == 0 ? tr("%1 (baseline)").arg(m_runs.at(section).label()) : m_runs.at(section).label();
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TtftRow: return tr("Time to first token: request start to the first generated token.");
        case ItlP50Row: return tr("Median gap between consecutive generated tokens.");
        case ItlP99Row: return tr("99th percentile gap between consecutive generated tokens.");
        case TpotRow: return tr("Time per output token: (e2e - TTFT) / (tokens - 1).");
        case E2eRow: return tr("End-to-end request latency: sum of all token latencies.");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ModelRow: return tr("Model");
    case DeviceRow: return tr("Device");
    case SamplingRow: return tr("Sampling");
    case MaxTokensRow: return tr("Max tokens");
    case PromptTokensRow: return tr("Prompt tokens");
    case GeneratedRow: return tr("Generated tokens");
    case StopRow: return tr("Stop reason");
    case TtftRow: return tr("TTFT (ms)");
    case PrefillTpsRow: return tr("Prefill (tok/s)");
    case DecodeTpsRow: return tr("Decode (tok/s)");
    case ItlP50Row: return tr("ITL p50 (ms)");
    case ItlP99Row: return tr("ITL p99 (ms)");
    case TpotRow: return tr("TPOT (ms)");
    case E2eRow: return tr("E2E (ms)");
    }
    return {};
}
