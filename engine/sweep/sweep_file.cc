#include "engine/sweep/sweep_file.h"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sys/utsname.h>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/common/output_file.h"
#include "engine/sweep/sweep_runner.h"
#include "kernels/cpu/cpu_device.h"
#include "kernels/cpu/simd.h"

namespace engine::sweep {
namespace {

using nlohmann::json;

constexpr const char* kSchema = "inferscope.sweep/1";

}  // namespace

json headerLine(const SweepSpec& s)
{
    json axes = json::array();
    for (const Axis& a : s.axes) axes.push_back({{"key", a.key}, {"values", a.values}});
    json h = {{"kind", "sweep"},       {"schema", kSchema},         {"model", s.model},
              {"axes", axes},          {"base", s.base},            {"pp", s.promptTokens},
              {"tg", s.genTokens},     {"repetitions", s.repetitions}, {"seed", s.seed},
              {"quality", s.quality.empty() ? json(nullptr) : json(s.quality)}};
    if (s.workload) {
        // The requests themselves, not only the file's name: an edited file is another sweep.
        h["pp"] = nullptr;
        h["tg"] = nullptr;
        h["workload"] = {{"source", s.workloadSource}, {"definition", json::parse(serializeWorkload(*s.workload))}};
        h["real_time"] = s.realTime;
    }
    return h;
}

Expected<SweepSpec> specFromHeader(const json& h)
{
    const auto bad = [](Message why) {
        return makeError(ErrorCode::Format, msg("sweep_file.bad_header", {{"cause", std::move(why)}}));
    };
    if (!h.is_object() || h.value("kind", "") != "sweep" || h.value("schema", "") != kSchema)
        return bad(msg("sweep_file.not_sweep",
                       {{"expected", "{\"kind\":\"sweep\", \"schema\":\"" + std::string(kSchema) + "\"}"}}));
    SweepSpec s;
    try {
        s.model = h.at("model").get<std::string>();
        for (const json& a : h.at("axes")) s.axes.push_back({a.at("key").get<std::string>(), a.at("values").get<std::vector<json>>()});
        s.base = h.at("base");
        s.repetitions = h.at("repetitions").get<int32_t>();
        s.seed = h.at("seed").get<uint64_t>();
        if (h.at("quality").is_string()) s.quality = h["quality"].get<std::string>();
        if (h.contains("workload")) {
            s.workloadSource = h["workload"].at("source").get<std::string>();
            auto w = parseWorkload(h["workload"].at("definition").dump());
            if (!w) return bad(msg("sweep_file.workload", {{"cause", messageOf(w.error())}}));
            s.workload = std::move(*w);
            s.realTime = h.value("real_time", true);
        } else {
            s.promptTokens = h.at("pp").get<int32_t>();
            s.genTokens = h.at("tg").get<int32_t>();
        }
    } catch (const json::exception& e) {
        return bad(jsonErrorMessage(e.what()));
    }
    if (s.axes.empty()) return bad(msg("sweep_file.no_axes"));
    return s;
}

std::vector<std::string> headerDifferences(const json& a, const json& b)
{
    static const std::vector<std::pair<std::vector<const char*>, const char*>> kFields = {
        {{"kind", "schema"}, "file format"},  {{"model"}, "model"},          {{"axes"}, "grid (knobs and values)"},
        {{"base"}, "base profile"},           {{"pp", "tg"}, "-p / -n"},     {{"workload", "real_time"}, "workload"},
        {{"repetitions"}, "repetitions"},     {{"seed"}, "seed"},            {{"quality"}, "quality text"},
    };
    std::vector<std::string> out;
    const auto field = [](const json& h, const char* key) { return h.is_object() && h.contains(key) ? h[key] : json(); };
    for (const auto& [keys, name] : kFields)
        for (const char* key : keys)
            if (field(a, key) != field(b, key)) {
                out.emplace_back(name);
                break;
            }
    return out;
}

json provenanceLine(std::optional<int32_t> threads, const std::string& revision)
{
    double load[3] = {0, 0, 0};
    if (::getloadavg(load, 3) < 0) load[0] = -1;
    struct utsname u {};
    ::uname(&u);
    return {{"kind", "provenance"},
            {"cpu", kernels::cpuInfo().modelName},
            {"simd", kernels::cpu::simdTargetName()},
            {"threads_requested", threads ? json(*threads) : json("profile / all cores")},
            {"revision", revision},
            {"kernel", std::string(u.sysname) + " " + u.release},
            {"load_average_1m", load[0]},
            {"started_unix", static_cast<long long>(::time(nullptr))}};
}

Expected<json> readHeader(const std::string& path)
{
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::Io, msg("sweep_file.cannot_read", {{"path", path}}));
    std::string text;
    std::getline(in, text);
    const json header = json::parse(text, nullptr, false);
    if (header.is_discarded()) return makeError(ErrorCode::Format, msg("sweep_file.not_results", {{"path", path}}));
    if (auto spec = specFromHeader(header); !spec)
        return makeError(ErrorCode::Format, msg("context.in_file", {{"path", path}, {"cause", messageOf(spec.error())}}));
    return header;
}

