// inferscope-cli sweep MODEL --grid KEY=V1,V2,... [--grid ...] [--base P.json]
//   [-p N] [-n N] [--repetitions N] [--quality TEXT] [--ctx N] [--constraint EXPR ...]
//   [--objective METRIC] [--threads N] [--seed N] --out RESULTS.jsonl [--resume]
//   [--best-out P.json] [--json]
// Every combination of the grid's values applied to the base profile, each
// measured --repetitions times in interleaved rounds (engine/sweep); results
// stream to RESULTS.jsonl as they are measured, and a killed sweep continues
// with --resume. At the end each point's summary (mean, sd, 95 % interval),
// the Pareto frontier and the best point under the constraints are appended,
// and the best point's profile is written to --best-out.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/utsname.h>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/version.h"
#include "engine/common/output_file.h"
#include "engine/common/text_file.h"
#include "engine/config/profile_validator.h"
#include "engine/sweep/sweep_runner.h"
#include "kernels/cpu/cpu_device.h"
#include "kernels/cpu/simd.h"

namespace cli {
namespace {

using nlohmann::json;
namespace sw = engine::sweep;
using engine::Expected;
using engine::Status;

constexpr const char* kUsage =
    "usage: sweep MODEL --grid KEY=V1,V2,... [--grid ...] [--base P.json] [-p N] [-n N] [--repetitions N] "
    "[--quality TEXT] [--ctx N] [--constraint EXPR ...] [--objective METRIC] [--threads N] [--seed N] "
    "--out RESULTS.jsonl [--resume] [--best-out P.json] [--json]";

struct SweepArgs {
    std::string model, tokenizer, out, bestOut, objective = "tg_tok_s", qualityPath;
    json base = json::object();
    std::vector<sw::Axis> axes;
    std::vector<sw::Constraint> constraints;
    sw::RunOptions run;
    bool resume = false, jsonOutput = false;
};

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
    s.objective = args.valueOr("--objective", s.objective);
    if (!sw::findMetric(s.objective)) return "--objective: unknown metric '" + s.objective + "'";
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

// The first line of a results file: what the sweep is. --resume continues a
// file only when its first line is the same.
json headerLine(const SweepArgs& s)
{
    json axes = json::array();
    for (const sw::Axis& a : s.axes) axes.push_back({{"key", a.key}, {"values", a.values}});
    return {{"kind", "sweep"},       {"schema", "inferscope.sweep/1"}, {"model", s.model},
            {"axes", axes},          {"base", s.base},                  {"pp", s.run.promptTokens},
            {"tg", s.run.genTokens}, {"repetitions", s.run.repetitions}, {"seed", s.run.seed},
            {"quality", s.qualityPath.empty() ? json(nullptr) : json(s.qualityPath)}};
}

json provenanceLine(const SweepArgs& s)
{
    double load[3] = {0, 0, 0};
    if (::getloadavg(load, 3) < 0) load[0] = -1;
    struct utsname u {};
    ::uname(&u);
    return {{"kind", "provenance"},
            {"cpu", kernels::cpuInfo().modelName},
            {"simd", kernels::cpu::simdTargetName()},
            {"threads_requested", s.run.threads ? json(*s.run.threads) : json("profile / all cores")},
            {"revision", INFERSCOPE_REVISION},
            {"kernel", std::string(u.sysname) + " " + u.release},
            {"load_average_1m", load[0]},
            {"started_unix", static_cast<long long>(::time(nullptr))}};
}

// Reads an existing results file for --resume: its lines without the
// summaries of an earlier finish (they are recomputed).
Expected<std::vector<json>> readResults(const std::string& path, const json& header)
{
    std::ifstream in(path);
    std::vector<json> lines;
    std::string text;
    int lineNo = 0;
    while (std::getline(in, text)) {
        ++lineNo;
        if (text.empty()) continue;
        json line = json::parse(text, nullptr, false);
        if (line.is_discarded()) {
            // A kill mid-write leaves at most a torn last line.
            if (in.peek() == EOF) break;
            return engine::makeError(engine::ErrorCode::Format, path + ":" + std::to_string(lineNo) + ": not a JSON line");
        }
        const std::string kind = line.value("kind", "");
        if (lineNo == 1 && line != header)
            return engine::makeError(engine::ErrorCode::InvalidArgument,
                                     path + " holds another sweep (model, grid, base, -p, -n, repetitions, seed or "
                                            "quality differ); choose another --out");
        if (kind == "summary" || kind == "frontier" || kind == "best") continue;
        lines.push_back(std::move(line));
    }
    if (lines.empty()) return engine::makeError(engine::ErrorCode::Format, path + " is empty");
    return lines;
}

class ResultsFile {
public:
    // New file (refusing to replace one), or an existing one rewritten with `keep`.
    Status open(const std::string& path, const std::vector<json>& keep, bool existing)
    {
        ENGINE_TRY(engine::checkOutputPath(path));
        const std::string tmp = path + ".tmp";
        auto f = engine::createTemporary(tmp);
        if (!f) return f.error();
        for (const json& line : keep) std::fprintf(*f, "%s\n", line.dump().c_str());
        const bool ok = std::fflush(*f) == 0 && ::fsync(::fileno(*f)) == 0;
        std::fclose(*f);
        if (!ok || (!existing && ::access(path.c_str(), F_OK) == 0) || std::rename(tmp.c_str(), path.c_str()) != 0) {
            std::remove(tmp.c_str());
            return engine::makeError(engine::ErrorCode::Io, "cannot write " + path);
        }
        m_file = std::fopen(path.c_str(), "a");
        if (!m_file) return engine::makeError(engine::ErrorCode::Io, "cannot append to " + path);
        return engine::okStatus();
    }
    ~ResultsFile()
    {
        if (m_file) std::fclose(m_file);
    }
    Status append(const json& line)
    {
        if (std::fprintf(m_file, "%s\n", line.dump().c_str()) < 0 || std::fflush(m_file) != 0)
            return engine::makeError(engine::ErrorCode::Io, "cannot append to the results file");
        return engine::okStatus();
    }

private:
    std::FILE* m_file = nullptr;
};

std::string fmt(const std::optional<double>& v, const char* format = "%.4g")
{
    if (!v) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, *v);
    return buf;
}

void printTable(const std::vector<sw::PointMetrics>& points, const std::vector<int32_t>& frontier,
                const std::optional<int32_t>& best, bool quality)
{
    std::printf("%-4s %-52s %10s %10s %11s %10s %10s%s\n", "", "point", "pp tok/s", "tg tok/s", "weights MiB",
                "KV MiB", "±tg 95%", quality ? "   kld_mean     top1" : "");
    for (const sw::PointMetrics& p : points) {
        const bool onFrontier = std::find(frontier.begin(), frontier.end(), p.index) != frontier.end();
        const std::string mark = std::string(best && *best == p.index ? "best" : onFrontier ? "*" : "");
        const auto mib = [&](const char* m) -> std::optional<double> {
            const auto v = p.mean(m);
            return v ? std::optional<double>(*v / 1048576.0) : std::nullopt;
        };
        const auto ci = p.metrics.count("tg_tok_s") ? std::optional<double>(p.metrics.at("tg_tok_s").ci95) : std::nullopt;
        std::printf("%-4s %-52s %10s %10s %11s %10s %10s", mark.c_str(), p.label.substr(0, 52).c_str(),
                    fmt(p.mean("pp_tok_s"), "%.1f").c_str(), fmt(p.mean("tg_tok_s"), "%.1f").c_str(),
                    fmt(mib("weights_bytes"), "%.2f").c_str(), fmt(mib("kv_bytes"), "%.2f").c_str(),
                    fmt(ci, "%.1f").c_str());
        if (quality) std::printf(" %10s %8s", fmt(p.mean("kld_mean"), "%.2e").c_str(), fmt(p.mean("top1"), "%.4f").c_str());
        std::printf("\n");
    }
}

json summaryLine(const sw::PointMetrics& p, bool onFrontier)
{
    json metrics = json::object();
    for (const auto& [name, s] : p.metrics) metrics[name] = {{"mean", s.mean}, {"sd", s.sd}, {"ci95", s.ci95}, {"n", s.n}};
    return {{"kind", "summary"}, {"index", p.index}, {"label", p.label}, {"frontier", onFrontier}, {"metrics", metrics}};
}

}  // namespace

