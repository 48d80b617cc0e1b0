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
struct PeakRss;
struct Profile;
}
struct LoadedWorkload;

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
    // A run's results in two stages: its tokens, timings, trace and memory
    // (quality Pending when a measurement follows), then the whole run when
    // the job ends (quality measured, skipped or not requested). Every run
    // that does not fail emits both, in this order.
    void runTimingsReady(const RunResult& result);
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
    // After a failed reload that had released the old engine: the model as stored.
    void restoreAsStored(int threads);
    // The run's profile as parsed once in start() (or measureQuality()).
    QualityMetrics qualityOf(const engine::Profile& profile, bool force, quint64 job);
    // start()'s two kinds of run: a prompt through the generator, a workload through the scheduler.
    void generate(const RunRequest& request, const engine::Profile& profile, engine::PeakRssMeter& meter);
    void serve(const RunRequest& request, const engine::Profile& profile, const LoadedWorkload& workload,
               engine::PeakRssMeter& meter);
    // What every run's record says before it runs: model, device, profile, threads.
    RunResult resultBase(const RunRequest& request, const engine::Profile& profile) const;
    static void markCancelled(RunResult& result);
    static void recordPeak(const engine::PeakRss& peak, RunResult& result);
    // Ids and timestamps the result, emits runTimingsReady, measures the
    // quality (when the run has a profile and was not cancelled), emits runFinished.
    void finishInStages(RunResult& result, const engine::Profile& profile);

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
