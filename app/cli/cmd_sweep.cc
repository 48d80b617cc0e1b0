// inferscope-cli sweep MODEL --grid KEY=V1,V2,... [--grid ...] [--base P.json]
//   [-p N] [-n N | --workload W.json | --preset NAME [--no-wait]] [--repetitions N] [--quality TEXT] [--ctx N] [--constraint EXPR ...]
//   [--objective METRIC] [--threads N] [--seed N] --out RESULTS.jsonl [--resume]
//   [--best-out P.json] [--json]
// Every combination of the grid's values applied to the base profile, each
// measured --repetitions times in interleaved rounds (engine/sweep); results
// stream to RESULTS.jsonl as they are measured, and a killed sweep continues
// with --resume. With a workload each repetition replays it through the
// batching scheduler under the point's batching / KV settings and records the
// serving metrics (TTFT, ITL and e2e p50/p99, output tok/s, requests/s). At the end each point's summary (mean, sd, 95 % interval),
// the Pareto frontier and the best point under the constraints are appended,
// and the best point's profile is written to --best-out.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/version.h"
#include "engine/common/output_file.h"
#include "engine/common/text_file.h"
#include "engine/config/profile_validator.h"
#include "engine/sched/workload.h"
#include "engine/sweep/sweep_file.h"
#include "engine/sweep/sweep_runner.h"

