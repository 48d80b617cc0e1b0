#pragma once
// ComparePage: the run history (persisted) and, for the selected runs, a
// side-by-side table of settings, profile differences and metric deltas against
// the first selected run, their latency curves overlaid, the Pareto scatter of
// speed against quality (bubble = memory) and their memory breakdowns. The
// teaching presets across the top queue runs and select them here.
#include <QStringList>
#include <QWidget>

class CompareModel;
class EngineClient;
class LatencyChart;
class MemoryChart;
class ParetoChart;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class RunHistory;
class RunHistoryModel;
class TeachingPresetsPanel;
class SensitivityPanel;
class SweepPanel;
struct RunResult;

class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(RunHistory* history, QWidget* parent = nullptr);

    // Enables the teaching presets (they run through this client).
    void setEngine(EngineClient* engine);

    RunHistoryModel* historyModel() const { return m_historyModel; }
    CompareModel* compareModel() const { return m_compareModel; }
    LatencyChart* latencyChart() const { return m_chart; }
    ParetoChart* paretoChart() const { return m_pareto; }
    MemoryChart* memoryChart() const { return m_memory; }
    TeachingPresetsPanel* presetsPanel() const { return m_presets; }
    SweepPanel* sweepPanel() const { return m_sweep; }
    SensitivityPanel* sensitivityPanel() const { return m_sensitivity; }
    QTabWidget* tabs() const { return m_tabs; }
    // Selects the history rows of these run ids, in this order (the first is
    // the baseline; tests, "compare with last").
    void selectRuns(const QStringList& ids);
    // Makes the selected run `id` the baseline the others are compared with.
    void setBaseline(const QString& id);
    // A legend label: the run's label and what its profile changes.
    static QString runTitle(const RunResult& run);
    // Asks for the stored run `id` to be shown on the Profile and Export pages
    // (what a double-click on its history row does).
    void openRun(const QString& id);

signals:
    void openRunRequested(const RunResult& run);

private:
    QWidget* createHistory();
    QWidget* createComparison();
    void reloadHistory();
    void selectionChanged();
    QStringList selectedIdsInOrder();
    void deleteSelected();

    RunHistory* m_history;
    RunHistoryModel* m_historyModel;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_historyView;
    QPushButton* m_baselineButton;
    QStringList m_selectionOrder;  // selected run ids in the order they were selected
    CompareModel* m_compareModel;
    QTableView* m_compareView;
    QTabWidget* m_tabs;
    LatencyChart* m_chart;
    ParetoChart* m_pareto;
    QLabel* m_paretoNote;
    MemoryChart* m_memory;
    SweepPanel* m_sweep;
    SensitivityPanel* m_sensitivity;
    TeachingPresetsPanel* m_presets;
};
