#include "app/widgets/compare_page.h"

#include "app/bridge/quality_policy.h"
#include "app/widgets/sensitivity_panel.h"
#include "app/widgets/sweep_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "app/charts/latency_chart.h"
#include "app/charts/memory_chart.h"
#include "app/charts/pareto_chart.h"
#include "app/models/compare_model.h"
#include "app/models/run_history.h"
#include "app/models/run_history_model.h"
#include "app/widgets/teaching_presets.h"

ComparePage::ComparePage(RunHistory* history, QWidget* parent) : QWidget(parent), m_history(history)
{
    m_presets = new TeachingPresetsPanel;
    connect(m_presets, &TeachingPresetsPanel::compareRequested, this, [this](const QStringList& ids) {
        // After the history has recorded the last run (it listens to the same signal).
        QTimer::singleShot(0, this, [this, ids] {
            selectRuns(ids);
            m_tabs->setCurrentIndex(ids.size() > 1 && m_pareto->pointCount() > 1 ? 2 : 1);
        });
    });

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(createHistory());
    splitter->addWidget(createComparison());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_presets);
    layout->addWidget(splitter, 1);

    connect(m_history, &RunHistory::changed, this, &ComparePage::reloadHistory);
    reloadHistory();
}

QWidget* ComparePage::createHistory()
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
    m_historyView->setToolTip(tr("Double-click a run to open it on the Profile and Export pages."));
    connect(m_historyView, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        openRun(index.siblingAtColumn(0).data(RunHistoryModel::RunIdRole).toString());
    });

    auto* remove = new QPushButton(tr("Delete selected"));
    connect(remove, &QPushButton::clicked, this, &ComparePage::deleteSelected);
    auto* hint = new QLabel(tr("Select two or more runs (Ctrl/Shift+click) to compare them; the first selected "
                               "is the baseline (or pick one and \"Set as baseline\")."));
    m_baselineButton = new QPushButton(tr("Set as baseline"));
    m_baselineButton->setToolTip(tr("Compare the other selected runs against the run with the focus."));
    m_baselineButton->setEnabled(false);
    connect(m_baselineButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_historyView->currentIndex();
        if (current.isValid())
            setBaseline(current.siblingAtColumn(0).data(RunHistoryModel::RunIdRole).toString());
    });
    hint->setWordWrap(true);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    auto* bar = new QHBoxLayout;
    bar->addWidget(hint, 1);
    bar->addWidget(m_baselineButton);
    bar->addWidget(remove);
    topLayout->addLayout(bar);
    topLayout->addWidget(m_historyView);
    return top;
}

QWidget* ComparePage::createComparison()
{
    m_compareModel = new CompareModel(this);
    m_compareView = new QTableView;
    m_compareView->setModel(m_compareModel);
    m_compareView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_chart = new LatencyChart;
    m_chart->setPlaceholder(tr("Select runs in the history above to overlay their per-token latency."));
    m_pareto = new ParetoChart;
    m_paretoNote = new QLabel;
    m_paretoNote->setWordWrap(true);
    auto* paretoTab = new QWidget;
    auto* paretoLayout = new QVBoxLayout(paretoTab);
    paretoLayout->setContentsMargins(0, 0, 0, 0);
    paretoLayout->addWidget(m_pareto, 1);
    paretoLayout->addWidget(m_paretoNote);
    m_memory = new MemoryChart;
    m_memory->setPlaceholder(tr("Select runs in the history above to compare their memory."));

    m_tabs = new QTabWidget;
    m_tabs->addTab(m_compareView, tr("Table"));
    m_tabs->addTab(m_chart, tr("Latency"));
    m_tabs->addTab(paretoTab, tr("Speed vs quality"));
    m_tabs->addTab(m_memory, tr("Memory"));
    m_sweep = new SweepPanel;
    // Scrollable: the panel's form must not raise the window's minimum size.
    auto* sweepScroll = new QScrollArea;
    sweepScroll->setWidget(m_sweep);
    sweepScroll->setWidgetResizable(true);
    sweepScroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(sweepScroll, tr("Sweep"));
    m_sensitivity = new SensitivityPanel;
    m_tabs->addTab(m_sensitivity, tr("Sensitivity"));
    return m_tabs;
}