namespace cli {
namespace {

using nlohmann::json;
namespace sw = engine::sweep;
using engine::Expected;
using engine::Status;

constexpr const char* kUsage =
    "usage: sweep MODEL --grid KEY=V1,V2,... [--grid ...] [--base P.json] [-p N] [-n N | --workload W.json | "
    "--preset NAME [--no-wait]] [--repetitions N] "
    "[--quality TEXT] [--ctx N] [--constraint EXPR ...] [--objective METRIC] [--threads N] [--seed N] "
    "--out RESULTS.jsonl [--resume] [--best-out P.json] [--json]";

struct SweepArgs {
    std::string model, tokenizer, out, bestOut, objective, qualityPath, workloadSource;
    json base = json::object();
    std::vector<sw::Axis> axes;
    std::vector<sw::Constraint> constraints;
    sw::RunOptions run;
    bool resume = false, jsonOutput = false;
};

// The load: a workload file or preset (serving), or -p / -n.
std::string parseLoad(const Args& args, SweepArgs& s)
{
    const auto path = args.value("--workload");
    const auto preset = args.value("--preset");
    if (path && preset) return "give --workload or --preset, not both";
    if (!path && !preset) {
        if (args.has("--no-wait")) return "--no-wait goes with --workload or --preset";
        return {};
    }
    if (args.has("-p") || args.has("-n")) return "-p / -n measure single requests; a workload brings its own lengths";
    auto w = path ? engine::loadWorkloadFile(*path) : engine::workloadPreset(*preset);
    if (!w) return w.error().message;
    s.run.workload = std::move(*w);
    s.workloadSource = path ? *path : "preset " + *preset;
    s.run.realTime = !args.has("--no-wait");
    return {};
}

std::string parseArgs(const Args& args, SweepArgs& s)
{
    if (args.positional().size() != 1) return kUsage;
    s.model = args.positional()[0];
    s.run.modelPath = s.model;
    s.tokenizer = s.run.tokenizerPath = args.valueOr("--tokenizer", "");
    for (const std::string& g : args.values("--grid")) {
        auto axis = sw::parseAxis(g);
        if (!axis) return axis.error().message;
        s.axes.push_back(std::move(*axis));
    }
    if (s.axes.empty()) return "give at least one --grid KEY=V1,V2,...";
    for (const std::string& c : args.values("--constraint")) {
        auto constraint = sw::parseConstraint(c);
        if (!constraint) return constraint.error().message;
        s.constraints.push_back(std::move(*constraint));
    }
    if (const std::string e = parseLoad(args, s); !e.empty()) return e;
    const bool serving = s.run.workload.has_value();
    s.objective = args.valueOr("--objective", serving ? "output_tok_s" : "tg_tok_s");
    if (!sw::findMetric(s.objective)) return "--objective: unknown metric '" + s.objective + "'";
    std::vector<std::string> used{s.objective};
    for (const sw::Constraint& c : s.constraints) used.push_back(c.metric);
    for (const std::string& m : used)
        if (std::string why = sw::metricUnavailable(m, serving); !why.empty()) return why;
    if (const auto base = args.value("--base")) {
        auto text = engine::readTextFile(*base, "profile", engine::kMaxConfigFileBytes);
        if (!text) return text.error().message;
        const engine::ProfileCheck check = engine::checkProfileText(*text);
        if (check.hasErrors()) return *base + ": " + engine::joinErrors(check.errors());
        s.base = json::parse(*text);
    }
    std::string error;
    s.run.promptTokens = args.intAs<int32_t>("-p", 128, error);
    s.run.genTokens = args.intAs<int32_t>("-n", 32, error);
    s.run.repetitions = args.intAs<int32_t>("--repetitions", 3, error);
    s.run.seed = static_cast<uint64_t>(args.intOr("--seed", 1, error));
    s.run.eval.window = args.intOr("--ctx", 0, error);
    if (args.has("--threads")) s.run.threads = args.intAs<int32_t>("--threads", 0, error);
    if (!error.empty()) return error;
    if (s.run.repetitions < 1) return "--repetitions must be at least 1";
    if (s.run.promptTokens < 0 || s.run.genTokens < 0 || s.run.promptTokens + s.run.genTokens == 0)
        return "-p and -n must be >= 0, and not both 0";
    if (!args.value("--out")) return "--out RESULTS.jsonl is required (results stream there as they are measured)";
    s.out = *args.value("--out");
    s.bestOut = args.valueOr("--best-out", "");
    s.qualityPath = args.valueOr("--quality", "");
    s.resume = args.has("--resume");
    s.jsonOutput = args.has("--json");
    return {};
}

// What the sweep is, for its results file's header (engine/sweep/sweep_file.h).
sw::SweepSpec specOf(const SweepArgs& s)
{
    sw::SweepSpec spec;
    spec.model = s.model;
    spec.axes = s.axes;
    spec.base = s.base;
    spec.promptTokens = s.run.promptTokens;
    spec.genTokens = s.run.genTokens;
    spec.workload = s.run.workload;
    spec.workloadSource = s.workloadSource;
    spec.realTime = s.run.realTime;
    spec.repetitions = s.run.repetitions;
    spec.seed = s.run.seed;
    spec.quality = s.qualityPath;
    return spec;
}

std::string fmt(const std::optional<double>& v, const char* format = "%.4g")
{
    if (!v) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, *v);
    return buf;
}

// One column of the table: a metric's mean (scaled), or its 95 % half-interval.
struct Column {
    const char* title;
    const char* metric;
    const char* format;
    double scale = 1.0;
    bool interval = false;
};

std::vector<Column> tableColumns(bool serving, bool quality)
{
    std::vector<Column> c;
    if (serving)
        c = {{"out tok/s", "output_tok_s", "%.1f"},     {"±95%", "output_tok_s", "%.1f", 1.0, true},
             {"req/s", "req_s", "%.2f"},                {"TTFT p50", "ttft_p50_ms", "%.1f"},
             {"TTFT p99", "ttft_p99_ms", "%.1f"},       {"±95%", "ttft_p99_ms", "%.1f", 1.0, true},
             {"ITL p99", "itl_p99_ms", "%.2f"},         {"e2e p99", "e2e_p99_ms", "%.1f"},
             {"KV MiB", "kv_bytes", "%.2f", 1048576.0}};
    else
        c = {{"pp tok/s", "pp_tok_s", "%.1f"}, {"tg tok/s", "tg_tok_s", "%.1f"}, {"±tg 95%", "tg_tok_s", "%.1f", 1.0, true},
             {"KV MiB", "kv_bytes", "%.2f", 1048576.0}};
    c.push_back({"weights MiB", "weights_bytes", "%.2f", 1048576.0});
    if (quality) {
        c.push_back({"kld_mean", "kld_mean", "%.2e"});
        c.push_back({"top1", "top1", "%.4f"});
    }
    return c;
}

void printTable(const std::vector<sw::PointMetrics>& points, const sw::Selection& selection, bool serving, bool quality)
{
    const std::vector<Column> columns = tableColumns(serving, quality);
    std::printf("%-4s %-48s", "", "point");
    for (const Column& c : columns) std::printf(" %11s", c.title);
    std::printf("\n");
    for (const sw::PointMetrics& p : points) {
        const bool best = selection.best && *selection.best == p.index;
        std::printf("%-4s %-48s", best ? "best" : selection.onFrontier(p.index) ? "*" : "", p.label.substr(0, 48).c_str());
        for (const Column& c : columns) {
            const auto it = p.metrics.find(c.metric);
            std::optional<double> v;
            if (it != p.metrics.end() && it->second.n > 0) v = (c.interval ? it->second.ci95 : it->second.mean) / c.scale;
            std::printf(" %11s", fmt(v, c.format).c_str());
        }
        std::printf("\n");
    }
}

}  // namespace

