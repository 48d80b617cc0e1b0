#include "app/widgets/compare_page.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "app/charts/latency_chart.h"
#include "app/models/compare_model.h"
#include "app/models/run_history.h"
#include "app/models/run_history_model.h"

ComparePage::ComparePage(RunHistory* history, QWidget* parent) : QWidget(parent), m_history(history)
{
    m_historyModel = new RunHistoryModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_historyModel);
    m_proxy->setSortRole(RunHistoryModel::SortRole);
    m_historyView = new QTableView;
    m_historyView->setModel(m_proxy);
    m_historyView->setSortingEnabled(true);
    m_historyView->sortByColumn(RunHistoryModel::Finished, Qt::DescendingOrder);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_historyView->verticalHeader()->setVisible(false);
    m_historyView->horizontalHeader()->setSectionResizeMode(RunHistoryModel::Prompt, QHeaderView::Stretch);
    m_historyView->setAlternatingRowColors(true);
    connect(m_historyView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ComparePage::selectionChanged);

    auto* remove = new QPushButton(tr("Delete selected"));
    connect(remove, &QPushButton::clicked, this, &ComparePage::deleteSelected);
    auto* hint = new QLabel(tr("Select two or more runs (Ctrl/Shift+click) to compare them; the first selected "
                               "is the baseline."));
    hint->setWordWrap(true);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    auto* bar = new QHBoxLayout;
    bar->addWidget(hint, 1);
    bar->addWidget(remove);
    topLayout->addLayout(bar);
    topLayout->addWidget(m_historyView);

    m_compareModel = new CompareModel(this);
    m_compareView = new QTableView;
    m_compareView->setModel(m_compareModel);
    m_compareView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_chart = new LatencyChart;
    auto* bottom = new QSplitter;
    bottom->addWidget(m_compareView);
    bottom->addWidget(m_chart);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_history, &RunHistory::changed, this, &ComparePage::reloadHistory);
    reloadHistory();
}

void ComparePage::reloadHistory()
{
    m_historyModel->setData(m_history->runs());
    m_historyView->resizeColumnsToContents();
    m_historyView->horizontalHeader()->setSectionResizeMode(RunHistoryModel::Prompt, QHeaderView::Stretch);
    selectionChanged();
}

void ComparePage::selectionChanged()
{
    // Selection order is not kept by the view; compare in chronological order.
    QModelIndexList rows = m_historyView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex& a, const QModelIndex& b) {
        return m_proxy->mapToSource(a).row() < m_proxy->mapToSource(b).row();
    });
    QVector<RunResult> runs;
    QVector<LatencySeries> series;
    for (const QModelIndex& index : rows) {
        const RunResult& run = m_historyModel->run(m_proxy->mapToSource(index).row());
        runs.append(run);
        series.append(LatencySeries{run.label(), run.latenciesMs});
    }
    m_compareModel->setData(runs);
    m_chart->setSeries(series);
}

void ComparePage::selectRuns(const QStringList& ids)
{
    QItemSelection selection;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (ids.contains(index.data(RunHistoryModel::RunIdRole).toString()))
            selection.select(index, index);
    }
    m_historyView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ComparePage::deleteSelected()
{
    QStringList ids;
    for (const QModelIndex& index : m_historyView->selectionModel()->selectedRows())
        ids << index.data(RunHistoryModel::RunIdRole).toString();
    if (ids.isEmpty())
        return;
    if (!m_history->remove(ids))
        QMessageBox::warning(this, tr("Run history"), m_history->lastError());
}
