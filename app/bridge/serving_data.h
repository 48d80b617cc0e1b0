#pragma once
// What a serving run leaves behind: a workload replayed through the batching
// scheduler (engine/sched/scheduler.h), as Qt values. Per request its TTFT,
// TPOT and end-to-end latency; per forward pass its time and how many
// sequences it served; the latency summaries and throughputs over the run.
// Qt only, no engine headers: serving_job.cc fills these from the engine;
// widgets, item models and the run history read them.
#include <QJsonObject>
#include <QString>
#include <QVector>

// What the Run page asks to replay: nothing (a prompt run), a built-in preset
// or a workload file (inferscope.workload/1).
struct WorkloadChoice {
    enum class Kind { None, Preset, File, Count };
    Kind kind = Kind::None;
    QString preset;  // Kind::Preset: "chat-short", "burst-8", ...
    QString path;    // Kind::File
    // Honour the arrival times (requests wait until they are due); off: every
    // request arrives at once, the throughput-bound case.
    bool realTime = true;

    bool isServing() const { return kind == Kind::Preset || kind == Kind::File; }
    // "preset burst-8" or the file's name.
    QString describe() const;
};

struct ServingRequestStat {
    qint32 id = 0;
    double arrivalMs = 0.0;  // since the run started
    qint32 promptTokens = 0;
    qint32 outputTokens = 0;
    double ttftMs = 0.0;  // arrival to first token (queueing included)
    double tpotMs = -1.0;  // < 0: fewer than 2 tokens
    double e2eMs = 0.0;
    qint32 preemptions = 0;
};

struct ServingPass {
    double endMs = 0.0;
    double ms = 0.0;
    qint32 sequences = 0;
    qint32 sampledTokens = 0;
};

// mean / p50 / p90 / p99 of one latency over the requests (or token gaps).
struct ServingLatency {
    double mean = 0.0;
    double p50 = 0.0;
    double p90 = 0.0;
    double p99 = 0.0;
    qint64 count = 0;

    QJsonObject toJson() const;
    static ServingLatency fromJson(const QJsonObject& object);
};

// Output tokens per second of the passes that served `sequences` sequences:
// their sampled tokens over their summed time.
struct BatchThroughput {
    int sequences = 0;
    int passes = 0;
    double outputTokPerS = 0.0;
};

struct ServingResult {
    QString workload;  // the workload's name
    QString source;    // "preset burst-8" or the file path
    QString policy;    // "static", "continuous"
    int maxSequences = 0;
    int maxBatch = 0;
    bool realTime = true;
    QString kvMode;    // the cache as the scheduler resolved it
    qint64 kvCapacityTokens = 0;
    double wallMs = 0.0;
    qint64 forwardPasses = 0;
    qint64 preemptions = 0;
    qint64 promptTokens = 0;
    qint64 outputTokens = 0;
    ServingLatency ttftMs;
    ServingLatency itlMs;
    ServingLatency tpotMs;
    ServingLatency e2eMs;
    double prefillTokPerS = 0.0;
    double decodeTokPerS = 0.0;
    double outputTokPerS = 0.0;
    double requestsPerS = 0.0;
    QVector<ServingRequestStat> requests;  // by request id
    QVector<ServingPass> passes;           // in order

    bool isValid() const { return !workload.isEmpty(); }
    double meanBatch() const;
    QVector<double> ttfts() const;
    QVector<double> e2es() const;
    // One entry per batch size that occurred, by increasing size.
    QVector<BatchThroughput> throughputByBatch() const;
    QJsonObject toJson() const;
    static ServingResult fromJson(const QJsonObject& object);
};
