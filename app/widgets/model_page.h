#pragma once
// ModelPage: the model card of the loaded model (identity, hyper-parameters,
// tokenizer, memory per precision) beside its sortable, filterable tensor table.
// Without a model it explains how to get one.
#include <QWidget>

#include "app/bridge/engine_types.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class TensorTableModel;

class ModelPage : public QWidget {
    Q_OBJECT
public:
    explicit ModelPage(QWidget* parent = nullptr);

    void setModel(const ModelInfo& info);
    // Shown instead of the card while no model is loaded (e.g. why none was found).
    void setEmptyMessage(const QString& message);
    TensorTableModel* tensorModel() const { return m_tensors; }

signals:
    void openRequested();
    void openFolderRequested();
    void synthRequested();
    void downloadRequested();

private:
    QWidget* buildCard();
    QWidget* buildEmptyState();
    void fillForm(QFormLayout* form, const QList<QPair<QString, QString>>& rows);

    QStackedWidget* m_stack;
    QLabel* m_title;
    QLabel* m_path;
    QFormLayout* m_summary;
    QFormLayout* m_hyper;
    QFormLayout* m_memory;
    QLabel* m_emptyText;
    QLineEdit* m_filter;
    QTableView* m_table;
    TensorTableModel* m_tensors;
    QSortFilterProxyModel* m_proxy;
};
