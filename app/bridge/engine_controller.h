#pragma once
// EngineController: the engine's front door for the GUI. It lives on a worker
// QThread (see EngineClient, which owns the thread) and turns engine calls and
// callbacks into queued signals carrying the value types of engine_types.h.
//
// Every job carries a generation id from beginJob(). A job whose id is no longer
// the current one is stale: its results are dropped here, and EngineClient drops
// any that were already queued. cancel() and beginJob() are thread-safe and are
// called directly from the GUI thread while the worker is busy; they only touch
// atomics that the engine polls before every layer and every token.
#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>
#include <string>

#include "app/bridge/demo_task.h"
#include "app/bridge/engine_types.h"
#include "app/bridge/quality_policy.h"

namespace engine {
class Engine;
class PeakRssMeter;
struct LoadOptions;
}

class EngineController : public QObject {
    Q_OBJECT
public:
    static constexpr int kBatchIntervalMs = 50;
    // A live op trace copies every span so far: a few times a second is plenty.
    static constexpr int kLiveTraceIntervalMs = 250;

    explicit EngineController(QObject* parent = nullptr);
    ~EngineController() override;

    // Thread-safe. A new generation id; the job running now (if any) is cancelled.
    quint64 beginJob();
    // Thread-safe. Cancels the current job.
    void cancel();
    bool isCurrent(quint64 job) const { return job == m_currentJob.load(); }
    // Minimum gap between token batches (0: one batch per token, for tests).
    void setBatchInterval(int ms) { m_batchIntervalMs.store(ms); }
    // Minimum gap between live op-trace snapshots sent with the token batches
    // (0: with every batch, for tests).
    void setLiveTraceInterval(int ms) { m_liveTraceIntervalMs.store(ms); }
    // Above this many parameters a run's quality is not measured automatically
    // (quality_policy.h); measureQuality() measures it regardless.
    void setQualityParameterLimit(quint64 parameters) { m_qualityParameterLimit.store(parameters); }
    quint64 qualityParameterLimit() const { return m_qualityParameterLimit.load(); }

    // Worker thread only (EngineClient::runDemo queues the call): runs a
    // teaching demo's measurement on the model as stored (a profile's weights
    // passes or split are undone first).
    void runDemo(const DemoTaskPtr& task, quint64 job);

public slots:
    void load(const QString& path, int threads, quint64 job);
    void start(const RunRequest& request);
    void synthesize(const SynthRequest& request);
    // "Measure quality anyway": the run's model with its profile against the
    // model as stored, whatever its size. The loaded model must be the run's.
    void measureQuality(const QualityRequest& request);

signals:
    void modelLoaded(const ModelInfo& info);
    void tokensGenerated(const TokenBatch& batch);
    void runFinished(const RunResult& result);
    void synthesized(quint64 job, const QString& path);
    void demoFinished(quint64 job, bool cancelled);
    void failed(quint64 job, const QString& message);
    void progress(const ProgressInfo& info);
    void qualityMeasured(quint64 job, const QString& runId, const QualityMetrics& quality);

private:
    // Resets the cancel flag for `job`, unless it was cancelled or superseded already.
    void armCancelFlag(quint64 job);
    // (Re)loads the model when the wanted threads, weights or pruning differ from
    // the engine's; `loadKey` identifies the weight-changing part of the options.
    bool ensureEngine(const engine::LoadOptions& options, const std::string& loadKey, const QString& description,
                      quint64 job, engine::PeakRssMeter* meter = nullptr);
    QualityMetrics qualityOf(const QString& profileJson, bool force, quint64 job);

    std::unique_ptr<engine::Engine> m_engine;
    QString m_modelPath;
    std::string m_loadKey;  // canonical JSON of the weights/pruning the engine was loaded with ("" = as stored)
    std::atomic<quint64> m_currentJob{0};
    std::atomic<quint64> m_cancelledUpTo{0};
    std::atomic<bool> m_cancel{false};
    std::atomic<int> m_batchIntervalMs{kBatchIntervalMs};
    std::atomic<int> m_liveTraceIntervalMs{kLiveTraceIntervalMs};
    std::atomic<quint64> m_qualityParameterLimit{kQualityParameterLimit};
};
