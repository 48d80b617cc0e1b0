#pragma once
// RunPage: prompt, generation length, sampling and threads; Run and Cancel;
// the output streaming in as tokens arrive, a progress bar and a status line.
// Instead of the prompt, a workload (a preset or a file) can be replayed
// through the batching scheduler with the Optimise page's batching knobs.
// Every knob here is one the engine really honours.
#include <QWidget>

#include "app/bridge/engine_types.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QLabel;
class QPlainTextEdit;
class ProgressIndicator;
class QPushButton;
class QSpinBox;
class Settings;

class RunPage : public QWidget {
    Q_OBJECT
public:
    explicit RunPage(Settings* settings, QWidget* parent = nullptr);

    RunRequest request() const;
    QString outputText() const;
    WorkloadChoice workload() const;
    void setWorkload(const WorkloadChoice& workload);

public slots:
    // `reason`: why Run is disabled (shown as the button's tooltip).
    void setRunEnabled(bool enabled, const QString& reason = {});
    void runStarted();
    void appendTokens(const TokenBatch& batch);
    // The run's tokens and timings (its first stage); its quality may follow.
    void runFinished(const RunResult& result);
    // The run's job ended (the quality measured, skipped or cancelled).
    void qualityFinished(const RunResult& result);
    void runFailed(const QString& message);
    // The job's phase (loading, re-quantizing, prefill, decode, quality) or Cancelling.
    void showProgress(const ProgressInfo& info);

public:
    ProgressIndicator* progressIndicator() const { return m_progress; }
    QString statusText() const;

signals:
    void runRequested();
    void cancelRequested();

private:
    QWidget* buildControls();
    QWidget* buildWorkloadBox();
    void updateWorkloadControls();
    void browseWorkload();
    QString servingSummary(const RunResult& result) const;
    // What a built-in workload preset holds, for its entry in the list.
    static QString presetDescription(const QString& name);
    void restore();
    void storeSettings();

    Settings* m_settings;
    QPlainTextEdit* m_prompt;
    QCheckBox* m_chat;
    QLineEdit* m_system;
    QSpinBox* m_maxTokens;
    QSpinBox* m_threads;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_topK;
    QDoubleSpinBox* m_topP;
    QDoubleSpinBox* m_minP;
    QSpinBox* m_seed;
    QComboBox* m_workloadKind;
    QComboBox* m_preset;
    QLineEdit* m_workloadFile;
    QPushButton* m_browse;
    QCheckBox* m_realTime;
    QLabel* m_workloadNote;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPlainTextEdit* m_output;
    ProgressIndicator* m_progress;
    QLabel* m_status;
    int m_maxForRun = 0;
    int m_received = 0;
};
