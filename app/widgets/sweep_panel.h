#pragma once
// The Sweep panel (a tab of the Compare page): up to three knobs and their
// values, a workload (-p / -n), repetitions, quality on or off, constraints and
// the objective; the sweep runs off the GUI thread (engine/sweep, the same
// code as `inferscope-cli sweep`) with progress and cancel, and its rows, the
// Pareto plot with the frontier and the recommended point, and the reason for
// it arrive as they are measured. "Open as profile" puts a point's profile on
// the Optimise page. Results are also written as JSONL in the data folder.
#include <QJsonObject>
#include <QVector>
#include <QWidget>
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;
class ParetoChart;
class SweepMetricChart;

class SweepPanel : public QWidget {
    Q_OBJECT
public:
    explicit SweepPanel(QWidget* parent = nullptr);
    ~SweepPanel() override;

    void setModelPath(const QString& path);
    // The grid: knob i's profile path and its comma-separated values (i < 3).
    void setAxis(int i, const QString& key, const QString& values);
    void setWorkload(int promptTokens, int genTokens, int repetitions);
    void setQuality(bool on);
    void setConstraint(const QString& expression);

    void start();
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

    QTableWidget* table() const { return m_table; }
    ParetoChart* paretoChart() const { return m_pareto; }
    SweepMetricChart* metricChart() const { return m_metricChart; }
    // The metric the bar chart shows ("tg_tok_s", "kld_mean", ...).
    void setChartMetric(const QString& metric);
    QString reason() const;
    QString resultsPath() const { return m_resultsPath; }
    // The profile of the point in table row `row` (canonical JSON).
    QByteArray profileOfRow(int row) const;

signals:
    void finished(bool ok, const QString& message);
    void openProfileRequested(const QByteArray& profileJson);

private:
    void onLine(const QByteArray& line);
    void onFinished(bool ok, const QString& message);
    void refresh();

    QString m_modelPath;
    QComboBox* m_keys[3];
    QLineEdit* m_values[3];
    QSpinBox* m_prompt;
    QSpinBox* m_gen;
    QSpinBox* m_reps;
    QCheckBox* m_quality;
    QLineEdit* m_constraint;
    QComboBox* m_objective;
    QPushButton* m_start;
    QPushButton* m_cancelButton;
    QPushButton* m_open;
    QLabel* m_status;
    QLabel* m_reason;
    QTableWidget* m_table;
    ParetoChart* m_pareto;
    SweepMetricChart* m_metricChart;
    QComboBox* m_chartMetric;

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::vector<nlohmann::json> m_lines;
    QString m_resultsPath;
    QVector<int> m_rowPoint;  // table row -> point index
    int m_best = -1;
};
