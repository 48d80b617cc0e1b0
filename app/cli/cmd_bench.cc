// inferscope-cli bench: llama-bench-style throughput (pp<N> prompt processing,
// tg<N> generation) with a roofline: decode reads every weight once per token,
// so tokens/s can never exceed memory-read bandwidth / bytes read per token.
// Also the dispatch to the other modes (cmd_bench.h): a serving workload, the
// batch sweep, the KV cache on/off sweep and the tracer overhead.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/bench_records.h"
#include "app/cli/cmd_bench.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/config/profile_validator.h"
#include "engine/metrics/latency_stats.h"
#include "engine/metrics/memory_meter.h"
#include "engine/session/bench.h"
#include "engine/session/engine.h"
#include "engine/session/profile_options.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/trace/chrome_trace.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/bandwidth.h"
#include "kernels/cpu/cpu_device.h"
#include "kernels/cpu/cpu_ops.h"

namespace cli {

std::string humanBytes(double b)
{
    char buf[32];
    if (b >= 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    else if (b >= 1024.0 * 1024) std::snprintf(buf, sizeof buf, "%.2f MiB", b / (1024.0 * 1024));
    else std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    return buf;
}

namespace {

struct ModelFootprint {
    uint64_t params = 0;
    uint64_t weightBytes = 0;        // all tensors as stored
    double bytesPerDecodeToken = 0;  // weights a decode step reads (excl. KV)
    std::string dtype;               // dominant matrix type, or "mixed"
};

// Bytes a single decode step must read: every matrix once, except the token
// embedding of which only one row is read (unless it doubles as the output).
ModelFootprint footprintOf(const engine::ModelFile& file)
{
    ModelFootprint f;
    std::map<std::string, uint64_t> bytesByType;
    const bool tiedOutput = file.findTensor("output.weight") == nullptr;
    for (const engine::TensorInfo& t : file.tensors) {
        f.params += t.elements();
        f.weightBytes += t.bytes;
        if (t.shape.size() >= 2) bytesByType[std::string(kernels::dtypeName(t.type))] += t.bytes;
        if (t.name == "token_embd.weight" && !tiedOutput)
            f.bytesPerDecodeToken += static_cast<double>(t.bytes) / static_cast<double>(t.rows());
        else
            f.bytesPerDecodeToken += static_cast<double>(t.bytes);
    }
    uint64_t best = 0, total = 0;
    for (const auto& [name, bytes] : bytesByType) {
        total += bytes;
        if (bytes > best) {
            best = bytes;
            f.dtype = name;
        }
    }
    if (best * 10 < total * 9) f.dtype = "mixed (mostly " + f.dtype + ")";
    return f;
}

// Average KV-cache bytes read per decode step over positions depth..depth+n-1
// in a cache of `dtype`: position p reads p + 1 cached rows of keys and values.
double kvBytesPerDecodeToken(const engine::ModelConfig& c, engine::KvDType dtype, int32_t n, int32_t depth)
{
    const double avgPositions = depth + (n + 1) / 2.0;
    const double rowBytes =
        static_cast<double>(kernels::kvRowBytes(engine::kvFormatOf(dtype), c.nKvHeads, c.headDim));
    return 2.0 * static_cast<double>(c.nLayers) * rowBytes * avgPositions;
}

std::string humanCount(double n)
{
    char buf[32];
    if (n >= 1e9) std::snprintf(buf, sizeof buf, "%.2f B", n / 1e9);
    else if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", n / 1e6);
    else std::snprintf(buf, sizeof buf, "%.2f K", n / 1e3);
    return buf;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string s;
    for (const std::string& i : items) s += (s.empty() ? "" : ",") + i;
    return s;
}



// ---- pp / tg -------------------------------------------------------------------

struct PpTgOptions {
    std::vector<int32_t> prompts{512};  // -p, a test each; 0 skips prefill
    std::vector<int32_t> gens{128};     // -n, a test each; 0 skips decode
    std::vector<int32_t> depths{0};     // -d, every test at each depth
    std::vector<int32_t> threads;       // --threads list; empty: the load's
    long long reps = 5;
    long long seed = 1;
    BenchFormat format = BenchFormat::Markdown;  // -o
    engine::KvCacheConfig kv;                    // the profile's kv_cache, --kv-type
};

engine::KvDType kvDTypeOf(const PpTgOptions& o)
{
    return o.kv.dtype.value_or(engine::KvDType::F32);
}

nlohmann::json devicesJson(const engine::BenchStat& s)
{
    nlohmann::json out = nlohmann::json::array();
    for (const engine::DeviceReport& d : s.devices)
        out.push_back({{"name", d.name},
                       {"share", d.share},
                       {"weights_bytes", d.weightsBytes},
                       {"kv_bytes_allocated", d.kvAllocatedBytes},
                       {"kv_bytes_used", d.kvUsedBytes},
                       {"workspace_bytes", d.workspaceBytes},
                       {"busy_ms", static_cast<double>(d.busyNs) / 1e6},
                       {"communication_bytes", d.comm.bytes},
                       {"communication_ms", static_cast<double>(d.comm.ns) / 1e6}});
    return out;
}

// One table per test: what each device holds and did.
void printDevices(const nlohmann::json& results, const std::string& placement)
{
    std::printf("\n%s\n", placement.c_str());
    for (const nlohmann::json& r : results) {
        std::printf("%s: pipeline bubble %.1f%%, communication %.1f%% of device time\n",
                    r["test"].get<std::string>().c_str(), 100.0 * r.value("pipeline_bubble", 0.0),
                    100.0 * r.value("communication_share", 0.0));
        std::printf("  %-7s %-38s %11s %11s %11s %9s %11s %9s\n", "device", "share", "weights", "KV", "workspace",
                    "busy ms", "comm", "comm ms");
        for (const nlohmann::json& d : r["devices"])
            std::printf("  %-7s %-38s %11s %11s %11s %9.1f %11s %9.1f\n", d["name"].get<std::string>().c_str(),
                        d["share"].get<std::string>().c_str(), humanBytes(d["weights_bytes"].get<double>()).c_str(),
                        humanBytes(d["kv_bytes_allocated"].get<double>()).c_str(),
                        humanBytes(d["workspace_bytes"].get<double>()).c_str(), d["busy_ms"].get<double>(),
                        humanBytes(d["communication_bytes"].get<double>()).c_str(), d["communication_ms"].get<double>());
    }
}

nlohmann::json ppTgResults(const std::vector<engine::BenchStat>& stats, const ModelFootprint& fp,
                           const engine::ModelConfig& cfg, engine::KvDType kvType, double bandwidthGBs,
                           double peakGBs)
{
    nlohmann::json results = nlohmann::json::array();
    for (const engine::BenchStat& s : stats) {
        nlohmann::json r{{"test", s.name},
                         {"tokens", s.tokens},
                         {"depth", s.depth},
                         {"mean_tok_s", s.meanTokPerS},
                         {"stddev_tok_s", s.stddevTokPerS},
                         {"mean_ms", s.meanMs},
                         {"samples_tok_s", s.samplesTokPerS}};
        if (s.name.rfind("tg", 0) == 0) {
            const double bytesPerToken = fp.bytesPerDecodeToken + kvBytesPerDecodeToken(cfg, kvType, s.tokens, s.depth);
            const double roofline = bandwidthGBs * 1e9 / bytesPerToken;
            r["bytes_per_token"] = bytesPerToken;
            r["roofline_tok_s"] = roofline;
            r["roofline_pct"] = 100.0 * s.meanTokPerS / roofline;
            if (peakGBs > 0.0) {  // the datasheet roof (a GPU's HBM), beside the measured one
                const double peakRoofline = peakGBs * 1e9 / bytesPerToken;
                r["peak_roofline_tok_s"] = peakRoofline;
                r["peak_roofline_pct"] = 100.0 * s.meanTokPerS / peakRoofline;
            }
        } else {
            // Prefill is compute-bound: report achieved GFLOP/s (2 FLOPs per weight per token).
            r["gflop_s"] = 2.0 * static_cast<double>(fp.params) * s.meanTokPerS / 1e9;
        }
        r["devices"] = devicesJson(s);
        if (s.devices.size() > 1) {
            r["pipeline_bubble"] = s.pipelineBubble;
            int64_t commNs = 0;
            for (const engine::DeviceReport& d : s.devices) commNs += d.comm.ns;
            // Share of the devices' combined forward time spent communicating.
            r["communication_share"] = s.forwardNs > 0 ? static_cast<double>(commNs) /
                                                             (static_cast<double>(s.forwardNs) * s.devices.size())
                                                       : 0.0;
        }
        results.push_back(r);
    }
    return results;
}

using EngineLoader = std::function<engine::Expected<std::unique_ptr<engine::Engine>>(int32_t threads)>;

// What one thread count of a pp/tg run measured.
struct ThreadRun {
    int32_t threads = 0;
    std::vector<engine::BenchStat> stats;
    double bandwidthGBs = 0.0;
    nlohmann::json results;
    engine::PeakRss peak;  // this thread count's load and tests, not the process's lifetime
};

// The largest of the runs' own peaks.
uint64_t largestPeak(const std::vector<ThreadRun>& runs)
{
    uint64_t peak = 0;
    for (const ThreadRun& run : runs) peak = std::max(peak, run.peak.bytes);
    return peak;
}

// Every -p / -n test at every -d depth on the loaded engine.
engine::Expected<std::vector<engine::BenchStat>> runTests(engine::Engine& eng, const PpTgOptions& o)
{
    std::vector<engine::BenchStat> all;
    for (int32_t depth : o.depths) {
        auto runOne = [&](int32_t prompt, int32_t gen) -> engine::Status {
            engine::BenchOptions bo;
            bo.promptTokens = prompt;
            bo.genTokens = gen;
            bo.repetitions = static_cast<int32_t>(o.reps);
            bo.seed = static_cast<uint64_t>(o.seed);
            bo.depth = depth;
            bo.kv = o.kv;
            auto stats = engine::runBench(eng.model(), bo);
            if (!stats) return stats.error();
            all.insert(all.end(), stats->begin(), stats->end());
            return engine::okStatus();
        };
        for (int32_t p : o.prompts)
            if (p > 0)
                if (const engine::Status st = runOne(p, 0); !st) return st.error();
        for (int32_t n : o.gens)
            if (n > 0)
                if (const engine::Status st = runOne(0, n); !st) return st.error();
    }
    return all;
}

void printMarkdown(const BenchContext& ctx, const ModelFootprint& fp, const std::vector<ThreadRun>& runs,
                   kernels::Device& device, engine::KvDType kvType)
{
    const kernels::CpuInfo& cpu = kernels::cpuInfo();
    std::printf("model: %s\n", ctx.modelPath.c_str());
    std::printf("cpu: %s, features %s, SIMD %s\n", cpu.modelName.c_str(), joined(cpu.features).c_str(),
                joined(kernels::cpuSimdTargets()).c_str());
    if (device.kind() != kernels::DeviceKind::Cpu)
        std::printf("device: %s %s, %.0f GB/s peak (memory clock x bus width)\n", device.id().c_str(),
                    device.name().c_str(), device.peakBandwidthGBs());
    for (const ThreadRun& run : runs)
        std::printf("memory read bandwidth, %d threads: %.1f GB/s (measured)\n", run.threads, run.bandwidthGBs);
    std::printf("decode reads %s of weights per token, and the %s KV cache it attends to\n\n",
                humanBytes(fp.bytesPerDecodeToken).c_str(), engine::enumName(kvType));
    std::printf("| %-10s | %-10s | %-18s | %7s | %14s | %18s | %14s |\n", "size", "params", "dtype", "threads",
                "test", "t/s", "roofline");
    std::printf("|------------|------------|--------------------|---------|----------------|--------------------|---"
                "-------------|\n");
    for (const ThreadRun& run : runs)
        for (const nlohmann::json& r : run.results) {
            char tps[64], roof[64];
            std::snprintf(tps, sizeof tps, "%.2f ± %.2f", r["mean_tok_s"].get<double>(),
                          r["stddev_tok_s"].get<double>());
            if (r.contains("roofline_pct"))
                std::snprintf(roof, sizeof roof, "%.0f%% of %.1f", r["roofline_pct"].get<double>(),
                              r["roofline_tok_s"].get<double>());
            else
                std::snprintf(roof, sizeof roof, "%.1f GFLOP/s", r["gflop_s"].get<double>());
            std::printf("| %-10s | %-10s | %-18s | %7d | %14s | %18s | %14s |\n", humanBytes(fp.weightBytes).c_str(),
                        humanCount(fp.params).c_str(), fp.dtype.c_str(), run.threads,
                        r["test"].get<std::string>().c_str(), tps, roof);
        }
    if (ctx.engine && ctx.engine->model().deviceCount() > 1)
        printDevices(runs.back().results, ctx.engine->model().placement().describe());
    std::printf("\n");
    for (const ThreadRun& run : runs)
        std::printf("peak RSS, %d threads: %s (%s)\n", run.threads, humanBytes(static_cast<double>(run.peak.bytes)).c_str(),
                    engine::peakRssMethodText(run.peak.method));
}

int runPpTg(BenchContext& ctx, const PpTgOptions& o, const EngineLoader& load)
{
    std::vector<int32_t> threadCounts = o.threads;
    if (threadCounts.empty()) threadCounts.push_back(-1);  // the load's default
    if (!ctx.tracePath.empty() && threadCounts.size() > 1)
        return failWith("--trace records one thread count; give one --threads value");
    std::vector<ThreadRun> runs;
    std::unique_ptr<engine::Engine> eng;
    ModelFootprint fp;
    engine::ModelConfig cfg;
    kernels::Device* device = nullptr;
    nlohmann::json effective;
    for (int32_t threads : threadCounts) {
        eng.reset();  // one model in memory at a time
        engine::PeakRssMeter meter;
        auto loaded = load(threads);
        if (!loaded) return failWith(loaded.error().message);
        eng = std::move(*loaded);
        ctx.engine = eng.get();
        if (runs.empty()) {
            fp = footprintOf(eng->file());
            cfg = eng->config();
            // The device the model ran on (a virtual CPU device is the CPU).
            device = kernels::Registry::instance().find(eng->model().deviceNames().front());
            if (!device) device = &kernels::Registry::instance().cpu();
            effective = effectiveJson(ctx);
        }
        std::unique_ptr<engine::Tracer> tracer;
        if (!ctx.tracePath.empty()) {
            tracer = std::make_unique<engine::Tracer>(size_t{1} << 18);
            eng->model().setTracer(tracer.get());
            tracer->recordCounter("rss_bytes", static_cast<double>(engine::currentRssBytes()));
        }
        auto stats = runTests(*eng, o);
        if (tracer) eng->model().collectGpuActivity();  // the GPU's kernels and copies, tied to the ops
        eng->model().setTracer(nullptr);
        if (tracer) {
            tracer->recordCounter("rss_bytes", static_cast<double>(engine::currentRssBytes()));
            if (const engine::Status written = engine::writeChromeTrace(*tracer, ctx.tracePath, eng->model().deviceNames());
                !written)
                return failWith(written.error().message);
        }
        if (!stats) {
            const bool tooLong = stats.error().code == engine::ErrorCode::OutOfRange && !ctx.contextOverridden;
            return failWith(stats.error().message + (tooLong ? "; --ctx N runs it on a longer context" : ""));
        }
        // Read before the bandwidth probes: their buffer is not the model's memory.
        runs.push_back({eng->threads(), std::move(*stats), 0.0, {}, meter.finish()});
    }
    const uint64_t peakRss = largestPeak(runs);
    const double peakGBs = device->peakBandwidthGBs();
    for (ThreadRun& run : runs) {
        run.bandwidthGBs = device->measureBandwidthGBs(run.threads);
        run.results = ppTgResults(run.stats, fp, cfg, kvDTypeOf(o), run.bandwidthGBs, peakGBs);
        for (nlohmann::json& r : run.results) {
            r["threads"] = run.threads;
            r["bandwidth_gb_s"] = run.bandwidthGBs;
            r["peak_rss_bytes"] = run.peak.bytes;
        }
    }

    if (ctx.json) {
        const kernels::CpuInfo& cpu = kernels::cpuInfo();
        nlohmann::json results = nlohmann::json::array();
        for (const ThreadRun& run : runs)
            for (const nlohmann::json& r : run.results) results.push_back(r);
        nlohmann::json out{{"model", ctx.modelPath},
                           {"size_bytes", fp.weightBytes},
                           {"params", fp.params},
                           {"dtype", fp.dtype},
                           {"threads", runs.front().threads},
                           {"context", cfg.contextLength},
                           {"cpu", cpu.modelName},
                           {"cpu_features", cpu.features},
                           {"simd_targets", kernels::cpuSimdTargets()},
                           {"device", device->id()},
                           {"device_name", device->name()},
                           {"bandwidth_gb_s", runs.front().bandwidthGBs},
                           {"peak_bandwidth_gb_s", peakGBs},
                           {"decode_weight_bytes_per_token", fp.bytesPerDecodeToken},
                           {"kv_type", engine::enumName(kvDTypeOf(o))},
                           {"repetitions", o.reps},
                           {"results", results},
                           {"memory", {{"weights_bytes", fp.weightBytes}, {"peak_rss_bytes", peakRss},  // the largest run's
                                       {"peak_rss_method", engine::peakRssMethodName(runs.front().peak.method)}}},
                           {"effective", effective}};
        std::printf("%s\n", jsonText(out, 2).c_str());
        return 0;
    }
    if (o.format != BenchFormat::Markdown) {
        BenchRunInfo info;
        info.modelPath = ctx.modelPath;
        info.modelType = cfg.architecture + " " + humanCount(fp.params) + " " + fp.dtype;
        info.sizeBytes = static_cast<double>(fp.weightBytes);
        info.params = static_cast<double>(fp.params);
        info.cpuInfo = kernels::cpuInfo().modelName;
        info.kvType = engine::enumName(kvDTypeOf(o));
        const std::string when = utcTimestamp();
        std::vector<nlohmann::json> records;
        for (const ThreadRun& run : runs)
            for (const nlohmann::json& r : run.results) records.push_back(benchRecord(r, info, when));
        printBenchRecords(records, o.format);
        return 0;
    }
    printMarkdown(ctx, fp, runs, *device, kvDTypeOf(o));
    return 0;
}

// ---- KV cache off vs on --------------------------------------------------------------

int runKvSweep(const BenchContext& ctx, int32_t nTokens, int32_t reps)
{
    engine::Engine& eng = *ctx.engine;
    const int32_t bos = eng.tokenizer().bos() >= 0 ? eng.tokenizer().bos() : 1;
    auto sweep = engine::benchKvSweep(eng.model(), {bos}, nTokens, reps);
    if (!sweep) return failWith(sweep.error().message);
    const engine::KvSweepResult& r = *sweep;
    double offTotal = 0.0, onTotal = 0.0;
    for (size_t i = 0; i < r.offMs.size(); ++i) {
        offTotal += r.offMs[i];
        onTotal += r.onMs[i];
    }
    const bool match = r.tokensOff == r.tokensOn;
    if (ctx.json) {
        nlohmann::json out{{"mode", "kv-sweep"},
                           {"model", ctx.modelPath},
                           {"threads", eng.threads()},
                           {"tokens", nTokens},
                           {"repetitions", reps},
                           {"positions", r.positions},
                           {"off_ms", r.offMs},
                           {"on_ms", r.onMs},
                           {"off_total_ms", offTotal},
                           {"on_total_ms", onTotal},
                           {"tokens_match", match},
                           {"effective", effectiveJson(ctx)}};
        std::printf("%s\n", jsonText(out, 2).c_str());
        return 0;
    }
    std::printf("model: %s, %d threads; one greedy generation of %d tokens after BOS, %d repetition(s)\n",
                ctx.modelPath.c_str(), eng.threads(), nTokens, reps);
    std::printf("off: every step recomputes the whole prefix; on: contiguous cache, one token per step\n\n");
    std::printf("%8s  %10s  %10s\n", "position", "off_ms", "on_ms");
    for (size_t i = 0; i < r.positions.size(); ++i)
        std::printf("%8d  %10.3f  %10.3f\n", r.positions[i], r.offMs[i], r.onMs[i]);
    std::printf("\ntotal: off %.1f ms, on %.1f ms (%.1fx); greedy tokens %s\n", offTotal, onTotal,
                onTotal > 0.0 ? offTotal / onTotal : 0.0, match ? "identical" : "DIFFER");
    return 0;
}

// ---- tracer overhead -------------------------------------------------------------------

int runTraceOverhead(const BenchContext& ctx, int32_t nTokens, int32_t reps, uint64_t seed)
{
    engine::Engine& eng = *ctx.engine;
    auto t = engine::benchTraceOverhead(eng.model(), nTokens, reps, seed);
    if (!t) return failWith(t.error().message);
    if (ctx.json) {
        nlohmann::json out{{"mode", "trace-overhead"},
                           {"model", ctx.modelPath},
                           {"threads", eng.threads()},
                           {"tokens", t->tokens},
                           {"repetitions", t->repetitions},
                           {"off_ms", t->offMs},
                           {"on_ms", t->onMs},
                           {"overhead_pct", t->overheadPct},
                           {"spans_per_run", t->spansPerRun},
                           {"ns_per_span", t->nsPerSpan},
                           {"off_samples_ms", t->offSamplesMs},
                           {"on_samples_ms", t->onSamplesMs}};
        if (t->gpuTraced)
            out["gpu"] = {{"kernels_per_run", t->gpu.kernels},
                          {"copies_per_run", t->gpu.memcpys + t->gpu.memsets},
                          {"kernels_tied_pct", 100.0 * t->gpu.kernelTiedShare()},
                          {"kernel_ms", double(t->gpu.kernelNs) / 1e6},
                          {"dropped_records", t->gpu.droppedRecords}};
        if (!t->gpuProblem.empty()) out["gpu_trace_problem"] = t->gpuProblem;
        std::printf("%s\n", jsonText(out, 2).c_str());
        return 0;
    }
    std::printf("model: %s, %d threads; tg%d, %d repetitions each, tracer off and on alternating\n",
                ctx.modelPath.c_str(), eng.threads(), t->tokens, t->repetitions);
    std::printf("median run: off %.2f ms, on %.2f ms -> overhead %+.2f%%\n", t->offMs, t->onMs, t->overheadPct);
    std::printf("%llu spans per run, %.1f ns per span\n", static_cast<unsigned long long>(t->spansPerRun),
                t->nsPerSpan);
    if (t->gpuTraced)
        std::printf("GPU: %llu kernels and %llu copies per traced run, %.1f%% of kernels tied to an op, %.2f ms "
                    "kernel time, %llu records dropped\n",
                    static_cast<unsigned long long>(t->gpu.kernels),
                    static_cast<unsigned long long>(t->gpu.memcpys + t->gpu.memsets), 100.0 * t->gpu.kernelTiedShare(),
                    double(t->gpu.kernelNs) / 1e6, static_cast<unsigned long long>(t->gpu.droppedRecords));
    if (!t->gpuProblem.empty())
        std::printf("GPU work not traced: %s\n", t->gpuProblem.c_str());
    return 0;
}

// ---- options -------------------------------------------------------------------------------

}  // namespace

namespace {

// A comma list of integers in [lo, hi] (llama-bench's "-p 128,512"); `out`
// keeps its defaults when the option is absent. False with `error` set on a
// malformed or out-of-range value.
bool parseIntList(const Args& args, const std::string& name, long long lo, long long hi, std::vector<int32_t>& out,
                  std::string& error)
{
    const auto text = args.value(name);
    if (!text) return true;
    std::vector<int32_t> values;
    size_t start = 0;
    while (start <= text->size()) {
        const size_t comma = std::min(text->find(',', start), text->size());
        const std::string item = text->substr(start, comma - start);
        if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos) {
            error = "option " + name + ": '" + *text + "' is not a comma list of whole numbers";
            return false;
        }
        const long long v = std::stoll(item);
        if (v < lo || v > hi) {
            error = "option " + name + ": " + item + " is out of range (" + std::to_string(lo) + " to " +
                    std::to_string(hi) + ")";
            return false;
        }
        values.push_back(static_cast<int32_t>(v));
        start = comma + 1;
    }
    out = std::move(values);
    return true;
}

// "0".."1023" as a GPU ordinal.
bool parseOrdinal(const std::string& text, int& out)
{
    if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    out = std::stoi(text);
    return out <= 1023;
}

}  // namespace

nlohmann::json effectiveJson(const BenchContext& ctx)
{
    engine::EffectiveConfig effective;
    effective.requested = ctx.profile;
    if (ctx.engine) effective.adjustments = ctx.engine->adjustments();
    return nlohmann::json::parse(engine::serializeEffectiveConfig(effective));
}

int runBench(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv,
                                  {"-p", "-n", "-r", "--threads", "-t", "--tokenizer", "--seed", "--profile",
                                   "--workload", "--preset", "--trace", "--policy", "--max-sequences", "--device",
                                   "-d", "--depth", "--ctx", "-o", "--kv-type"},
                                  {"--json", "--emit-tokens", "--kv-sweep", "--batch-sweep", "--trace-overhead",
                                   "--no-wait"},
                                  error);
    if (!error.empty()) return failWith(error);
    if (args.positional().size() != 1) return failWith("bench needs exactly one MODEL argument");
    BenchContext ctx;
    ctx.modelPath = args.positional()[0];
    ctx.json = args.has("--json");
    ctx.emitTokens = args.has("--emit-tokens");
    ctx.realTime = !args.has("--no-wait");
    ctx.tracePath = args.valueOr("--trace", "");
    ctx.workloadPath = args.valueOr("--workload", "");
    ctx.preset = args.valueOr("--preset", "");

