#include "engine/sweep/sweep_runner.h"

#include <memory>

#include "engine/common/message_catalog.h"
#include "engine/eval/compare.h"
#include "engine/metrics/latency_stats.h"
#include "engine/sched/scheduler.h"
#include "engine/session/bench.h"
#include "engine/session/engine.h"
#include "engine/session/profile_options.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine::sweep {
namespace {

using nlohmann::json;

double meanBatch(const ScheduleResult& r)
{
    double sum = 0.0;
    for (int32_t n : r.batchSizes) sum += n;
    return r.batchSizes.empty() ? 0.0 : sum / double(r.batchSizes.size());
}

struct Loaded {
    std::unique_ptr<Engine> engine;
    double loadMs = 0.0;
    std::string error;  // set: this configuration did not load
};

class SweepRun {
public:
    SweepRun(const RunOptions& options, const std::vector<Point>& points, const Sink& sink)
        : m_o(options), m_points(points), m_sink(sink) {}

    Status run(const Progress& done)
    {
        ENGINE_TRY(writeSkipped(done));
        for (int32_t round = 0; round < m_o.repetitions; ++round) {
            for (const Point& p : m_points) {
                if (!p.skipReason.empty() || m_failed.count(p.index) || done.failed.count(p.index)) continue;
                const auto it = done.samples.find(p.index);
                if (it != done.samples.end() && it->second > round) continue;
                if (m_o.cancel && m_o.cancel->load()) return makeError(ErrorCode::Cancelled, msg("sweep.cancelled"));
                status("round " + std::to_string(round + 1) + "/" + std::to_string(m_o.repetitions) + ", point " +
                       std::to_string(p.index + 1) + "/" + std::to_string(m_points.size()) + ": " + p.label());
                Engine* engine = nullptr;
                ENGINE_TRY(prepare(p, done, engine));
                if (!engine) continue;
                ENGINE_TRY(sample(p, round, *engine));
            }
        }
        return okStatus();
    }

private:
    void status(const std::string& text) const
    {
        if (m_o.onStatus) m_o.onStatus(text);
    }

    Status writeSkipped(const Progress& done)
    {
        for (const Point& p : m_points)
            if (!p.skipReason.empty() && !done.points.count(p.index))
                ENGINE_TRY(m_sink(pointLine(p, "skipped", p.skipReason, json::object())));
        return okStatus();
    }

    json pointLine(const Point& p, const char* state, const std::string& reason, json metrics) const
    {
        json settings = json::object();
        for (const auto& [key, value] : p.settings) settings[key] = value;
        json line = {{"kind", "point"}, {"index", p.index}, {"label", p.label()}, {"settings", settings},
                     {"profile", p.profile}, {"status", state}, {"metrics", std::move(metrics)}};
        if (!reason.empty()) line["reason"] = reason;
        return line;
    }

    LoadOptions loadOptions(const Point& p) const
    {
        LoadOptions o = applyProfileToLoad(*p.parsed);
        const bool threadsInProfile = p.parsed->devices && p.parsed->devices->threads;
        if (m_o.threads && !threadsInProfile) o.threads = *m_o.threads;
        o.cancel = m_o.cancel;
        return o;
    }

    Loaded& load(const Point& p)
    {
        auto [it, fresh] = m_engines.try_emplace(p.loadKey());
        if (!fresh) return it->second;
        auto engine = Engine::load(m_o.modelPath, m_o.tokenizerPath, loadOptions(p));
        if (!engine) {
            it->second.error = engine.error().message;
            return it->second;
        }
        it->second.engine = std::move(*engine);
        it->second.loadMs = it->second.engine->loadMs();
        // Warm-up: pages in the weights and spins up the thread pool.
        (void)benchDecode(it->second.engine->model(), 1, 1, m_o.seed, m_o.cancel);
        return it->second;
    }

    // Loads the point's model; the first time, writes its point line.
    Status prepare(const Point& p, const Progress& done, Engine*& engine)
    {
        Loaded& loaded = load(p);
        if (m_o.cancel && m_o.cancel->load()) return makeError(ErrorCode::Cancelled, msg("sweep.cancelled"));
        if (!loaded.engine) {
            m_failed.insert(p.index);
            return done.points.count(p.index) ? okStatus() : m_sink(pointLine(p, "failed", loaded.error, json::object()));
        }
        engine = loaded.engine.get();
        if (done.points.count(p.index) || m_written.count(p.index)) return okStatus();
        json metrics;
        auto memory = memoryOf(p, *engine);
        if (!memory) {
            m_failed.insert(p.index);
            engine = nullptr;
            return m_sink(pointLine(p, "failed", memory.error().message, json::object()));
        }
        metrics = *memory;
        metrics["load_ms"] = loaded.loadMs;
        if (m_o.workload) {
            // The first replay, before the point line: a workload the point's
            // cache or batching cannot hold fails the point with the
            // scheduler's reason instead of ending the sweep.
            auto first = servingSample(p, *engine);
            if (!first && first.error().code == ErrorCode::Cancelled) return first.error();
            if (!first) {
                m_failed.insert(p.index);
                engine = nullptr;
                return m_sink(pointLine(p, "failed", first.error().message, json::object()));
            }
            m_pending[p.index] = std::move(*first);
        }
        if (!m_o.qualityText.empty()) {
            auto q = quality(p, *engine);
            if (!q) return q.error();
            metrics.update(*q);
        }
        m_written.insert(p.index);
        return m_sink(pointLine(p, "ok", "", metrics));
    }