int runSweep(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv,
                                  {"--grid", "--base", "-p", "-n", "--repetitions", "--quality", "--ctx", "--constraint",
                                   "--objective", "--threads", "--seed", "--out", "--best-out", "--tokenizer"},
                                  {"--resume", "--json"}, error);
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

    const json header = headerLine(s);
    std::vector<json> lines{header};
    const bool existing = ::access(s.out.c_str(), F_OK) == 0;
    if (existing && !s.resume)
        return failWith("sweep: " + s.out + " exists; --resume continues it, or choose another --out");
    if (existing) {
        auto read = readResults(s.out, header);
        if (!read) return failWith("sweep: " + read.error().message);
        lines = std::move(*read);
    }
    lines.push_back(provenanceLine(s));
    ResultsFile file;
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

    const std::vector<sw::PointMetrics> summary = sw::aggregate(lines);
    const sw::Selection selection = sw::selectPoints(summary, s.constraints, s.objective, !s.run.qualityText.empty());
    const std::vector<int32_t>& frontier = selection.frontier;
    const std::optional<int32_t>& best = selection.best;
    for (const sw::PointMetrics& p : summary)
        if (auto ok = file.append(summaryLine(p, selection.onFrontier(p.index))); !ok)
            return failWith("sweep: " + ok.error().message);
    if (auto ok = file.append({{"kind", "frontier"}, {"objectives", selection.objectives}, {"points", frontier}}); !ok)
        return failWith("sweep: " + ok.error().message);

    json bestLine = {{"kind", "best"}, {"objective", s.objective}, {"constraints", args.values("--constraint")}};
    if (best) {
        bestLine["index"] = *best;
        bestLine["reason"] = selection.reason;
        bestLine["profile"] = (*points)[size_t(*best)].profile;
    } else {
        bestLine["index"] = nullptr;
        bestLine["reason"] = "no point satisfies every constraint";
    }
    if (auto ok = file.append(bestLine); !ok) return failWith("sweep: " + ok.error().message);
    if (best && !s.bestOut.empty()) {
        if (auto ok = engine::checkOutputPath(s.bestOut); !ok) return failWith("sweep: " + ok.error().message);
        std::ofstream out(s.bestOut, std::ios::binary | std::ios::trunc);
        out << engine::serializeProfile(*(*points)[size_t(*best)].parsed);
        if (!out) return failWith("sweep: cannot write " + s.bestOut);
    }

    if (s.jsonOutput) {
        json result = {{"points", json::array()}, {"frontier", frontier}, {"best", bestLine}};
        for (const sw::PointMetrics& p : summary) result["points"].push_back(summaryLine(p, false));
        std::printf("%s\n", result.dump(2).c_str());
        return 0;
    }
    for (const sw::Point& p : *points)
        if (!p.skipReason.empty()) std::printf("skipped %s: %s\n", p.label().c_str(), p.skipReason.c_str());
    printTable(summary, frontier, best, !s.run.qualityText.empty());
    std::printf("\n%s\n", bestLine["reason"].get<std::string>().c_str());
    std::printf("results: %s%s\n", s.out.c_str(), best && !s.bestOut.empty() ? (", best profile: " + s.bestOut).c_str() : "");
    return 0;
}

}  // namespace cli
