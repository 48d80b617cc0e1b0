#pragma once
// The workbench's value types: what the GUI asks the engine for and what comes
// back. Plain copyable structs registered as metatypes, so queued signals carry
// them between the engine thread and the GUI thread. Qt only: widgets and item
// models include this, never the engine headers.
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

#include "app/bridge/run_data.h"
#include "app/bridge/serving_data.h"

namespace engine {
class Tokenizer;
}

struct TensorRow {
    QString name;
    QString type;   // "F32", "Q8_0", ...
    QString shape;  // ggml order, e.g. "64 x 512"
    quint64 elements = 0;
    quint64 bytes = 0;
};

struct PrecisionEstimate {
    QString precision;  // "FP32", "INT4 (g32)", ...
    quint64 weightBytes = 0;
};

struct ModelInfo {
    quint64 job = 0;
    QString path;
    QString name;          // general.name or the file name
    QString format;        // "gguf", "llama2c"
    QString architecture;  // "llama"
    quint64 fileBytes = 0;
    quint64 parameters = 0;
    quint64 weightBytes = 0;  // sum of the tensor data as stored
    qint64 contextLength = 0;
    qint64 vocabSize = 0;
    qint64 layers = 0;  // transformer blocks
    qint64 heads = 0;   // query heads
    qint64 hiddenDim = 0;  // FFN width
    qint64 kvHeads = 0;
    qint64 headDim = 0;
    qint64 slidingWindow = 0;        // positions a sliding-window layer attends to (0: none)
    QVector<bool> windowedLayers;    // per layer: attends only to the window
    QString tokenizer;  // e.g. "llama (SentencePiece), 512 tokens"
    QList<QPair<QString, QString>> hyperparameters;  // label, value (in display order)
    QVector<TensorRow> tensors;
    QVector<PrecisionEstimate> memory;
    // The loaded model's tokenizer (immutable, safe to read from the GUI
    // thread) for counting prompt tokens; null for a hand-made description.
    std::shared_ptr<const engine::Tokenizer> promptTokenizer;
    int threads = 0;
    double loadMs = 0.0;

    bool isValid() const { return !path.isEmpty(); }
};

struct SamplingSettings {
    double temperature = 0.0;  // <= 0: greedy
    int topK = 0;              // 0: off
    double topP = 1.0;         // 1: off
    double minP = 0.0;         // 0: off
    quint64 seed = 42;

    QString describe() const;  // "greedy" or "temperature 0.8, top-k 40, ..."
};

struct RunRequest {
    quint64 job = 0;
    QString prompt;
    // The prompt as a user turn in the model's own chat template (its
    // tokenizer.chat_template), with `system` as the system message.
    bool chat = false;
    QString system;
    int maxTokens = 128;
    int threads = 0;  // 0: all hardware threads
    // The toolbar's device: "cuda:N" runs on that GPU (the profile's
    // devices.gpus, unless the profile names GPUs itself); empty or "cpu:0" the CPU.
    QString device;
    // The optimisation profile of the run as canonical profile JSON
    // (engine/config/profile.h); empty = the model file unchanged. It is the
    // one place a run's sampling is set (sampling.*): the workbench writes the
    // shared sampling knobs into it, and the engine's defaults (greedy) fill
    // what it leaves out.
    QString profileJson;
    // A workload to replay through the batching scheduler instead of the
    // prompt (the profile's batching, kv_cache and sampling sections apply).
    WorkloadChoice workload;
};

struct TokenEvent {
    int index = 0;  // position among the generated tokens (0 = first)
    int id = 0;
    QString piece;
    double latencyMs = 0.0;  // since the previous token (the first: TTFT)
    double elapsedMs = 0.0;  // since the request began
};

// Tokens are delivered in batches (about every 50 ms) so a fast model does not
// flood the GUI thread with one queued signal per token.
struct TokenBatch {
    quint64 job = 0;
    QVector<TokenEvent> tokens;
    // The run's op trace so far, attached every few batches (a live view for
    // the Profile page); empty otherwise.
    std::optional<RunTrace> trace;
};

