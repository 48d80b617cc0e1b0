#include "app/models/tensor_table_model.h"

#include <QLocale>

QString formatBytes(quint64 bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
}

TensorTableModel::TensorTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TensorTableModel::setData(const QVector<TensorRow>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int TensorTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TensorTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TensorTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TensorRow& row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return row.name;
        case Type: return row.type;
        case Shape: return row.shape;
        case Elements: return QLocale().toString(row.elements);
        case Bytes: return formatBytes(row.bytes);
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case Name: return row.name;
        case Type: return row.type;
        case Shape: return row.shape;
        case Elements: return row.elements;
        case Bytes: return row.bytes;
        }
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() == Elements || index.column() == Bytes)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole && index.column() == Bytes) {
        return tr("%1 bytes as stored in the file").arg(QLocale().toString(row.bytes));
    }
    return {};
}

QVariant TensorTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Tensor");
    case Type: return tr("Type");
    case Shape: return tr("Shape (ne0 x ne1)");
    case Elements: return tr("Elements");
    case Bytes: return tr("Bytes");
    }
    return {};
}
