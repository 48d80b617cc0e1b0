#include "engine/study/batching_study.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/metrics/latency_stats.h"
#include "engine/sched/scheduler.h"

namespace engine {

Workload mixedBatchingWorkload(int32_t count, double lengthScale)
{
    auto preset = workloadPreset("mixed-32");
    Workload w = preset ? std::move(*preset) : Workload{};
    if (count >= 0 && static_cast<size_t>(count) < w.requests.size()) w.requests.resize(static_cast<size_t>(count));
    const auto scaled = [lengthScale](int32_t n) {
        return std::max(2, static_cast<int32_t>(std::lround(n * lengthScale)));
    };
    for (WorkloadRequest& r : w.requests) {
        r.promptTokens = scaled(r.promptTokens);
        r.outputTokens = scaled(r.outputTokens);
    }
    w.name = "mixed-" + std::to_string(w.requests.size());
    return w;
}

Expected<BatchingStudy> runBatchingStudy(LlamaModel& model, const Tokenizer& tokenizer,
                                         const BatchingStudyOptions& options)
{
    BatchingStudy study;
    const size_t total = options.policies.size() * options.batchSizes.size();
    size_t done = 0;
    for (BatchingPolicy policy : options.policies) {
        for (int32_t batch : options.batchSizes) {
            SchedulerOptions s;
            s.policy = policy;
            s.maxSequences = batch;
            s.realTime = options.realTime;
            auto r = runWorkload(model, tokenizer, options.workload, s, options.cancel);
            if (!r) return r.error();
            std::vector<RequestTimeline> timelines;
            for (const RequestOutcome& o : r->requests) timelines.push_back(o.timeline);
            const RunSummary summary = summarizeRun(timelines);
            BatchingPoint p;
            p.policy = policy;
            p.batchSize = batch;
            p.outputTokPerS = summary.throughput.outputTokPerS;
            p.requestsPerS = summary.throughput.requestsPerS;
            p.e2eMeanMs = summary.e2eMs.mean;
            p.e2eP90Ms = summary.e2eMs.p90;
            p.ttftMeanMs = summary.ttftMs.mean;
            p.forwardPasses = r->forwardPasses;
            p.wallMs = r->wallMs;
            if (!r->batchSizes.empty())
                p.meanSequencesPerPass = std::accumulate(r->batchSizes.begin(), r->batchSizes.end(), 0.0) /
                                         static_cast<double>(r->batchSizes.size());
            study.points.push_back(p);
            study.requests = summary.requests;
            study.outputTokens = summary.outputTokens;
            if (options.onProgress)
                options.onProgress(++done, total, std::string(enumName(policy)) + " x" + std::to_string(batch));
        }
    }
    return study;
}

}  // namespace engine