Expected<std::vector<json>> readResults(const std::string& path, const json& header)
{
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::Io, msg("sweep_file.cannot_read", {{"path", path}}));
    std::vector<json> lines;
    std::string text;
    int lineNo = 0;
    while (std::getline(in, text)) {
        ++lineNo;
        if (text.empty()) continue;
        json line = json::parse(text, nullptr, false);
        if (line.is_discarded()) {
            if (in.peek() == EOF) break;  // a kill mid-write leaves at most a torn last line
            return makeError(ErrorCode::Format, msg("sweep_file.bad_line", {{"path", path}, {"line", lineNo}}));
        }
        if (lineNo == 1 && line != header) {
            std::string differ;
            for (const std::string& d : headerDifferences(line, header)) differ += (differ.empty() ? "" : ", ") + d;
            if (differ.empty())
                return makeError(ErrorCode::InvalidArgument, msg("sweep_file.other_header", {{"path", path}}));
            return makeError(ErrorCode::InvalidArgument,
                             msg(differ.find(',') == std::string::npos ? MessageId("sweep_file.other_sweep_one")
                                                                       : MessageId("sweep_file.other_sweep_many"),
                                 {{"path", path}, {"keys", differ}}));
        }
        const std::string kind = line.value("kind", "");
        if (kind == "summary" || kind == "frontier" || kind == "best") continue;
        lines.push_back(std::move(line));
    }
    if (lines.empty()) return makeError(ErrorCode::Format, msg("sweep_file.empty", {{"path", path}}));
    return lines;
}

json summaryLine(const PointMetrics& p, bool onFrontier)
{
    json metrics = json::object();
    for (const auto& [name, s] : p.metrics) metrics[name] = {{"mean", s.mean}, {"sd", s.sd}, {"ci95", s.ci95}, {"n", s.n}};
    return {{"kind", "summary"}, {"index", p.index}, {"label", p.label}, {"frontier", onFrontier}, {"metrics", metrics}};
}

Closing closeSweep(const std::vector<json>& lines, const std::vector<Point>& points,
                   const std::vector<Constraint>& constraints, const std::string& objective, bool withQuality)
{
    Closing c;
    c.summary = aggregate(lines);
    c.selection = selectPoints(c.summary, constraints, objective, withQuality);
    for (const PointMetrics& p : c.summary) c.lines.push_back(summaryLine(p, c.selection.onFrontier(p.index)));
    c.lines.push_back({{"kind", "frontier"}, {"objectives", c.selection.objectives}, {"points", c.selection.frontier}});
    json texts = json::array();
    for (const Constraint& constraint : constraints) texts.push_back(constraint.text);
    c.best = {{"kind", "best"}, {"objective", objective}, {"constraints", texts}};
    const std::optional<int32_t>& best = c.selection.best;
    if (best && size_t(*best) < points.size()) {
        c.best["index"] = *best;
        c.best["reason"] = c.selection.reason;
        c.best["profile"] = points[size_t(*best)].profile;
    } else {
        c.best["index"] = nullptr;
        c.best["reason"] = "no point satisfies every constraint";
    }
    c.lines.push_back(c.best);
    return c;
}

ResultsFile::~ResultsFile()
{
    if (m_file) std::fclose(m_file);
}

Status ResultsFile::open(const std::string& path, const std::vector<json>& keep, bool existing)
{
    ENGINE_TRY(checkOutputPath(path));
    const std::string tmp = path + ".tmp";
    auto f = createTemporary(tmp);
    if (!f) return f.error();
    for (const json& line : keep) std::fprintf(*f, "%s\n", line.dump().c_str());
    const bool ok = std::fflush(*f) == 0 && ::fsync(::fileno(*f)) == 0;
    std::fclose(*f);
    if (!ok || (!existing && ::access(path.c_str(), F_OK) == 0) || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return makeError(ErrorCode::Io, msg("sweep_file.cannot_write", {{"path", path}}));
    }
    m_file = std::fopen(path.c_str(), "a");
    if (!m_file) return makeError(ErrorCode::Io, msg("sweep_file.cannot_append", {{"path", path}}));
    return okStatus();
}

Status ResultsFile::append(const json& line)
{
    if (!m_file) return makeError(ErrorCode::Internal, "the results file is not open");
    if (std::fprintf(m_file, "%s\n", line.dump().c_str()) < 0 || std::fflush(m_file) != 0)
        return makeError(ErrorCode::Io, msg("sweep_file.append_failed"));
    return okStatus();
}

}  // namespace engine::sweep
