#pragma once
// CompareModel: selected runs side by side. Rows are settings and metrics, one
// column per run; the first run is the baseline and every other metric cell
// shows its delta against it (green when better, red when worse).
#include <QAbstractTableModel>
#include <QVector>

#include "app/bridge/engine_types.h"

class CompareModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Row {
        ModelRow, DeviceRow, SamplingRow, MaxTokensRow, PromptTokensRow, GeneratedRow, StopRow,
        TtftRow, PrefillTpsRow, DecodeTpsRow, ItlP50Row, ItlP99Row, TpotRow, E2eRow,
        RowCount
    };
    enum Role { ValueRole = Qt::UserRole + 1, DeltaRole };

    explicit CompareModel(QObject* parent = nullptr);

    void setData(const QVector<RunResult>& runs);
    const QVector<RunResult>& runs() const { return m_runs; }

    static bool isMetric(int row) { return row >= TtftRow; }
    static bool higherIsBetter(int row) { return row == PrefillTpsRow || row == DecodeTpsRow; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    double metric(int run, int row) const;
    QString setting(int run, int row) const;
    // Relative change against the baseline (column 0); NaN when undefined.
    double delta(int run, int row) const;

    QVector<RunResult> m_runs;
    QVector<QVector<double>> m_metrics;  // [run][row - TtftRow]
};
