#include "engine/trace/chrome_trace.h"

#include "engine/common/message_catalog.h"
#include "engine/common/output_file.h"
#include "engine/trace/gpu_spans.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <unordered_map>

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

std::string dim3Text(const int32_t (&d)[3])
{
    return std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]);
}

// The track of a span: host spans on (device, thread), GPU work on (GPU process of the device, stream).
std::pair<int32_t, uint32_t> trackOf(const Span& s)
{
    if (runsOnDevice(s.kind)) return {s.device + kGpuProcessOffset, static_cast<uint32_t>(std::max(s.stream, 0))};
    return {s.device, s.thread};
}

nlohmann::json spanArgs(const Span& s)
{
    nlohmann::json args = {{"layer", s.layer}};
    if (s.kind != SpanKind::HostOp) {
        args["kind"] = spanKindName(s.kind);
        args["op"] = s.correlation ? opInfo(s.op).name : "(not launched by an op)";
    }
    if (s.correlation) args["correlation"] = s.correlation;
    if (s.kind == SpanKind::Kernel) {
        args["grid"] = dim3Text(s.grid);
        args["block"] = dim3Text(s.block);
    }
    if (s.bytes) args["bytes"] = s.bytes;
    if ((s.kind == SpanKind::Memcpy || s.kind == SpanKind::Memset) && s.bytes && s.durationNs > 0)
        args["bandwidth_GBps"] = static_cast<double>(s.bytes) / static_cast<double>(s.durationNs);  // bytes/ns = GB/s
    if (s.flops) args["flops"] = s.flops;
    if (s.workerShare) args["worker_share"] = true;
    return args;
}

std::string threadName(int32_t pid, uint32_t tid)
{
    if (pid >= kGpuProcessOffset) return "stream " + std::to_string(tid);
    if (tid == kUntiedHostCallsThread) return "CUDA calls outside ops";
    return "thread " + std::to_string(tid);
}

std::string processName(const std::vector<std::string>& names, int32_t pid)
{
    if (pid >= kGpuProcessOffset) return deviceName(names, pid - kGpuProcessOffset) + " GPU streams";
    return deviceName(names, pid);
}

// Flow arrows from each host op to the GPU work it launched (Perfetto draws them).
void addFlows(const std::vector<Span>& spans, nlohmann::json& events)
{
    std::unordered_map<uint64_t, const Span*> hostOps;
    for (const Span& s : spans)
        if (launchesGpuWork(s)) hostOps.emplace(s.correlation, &s);
    uint64_t flowId = 0;
    for (const Span& s : spans) {
        if (!runsOnDevice(s.kind) || !s.correlation) continue;
        const auto host = hostOps.find(s.correlation);
        if (host == hostOps.end()) continue;
        const Span& op = *host->second;
        const auto [hostPid, hostTid] = trackOf(op);
        const auto [gpuPid, gpuTid] = trackOf(s);
        ++flowId;
        events.push_back({{"name", "launch"}, {"cat", "launch"}, {"ph", "s"}, {"id", flowId},
                          {"ts", toUs(op.startNs)}, {"pid", hostPid}, {"tid", hostTid}});
        events.push_back({{"name", "launch"}, {"cat", "launch"}, {"ph", "f"}, {"bp", "e"}, {"id", flowId},
                          {"ts", toUs(s.startNs)}, {"pid", gpuPid}, {"tid", gpuTid}});
    }
}

}  // namespace

nlohmann::json chromeTraceJson(const Tracer& tracer, const std::vector<std::string>& deviceNames)
{
    nlohmann::json events = nlohmann::json::array();
    std::set<std::pair<int32_t, uint32_t>> tracks{{0, 0}};  // CPU thread 0 always named (counters go there)
    const std::vector<Span> spans = tracer.spans();
    for (const Span& s : spans) {
        const auto [pid, tid] = trackOf(s);
        events.push_back({{"name", s.name},
                          {"cat", s.kind == SpanKind::HostOp ? spanCategoryName(s.category) : spanKindName(s.kind)},
                          {"ph", "X"},
                          {"ts", toUs(s.startNs)},
                          {"dur", toUs(s.durationNs)},
                          {"pid", pid},
                          {"tid", tid},
                          {"args", spanArgs(s)}});
        tracks.insert({pid, tid});
    }
    addFlows(spans, events);
    for (const Counter& c : tracer.counters())
        events.push_back({{"name", c.name},
                          {"ph", "C"},
                          {"ts", toUs(c.timeNs)},
                          {"pid", 0},
                          {"tid", 0},
                          {"args", {{"value", c.value}}}});
    std::set<int32_t> processes;
    for (const auto& [pid, tid] : tracks) {
        if (processes.insert(pid).second) events.push_back(metadata("process_name", pid, 0, processName(deviceNames, pid)));
        events.push_back(metadata("thread_name", pid, tid, threadName(pid, tid)));
    }
    return {{"traceEvents", std::move(events)},
            {"displayTimeUnit", "ns"},
            {"otherData",
             {{"dropped_spans", tracer.droppedSpans()},
              {"dropped_counters", tracer.droppedCounters()},
              {"dropped_gpu_records", tracer.droppedGpuRecords()}}}};
}

Status writeChromeTrace(const Tracer& tracer, const std::string& path, const std::vector<std::string>& deviceNames)
{
    ENGINE_TRY(checkOutputPath(path));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return makeError(ErrorCode::Io, msg("trace.cannot_open", {{"path", path}}));
    out << chromeTraceJson(tracer, deviceNames).dump();
    if (!out.flush()) return makeError(ErrorCode::Io, msg("trace.cannot_write", {{"path", path}}));
    return okStatus();
}

}  // namespace engine
