#include "app/models/run_history_model.h"

#include "app/models/compare_model.h"

#include <QLocale>

#include "app/bridge/engine_types.h"
#include "app/models/latency_stats.h"

RunHistoryModel::RunHistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunHistoryModel::setData(const QVector<RunResult>& runs)
{
    beginResetModel();
    m_runs = runs;
    m_itlP50.clear();
    for (const RunResult& run : m_runs)
        m_itlP50.append(run.isServing() ? run.serving.itlMs.p50 : latencyStats(run.latenciesMs).p50Ms);
    endResetModel();
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunHistoryModel::displayData(int row, int column) const
{
    const RunResult& run = m_runs.at(row);
    const QLocale locale;
    switch (column) {
    case Finished: return run.finishedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Model: return run.modelName;
    case Profile: return runProfileSummary(run);
    case Prompt: return run.isServing() ? tr("workload %1").arg(run.serving.workload) : run.request.prompt;
    case Tokens: return QString::number(run.generatedTokens());
    case Sampling: return run.sampling.describe();
    case Threads: return run.device;
    case Ttft: return locale.toString(run.ttftMs, 'f', 2);
    case PrefillTps: return locale.toString(run.prefillTokPerS, 'f', 1);
    case DecodeTps: return locale.toString(run.decodeTokPerS, 'f', 1);
    case ItlP50: return locale.toString(m_itlP50.at(row), 'f', 3);
    case Status: return run.cancelled ? tr("cancelled") : stopReasonLabel(run.stopReason);
    }
    return {};
}

QVariant RunHistoryModel::sortData(int row, int column) const
{
    const RunResult& run = m_runs.at(row);
    switch (column) {
    case Finished: return run.finishedAt;
    case Tokens: return run.generatedTokens();
    case Ttft: return run.ttftMs;
    case PrefillTps: return run.prefillTokPerS;
    case DecodeTps: return run.decodeTokPerS;
    case ItlP50: return m_itlP50.at(row);
    default: return displayData(row, column);
    }
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunResult& run = m_runs.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayData(index.row(), index.column());
    case SortRole: return sortData(index.row(), index.column());
    case RunIdRole: return run.id;
    case Qt::ToolTipRole:
        if (index.column() == Prompt)
            return run.request.prompt;
        return tr("Run %1 on %2").arg(run.id, run.modelPath);
    case Qt::TextAlignmentRole:
        if (index.column() >= Tokens && index.column() != Sampling && index.column() != Threads &&
            index.column() != Status)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Profile: return tr("What the run's profile changes from the model as stored.");
        case Ttft: return tr("Time to first token: request start to the first generated token (ms).");
        case PrefillTps: return tr("Prompt tokens processed per second in the prefill pass.");
        case DecodeTps: return tr("Generated tokens per second after the first token.");
        case ItlP50: return tr("Median inter-token latency: gap between consecutive generated tokens (ms).");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Finished: return tr("Finished");
    case Model: return tr("Model");
    case Profile: return tr("Profile");
    case Prompt: return tr("Prompt");
    case Tokens: return tr("Tokens");
    case Sampling: return tr("Sampling");
    case Threads: return tr("Device");
    case Ttft: return tr("TTFT (ms)");
    case PrefillTps: return tr("Prefill (tok/s)");
    case DecodeTps: return tr("Decode (tok/s)");
    case ItlP50: return tr("ITL p50 (ms)");
    case Status: return tr("Stop");
    }
    return {};
}