    const bool serving = !ctx.workloadPath.empty() || !ctx.preset.empty();
    const int modes = int(args.has("--kv-sweep")) + int(args.has("--batch-sweep")) + int(args.has("--trace-overhead"));
    if (modes > 1) return failWith("--kv-sweep, --batch-sweep and --trace-overhead are separate runs: pick one");
    if (!ctx.workloadPath.empty() && !ctx.preset.empty()) return failWith("give --workload or --preset, not both");
    if (serving && modes > 0 && !args.has("--batch-sweep"))
        return failWith("--workload / --preset go with a serving run or --batch-sweep only");
    if (ctx.emitTokens && !serving) return failWith("--emit-tokens needs --workload or --preset");
    if (!ctx.tracePath.empty() && modes > 0) return failWith("--trace goes with a pp/tg or a serving run");

    PpTgOptions o;
    const bool kvSweep = args.has("--kv-sweep");
    const bool lists = !parseIntList(args, "-p", 0, 1 << 20, o.prompts, error) ||
                       !parseIntList(args, "-n", 0, 1 << 20, o.gens, error) ||
                       !parseIntList(args, args.has("--depth") ? "--depth" : "-d", 0, 1 << 20, o.depths, error) ||
                       !parseIntList(args, args.has("-t") ? "-t" : "--threads", 0, 1024, o.threads, error);
    if (lists) return failWith(error);
    o.reps = args.intOr("-r", kvSweep ? 1 : 5, error);
    o.seed = args.intOr("--seed", 1, error);
    const long long context = args.intOr("--ctx", 0, error);
    const long long maxSequences = args.intOr("--max-sequences", 0, error);
    if (!error.empty()) return failWith(error);
    if (const auto format = args.value("-o"); format && !parseBenchFormat(*format, o.format))
        return failWith("-o must be md, csv, json or jsonl, got '" + *format + "'");
    if (args.has("-o") && ctx.json) return failWith("give -o or --json, not both");
    const bool ppTg = !serving && modes == 0;
    const bool manyValues = o.prompts.size() > 1 || o.gens.size() > 1 || o.depths.size() > 1 || o.threads.size() > 1;
    if (!ppTg && (manyValues || args.has("-o") || args.has("-d") || args.has("--depth")))
        return failWith("-d, -o and value lists go with a pp/tg run only");
    if (std::all_of(o.prompts.begin(), o.prompts.end(), [](int32_t v) { return v == 0; }) &&
        std::all_of(o.gens.begin(), o.gens.end(), [](int32_t v) { return v == 0; }))
        return failWith("-p and -n must not all be 0");
    if (context < 0 || context > (1 << 24)) return failWith("--ctx must be between 1 and 16777216");
    const long long threadsArg = o.threads.empty() ? -1 : o.threads.front();
    if (o.reps < 1 || o.reps > 1000) return failWith("-r must be between 1 and 1000");
    if (o.seed < 0) return failWith("--seed must be >= 0");
    if (args.has("--max-sequences")) {
        if (maxSequences < 1 || maxSequences > 4096) return failWith("--max-sequences must be between 1 and 4096");
        ctx.maxSequences = static_cast<int32_t>(maxSequences);
    }
    if (const auto policy = args.value("--policy")) {
        ctx.policy = engine::enumFromName<engine::BatchingPolicy>(*policy);
        if (!ctx.policy) return failWith("--policy must be one of " + engine::enumChoices<engine::BatchingPolicy>() +
                                         ", got '" + *policy + "'");
    }

