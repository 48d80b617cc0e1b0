#pragma once
// The Sweep panel (a tab of the Compare page): up to three knobs and their
// values, the load each point is measured under — a prompt / generation
// length, or a serving workload (a preset or a workload file) replayed through
// the batching scheduler — repetitions, quality on or off, constraints and the
// objective. The sweep runs off the GUI thread (engine/sweep, the same code
// as `inferscope-cli sweep`) with progress per point and cancel; its results
// stream to a JSONL file in the data folder as they are measured, and an
// interrupted sweep resumes from its file. The results view
// (sweep_results_view.h) shows the rows, charts and the recommended point.
#include <QWidget>
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/sweep/sweep_file.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;
class ParetoChart;
class SweepHeatMap;
class SweepMetricChart;
class SweepResultsView;

class SweepPanel : public QWidget {
    Q_OBJECT
public:
    explicit SweepPanel(QWidget* parent = nullptr);
    ~SweepPanel() override;

    void setModelPath(const QString& path);
    // The grid: knob i's profile path and its comma-separated values (i < 3).
    void setAxis(int i, const QString& key, const QString& values);
    // The pp / tg load: each point measured with one prefill and `genTokens` decode steps.
    void setWorkload(int promptTokens, int genTokens, int repetitions);
    // A serving load: a workload preset by name, or a workload file.
    void setServingPreset(const QString& name);
    void setServingWorkloadFile(const QString& path);
    // Whether the workload's arrival times are honoured (false: every request at 0).
    void setRealTime(bool on);
    void setQuality(bool on);
    void setConstraint(const QString& expression);
    void setObjective(const QString& metric);

    void start();
    // Continues the sweep in `path` (its own settings, read from its first
    // line). Returns why it cannot (another model, not a sweep file, ...);
    // empty when the sweep started.
    QString resumeFrom(const QString& path);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

    SweepResultsView* results() const { return m_results; }
    QTableWidget* table() const;
    ParetoChart* paretoChart() const;
    SweepMetricChart* metricChart() const;
    SweepHeatMap* heatMap() const;
    void setChartMetric(const QString& metric);
    QString reason() const;
    QString resultsPath() const { return m_resultsPath; }
    // The profile of the point in table row `row` (canonical JSON).
    QByteArray profileOfRow(int row) const;
    // Measurements done / planned (repetitions of points that run).
    int progressValue() const;
    int progressMaximum() const;

signals:
    void finished(bool ok, const QString& message);
    void openProfileRequested(const QByteArray& profileJson);
    void exportProfileRequested(const QByteArray& profileJson);

private:
    struct Job;
    // The sweep the form describes, or the problems with it.
    std::shared_ptr<Job> jobFromForm(QStringList& problems) const;
    QString launch(const std::shared_ptr<Job>& job);
    void showSpec(const engine::sweep::SweepSpec& spec);
    void onLines(const QList<QByteArray>& lines);
    void onStatus(const QString& text);
    void onFinished(bool ok, const QString& message);
    void chooseWorkloadFile();
    void chooseResultsFile();
    void updateLoadFields();

    QString m_modelPath;
    QComboBox* m_keys[3];
    QLineEdit* m_values[3];
    QComboBox* m_load;
    QString m_workloadFile;
    QPushButton* m_workloadButton;
    QCheckBox* m_realTime;
    QSpinBox* m_prompt;
    QSpinBox* m_gen;
    QSpinBox* m_reps;
    QCheckBox* m_quality;
    QLineEdit* m_constraint;
    QComboBox* m_objective;
    QPushButton* m_start;
    QPushButton* m_resume;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QLabel* m_status;
    SweepResultsView* m_results;

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::vector<nlohmann::json> m_lines;
    std::vector<engine::sweep::Constraint> m_constraints;
    std::string m_objectiveName;
    QString m_resultsPath;
    int m_planned = 0;  // measurements the running sweep will make in all
};
