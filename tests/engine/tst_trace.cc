// The tracer: ring-buffer wraparound and dropped counts, zero recording when
// off, Chrome trace-event JSON structure, and a traced forward pass on
// stories260K (spans for every layer and category, tokens unchanged).
#include <QTest>

#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <nlohmann/json.hpp>

#include "common/fixtures.h"
#include "common/sanitizers.h"
#include "engine/model/llama_model.h"
#include "engine/session/engine.h"
#include "engine/session/sampler.h"
#include "engine/trace/chrome_trace.h"
#include "engine/trace/tracer.h"
#include "kernels/cpu/cpu_ops.h"

namespace {

std::shared_ptr<const engine::ModelFile> openShared(const QString& path)
{
    auto f = engine::openModelFile(path.toStdString(), "");
    if (!f) return nullptr;
    return std::make_shared<const engine::ModelFile>(std::move(*f));
}

// Greedy prefill of `prompt` then `steps` single-token decodes.
std::vector<int32_t> greedy(engine::LlamaModel& model, const std::vector<int32_t>& prompt, int steps)
{
    auto cache = model.makeCache(static_cast<int64_t>(prompt.size()) + steps);
    if (!cache) return {};
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    if (!model.forward(prompt, 0, *cache, logits.data())) return {};
    std::vector<int32_t> out;
    for (int i = 0; i < steps; ++i) {
        int32_t next = engine::argmax(logits);
        out.push_back(next);
        const auto pos = static_cast<int64_t>(prompt.size()) + i;
        if (!model.forward({&next, 1}, pos, *cache, logits.data())) return {};
    }
    return out;
}

// Checks the trace-event format rules every viewer relies on; returns "" when valid.
QString validateTraceEvents(const nlohmann::json& doc)
{
    if (!doc.contains("traceEvents") || !doc["traceEvents"].is_array()) return "no traceEvents array";
    std::set<std::pair<int, int>> named, used;
    std::set<int> namedProcesses;
    for (const auto& e : doc["traceEvents"]) {
        for (const char* key : {"name", "ph", "ts", "pid", "tid"})
            if (!e.contains(key)) return QString("event without ") + key + ": " + QString::fromStdString(e.dump());
        if (!e["ts"].is_number()) return "non-numeric ts";
        const std::string ph = e["ph"];
        const std::pair<int, int> track{e["pid"].get<int>(), e["tid"].get<int>()};
        if (ph == "X") {
            if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() < 0.0) return "X without dur >= 0";
            if (!e.contains("cat")) return "X without cat";
            used.insert(track);
        } else if (ph == "M") {
            if (!e.contains("args") || !e["args"].contains("name")) return "M without args.name";
            if (e["name"] == "thread_name") named.insert(track);
            if (e["name"] == "process_name") namedProcesses.insert(track.first);
        } else if (ph == "C") {
            if (!e.contains("args") || !e["args"].is_object()) return "C without args";
        } else {
            return QString::fromStdString("unexpected ph " + ph);
        }
    }
    for (const auto& t : used) {
        if (!named.count(t)) return "thread track without a name";
        if (!namedProcesses.count(t.first)) return "process track without a name";
    }
    return {};
}

}  // namespace

class TestTrace : public QObject {
    Q_OBJECT

private slots:
    void ringBufferWrapsAndCountsDropped()
    {
        engine::Tracer tracer(4, 2);
        for (int i = 0; i < 10; ++i) {
            engine::Span s;
            s.name = "op";
            s.startNs = i;
            tracer.record(s);
            tracer.recordCounter(engine::Counter{"mem", double(i), i});
        }
        const std::vector<engine::Span> spans = tracer.spans();
        QCOMPARE(spans.size(), size_t{4});
        for (int i = 0; i < 4; ++i) QCOMPARE(spans[size_t(i)].startNs, int64_t{6 + i});  // oldest first
        QCOMPARE(tracer.droppedSpans(), uint64_t{6});
        QCOMPARE(tracer.counters().size(), size_t{2});
        QCOMPARE(tracer.counters()[0].value, 8.0);
        QCOMPARE(tracer.droppedCounters(), uint64_t{8});

        tracer.clear();
        QVERIFY(tracer.spans().empty());
        QCOMPARE(tracer.droppedSpans(), uint64_t{0});
    }

