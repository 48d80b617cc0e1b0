#include "engine/trace/chrome_trace.h"

#include "engine/common/output_file.h"

#include <fstream>
#include <set>

namespace engine {

namespace {

double toUs(int64_t ns)
{
    return static_cast<double>(ns) / 1000.0;
}

nlohmann::json metadata(const char* what, int32_t pid, uint32_t tid, const std::string& name)
{
    return {{"name", what}, {"ph", "M"}, {"ts", 0.0}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}};
}

std::string deviceName(const std::vector<std::string>& names, int32_t device)
{
    if (device >= 0 && static_cast<size_t>(device) < names.size()) return names[static_cast<size_t>(device)];
    return "device " + std::to_string(device);
}

}  // namespace

nlohmann::json chromeTraceJson(const Tracer& tracer, const std::vector<std::string>& deviceNames)
{
    nlohmann::json events = nlohmann::json::array();
    std::set<std::pair<int32_t, uint32_t>> tracks{{0, 0}};  // CPU thread 0 always named (counters go there)
    for (const Span& s : tracer.spans()) {
        nlohmann::json args = {{"layer", s.layer}};
        if (s.bytes) args["bytes"] = s.bytes;
        if (s.flops) args["flops"] = s.flops;
        if (s.workerShare) args["worker_share"] = true;
        events.push_back({{"name", s.name},
                          {"cat", spanCategoryName(s.category)},
                          {"ph", "X"},
                          {"ts", toUs(s.startNs)},
                          {"dur", toUs(s.durationNs)},
                          {"pid", s.device},
                          {"tid", s.thread},
                          {"args", std::move(args)}});
        tracks.insert({s.device, s.thread});
    }
    for (const Counter& c : tracer.counters())
        events.push_back({{"name", c.name},
                          {"ph", "C"},
                          {"ts", toUs(c.timeNs)},
                          {"pid", 0},
                          {"tid", 0},
                          {"args", {{"value", c.value}}}});
    std::set<int32_t> processes;
    for (const auto& [pid, tid] : tracks) {
        if (processes.insert(pid).second) events.push_back(metadata("process_name", pid, 0, deviceName(deviceNames, pid)));
        events.push_back(metadata("thread_name", pid, tid, "thread " + std::to_string(tid)));
    }
    return {{"traceEvents", std::move(events)},
            {"displayTimeUnit", "ns"},
            {"otherData", {{"dropped_spans", tracer.droppedSpans()}, {"dropped_counters", tracer.droppedCounters()}}}};
}

Status writeChromeTrace(const Tracer& tracer, const std::string& path, const std::vector<std::string>& deviceNames)
{
    ENGINE_TRY(checkOutputPath(path));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return makeError(ErrorCode::Io, "cannot open trace file for writing: " + path);
    out << chromeTraceJson(tracer, deviceNames).dump();
    if (!out.flush()) return makeError(ErrorCode::Io, "cannot write trace file: " + path);
    return okStatus();
}

}  // namespace engine