int runSweep(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv,
                                  {"--grid", "--base", "-p", "-n", "--repetitions", "--quality", "--ctx", "--constraint",
                                   "--objective", "--threads", "--seed", "--out", "--best-out", "--tokenizer",
                                   "--workload", "--preset"},
                                  {"--resume", "--json", "--no-wait"}, error);
    if (!error.empty()) return failWith("sweep: " + error);
    SweepArgs s;
    if (const std::string e = parseArgs(args, s); !e.empty()) return failWith("sweep: " + e);
    auto points = sw::expandGrid(s.base, s.axes);
    if (!points) return failWith("sweep: " + points.error().message);
    if (!s.qualityPath.empty()) {
        auto text = engine::readTextFile(s.qualityPath, "quality text", engine::kMaxTextFileBytes);
        if (!text) return failWith("sweep: " + text.error().message);
        s.run.qualityText = std::move(*text);
    }

    const json header = sw::headerLine(specOf(s));
    std::vector<json> lines{header};
    const bool existing = ::access(s.out.c_str(), F_OK) == 0;
    if (existing && !s.resume)
        return failWith("sweep: " + s.out + " exists; --resume continues it, or choose another --out");
    if (existing) {
        auto read = sw::readResults(s.out, header);
        if (!read) return failWith("sweep: " + read.error().message);
        lines = std::move(*read);
    }
    lines.push_back(sw::provenanceLine(s.run.threads, INFERSCOPE_REVISION));
    sw::ResultsFile file;
    if (auto ok = file.open(s.out, lines, existing); !ok) return failWith("sweep: " + ok.error().message);

    const sw::Progress done = sw::Progress::fromLines(lines);
    s.run.onStatus = [&](const std::string& text) {
        if (!s.jsonOutput) std::fprintf(stderr, "sweep: %s\n", text.c_str());
    };
    const sw::Sink sink = [&](const json& line) -> engine::Status {
        lines.push_back(line);
        return file.append(line);
    };
    if (auto ok = sw::runSweep(s.run, *points, done, sink); !ok) return failWith("sweep: " + ok.error().message);

    const sw::Closing closing = sw::closeSweep(lines, *points, s.constraints, s.objective, !s.run.qualityText.empty());
    for (const json& line : closing.lines)
        if (auto ok = file.append(line); !ok) return failWith("sweep: " + ok.error().message);
    const std::vector<sw::PointMetrics>& summary = closing.summary;
    const sw::Selection& selection = closing.selection;
    const std::optional<int32_t>& best = selection.best;
    const json& bestLine = closing.best;
    if (best && !s.bestOut.empty()) {
        if (auto ok = engine::checkOutputPath(s.bestOut); !ok) return failWith("sweep: " + ok.error().message);
        std::ofstream out(s.bestOut, std::ios::binary | std::ios::trunc);
        out << engine::serializeProfile(*(*points)[size_t(*best)].parsed);
        if (!out) return failWith("sweep: cannot write " + s.bestOut);
    }

    if (s.jsonOutput) {
        json result = {{"points", json::array()}, {"frontier", selection.frontier}, {"best", bestLine}};
        for (const sw::PointMetrics& p : summary) result["points"].push_back(sw::summaryLine(p, false));
        std::printf("%s\n", result.dump(2).c_str());
        return 0;
    }
    for (const sw::Point& p : *points)
        if (!p.skipReason.empty()) std::printf("skipped %s: %s\n", p.label().c_str(), p.skipReason.c_str());
    for (const json& line : lines)
        if (line.value("kind", "") == "point" && line.value("status", "") == "failed")
            std::printf("failed %s: %s\n", line.value("label", "").c_str(), line.value("reason", "").c_str());
    printTable(summary, selection, s.run.workload.has_value(), !s.run.qualityText.empty());
    std::printf("\n%s\n", bestLine["reason"].get<std::string>().c_str());
    std::printf("results: %s%s\n", s.out.c_str(), best && !s.bestOut.empty() ? (", best profile: " + s.bestOut).c_str() : "");
    return 0;
}

}  // namespace cli
