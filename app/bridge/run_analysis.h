#pragma once
// From what the engine recorded during a run to the workbench's run data
// (run_data.h): the op spans of the tracer, the memory breakdown, and the
// quality against the unoptimised baseline. Runs on the engine thread, called
// by EngineController around and after Engine::generate:
//
//   RunRecorder recorder(*engine);          // a tracer on the model
//   auto generated = engine->generate(...);
//   recorder.finish(result, profile);       // detaches it; fills trace and memory
//   result.quality = measureQuality(*engine, path, profile, options);
//
// `profile` is the run's profile as the controller parsed it, once per run:
// nothing here reads the profile's text again.
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "app/bridge/engine_types.h"
#include "app/bridge/quality_policy.h"

namespace engine {
class Engine;
class Tracer;
struct Profile;
struct Span;
struct Counter;
}  // namespace engine

class RunRecorder {
public:
    // Spans the tracer keeps; a run beyond this keeps its latest spans.
    static constexpr size_t kTracerCapacity = size_t(1) << 17;

    // Attaches a tracer to the engine's model until finish() or destruction.
    explicit RunRecorder(engine::Engine& engine);
    ~RunRecorder();
    RunRecorder(const RunRecorder&) = delete;
    RunRecorder& operator=(const RunRecorder&) = delete;

    // Detaches the tracer, then fills result.trace (spans and their summary)
    // and result.memory (from the model's shape, the profile's KV cache and
    // result's token counts).
    void finish(RunResult& result, const engine::Profile& profile);
    // The spans recorded so far (call on the thread that runs the model: the
    // tracer is not shared across threads).
    RunTrace snapshot() const;

private:
    void detach();

    engine::Engine& m_engine;
    std::unique_ptr<engine::Tracer> m_tracer;
    bool m_attached = false;
};

// The tracer's spans as a RunTrace: the summary over all of them, the first
// RunTrace::kMaxSpans kept as raw spans. `droppedByTracer`: spans the ring
// buffer already lost.
// The tracer's GPU memory counters (LlamaModel::recordGpuMemory) as one
// series per device and kind, in time order; other counters are left out.
QVector<GpuMemorySeries> gpuMemorySeries(const std::vector<engine::Counter>& counters);

RunTrace traceFromSpans(const std::vector<engine::Span>& spans, quint64 droppedByTracer, double wallUs);

struct QualityOptions {
    QString evalTextPath;  // empty: findEvalText()
    int maxTokens = kQualityEvalTokens;  // of the evaluation text (a short, cheap measurement)
    // Above this many parameters the comparison (a second copy of the model,
    // two passes over the text) is skipped unless `force` is set
    // (quality_policy.h says why, in one sentence for every page).
    quint64 maxParameters = kQualityParameterLimit;
    bool force = false;
    const std::atomic<bool>* cancel = nullptr;
    // Layers run so far over the evaluation text (each model's pass counted), of `total`.
    std::function<void(qint64 done, qint64 total)> onProgress;
};

// resources/eval/stories.txt: $INFERSCOPE_EVAL_TEXT, then next to the
// executable (share/inferscope/eval, resources/eval), then the source tree.
// Empty when none is found.
QString findEvalText();

// Quality of `test` (the engine the run used) against the model file at
// `modelPath` loaded without the profile. NotRequested for an empty profile;
// Skipped (with the reason in note) for a large model, a missing text, an
// invalid profile, a cancel or an engine error. A profile that leaves the
// weights alone is compared against the same weights (KLD exactly 0).
QualityMetrics measureQuality(engine::Engine& test, const QString& modelPath, const QString& profileJson,
                              const QualityOptions& options = {});
// The same for a profile already parsed (a run's quality pass: never NotRequested).
QualityMetrics measureQuality(engine::Engine& test, const QString& modelPath, const engine::Profile& profile,
                              const QualityOptions& options = {});
