// inferscope-cli bench with --workload / --preset: replay a workload through
// the serving scheduler and report the serving metrics (TTFT, ITL, TPOT, e2e),
// throughput, memory and the effective profile; --batch-sweep repeats it over
// max_sequences 1..16 for static and continuous batching.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>

#include "app/cli/cmd_bench.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/metrics/latency_stats.h"
#include "engine/metrics/memory_meter.h"
#include "engine/sched/scheduler.h"
#include "engine/sched/workload.h"
#include "engine/trace/chrome_trace.h"

namespace cli {
namespace {

constexpr const char* kSweepDefaultPreset = "poisson-64";
constexpr int32_t kSweepSequences[] = {1, 2, 4, 8, 16};

struct LoadedWorkload {
    engine::Workload workload;
    std::string source;  // "preset chat-short" or the file path
};

engine::Expected<LoadedWorkload> loadWorkload(const BenchContext& ctx, const std::string& fallbackPreset)
{
    if (!ctx.workloadPath.empty()) {
        auto w = engine::loadWorkloadFile(ctx.workloadPath);
        if (!w) return w.error();
        return LoadedWorkload{std::move(*w), ctx.workloadPath};
    }
    const std::string name = ctx.preset.empty() ? fallbackPreset : ctx.preset;
    auto w = engine::workloadPreset(name);
    if (!w) return w.error();
    return LoadedWorkload{std::move(*w), "preset " + name};
}

// Scheduler options: the profile's kv_cache, batching and sampling sections,
// then the command-line overrides.
engine::SchedulerOptions schedulerOptions(const BenchContext& ctx)
{
    engine::SchedulerOptions s;
    const engine::Profile& p = ctx.profile;
    if (p.batching) {
        if (p.batching->policy) s.policy = *p.batching->policy;
        if (p.batching->maxBatch) s.maxBatch = *p.batching->maxBatch;
        if (p.batching->maxSequences) s.maxSequences = *p.batching->maxSequences;
    }
    if (p.kvCache) s.kv = *p.kvCache;
    if (p.sampling) s.sampling = *p.sampling;
    if (ctx.policy) s.policy = *ctx.policy;
    if (ctx.maxSequences) s.maxSequences = *ctx.maxSequences;
    s.realTime = ctx.realTime;
    return s;
}

std::vector<engine::RequestTimeline> timelines(const engine::ScheduleResult& r)
{
    std::vector<engine::RequestTimeline> t;
    for (const engine::RequestOutcome& o : r.requests) t.push_back(o.timeline);
    return t;
}

nlohmann::json summaryJson(const engine::LatencySummary& s)
{
    return {{"mean", s.mean}, {"p50", s.p50}, {"p90", s.p90}, {"p99", s.p99},
            {"min", s.min},   {"max", s.max}, {"count", s.count}};
}

nlohmann::json throughputJson(const engine::Throughput& t)
{
    return {{"prefill_tok_s", t.prefillTokPerS},
            {"decode_tok_s", t.decodeTokPerS},
            {"output_tok_s", t.outputTokPerS},
            {"requests_s", t.requestsPerS}};
}

// The options as run; the KV fields as the scheduler resolved them (defaults filled in).
nlohmann::json schedulerJson(const engine::SchedulerOptions& s, const engine::KvStoreSpec& kv)
{
    nlohmann::json j{{"policy", engine::enumName(s.policy)},
                     {"max_batch", s.maxBatch},
                     {"max_sequences", s.maxSequences},
                     {"real_time", s.realTime},
                     {"kv_mode", engine::enumName(kv.mode)},
                     {"kv_dtype", engine::enumName(kv.dtype)},
                     {"kv_capacity_tokens", kv.capacityTokens}};
    if (kv.mode == engine::KvCacheMode::Paged) j["kv_block_size"] = kv.blockSize;
    return j;
}

double meanBatch(const engine::ScheduleResult& r)
{
    if (r.batchSizes.empty()) return 0.0;
    return std::accumulate(r.batchSizes.begin(), r.batchSizes.end(), 0.0) / static_cast<double>(r.batchSizes.size());
}

nlohmann::json requestsJson(const engine::ScheduleResult& r, bool emitTokens)
{
    nlohmann::json list = nlohmann::json::array();
    for (const engine::RequestOutcome& o : r.requests) {
        nlohmann::json j{{"id", o.id},
                         {"arrival_ms", o.timeline.startMs},
                         {"prompt_tokens", o.promptTokens.size()},
                         {"output_tokens", o.outputTokens.size()},
                         {"ttft_ms", o.metrics.ttftMs},
                         {"tpot_ms", o.metrics.tpotMs ? nlohmann::json(*o.metrics.tpotMs) : nlohmann::json(nullptr)},
                         {"e2e_ms", o.metrics.e2eMs},
                         {"preemptions", o.preemptions}};
        if (emitTokens) {
            j["prompt_ids"] = o.promptTokens;
            j["output_ids"] = o.outputTokens;
        }
        list.push_back(std::move(j));
    }
    return list;
}

nlohmann::json servingJson(const BenchContext& ctx, const LoadedWorkload& w, const engine::PeakRss& peak,
                           const engine::SchedulerOptions& options,
                           const engine::ScheduleResult& r)
{
    const std::vector<engine::RequestTimeline> t = timelines(r);
    const engine::RunSummary s = engine::summarizeRun(t);
    const engine::KvMemoryStats& kv = r.kv;
    nlohmann::json j;
    j["mode"] = "serving";
    j["model"] = ctx.modelPath;
    j["threads"] = ctx.engine->threads();
    j["workload"] = {{"name", w.workload.name}, {"source", w.source}, {"requests", w.workload.requests.size()}};
    j["scheduler"] = schedulerJson(options, r.kvSpec);
    j["requests"] = s.requests;
    j["prompt_tokens"] = s.promptTokens;
    j["output_tokens"] = s.outputTokens;
    j["wall_ms"] = r.wallMs;
    j["latency_ms"] = {{"ttft", summaryJson(s.ttftMs)},
                       {"itl", summaryJson(s.itlMs)},
                       {"tpot", summaryJson(s.tpotMs)},
                       {"e2e", summaryJson(s.e2eMs)}};
    j["throughput"] = throughputJson(s.throughput);
    j["forward_passes"] = r.forwardPasses;
    j["mean_batch_sequences"] = meanBatch(r);
    j["preemptions"] = r.preemptions;
    j["memory"] = {{"weights_bytes", ctx.engine->weightsBytes()},
                   {"kv_allocated_bytes", kv.allocatedBytes},
                   {"kv_used_bytes", kv.usedBytes},
                   {"kv_peak_used_bytes", kv.peakUsedBytes},
                   {"kv_fragmentation", kv.fragmentation},
                   {"kv_blocks_total", kv.blocksTotal},
                   {"kv_blocks_free", kv.blocksFree},
                   {"activations_bytes", ctx.engine->model().workspaceBytes()},
                   {"peak_rss_bytes", peak.bytes},  // during the workload, not the process's lifetime
                   {"peak_rss_method", engine::peakRssMethodName(peak.method)}};
    j["effective"] = effectiveJson(ctx);
    j["load_notes"] = ctx.engine->loadNotes();
    j["per_request"] = requestsJson(r, ctx.emitTokens);
    return j;
}

void printSummaryRow(const char* name, const engine::LatencySummary& s)
{
    std::printf("| %-8s | %10.2f | %10.2f | %10.2f | %10.2f | %6lld |\n", name, s.mean, s.p50, s.p90, s.p99,
                static_cast<long long>(s.count));
}

void printServing(const BenchContext& ctx, const LoadedWorkload& w, const engine::PeakRss& peak,
                  const engine::SchedulerOptions& o,
                  const engine::ScheduleResult& r)
{
    const engine::RunSummary s = engine::summarizeRun(timelines(r));
    std::printf("model: %s, %d threads\n", ctx.modelPath.c_str(), ctx.engine->threads());
    std::printf("workload: %s (%s): %lld requests, %lld prompt + %lld output tokens\n", w.workload.name.c_str(),
                w.source.c_str(), static_cast<long long>(s.requests), static_cast<long long>(s.promptTokens),
                static_cast<long long>(s.outputTokens));
    std::printf("scheduler: %s batching, max %d sequences, %d tokens per pass; KV %s %s, %lld tokens%s\n",
                engine::enumName(o.policy), o.maxSequences, o.maxBatch, engine::enumName(r.kvSpec.mode),
                engine::enumName(r.kvSpec.dtype), static_cast<long long>(r.kvSpec.capacityTokens),
                o.realTime ? "" : "; all requests at time 0");
    std::printf("wall %.1f ms, %lld forward passes (mean %.2f sequences), %lld preemptions\n\n", r.wallMs,
                static_cast<long long>(r.forwardPasses), meanBatch(r), static_cast<long long>(r.preemptions));
    std::printf("| %-8s | %10s | %10s | %10s | %10s | %6s |\n", "ms", "mean", "p50", "p90", "p99", "n");
    std::printf("|----------|------------|------------|------------|------------|--------|\n");
    printSummaryRow("TTFT", s.ttftMs);
    printSummaryRow("ITL", s.itlMs);
    printSummaryRow("TPOT", s.tpotMs);
    printSummaryRow("e2e", s.e2eMs);
    const engine::Throughput& t = s.throughput;
    std::printf("\nthroughput: prefill %.1f tok/s, decode %.1f tok/s, output %.1f tok/s, %.2f requests/s\n",
                t.prefillTokPerS, t.decodeTokPerS, t.outputTokPerS, t.requestsPerS);
    const engine::KvMemoryStats& kv = r.kv;
    std::printf("memory: weights %s; KV allocated %s, used %s, peak %s, fragmentation %.1f%%; activations %s; "
                "peak RSS %s\n",
                humanBytes(static_cast<double>(ctx.engine->weightsBytes())).c_str(),
                humanBytes(static_cast<double>(kv.allocatedBytes)).c_str(),
                humanBytes(static_cast<double>(kv.usedBytes)).c_str(),
                humanBytes(static_cast<double>(kv.peakUsedBytes)).c_str(), 100.0 * kv.fragmentation,
                humanBytes(static_cast<double>(ctx.engine->model().workspaceBytes())).c_str(),
                humanBytes(static_cast<double>(peak.bytes)).c_str());
    std::printf("profile: %s\n", ctx.profilePath.empty() ? "(none: engine defaults)" : ctx.profilePath.c_str());
    for (const engine::Adjustment& a : ctx.engine->adjustments()) std::printf("  adjusted %s\n", a.describe().c_str());
    for (const std::string& note : ctx.engine->loadNotes()) std::printf("  note: %s\n", note.c_str());
}

}  // namespace

int runServingBench(const BenchContext& ctx)
{
    auto w = loadWorkload(ctx, "");
    if (!w) return failWith(w.error().message);
    const engine::SchedulerOptions options = schedulerOptions(ctx);
    std::unique_ptr<engine::Tracer> tracer;
    if (!ctx.tracePath.empty()) tracer = std::make_unique<engine::Tracer>(size_t{1} << 18);
    engine::PeakRssMeter meter;  // the workload's own peak
    auto result = engine::runWorkload(ctx.engine->model(), ctx.engine->tokenizer(), w->workload, options, nullptr,
                                      tracer.get());
    if (tracer) {
        if (const engine::Status written = engine::writeChromeTrace(*tracer, ctx.tracePath, ctx.engine->model().deviceNames()); !written)
            return failWith(written.error().message);
    }
    const engine::PeakRss peak = meter.finish();
    if (!result) return failWith(result.error().message);
    if (ctx.json) {
        std::printf("%s\n", jsonText(servingJson(ctx, *w, peak, options, *result), 1).c_str());
    } else {
        printServing(ctx, *w, peak, options, *result);
    }
    return 0;
}

int runBatchSweep(const BenchContext& ctx)
{
    auto w = loadWorkload(ctx, kSweepDefaultPreset);
    if (!w) return failWith(w.error().message);
    nlohmann::json rows = nlohmann::json::array();
    if (!ctx.json) {
        std::printf("model: %s, %d threads; workload %s (%s), %zu requests%s\n\n", ctx.modelPath.c_str(),
                    ctx.engine->threads(), w->workload.name.c_str(), w->source.c_str(), w->workload.requests.size(),
                    ctx.realTime ? "" : ", all at time 0");
        std::printf("| %-10s | %7s | %12s | %10s | %12s | %12s | %8s | %6s |\n", "policy", "max_seq", "output tok/s",
                    "req/s", "TTFT mean ms", "e2e p90 ms", "passes", "preempt");
        std::printf("|------------|---------|--------------|------------|--------------|--------------|----------|"
                    "--------|\n");
    }
    for (const engine::BatchingPolicy policy : {engine::BatchingPolicy::Static, engine::BatchingPolicy::Continuous}) {
        for (const int32_t sequences : kSweepSequences) {
            engine::SchedulerOptions options = schedulerOptions(ctx);
            options.policy = policy;
            options.maxSequences = sequences;
            auto r = engine::runWorkload(ctx.engine->model(), ctx.engine->tokenizer(), w->workload, options);
            if (!r) return failWith(r.error().message);
            const engine::RunSummary s = engine::summarizeRun(timelines(*r));
            rows.push_back({{"policy", engine::enumName(policy)},
                            {"max_sequences", sequences},
                            {"wall_ms", r->wallMs},
                            {"requests", s.requests},
                            {"output_tokens", s.outputTokens},
                            {"throughput", throughputJson(s.throughput)},
                            {"ttft_ms", summaryJson(s.ttftMs)},
                            {"e2e_ms", summaryJson(s.e2eMs)},
                            {"tpot_ms", summaryJson(s.tpotMs)},
                            {"forward_passes", r->forwardPasses},
                            {"mean_batch_sequences", meanBatch(*r)},
                            {"preemptions", r->preemptions}});
            if (!ctx.json) {
                std::printf("| %-10s | %7d | %12.1f | %10.2f | %12.1f | %12.1f | %8lld | %6lld |\n",
                            engine::enumName(policy), sequences, s.throughput.outputTokPerS,
                            s.throughput.requestsPerS, s.ttftMs.mean, s.e2eMs.p90,
                            static_cast<long long>(r->forwardPasses), static_cast<long long>(r->preemptions));
                std::fflush(stdout);
            }
        }
    }
    if (ctx.json) {
        nlohmann::json out{{"mode", "batch-sweep"},
                           {"model", ctx.modelPath},
                           {"threads", ctx.engine->threads()},
                           {"workload", {{"name", w->workload.name}, {"source", w->source},
                                         {"requests", w->workload.requests.size()}}},
                           {"real_time", ctx.realTime},
                           {"rows", rows},
                           {"effective", effectiveJson(ctx)}};
        std::printf("%s\n", jsonText(out, 2).c_str());
    }
    return 0;
}

}  // namespace cli
