#pragma once
// Sweeps: running the plan. Points are measured in rounds — every point once
// per round, A B C A B C, not A A A B B B — so slow drift of the machine
// (heat, other load) spreads over all points instead of masquerading as a
// difference between them. Points whose weights are the same (equal
// Point::loadKey) share one loaded model: its weight passes run once.
//
// Each result is handed to the sink as one JSON line the moment it exists:
//   {"kind":"point", "index", "label", "settings", "profile", "status": "ok"|"skipped"|"failed",
//    "reason", "metrics": {weights_bytes, kv_bytes, workspace_bytes, memory_bytes, load_ms,
//    and with quality tokens kld_mean, kld_median, kld_p99, kld_max, top1, ppl, ppl_ratio}}
//   {"kind":"sample", "index", "repetition", "metrics": {pp_tok_s, ttft_ms, tg_tok_s, itl_ms}}
// or, when the load is a serving workload (RunOptions::workload), every sample
// replays the whole workload through the batching scheduler with the point's
// batching, KV and sampling settings:
//   {"kind":"sample", ..., "metrics": {ttft_p50_ms, ttft_p99_ms, itl_p50_ms, itl_p99_ms, e2e_p50_ms,
//    e2e_p99_ms, output_tok_s, req_s, mean_batch, preempted_sequences, kv_bytes, kv_peak_bytes, memory_bytes}}
// (the KV cache is the scheduler's, sized for the point's max_sequences, so
// its bytes come with the samples, not with the point line).
// so a killed sweep loses at most the measurement in flight and resumes from
// the lines it wrote (Progress).
#include <atomic>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/eval/perplexity.h"
#include "engine/sched/workload.h"
#include "engine/sweep/sweep_plan.h"
#include "engine/sweep/sweep_select.h"

namespace engine::sweep {

struct RunOptions {
    std::string modelPath;
    std::string tokenizerPath;
    int32_t promptTokens = 128;  // pp: one prefill of this many tokens per sample (0: none)
    int32_t genTokens = 32;      // tg: this many decode steps per sample (0: none)
    // Set: each sample replays this workload through the batching scheduler
    // instead of the pp / tg measurement (promptTokens and genTokens unused).
    std::optional<Workload> workload;
    bool realTime = true;  // honour the workload's arrival times; false: every request arrives at 0
    int32_t repetitions = 3;
    uint64_t seed = 1;
    std::optional<int32_t> threads;     // for points whose profile does not set devices.threads
    std::string qualityText;             // empty: no quality measurement
    EvalOptions eval;                    // window / stride for the quality measurement
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> onStatus;  // "point 3/12: loading weights.dtype=int4"
};

// What earlier runs of the same sweep already wrote.
struct Progress {
    std::set<int32_t> points;               // "point" lines
    std::set<int32_t> failed;               // ... of points that did not run ("failed", "skipped")
    std::map<int32_t, int32_t> samples;     // "sample" lines per point
    static Progress fromLines(const std::vector<nlohmann::json>& lines);
};

using Sink = std::function<Status(const nlohmann::json& line)>;

Status runSweep(const RunOptions& options, const std::vector<Point>& points, const Progress& done, const Sink& sink);

// The lines of a sweep (point and sample lines, in any order) summarized per
// point that ran: one Stat per metric (point metrics as one sample).
std::vector<PointMetrics> aggregate(const std::vector<nlohmann::json>& lines);

}  // namespace engine::sweep
