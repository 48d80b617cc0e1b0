#pragma once
// EngineClient: the GUI thread's handle on the engine. It owns the worker
// QThread with its EngineController, hands out generation ids, forwards requests
// as queued calls and re-emits only the results of the current job, so a widget
// never sees a stale answer. It also tracks the engine's state for the status
// bar. Nothing here blocks the GUI thread.
#include <QObject>
#include <QThread>

#include "app/bridge/demo_task.h"
#include "app/bridge/engine_types.h"

class EngineController;

class EngineClient : public QObject {
    Q_OBJECT
public:
    explicit EngineClient(QObject* parent = nullptr);
    ~EngineClient() override;

    EngineState state() const { return m_state; }
    bool hasModel() const { return m_model.isValid(); }
    const ModelInfo& model() const { return m_model; }
    quint64 currentJob() const { return m_job; }
    EngineController* controller() const { return m_controller; }

    // Each returns the job's generation id.
    quint64 load(const QString& path, int threads = 0);
    quint64 run(RunRequest request);
    quint64 synthesize(SynthRequest request);
    // A teaching demo's measurement on the worker (see demo_task.h).
    quint64 runDemo(DemoTaskPtr task);
    // "Measure quality anyway" for `run` (Running until qualityMeasured or failed; cancellable).
    quint64 measureQuality(const RunResult& run);
    // Asks the worker to stop. Until it has, the job reports RunPhase::Cancelling
    // (one progress signal, now) and its own progress is no longer passed on.
    void cancel();
    bool isCancelling() const { return m_cancelling; }

signals:
    void stateChanged(EngineState state);
    void modelLoaded(const ModelInfo& info);
    void tokensGenerated(const TokenBatch& batch);
    // A run's first stage (EngineController::runTimingsReady): shown at once;
    // the engine stays Running while its quality is measured.
    void runTimingsReady(const RunResult& result);
    // The run's job ended: the whole result, quality included; the engine is Idle.
    void runFinished(const RunResult& result);
    void synthesized(const QString& path);
    // The demo `job` ended; its task holds the result unless `cancelled`.
    void demoFinished(quint64 job, bool cancelled);
    void failed(const QString& message);
    void progress(const ProgressInfo& info);
    void qualityMeasured(const QString& runId, const QualityMetrics& quality);

private:
    quint64 beginJob(EngineState state);
    void setState(EngineState state);
    bool isCurrent(quint64 job) const { return job == m_job; }

    QThread m_thread;
    EngineController* m_controller = nullptr;
    quint64 m_job = 0;
    bool m_cancelling = false;  // cancel() was called for m_job, which has not ended yet
    EngineState m_state = EngineState::Idle;
    ModelInfo m_model;
};
