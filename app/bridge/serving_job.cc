#include "app/bridge/serving_job.h"

#include <QElapsedTimer>

#include <memory>

#include "engine/config/profile.h"
#include "engine/metrics/latency_stats.h"

namespace {

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

ServingLatency latencyOf(const engine::LatencySummary& s)
{
    return ServingLatency{s.mean, s.p50, s.p90, s.p99, s.count};
}

}  // namespace

engine::Expected<LoadedWorkload> loadWorkloadChoice(const WorkloadChoice& choice)
{
    if (choice.kind == WorkloadChoice::Kind::File) {
        if (choice.path.trimmed().isEmpty())
            return engine::makeError(engine::ErrorCode::InvalidArgument,
                                     "No workload file is chosen: pick one on the Run page.");
        auto w = engine::loadWorkloadFile(choice.path.toStdString());
        if (!w)
            return w.error();
        return LoadedWorkload{std::move(*w), choice.path};
    }
    auto w = engine::workloadPreset(choice.preset.toStdString());
    if (!w)
        return w.error();
    return LoadedWorkload{std::move(*w), QStringLiteral("preset ") + choice.preset};
}

engine::SchedulerOptions schedulerOptionsOf(const engine::Profile& profile, bool realTime)
{
    engine::SchedulerOptions s;
    if (profile.batching) {
        if (profile.batching->policy)
            s.policy = *profile.batching->policy;
        if (profile.batching->maxBatch)
            s.maxBatch = *profile.batching->maxBatch;
        if (profile.batching->maxSequences)
            s.maxSequences = *profile.batching->maxSequences;
    }
    if (profile.kvCache)
        s.kv = *profile.kvCache;
    if (profile.sampling)
        s.sampling = *profile.sampling;
    s.realTime = realTime;
    return s;
}

std::function<void(const engine::SchedulerStep&)> servingProgressObserver(
    int intervalMs, std::function<void(qint64, qint64)> report)
{
    auto since = std::make_shared<QElapsedTimer>();
    auto lastFinished = std::make_shared<qint64>(-1);
    since->start();
    return [=](const engine::SchedulerStep& step) {
        const bool finishedMore = step.finishedRequests != *lastFinished;
        if (!finishedMore && since->elapsed() < intervalMs)
            return;
        *lastFinished = step.finishedRequests;
        since->restart();
        report(step.finishedRequests, step.generatedTokens);
    };
}

ServingResult servingResultOf(const LoadedWorkload& w, const engine::SchedulerOptions& options,
                              const engine::ScheduleResult& r)
{
    std::vector<engine::RequestTimeline> timelines;
    for (const engine::RequestOutcome& o : r.requests)
        timelines.push_back(o.timeline);
    const engine::RunSummary summary = engine::summarizeRun(timelines);
    ServingResult s;
    s.workload = fromStd(w.workload.name);
    s.source = w.source;
    s.policy = QString::fromLatin1(engine::enumName(options.policy));
    s.maxSequences = options.maxSequences;
    s.maxBatch = options.maxBatch;
    s.realTime = options.realTime;
    s.kvMode = QString::fromLatin1(engine::enumName(r.kvSpec.mode));
    s.kvCapacityTokens = r.kvSpec.capacityTokens;
    s.wallMs = r.wallMs;
    s.forwardPasses = r.forwardPasses;
    s.preemptions = r.preemptions;
    s.promptTokens = summary.promptTokens;
    s.outputTokens = summary.outputTokens;
    s.ttftMs = latencyOf(summary.ttftMs);
    s.itlMs = latencyOf(summary.itlMs);
    s.tpotMs = latencyOf(summary.tpotMs);
    s.e2eMs = latencyOf(summary.e2eMs);
    s.prefillTokPerS = summary.throughput.prefillTokPerS;
    s.decodeTokPerS = summary.throughput.decodeTokPerS;
    s.outputTokPerS = summary.throughput.outputTokPerS;
    s.requestsPerS = summary.throughput.requestsPerS;
    for (const engine::RequestOutcome& o : r.requests) {
        ServingRequestStat stat;
        stat.id = o.id;
        stat.arrivalMs = o.timeline.startMs;
        stat.promptTokens = static_cast<qint32>(o.promptTokens.size());
        stat.outputTokens = static_cast<qint32>(o.outputTokens.size());
        stat.ttftMs = o.metrics.ttftMs;
        stat.tpotMs = o.metrics.tpotMs.value_or(-1.0);
        stat.e2eMs = o.metrics.e2eMs;
        stat.preemptions = o.preemptions;
        s.requests.append(stat);
    }
    for (const engine::PassRecord& p : r.passes)
        s.passes.append({p.endMs, p.ms, p.sequences, p.sampledTokens});
    return s;
}

void applyServingTimings(const engine::ScheduleResult& result, RunResult& run)
{
    const ServingResult& s = run.serving;
    run.promptTokens = static_cast<int>(s.promptTokens);
    run.ttftMs = s.ttftMs.mean;
    run.prefillTokPerS = s.prefillTokPerS;
    run.decodeTokPerS = s.decodeTokPerS;
    run.decodeMs = s.wallMs;
    run.memory.kvAllocatedBytes = result.kv.allocatedBytes;
    run.memory.kvUsedBytes = result.kv.peakUsedBytes;  // every sequence has left at the end: its peak
}