    KvCacheConfig kvOf(const Point& p) const { return p.parsed->kvCache.value_or(KvCacheConfig{}); }

    Expected<json> memoryOf(const Point& p, Engine& engine) const
    {
        LlamaModel& model = engine.model();
        if (m_o.workload) {
            // The scheduler sizes its own cache per run: kv_bytes comes with the samples.
            uint64_t workspace = 0;
            for (const DeviceReport& d : model.deviceReports()) workspace += d.workspaceBytes;
            return json{{"weights_bytes", engine.weightsBytes()}, {"workspace_bytes", workspace}};
        }
        auto cache = model.makeCache(std::max<int64_t>(1, int64_t(m_o.promptTokens) + m_o.genTokens), kvOf(p));
        if (!cache) return cache.error();
        uint64_t kv = 0, workspace = 0;
        for (int s = 0; s < cache->store().shardCount(); ++s) kv += cache->store().shardStats(s).allocatedBytes;
        for (const DeviceReport& d : model.deviceReports()) workspace += d.workspaceBytes;
        const uint64_t weights = engine.weightsBytes();
        return json{{"weights_bytes", weights}, {"kv_bytes", kv}, {"workspace_bytes", workspace},
                    {"memory_bytes", weights + kv + workspace}};
    }

    Expected<json> quality(const Point& p, Engine& engine)
    {
        if (!m_baseline) {
            status("loading the unoptimised model for quality");
            LoadOptions o;
            o.threads = m_o.threads.value_or(0);
            auto base = Engine::load(m_o.modelPath, m_o.tokenizerPath, o);
            if (!base) return base.error();
            m_baseline = std::move(*base);
            // Tokenized once, by the model's own tokenizer, for every point.
            const Tokenizer& tokenizer = m_baseline->tokenizer();
            m_qualityTokens = tokenizer.encode(m_o.qualityText, tokenizer.addBosByDefault());
        }
        EvalOptions eval = m_o.eval;
        eval.cancel = m_o.cancel;
        eval.kv = kvOf(p);
        eval.kv.mode.reset();  // every mode gives the same numbers; the windows need a cache
        eval.kv.capacityTokens.reset();
        const std::string key = p.loadKey() + "|" + std::to_string(int(eval.kv.dtype.value_or(KvDType::F32)));
        if (const auto it = m_quality.find(key); it != m_quality.end()) return it->second;
        status("quality of " + p.label());
        auto cmp = compareModels(m_baseline->model(), engine.model(), m_qualityTokens, eval);
        if (!cmp) return cmp.error();
        json q = {{"kld_mean", cmp->meanKld}, {"kld_median", cmp->medianKld}, {"kld_p99", cmp->p99Kld},
                  {"kld_p99_9", cmp->p999Kld},  {"kld_max", cmp->maxKld},       {"rms_dp", cmp->rmsDeltaP},
                  {"top1", cmp->top1Agreement}, {"top1_stderr", cmp->top1StdErr}, {"ppl", cmp->test.ppl},
                  {"ppl_ratio", cmp->pplRatio}, {"ppl_ratio_stderr", cmp->pplRatioStdErr}};
        m_quality.emplace(key, q);
        return q;
    }

    // The scheduler as the point's profile sets it: batching, KV cache and sampling.
    SchedulerOptions schedulerOptions(const Point& p) const
    {
        SchedulerOptions s;
        const Profile& profile = *p.parsed;
        if (profile.batching) {
            if (profile.batching->policy) s.policy = *profile.batching->policy;
            if (profile.batching->maxBatch) s.maxBatch = *profile.batching->maxBatch;
            if (profile.batching->maxSequences) s.maxSequences = *profile.batching->maxSequences;
        }
        s.kv = kvOf(p);
        if (profile.sampling) s.sampling = *profile.sampling;
        s.realTime = m_o.realTime;
        return s;
    }