void ComparePage::setEngine(EngineClient* engine)
{
    m_presets->setEngine(engine);
}

QString ComparePage::runTitle(const RunResult& run)
{
    return ::runTitle(run);
}

void ComparePage::reloadHistory()
{
    m_historyModel->setData(m_history->runs());
    m_historyView->resizeColumnsToContents();
    m_historyView->horizontalHeader()->setSectionResizeMode(RunHistoryModel::Prompt, QHeaderView::Stretch);
    selectionChanged();
}

QStringList ComparePage::selectedIdsInOrder()
{
    // The view does not keep the order rows were selected in: m_selectionOrder
    // does. Rows selected together (a Shift+click range) keep the view's order.
    QStringList selected;
    for (const QModelIndex& index : m_historyView->selectionModel()->selectedRows()) {
        const QString id = index.data(RunHistoryModel::RunIdRole).toString();
        if (!m_selectionOrder.contains(id))
            selected.append(id);
    }
    QStringList order;
    for (const QString& id : m_selectionOrder)
        for (const QModelIndex& index : m_historyView->selectionModel()->selectedRows())
            if (index.data(RunHistoryModel::RunIdRole).toString() == id)
                order.append(id);
    m_selectionOrder = order + selected;
    return m_selectionOrder;
}

void ComparePage::setBaseline(const QString& id)
{
    if (!m_selectionOrder.contains(id))
        return;
    m_selectionOrder.removeAll(id);
    m_selectionOrder.prepend(id);
    selectionChanged();
}

void ComparePage::selectionChanged()
{
    QModelIndexList rows;
    const QModelIndexList selected = m_historyView->selectionModel()->selectedRows();
    for (const QString& id : selectedIdsInOrder())
        for (const QModelIndex& index : selected)
            if (index.data(RunHistoryModel::RunIdRole).toString() == id)
                rows.append(index);
    m_baselineButton->setEnabled(rows.size() > 1);
    QVector<RunResult> runs;
    QVector<LatencySeries> series;
    QVector<ParetoRun> pareto;
    QVector<MemoryBar> memory;
    QStringList unplacedWhy;  // each run's reason, in the words of its record
    for (const QModelIndex& index : rows) {
        const RunResult& run = m_historyModel->run(m_proxy->mapToSource(index).row());
        const QString title = runTitle(run);
        runs.append(run);
        series.append(LatencySeries{title, run.latenciesMs});
        if (run.memory.isValid())
            memory.append(MemoryBar{title, run.memory});
        // A run without a profile is the unoptimised model itself: KLD 0.
        const bool baseline = run.quality.state == QualityMetrics::State::NotRequested &&
                              runProfileJson(run).trimmed().isEmpty();
        if (run.quality.measured() || baseline)
            pareto.append(ParetoRun{title, run.decodeTokPerS, baseline ? 0.0 : run.quality.meanKld,
                                    run.memory.totalBytes()});
        else
            unplacedWhy.append(tr("%1: %2").arg(title, qualitySummary(run.quality)));
    }
    m_compareModel->setData(runs);
    m_chart->setSeries(series);
    m_pareto->setRuns(pareto);
    m_memory->setBars(memory);
    const int unplaced = int(unplacedWhy.size());
    m_paretoNote->setText(unplaced > 0 ? tr("%n selected run(s) are not shown:", nullptr, unplaced) + QLatin1Char(' ') +
                                             unplacedWhy.join(QLatin1Char(' '))
                                       : QString());
    m_paretoNote->setVisible(unplaced > 0);
}

void ComparePage::selectRuns(const QStringList& ids)
{
    // One at a time, in the order given: the first is the baseline.
    m_historyView->selectionModel()->clearSelection();
    m_selectionOrder.clear();
    for (const QString& id : ids)
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const QModelIndex index = m_proxy->index(row, 0);
            if (index.data(RunHistoryModel::RunIdRole).toString() == id)
                m_historyView->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
}

void ComparePage::openRun(const QString& id)
{
    for (const RunResult& run : m_history->runs())
        if (run.id == id) {
            emit openRunRequested(run);
            return;
        }
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