    void partialRingKeepsOrder()
    {
        engine::Tracer tracer(8);
        for (int i = 0; i < 3; ++i) {
            engine::ScopedSpan span(&tracer, "scoped", engine::SpanCategory::Norm, i);
            span.setWork(10, 20);
        }
        const auto spans = tracer.spans();
        QCOMPARE(spans.size(), size_t{3});
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(spans[size_t(i)].layer, i);
            QVERIFY(spans[size_t(i)].durationNs >= 0);
            QCOMPARE(spans[size_t(i)].bytes, uint64_t{10});
            QCOMPARE(spans[size_t(i)].flops, uint64_t{20});
        }
        QVERIFY(spans[1].startNs >= spans[0].startNs);
        QCOMPARE(tracer.droppedSpans(), uint64_t{0});
    }

    void nullTracerRecordsNothing()
    {
        // ScopedSpan on nullptr must be a no-op; a tracer not attached sees nothing.
        { engine::ScopedSpan span(nullptr, "off", engine::SpanCategory::Other); span.setWork(1, 1); }
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = openShared(path);
        QVERIFY(file);
        auto ops = kernels::makeCpuOps(2);
        auto model = engine::LlamaModel::create(file, *ops);
        QVERIFY(model);
        engine::Tracer tracer;
        (*model)->setTracer(&tracer);
        (*model)->setTracer(nullptr);
        QVERIFY(!greedy(**model, {1, 403}, 3).empty());
        QVERIFY(tracer.spans().empty());
    }

    void chromeTraceIsValid()
    {
        engine::Tracer tracer;
        { engine::ScopedSpan span(&tracer, "matmul attn_q", engine::SpanCategory::Matmul, 0); span.setWork(64, 128); }
        { engine::ScopedSpan span(&tracer, "embed", engine::SpanCategory::Embedding); }
        tracer.recordCounter("rss_bytes", 1234.0);
        const nlohmann::json doc = nlohmann::json::parse(engine::chromeTraceJson(tracer, {"cpu:0"}).dump());
        QCOMPARE(validateTraceEvents(doc), QString());
        int x = 0, m = 0, c = 0;
        for (const auto& e : doc["traceEvents"]) {
            if (e["ph"] == "X") {
                ++x;
                if (e["name"] == "matmul attn_q") {
                    QCOMPARE(e["cat"].get<std::string>(), std::string("matmul"));
                    QCOMPARE(e["args"]["layer"].get<int>(), 0);
                    QCOMPARE(e["args"]["bytes"].get<int>(), 64);
                    QCOMPARE(e["args"]["flops"].get<int>(), 128);
                }
            }
            if (e["ph"] == "M") {
                ++m;
                if (e["name"] == "process_name") QCOMPARE(e["args"]["name"].get<std::string>(), std::string("cpu:0"));
                if (e["name"] == "thread_name") QCOMPARE(e["args"]["name"].get<std::string>(), std::string("thread 0"));
            }
            if (e["ph"] == "C") {
                ++c;
                QCOMPARE(e["args"]["value"].get<double>(), 1234.0);
            }
        }
        QCOMPARE(x, 2);
        QCOMPARE(m, 2);
        QCOMPARE(c, 1);
    }

    void clockAgreesWithSteadyClock()
    {
        // Whether the tracer reads the time-stamp counter or the steady clock,
        // its interval lies inside an enclosing steady-clock interval (1% rate
        // tolerance) and covers at least the sleep between its two reads.
        engine::Tracer tracer(4);
        const auto s0 = std::chrono::steady_clock::now();
        const int64_t t0 = tracer.nowNs();
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        const int64_t t1 = tracer.nowNs();
        const auto s1 = std::chrono::steady_clock::now();
        const double steadyNs = std::chrono::duration<double, std::nano>(s1 - s0).count();
        const double tracerNs = double(t1 - t0);
        QVERIFY2(tracerNs >= 30e6 * 0.99, qPrintable(QString::number(tracerNs)));
        QVERIFY2(tracerNs <= steadyNs * 1.01, qPrintable(QString::number(tracerNs) + " vs " + QString::number(steadyNs)));
        QVERIFY(t0 >= 0);
        int64_t previous = tracer.nowNs();
        for (int i = 0; i < 10000; ++i) {
            const int64_t now = tracer.nowNs();
            QVERIFY(now >= previous);
            previous = now;
        }
    }

    void oneTrackPerThreadAndDevice()
    {
        engine::Tracer tracer;
        { engine::ScopedSpan span(&tracer, "main op", engine::SpanCategory::Other); }
        std::thread worker([&tracer] {
            engine::ScopedSpan span(&tracer, "worker op", engine::SpanCategory::Matmul);
        });
        worker.join();
        { engine::ScopedSpan span(&tracer, "main again", engine::SpanCategory::Other); }
        engine::Span gpu;
        gpu.name = "kernel";
        gpu.device = 1;
        gpu.thread = 0;
        gpu.startNs = tracer.nowNs();
        tracer.record(gpu);
        tracer.recordCounter("kv_used_bytes", 4096.0);

        const std::vector<engine::Span> spans = tracer.spans();
        QCOMPARE(spans.size(), size_t{4});
        QCOMPARE(spans[0].thread, 0u);
        QCOMPARE(spans[1].thread, 1u);  // a second recording thread gets its own id
        QCOMPARE(spans[2].thread, 0u);  // and the first keeps its own

        // A second tracer numbers threads afresh (the per-thread cache is per tracer).
        engine::Tracer other;
        std::thread late([&other] { engine::ScopedSpan span(&other, "late", engine::SpanCategory::Other); });
        late.join();
        { engine::ScopedSpan span(&other, "main", engine::SpanCategory::Other); }
        QCOMPARE(other.spans()[0].thread, 0u);
        QCOMPARE(other.spans()[1].thread, 1u);
        QCOMPARE(tracer.threadId(), 0u);

        const nlohmann::json doc = engine::chromeTraceJson(tracer, {"vcpu:0"});
        QCOMPARE(validateTraceEvents(doc), QString());
        std::set<std::pair<int, int>> threadTracks;
        std::map<int, std::string> processes;
        for (const auto& e : doc["traceEvents"]) {
            if (e["name"] == "thread_name") threadTracks.insert({e["pid"].get<int>(), e["tid"].get<int>()});
            if (e["name"] == "process_name") processes[e["pid"].get<int>()] = e["args"]["name"].get<std::string>();
            if (e["ph"] == "X" && e["name"] == "worker op") QCOMPARE(e["tid"].get<int>(), 1);
            if (e["ph"] == "X" && e["name"] == "kernel") QCOMPARE(e["pid"].get<int>(), 1);
            if (e["ph"] == "C") QCOMPARE(e["args"]["value"].get<double>(), 4096.0);
        }
        QCOMPARE(threadTracks, (std::set<std::pair<int, int>>{{0, 0}, {0, 1}, {1, 0}}));
        QCOMPARE(processes[0], std::string("vcpu:0"));
        QCOMPARE(processes[1], std::string("device 1"));  // no name given for it
    }

    void tracedForwardCoversLayersAndKeepsTokens()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = openShared(path);
        QVERIFY(file);
        auto ops = kernels::makeCpuOps(2);
        auto model = engine::LlamaModel::create(file, *ops);
        QVERIFY(model);
        engine::LlamaModel& lm = **model;
        const std::vector<int32_t> prompt{1, 403, 407, 261};
        const std::vector<int32_t> plain = greedy(lm, prompt, 16);
        QCOMPARE(plain.size(), size_t{16});

        engine::Tracer tracer;
        lm.setTracer(&tracer);
        const std::vector<int32_t> traced = greedy(lm, prompt, 16);
        lm.setTracer(nullptr);
        QCOMPARE(traced, plain);

        const int64_t nLayers = lm.config().nLayers;
        QCOMPARE(nLayers, int64_t{5});
        std::map<int32_t, std::set<engine::SpanCategory>> perLayer;
        std::map<std::string, int> names;
        for (const engine::Span& s : tracer.spans()) {
            QVERIFY(s.durationNs >= 0);
            QVERIFY(s.layer >= -1 && s.layer < nLayers);
            perLayer[s.layer].insert(s.category);
            if (s.workerShare) continue;  // a helper thread's part of an op counted below
            ++names[s.name];
            if (std::string(s.name) == "matmul logits") {
                const kernels::Tensor& w = lm.weights().output;
                QCOMPARE(s.bytes, uint64_t(w.rows) * w.rowBytes);
                QCOMPARE(s.flops, 2 * uint64_t(w.rows) * uint64_t(w.cols));  // LogitsMode::Last: one row
            }
            if (std::string(s.name) == "matmul attn_q" && s.layer == 0 && s.flops > 0)
                QVERIFY(s.flops % (2 * uint64_t(lm.weights().layers[0].wq.rows * lm.weights().layers[0].wq.cols)) == 0);
        }
        const std::set<engine::SpanCategory> layerCats{engine::SpanCategory::Norm, engine::SpanCategory::Matmul,
                                                       engine::SpanCategory::Attention, engine::SpanCategory::Kv,
                                                       engine::SpanCategory::Other};
        for (int32_t l = 0; l < nLayers; ++l) QCOMPARE(perLayer[l], layerCats);
        QVERIFY(perLayer[-1].count(engine::SpanCategory::Embedding));
        QVERIFY(perLayer[-1].count(engine::SpanCategory::Norm));
        QVERIFY(perLayer[-1].count(engine::SpanCategory::Matmul));
        // 17 forwards: one span per op call.
        QCOMPARE(names["embed"], 17);
        QCOMPARE(names["matmul logits"], 17);
        for (const char* op : {"rmsnorm attn", "matmul attn_q", "matmul attn_k", "matmul attn_v", "attention",
                               "matmul attn_output", "rmsnorm ffn", "matmul ffn_gate", "matmul ffn_up", "silu_mul",
                               "matmul ffn_down"})
            QCOMPARE(names[op], int(17 * nLayers));
        // Two calls per layer: rope on queries and keys, the KV write of keys and of values.
        QCOMPARE(names["rope"], int(2 * 17 * nLayers));
        QCOMPARE(names["kv write"], int(2 * 17 * nLayers));
        QCOMPARE(names["add residual"], int(2 * 17 * nLayers));
        // Every span's name is its op id's.
        for (const engine::Span& s : tracer.spans()) QCOMPARE(std::string(s.name), std::string(engine::opInfo(s.op).name));

        QCOMPARE(validateTraceEvents(engine::chromeTraceJson(tracer)), QString());
    }

    // With two threads, the pool's second thread records its share of each op
    // it helped with, on its own track, inside the op's span on the calling thread.
    void helperThreadsRecordTheirShares()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = openShared(path);
        QVERIFY(file);
        auto ops = kernels::makeCpuOps(2);
        auto model = engine::LlamaModel::create(file, *ops);
        QVERIFY(model);
        engine::LlamaModel& lm = **model;
        // A prompt long enough that the FFN matmuls of the prefill are split between the threads.
        std::vector<int32_t> prompt{1};
        for (int i = 0; i < 47; ++i) prompt.push_back(300 + i);
        engine::Tracer tracer;
        lm.setTracer(&tracer);
        QCOMPARE(greedy(lm, prompt, 2).size(), size_t{2});
        lm.setTracer(nullptr);

        std::vector<engine::Span> ops0;
        std::vector<engine::Span> shares;
        for (const engine::Span& s : tracer.spans()) (s.workerShare ? shares : ops0).push_back(s);
        QVERIFY(!shares.empty());
        for (const engine::Span& op : ops0) QCOMPARE(op.thread, 0u);
        for (const engine::Span& share : shares) {
            QCOMPARE(share.thread, 1u);
            // Inside a span of the same op and layer on the calling thread (give
            // or take the small skew the time-stamp counters of two cores may have).
            constexpr int64_t kSkewNs = 20'000;
            const bool inside = std::any_of(ops0.begin(), ops0.end(), [&](const engine::Span& op) {
                return op.op == share.op && op.layer == share.layer && op.startNs - kSkewNs <= share.startNs &&
                       share.startNs + share.durationNs <= op.startNs + op.durationNs + kSkewNs;
            });
            QVERIFY2(inside, share.name);
        }
        // The Chrome trace puts them on the second thread's track.
        const nlohmann::json doc = engine::chromeTraceJson(tracer);
        QCOMPARE(validateTraceEvents(doc), QString());
        bool marked = false;
        for (const auto& e : doc["traceEvents"])
            marked = marked || (e["ph"] == "X" && e["tid"] == 1 && e["args"].value("worker_share", false));
        QVERIFY(marked);

        // Untraced again: the same ops record nothing.
        tracer.clear();
        QCOMPARE(greedy(lm, prompt, 1).size(), size_t{1});
        QVERIFY(tracer.spans().empty());
    }

    void tracedGenerateRecordsSamplingAndMetrics()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto loaded = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{2});
        QVERIFY(loaded);
        engine::Engine& e = **loaded;
        engine::GenerateRequest request;
        request.prompt = "Once upon a time";
        request.maxTokens = 12;
        request.sampler.temperature = 0.0f;
        auto plain = e.generate(request);
        QVERIFY(plain);
        engine::Tracer tracer;
        e.model().setTracer(&tracer);
        auto traced = e.generate(request);
        e.model().setTracer(nullptr);
        QVERIFY(traced);
        QCOMPARE(traced->tokens, plain->tokens);

        int samples = 0;
        for (const engine::Span& s : tracer.spans()) samples += s.category == engine::SpanCategory::Sampling;
        QVERIFY(samples >= static_cast<int>(traced->tokens.size()));
        QVERIFY(!tracer.counters().empty());

        const engine::RequestMetrics& m = traced->metrics;
        const size_t n = traced->tokens.size();
        QVERIFY(n >= 2);
        QCOMPARE(m.itlMs.size(), n - 1);
        QVERIFY(m.tpotMs.has_value());
        QVERIFY(m.e2eMs >= m.ttftMs);
        QVERIFY(qAbs(m.ttftMs - traced->timings.tokenLatenciesMs[0]) < 1e-9);
        for (size_t i = 0; i + 1 < n; ++i) QVERIFY(qAbs(m.itlMs[i] - traced->timings.tokenLatenciesMs[i + 1]) < 1e-6);
    }

    void cliWritesTraceAndMetrics()
    {
        SKIP_CHILD_PROCESS_UNDER_TSAN();
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString tracePath = dir.filePath("run.json");
        QProcess cli;
        cli.start(testsupport::cliPath(), {"generate", path, "-p", "Once upon a time", "-n", "8", "--temperature", "0",
                                           "--threads", "2", "--trace", tracePath, "--json"});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        const nlohmann::json out = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
        for (const char* key : {"ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"}) QVERIFY2(out["metrics"].contains(key), key);
        for (const char* key : {"p50", "p90", "p99", "mean"}) QVERIFY2(out["metrics"]["itl_ms"].contains(key), key);
        QVERIFY(out["memory"]["peak_rss_bytes"].get<uint64_t>() > 0);

        std::ifstream in(tracePath.toStdString());
        QVERIFY(in.good());
        const nlohmann::json trace = nlohmann::json::parse(in);
        QCOMPARE(validateTraceEvents(trace), QString());
        std::set<std::string> cats;
        for (const auto& e : trace["traceEvents"])
            if (e["ph"] == "X") cats.insert(e["cat"].get<std::string>());
        QCOMPARE(cats, (std::set<std::string>{"embedding", "attention", "matmul", "norm", "kv", "sampling", "other"}));
    }

    void servingBenchTraceHasMemoryCounters()
    {
        SKIP_CHILD_PROCESS_UNDER_TSAN();
        // bench --preset --trace: every op of every batched pass, the scheduler's
        // KV and sampling spans, and KV-used / RSS counters over time.
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString tracePath = dir.filePath("serving.json");
        QProcess cli;
        cli.start(testsupport::cliPath(), {"bench", path, "--preset", "burst-8", "--threads", "2", "--trace", tracePath,
                                           "--json"});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        const nlohmann::json out = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
        const int passes = out["forward_passes"].get<int>();
        QVERIFY(passes > 0);

        std::ifstream in(tracePath.toStdString());
        QVERIFY(in.good());
        const nlohmann::json trace = nlohmann::json::parse(in);
        QCOMPARE(validateTraceEvents(trace), QString());
        std::set<std::string> cats;
        std::map<std::string, std::vector<double>> counters;
        int embeds = 0;
        double lastTs = -1.0;
        for (const auto& e : trace["traceEvents"]) {
            if (e["ph"] == "X") {
                cats.insert(e["cat"].get<std::string>());
                embeds += e["name"] == "embed";
            }
            if (e["ph"] == "C") {
                counters[e["name"].get<std::string>()].push_back(e["args"]["value"].get<double>());
                QVERIFY(e["ts"].get<double>() >= lastTs);  // counters in time order
                lastTs = e["ts"].get<double>();
            }
        }
        QCOMPARE(embeds, passes);  // one embedding per forward pass
        for (const char* cat : {"embedding", "attention", "matmul", "norm", "kv", "sampling"})
            QVERIFY2(cats.count(cat), cat);
        QCOMPARE(counters["kv_used_bytes"].size(), size_t(passes));
        QCOMPARE(counters["rss_bytes"].size(), size_t(passes));
        const auto& kv = counters["kv_used_bytes"];
        QVERIFY(*std::max_element(kv.begin(), kv.end()) > 0.0);
        QCOMPARE(*std::max_element(kv.begin(), kv.end()), out["memory"]["kv_peak_used_bytes"].get<double>());
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"
