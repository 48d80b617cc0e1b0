#pragma once
// RunHistoryModel: one row per recorded run, newest last. The Compare page
// selects rows and asks for their RunResults.
#include <QAbstractTableModel>
#include <QVector>

#include "app/bridge/engine_types.h"

class RunHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Finished, Model, Profile, Prompt, Tokens, Sampling, Threads, Ttft, PrefillTps, DecodeTps, ItlP50, Status,
                  ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, SortRole };

    explicit RunHistoryModel(QObject* parent = nullptr);

    void setData(const QVector<RunResult>& runs);
    const RunResult& run(int row) const { return m_runs.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayData(int row, int column) const;
    QVariant sortData(int row, int column) const;

    QVector<RunResult> m_runs;
    QVector<double> m_itlP50;  // cached per row
};
