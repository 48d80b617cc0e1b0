#pragma once
// Teaching presets: one click queues a short series of real runs that differ in
// one knob (KV cache off vs on; FP32 vs INT8 vs INT4 weights), waits for each
// result, then hands the run ids over so the Compare page can select them.
//
//   TeachingPresetRunner   the queue: one run at a time through EngineClient
//                          (the engine runs jobs sequentially on its worker);
//   TeachingPresetsPanel   the buttons, the explanation and the progress line.
#include <QObject>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <functional>

#include "app/bridge/engine_types.h"

class EngineClient;
class QLabel;
class QPushButton;

struct TeachingRun {
    QString label;        // "INT8"
    QString profileJson;  // a complete inferscope.profile/1 document
};

struct TeachingPreset {
    QString id;     // "kv-cache", "precision"
    QString title;  // the button
    QString explanation;
    int maxTokens = 64;  // a generation long enough to show the effect
    QVector<TeachingRun> runs;
};

// The presets, in button order.
// A profile that splits the model over `devices` virtual CPU devices (mode none/pipeline/tensor).
QString splitProfile(const QString& name, const QString& mode, int devices);
QVector<TeachingPreset> teachingPresets();
// nullopt for an unknown id.
std::optional<TeachingPreset> findTeachingPreset(const QString& id);
// A profile document that changes only `section.key` (e.g. weights.dtype = "int8").
QString teachingProfile(const QString& name, const QString& section, const QString& key, const QString& value);

class TeachingPresetRunner : public QObject {
    Q_OBJECT
public:
    explicit TeachingPresetRunner(EngineClient* engine, QObject* parent = nullptr);

    // Queues the preset's runs on top of `base` (prompt, threads, sampling; the
    // preset sets max tokens and the profile). `only` (labels) runs a subset.
    // False, with the reason in lastError(), when no model is loaded, the
    // engine is busy or a preset is already running.
    bool start(const TeachingPreset& preset, const RunRequest& base, const QStringList& only = {});
    void cancel();
    bool isRunning() const { return m_running; }
    QString lastError() const { return m_error; }
    const QVector<RunResult>& results() const { return m_results; }

signals:
    void runStarted(int index, int count, const QString& label);
    void runCompleted(const RunResult& result);
    // Every run finished: their ids in preset order.
    void finished(const QStringList& runIds);
    void failed(const QString& message);

private:
    void startNext();
    void onRunFinished(const RunResult& result);
    void onFailed(const QString& message);
    void abort(const QString& message);

    EngineClient* m_engine;
    QVector<TeachingRun> m_queue;
    RunRequest m_base;
    int m_maxTokens = 0;
    int m_next = 0;
    quint64 m_job = 0;
    bool m_running = false;
    QVector<RunResult> m_results;
    QString m_error;
};

class TeachingPresetsPanel : public QWidget {
    Q_OBJECT
public:
    explicit TeachingPresetsPanel(QWidget* parent = nullptr);

    // Without an engine the buttons are disabled.
    void setEngine(EngineClient* engine);
    // Where the prompt, threads and sampling of the runs come from (e.g. the
    // Run page); by default a fixed story prompt, greedy.
    void setBaseRequest(std::function<RunRequest()> provider) { m_baseRequest = std::move(provider); }
    TeachingPresetRunner* runner() const { return m_runner; }
    void startPreset(const QString& id);

signals:
    // The preset's runs finished: select these in the comparison.
    void compareRequested(const QStringList& runIds);

private:
    void updateButtons();
    static RunRequest defaultRequest();

    TeachingPresetRunner* m_runner = nullptr;
    EngineClient* m_engine = nullptr;
    QVector<QPushButton*> m_buttons;
    QPushButton* m_cancel;
    QLabel* m_status;
    std::function<RunRequest()> m_baseRequest;
};
