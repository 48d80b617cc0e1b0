#pragma once
// What one run leaves behind beyond its tokens and timings: the op spans the
// engine's tracer recorded (as Qt values), where the time went per layer and
// per category, the memory breakdown and the quality against the unoptimised
// baseline. Qt only, no engine headers: run_analysis.cc fills these from the
// engine, widgets and item models read them. The functions here are pure and
// unit-tested (tests/app/tst_charts.cc, tst_compare.cc).
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

#include "engine/trace/op_id.h"

// The workbench's op categories. The engine tags every weight matmul "matmul";
// here a matmul belongs to the block it computes (attn_* -> attention, ffn_* ->
// MLP, the logits projection -> output), so "attention vs MLP" means what a
// reader of the model code expects. The same colour everywhere (chart_style.h).
enum class OpCategory : quint8 { Embedding, Attention, Mlp, Norm, Kv, Sampling, Communication, Output, Other, Count };
constexpr int kOpCategoryCount = static_cast<int>(OpCategory::Count);

// Stable spelling for JSON and CSV: "embedding", "attention", "mlp", ...
QString opCategoryKey(OpCategory category);
std::optional<OpCategory> opCategoryFromKey(const QString& key);
// Display name (translated).
QString opCategoryName(OpCategory category);
// The workbench category of an engine op: the part of the model its OpId names.
OpCategory opCategoryOf(engine::OpId op);

struct OpSpan {
    QString name;  // "matmul attn_q", "rope", "sample"
    OpCategory category = OpCategory::Other;
    qint32 layer = -1;  // -1: outside the transformer layers
    qint32 thread = 0;  // the tracer's thread number
    qint32 device = 0;  // the device that ran it (a rank of a split model; 0 otherwise)
    double startUs = 0.0;  // since the run began
    double durationUs = 0.0;
    // A pool thread's share of an op whose own span is on the calling thread.
    bool workerShare = false;
    // GPU work (kernels, copies, memsets) runs on `stream` of `device`;
    // runtime calls and synchronisations sit on the host thread that made them.
    engine::SpanKind kind = engine::SpanKind::HostOp;
    qint32 stream = -1;
    // A host op's call number; for GPU work the number of the op that launched it (0: none).
    quint64 correlation = 0;
    QString op;          // GPU work: the name of the op that launched it; empty when not tied to one
    quint64 bytes = 0;   // copies and memsets: bytes moved
    qint32 grid[3] = {0, 0, 0};   // kernels: launch configuration
    qint32 block[3] = {0, 0, 0};

    double endUs() const { return startUs + durationUs; }
    bool onDevice() const { return engine::runsOnDevice(kind); }
    bool isCopy() const { return kind == engine::SpanKind::Memcpy || kind == engine::SpanKind::Memset; }
};

// Where the time went. The engine times each op once on the thread that
// called it; the shares pool threads ran of it lie inside that time and are
// left out of the sums, so they are wall time spent inside ops. Where an op
// launched GPU work, its time is that work's (kernel, copy and memset
// durations, in the op's category and layer) and the host op's own span is
// left out, so nothing is counted twice; runtime calls and synchronisations
// lie inside their op and are never summed.
struct OpTimeSummary {
    QVector<double> categoryUs;                // kOpCategoryCount entries
    QVector<QVector<double>> layerCategoryUs;  // [layer][category]
    double outsideLayersUs = 0.0;              // spans with layer -1 (embedding, logits, sampling)
    double totalUs = 0.0;                      // every span
    qint64 spanCount = 0;
    int threadCount = 0;
    double deviceUs = 0.0;  // of totalUs: GPU work (kernels, copies, memsets)

    bool isEmpty() const { return spanCount == 0; }
    int layerCount() const { return static_cast<int>(layerCategoryUs.size()); }
    double layerUs(int layer) const;
    double categoryTotalUs(OpCategory category) const;
    QJsonObject toJson() const;
    static OpTimeSummary fromJson(const QJsonObject& object);
};
OpTimeSummary summarizeSpans(const QVector<OpSpan>& spans);

// One GPU's memory over a traced run, sampled after every forward pass:
// what the driver counts as in use (cudaMemGetInfo), or what the engine
// allocated there (weights, workspace, KV shard).
struct GpuMemorySeries {
    QString device;       // "cuda:0"
    bool engine = false;  // true: the engine's allocations; false: in use by the driver's count
    QVector<double> timeMs;
    QVector<double> bytes;
};

struct RunTrace {
    // Raw spans kept per run; a long run on a big model records far more.
    static constexpr int kMaxSpans = 20000;

    QVector<OpSpan> spans;     // chronological, the first kMaxSpans of the run
    quint64 droppedSpans = 0;  // recorded but not kept in `spans`
    double wallUs = 0.0;       // wall time of the traced run (all spans lie inside it)
    OpTimeSummary summary;     // over every span recorded, the dropped ones included
    QVector<GpuMemorySeries> gpuMemory;  // runs on a GPU; not persisted

    bool isEmpty() const { return summary.isEmpty(); }
    // The summary only: raw spans are not persisted.
    QJsonObject toJson() const;
    static RunTrace fromJson(const QJsonObject& object);
};

