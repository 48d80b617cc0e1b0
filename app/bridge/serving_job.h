#pragma once
// A serving run on the engine thread: the Run page's workload choice loaded
// (a preset or a file), the profile's batching, kv_cache and sampling sections
// mapped onto the scheduler's options, and the scheduler's result turned into
// the workbench's ServingResult. The scheduler's steps become progress
// (requests done of the workload's, tokens so far).
#include <QString>

#include <functional>

#include "app/bridge/engine_types.h"
#include "engine/common/expected.h"
#include "engine/sched/scheduler.h"
#include "engine/sched/workload.h"

namespace engine {
struct Profile;
}

struct LoadedWorkload {
    engine::Workload workload;
    QString source;  // "preset burst-8" or the file path
};

// The workload the choice names. A bad file's error names the file and the
// JSON path of the problem ("requests[3].output_tokens: ...").
engine::Expected<LoadedWorkload> loadWorkloadChoice(const WorkloadChoice& choice);

// The profile's batching, kv_cache and sampling sections (engine defaults for
// what it leaves out), with the choice's arrival mode.
engine::SchedulerOptions schedulerOptionsOf(const engine::Profile& profile, bool realTime);

// Calls `report(finished requests, output tokens)` after scheduler steps, at
// most every `intervalMs` (and always when a request finishes).
std::function<void(const engine::SchedulerStep&)> servingProgressObserver(
    int intervalMs, std::function<void(qint64 finished, qint64 tokens)> report);

ServingResult servingResultOf(const LoadedWorkload& workload, const engine::SchedulerOptions& options,
                              const engine::ScheduleResult& result);

// The run record's timings and memory from a serving result: TTFT the requests'
// mean, prefill / decode the workload's throughputs; the KV cache's allocated
// bytes and its peak use.
void applyServingTimings(const engine::ScheduleResult& result, RunResult& run);