    if (const auto profilePath = args.value("--profile")) {
        auto profile = engine::loadProfileFile(*profilePath);
        if (!profile) return failWith(profile.error().message);
        ctx.profile = std::move(*profile);
        ctx.profilePath = *profilePath;
    }
    if (ctx.profile.kvCache) o.kv = *ctx.profile.kvCache;
    if (const auto kvType = args.value("--kv-type")) {
        if (!ppTg) return failWith("--kv-type goes with a pp/tg run; a profile's kv_cache sets the others' cache");
        const auto dtype = engine::enumFromName<engine::KvDType>(*kvType);
        if (!dtype) return failWith("--kv-type must be one of " + engine::enumChoices<engine::KvDType>() + ", got '" +
                                    *kvType + "'");
        o.kv.dtype = *dtype;
    }
    engine::LoadOptions load = engine::applyProfileToLoad(ctx.profile, {});
    load.kvDType = o.kv.dtype;
    if (const auto device = args.value("--device")) {
        // The profile's devices.gpus, from the command line: cuda:N runs on that GPU, cpu on the CPU.
        if (*device == "cpu" || *device == "cpu:0") {
            load.devices.gpus.reset();
        } else {
            int ordinal = -1;
            if (device->rfind("cuda:", 0) != 0 || !parseOrdinal(device->substr(5), ordinal))
                return failWith("--device must be cpu or cuda:N, got '" + *device + "'");
            load.devices.gpus = std::vector<int32_t>{ordinal};
        }
    }
    if (context > 0) load.contextLength = static_cast<int32_t>(context);
    ctx.contextOverridden = context > 0;
    const std::string tokenizerPath = args.valueOr("--tokenizer", "");
    const EngineLoader loadEngine = [&](int32_t threads) {
        engine::LoadOptions withThreads = load;
        if (threads >= 0) withThreads.threads = threads;
        return engine::Engine::load(ctx.modelPath, tokenizerPath, withThreads);
    };
    if (ppTg) return runPpTg(ctx, o, loadEngine);

    auto loaded = loadEngine(static_cast<int32_t>(threadsArg));
    if (!loaded) return failWith(loaded.error().message);
    ctx.engine = loaded->get();
    const int32_t genTokens = args.has("-n") ? o.gens.front() : 128;
    if (args.has("--batch-sweep")) return runBatchSweep(ctx);
    if (serving) return runServingBench(ctx);
    if (kvSweep) return runKvSweep(ctx, genTokens, static_cast<int32_t>(o.reps));
    return runTraceOverhead(ctx, genTokens, static_cast<int32_t>(o.reps), static_cast<uint64_t>(o.seed));
}

}  // namespace cli
