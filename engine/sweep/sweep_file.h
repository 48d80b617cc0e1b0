#pragma once
// Sweeps: the results file, shared by `inferscope-cli sweep` and the
// workbench's Sweep panel. A results file is JSONL: a header line saying what
// the sweep is (model, grid, base profile, load, repetitions, seed, quality
// text), a provenance line per start, then the runner's point and sample lines
// (sweep_runner.h) and, once finished, summaries. A sweep resumes only from a
// file whose header is its own; the difference is named otherwise.
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/sched/workload.h"
#include "engine/sweep/sweep_plan.h"
#include "engine/sweep/sweep_select.h"

namespace engine::sweep {

// What a sweep is: everything that must be equal for a file to be continued.
struct SweepSpec {
    std::string model;
    std::vector<Axis> axes;
    nlohmann::json base = nlohmann::json::object();
    int32_t promptTokens = 128;  // pp / tg load (unused with a workload)
    int32_t genTokens = 32;
    std::optional<Workload> workload;  // set: a serving sweep
    std::string workloadSource;        // "preset chat-short" or the workload file
    bool realTime = true;
    int32_t repetitions = 3;
    uint64_t seed = 1;
    std::string quality;  // what the quality text is (its file); empty: none
};

nlohmann::json headerLine(const SweepSpec& spec);
// The header's sweep back, for continuing it; errors name the bad field.
Expected<SweepSpec> specFromHeader(const nlohmann::json& header);
// The fields in which two headers differ, in words ("grid", "workload", ...).
std::vector<std::string> headerDifferences(const nlohmann::json& a, const nlohmann::json& b);

// Where and how the numbers were measured: CPU, SIMD target, threads asked
// for, build revision, kernel, load average at the start.
nlohmann::json provenanceLine(std::optional<int32_t> threads, const std::string& revision);

// The first line of a results file, checked to be a sweep header.
Expected<nlohmann::json> readHeader(const std::string& path);
// An existing results file for resuming `header`'s sweep: its lines without
// the summaries of an earlier finish (they are recomputed); a torn last line
// (a kill mid-write) is dropped. Another sweep's file is refused, naming what differs.
Expected<std::vector<nlohmann::json>> readResults(const std::string& path, const nlohmann::json& header);

// What closes a finished sweep's file: a summary line per point that ran
// (each metric's mean, sd, 95 % interval and n; on the frontier or not), the
// frontier, and the best point under the constraints with its reason and profile.
struct Closing {
    std::vector<PointMetrics> summary;
    Selection selection;
    std::vector<nlohmann::json> lines;  // summaries, then "frontier", then "best"
    nlohmann::json best;                // the "best" line
};
Closing closeSweep(const std::vector<nlohmann::json>& lines, const std::vector<Point>& points,
                   const std::vector<Constraint>& constraints, const std::string& objective, bool withQuality);
nlohmann::json summaryLine(const PointMetrics& point, bool onFrontier);

// Appends lines as they are measured, flushed one by one.
class ResultsFile {
public:
    ResultsFile() = default;
    ResultsFile(const ResultsFile&) = delete;
    ResultsFile& operator=(const ResultsFile&) = delete;
    ~ResultsFile();
    // A new file (refusing to replace one: `existing` false), or an existing
    // one rewritten with `keep` (its cleaned lines), atomically, then opened for appending.
    Status open(const std::string& path, const std::vector<nlohmann::json>& keep, bool existing);
    Status append(const nlohmann::json& line);

private:
    std::FILE* m_file = nullptr;
};

}  // namespace engine::sweep