// A trace from spans in any order: sorted by start, summarised over all of
// them, the first RunTrace::kMaxSpans kept (the rest counted in droppedSpans
// on top of `dropped`, the spans lost before they got here).
RunTrace makeRunTrace(QVector<OpSpan> spans, quint64 dropped, double wallUs);

// The model's shape, as far as memory is concerned.
struct ModelShape {
    qint64 dim = 0;
    qint64 hiddenDim = 0;
    qint64 layers = 0;
    qint64 heads = 0;
    qint64 kvHeads = 0;
    qint64 headDim = 0;
    qint64 vocab = 0;

    qint64 qDim() const { return heads * headDim; }
    qint64 kvDim() const { return kvHeads * headDim; }
};

// One device of a split model over one run (engine DeviceReport).
struct DeviceUsage {
    QString name;   // "vcpu:0"
    QString share;  // "layers 0..2"
    quint64 weightsBytes = 0;
    quint64 kvAllocatedBytes = 0;
    quint64 kvUsedBytes = 0;
    quint64 workspaceBytes = 0;
    quint64 communicationBytes = 0;
    double busyMs = 0.0;
    double communicationMs = 0.0;
};

struct MemoryBreakdown {
    quint64 weightsBytes = 0;      // every tensor as the model runs it
    quint64 kvAllocatedBytes = 0;  // the run's KV cache
    quint64 kvUsedBytes = 0;       // positions actually written
    quint64 activationsBytes = 0;  // estimate: scratch activations of the widest forward + logits
    // The peak resident set of the process during this run (0: unknown), and
    // how it was measured: "hwm" (the kernel's high-water mark, reset when the
    // run began), "sampled" (the largest reading taken during the run), or
    // empty for records made before runs were measured one by one (then it is
    // the process's peak since it started).
    quint64 peakRssBytes = 0;
    QString peakRssMethod;
    QVector<DeviceUsage> devices;  // per device when the model was split (empty otherwise)

    quint64 kvFreeBytes() const { return kvAllocatedBytes > kvUsedBytes ? kvAllocatedBytes - kvUsedBytes : 0; }
    quint64 totalBytes() const { return weightsBytes + kvAllocatedBytes + activationsBytes; }
    bool isValid() const { return weightsBytes > 0; }
    QJsonObject toJson() const;
    static MemoryBreakdown fromJson(const QJsonObject& object);
};

// How the run's KV cache stores a position (engine/kv/kv_store.h).
struct KvLayout {
    quint64 bytesPerPosition = 0;  // keys + values of every layer in the cache's precision
    qint64 blockTokens = 0;        // paged: positions per block (allocation rounds up); 0: contiguous
    bool recompute = false;        // mode off: nothing stored, every pass recomputes the prefix
    bool gathers = false;          // f16 / int8: attention reads a dequantized fp32 copy of the prefix

    // The default cache: contiguous, fp32.
    static KvLayout contiguousF32(const ModelShape& shape);
};

// `kvPositions`: the cache's capacity; `positionsWritten`: tokens fed through
// the model. Activations: the forward pass's scratch for `widestForward` tokens
// (the prompt in prefill; the whole prefix when recomputing), one row of
// logits, and the fp32 copy of the prefix a gathering cache reads.
MemoryBreakdown estimateMemory(const ModelShape& shape, quint64 weightsBytes, const KvLayout& kv,
                               qint64 kvPositions, qint64 positionsWritten, qint64 widestForward);
// The default fp32 contiguous cache.
MemoryBreakdown estimateMemory(const ModelShape& shape, quint64 weightsBytes, qint64 kvPositions,
                               qint64 positionsWritten, qint64 widestForward);

// Quality of the run's model against the model file as loaded without the
// profile, over the same evaluation text (engine/eval/compare.h).
struct QualityMetrics {
    // Pending: the run's tokens and timings are in, the measurement is still
    // running (results arrive in stages; a record never stays pending).
    enum class State { NotRequested, Measured, Skipped, Pending, Count };

    // Why a measurement was skipped, as a key the workbench acts on (a model too
    // large for the automatic comparison can be measured anyway).
    enum class Skip { None, ModelTooLarge, Cancelled, RunCancelled, Other, Count };

    State state = State::NotRequested;
    QString note;  // what was measured ("256 tokens of stories.txt") or why it was skipped
    Skip skip = Skip::None;
    quint64 parameters = 0;      // ModelTooLarge: the model's parameters
    quint64 parameterLimit = 0;  // ModelTooLarge: the automatic measurement's limit
    qint64 positions = 0;
    double meanKld = 0.0;  // nats
    double p99Kld = 0.0;
    double maxKld = 0.0;
    double top1Agreement = 0.0;  // 0..1
    double ppl = 0.0;
    double basePpl = 0.0;
    double deltaPpl = 0.0;  // ppl - basePpl

    bool measured() const { return state == State::Measured; }
    bool pending() const { return state == State::Pending; }
    QJsonObject toJson() const;
    static QualityMetrics fromJson(const QJsonObject& object);
};