    Expected<json> servingSample(const Point& p, Engine& engine)
    {
        auto r = runWorkload(engine.model(), engine.tokenizer(), *m_o.workload, schedulerOptions(p), m_o.cancel);
        if (!r) return r.error();
        std::vector<RequestTimeline> timelines;
        for (const RequestOutcome& o : r->requests) timelines.push_back(o.timeline);
        const RunSummary s = summarizeRun(timelines);
        uint64_t workspace = 0;
        for (const DeviceReport& d : engine.model().deviceReports()) workspace += d.workspaceBytes;
        return json{{"ttft_p50_ms", s.ttftMs.p50},    {"ttft_p99_ms", s.ttftMs.p99},
                    {"itl_p50_ms", s.itlMs.p50},      {"itl_p99_ms", s.itlMs.p99},
                    {"e2e_p50_ms", s.e2eMs.p50},      {"e2e_p99_ms", s.e2eMs.p99},
                    {"output_tok_s", s.throughput.outputTokPerS}, {"req_s", s.throughput.requestsPerS},
                    {"mean_batch", meanBatch(*r)},
                    {"preempted_sequences", r->preemptions},  {"kv_bytes", r->kv.allocatedBytes},
                    {"kv_peak_bytes", r->kv.peakUsedBytes},
                    {"memory_bytes", engine.weightsBytes() + r->kv.allocatedBytes + workspace}};
    }

    Status sample(const Point& p, int32_t round, Engine& engine)
    {
        if (m_o.workload) {
            json metrics;
            if (auto it = m_pending.find(p.index); it != m_pending.end()) {
                metrics = std::move(it->second);
                m_pending.erase(it);
            } else {
                auto measured = servingSample(p, engine);
                if (!measured) return measured.error();
                metrics = std::move(*measured);
            }
            return m_sink({{"kind", "sample"}, {"index", p.index}, {"repetition", round}, {"metrics", metrics}});
        }
        LlamaModel& model = engine.model();
        const KvCacheConfig kv = kvOf(p);
        json metrics = json::object();
        if (m_o.promptTokens > 0) {
            auto pp = benchPrefill(model, m_o.promptTokens, 1, m_o.seed, m_o.cancel, kv);
            if (!pp) return pp.error();
            metrics["pp_tok_s"] = pp->meanTokPerS;
            metrics["ttft_ms"] = pp->meanMs;
        }
        if (m_o.genTokens > 0) {
            auto tg = benchDecode(model, m_o.genTokens, 1, m_o.seed, m_o.cancel, kv);
            if (!tg) return tg.error();
            metrics["tg_tok_s"] = tg->meanTokPerS;
            metrics["itl_ms"] = tg->meanMs / double(m_o.genTokens);
        }
        return m_sink({{"kind", "sample"}, {"index", p.index}, {"repetition", round}, {"metrics", metrics}});
    }

    const RunOptions& m_o;
    const std::vector<Point>& m_points;
    const Sink& m_sink;
    std::map<std::string, Loaded> m_engines;
    std::unique_ptr<Engine> m_baseline;
    std::vector<int32_t> m_qualityTokens;
    std::map<std::string, json> m_quality;
    std::set<int32_t> m_failed;
    std::set<int32_t> m_written;
    std::map<int32_t, json> m_pending;  // a serving point's first sample, measured before its point line
};

}  // namespace

Progress Progress::fromLines(const std::vector<json>& lines)
{
    Progress p;
    for (const json& line : lines) {
        if (!line.is_object() || !line.contains("index") || !line["index"].is_number_integer()) continue;
        const int32_t index = line["index"].get<int32_t>();
        const std::string kind = line.value("kind", "");
        if (kind == "point") p.points.insert(index);
        if (kind == "point" && line.value("status", "ok") != "ok") p.failed.insert(index);
        if (kind == "sample") ++p.samples[index];
    }
    return p;
}

Status runSweep(const RunOptions& options, const std::vector<Point>& points, const Progress& done, const Sink& sink)
{
    if (options.repetitions < 1) return makeError(ErrorCode::InvalidArgument, msg("sweep.no_repetitions"));
    if (options.workload && options.workload->requests.empty())
        return makeError(ErrorCode::InvalidArgument, msg("sweep.empty_workload"));
    if (!options.workload &&
        (options.promptTokens < 0 || options.genTokens < 0 || options.promptTokens + options.genTokens == 0))
        return makeError(ErrorCode::InvalidArgument, msg("sweep.no_tokens"));
    SweepRun run(options, points, sink);
    return run.run(done);
}

std::vector<PointMetrics> aggregate(const std::vector<json>& lines)
{
    std::map<int32_t, PointMetrics> byIndex;
    std::map<int32_t, std::map<std::string, std::vector<double>>> samples;
    for (const json& line : lines) {
        if (!line.is_object() || !line.contains("metrics") || !line["metrics"].is_object()) continue;
        const int32_t index = line.value("index", -1);
        const std::string kind = line.value("kind", "");
        if (kind == "point" && line.value("status", "") == "ok") {
            PointMetrics& p = byIndex[index];
            p.index = index;
            p.label = line.value("label", "");
            for (const auto& [name, v] : line["metrics"].items())
                if (v.is_number()) p.metrics[name] = summarize({v.get<double>()});
        } else if (kind == "sample") {
            for (const auto& [name, v] : line["metrics"].items())
                if (v.is_number()) samples[index][name].push_back(v.get<double>());
        }
    }
    std::vector<PointMetrics> out;
    for (auto& [index, p] : byIndex) {
        for (const auto& [name, values] : samples[index]) p.metrics[name] = summarize(values);
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace engine::sweep
