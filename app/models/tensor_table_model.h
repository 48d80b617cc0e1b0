#pragma once
// TensorTableModel: the model card's tensor table (name, type, shape, elements,
// bytes). Sorting is left to a QSortFilterProxyModel; SortRole gives raw numbers.
#include <QAbstractTableModel>
#include <QVector>

#include "app/bridge/engine_types.h"

class TensorTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Shape, Elements, Bytes, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit TensorTableModel(QObject* parent = nullptr);

    void setData(const QVector<TensorRow>& rows);
    const QVector<TensorRow>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<TensorRow> m_rows;
};

// "1.5 MiB", "512 B": binary units, as the engine prints them.
QString formatBytes(quint64 bytes);