struct RunResult {
    quint64 job = 0;
    QString id;  // unique, stable across restarts (history key)
    QDateTime finishedAt;
    QString modelPath;
    QString modelName;
    QString device;  // "CPU (4 threads)"
    RunRequest request;
    SamplingSettings sampling;  // what the run's sampler used (the profile over the engine's defaults)
    bool cancelled = false;
    QString stopReason;  // "max-tokens", "eos", "bos", "cancelled"
    // Chat runs: the template format used ("llama3", ...), or why the raw
    // prompt ran instead.
    QString chatFormat;
    QString chatNote;
    int promptTokens = 0;
    QVector<int> tokens;
    QString text;
    double loadMs = 0.0;
    double ttftMs = 0.0;
    double prefillMs = 0.0;
    double decodeMs = 0.0;
    double prefillTokPerS = 0.0;
    double decodeTokPerS = 0.0;
    QVector<double> latenciesMs;  // one per generated token (the first is the TTFT)
    // The run's profile (run_data.h, filled by run_analysis.cc): op spans and
    // time per layer/category, memory breakdown, quality vs the baseline. The
    // history keeps their summaries, not the raw spans.
    RunTrace trace;
    MemoryBreakdown memory;
    QualityMetrics quality;
    // The profile the run asked for (canonical profile JSON, as sent) and what the
    // engine really did (inferscope.effective/1: the profile plus the passes'
    // adjustments). Empty for runs recorded before profiles existed.
    QString profileJson;
    QString effectiveJson;
    quint64 weightBytes = 0;  // tensor data as the run's model held it (packed values + scales)
    // A serving run (request.workload set): the workload's per-request and
    // per-pass results. Then `tokens`, `text` and `latenciesMs` stay empty and
    // the timings above are the workload's (TTFT: the requests' mean).
    ServingResult serving;

    bool isServing() const { return serving.isValid(); }
    // Output tokens: the run's, or every request's of a serving run.
    qint64 generatedTokens() const { return isServing() ? serving.outputTokens : qint64(tokens.size()); }
    QString label() const;  // short description for tables and legends
    QJsonObject toJson() const;
    // nullopt when required fields are missing or of the wrong type.
    static std::optional<RunResult> fromJson(const QJsonObject& object);
};

struct SynthRequest {
    quint64 job = 0;
    QString outputPath;
    QString shape = QStringLiteral("tiny");  // engine spelling: tiny, 15m, 110m, 1b, 8b
    QString dtype = QStringLiteral("F32");   // F32, F16, BF16, Q8_0, Q4_0
    quint64 seed = 1;
};

// One choice of the synthetic-model dialog.
struct SynthShapeInfo {
    QString name;     // engine spelling
    QString modelOf;  // the real model it mimics
    QString summary;  // "dim 288, 6 layers, 6 heads, vocab 32000"
    quint64 parameters = 0;
};

// One entry of the toolbar's device selector.
struct DeviceEntry {
    QString id;  // "cpu:0", "cuda:0"; empty for an explanatory entry
    QString label;
    QString toolTip;
    bool enabled = true;
};

// What a job is doing now. Each phase has its own unit (see ProgressInfo).
enum class RunPhase {
    Other,         // a job without phases (synthesis, preparing threads)
    Loading,       // done/total: tensors bound
    Pruning,       // tensors pruned
    Requantizing,  // tensors converted (the fraction counts bytes converted)
    Prefill,       // layers of the prompt's forward pass (`tokens`: the prompt's length)
    Decode,        // tokens generated of max tokens
    Serving,       // requests finished of the workload's (`tokens`: output tokens so far)
    Quality,       // layers run over the evaluation text (every model's pass)
    Cancelling,    // Cancel was pressed; the worker has not stopped yet
    Count
};
// "Loading", "Re-quantizing", "Prefill", ... (translated).
QString runPhaseName(RunPhase phase);

struct ProgressInfo {
    quint64 job = 0;
    // The whole sentence for a status line or a tooltip:
    // "Re-quantizing weights to int8: tensor 87/226, 38 %, about 40 s left".
    QString what;
    double fraction = -1.0;  // 0..1, or < 0 when unknown
    RunPhase phase = RunPhase::Other;
    qint64 done = 0;   // in the phase's unit
    qint64 total = 0;  // 0: unknown
    qint64 tokens = 0;  // Prefill: the prompt's length
    double etaSeconds = -1.0;  // < 0: unknown
};

// "Measure quality anyway" for a stored run: the run's model and profile again,
// compared with the model as stored, regardless of its size.
struct QualityRequest {
    quint64 job = 0;
    QString runId;
    QString modelPath;
    QString profileJson;
    int threads = 0;
};

enum class EngineState { Idle, Loading, Running, Synthesizing, Count };
QString engineStateName(EngineState state);

// The words shown for a RunResult::stopReason key ("max-tokens" -> "max tokens reached");
// an unknown key is shown as it is.
QString stopReasonLabel(const QString& reason);

// Registers the types above with Qt's meta-type system (idempotent).
void registerEngineTypes();

Q_DECLARE_METATYPE(ModelInfo)
Q_DECLARE_METATYPE(RunRequest)
Q_DECLARE_METATYPE(TokenBatch)
Q_DECLARE_METATYPE(RunResult)
Q_DECLARE_METATYPE(SynthRequest)
Q_DECLARE_METATYPE(ProgressInfo)
Q_DECLARE_METATYPE(QualityRequest)
Q_DECLARE_METATYPE(QualityMetrics)
