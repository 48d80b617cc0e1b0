#pragma once
// Batching study (teaching data): one workload replayed through the serving
// scheduler (engine/sched) at each batch size (max sequences at once), with
// static and with continuous batching, on the same arrivals. Per run: output
// tokens/s, requests/s, mean and p90 request latency (e2e), mean TTFT, mean
// sequences per forward pass, all from the scheduler's own measurements.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/sched/workload.h"

namespace engine {

class LlamaModel;
class Tokenizer;

struct BatchingStudyOptions {
    Workload workload;  // replayed as is for every run
    std::vector<int32_t> batchSizes{1, 2, 4, 8};
    std::vector<BatchingPolicy> policies{BatchingPolicy::Static, BatchingPolicy::Continuous};
    bool realTime = false;  // false: every request arrives at time 0 (a burst)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(size_t done, size_t total, const std::string& what)> onProgress;
};

struct BatchingPoint {
    BatchingPolicy policy = BatchingPolicy::Continuous;
    int32_t batchSize = 1;
    double outputTokPerS = 0.0;
    double requestsPerS = 0.0;
    double e2eMeanMs = 0.0;
    double e2eP90Ms = 0.0;
    double ttftMeanMs = 0.0;
    double meanSequencesPerPass = 0.0;
    int64_t forwardPasses = 0;
    double wallMs = 0.0;
};

struct BatchingStudy {
    std::vector<BatchingPoint> points;  // by policy (options order), then batch size
    int64_t requests = 0;
    int64_t outputTokens = 0;
};

// The workload the Learn page uses: the first `count` requests of the
// "mixed-32" preset (prompt and output lengths drawn from 8..128), their
// lengths scaled by `lengthScale` to keep a small model's run short.
Workload mixedBatchingWorkload(int32_t count, double lengthScale);

Expected<BatchingStudy> runBatchingStudy(LlamaModel& model, const Tokenizer& tokenizer,
                                         const BatchingStudyOptions& options);

}  // namespace engine
