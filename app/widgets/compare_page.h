#pragma once
// ComparePage: the run history (persisted), and for the selected runs a
// side-by-side table of settings and metric deltas against the first selected
// run, with their latency curves overlaid.
#include <QWidget>

class CompareModel;
class LatencyChart;
class QSortFilterProxyModel;
class QTableView;
class RunHistory;
class RunHistoryModel;

class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(RunHistory* history, QWidget* parent = nullptr);

    RunHistoryModel* historyModel() const { return m_historyModel; }
    CompareModel* compareModel() const { return m_compareModel; }
    // Selects the history rows of these run ids (tests, "compare with last").
    void selectRuns(const QStringList& ids);

private:
    void reloadHistory();
    void selectionChanged();
    void deleteSelected();

    RunHistory* m_history;
    RunHistoryModel* m_historyModel;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_historyView;
    CompareModel* m_compareModel;
    QTableView* m_compareView;
    LatencyChart* m_chart;
};
