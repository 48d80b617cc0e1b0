// inferscope-cli bench beyond pp/tg, run as a process on stories260K: a
// serving run of a preset (every JSON field, request and token counts that
// follow from the workload), --emit-tokens (identical greedy tokens for static
// and continuous batching), workload files and profiles, the KV on/off sweep,
// the tracer-overhead run, pp/tg value lists, llama-bench-style records
// (-o csv/jsonl), --ctx, the peak RSS, and usage errors (one line on stderr, exit 1).
#include <QTest>

#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <nlohmann/json.hpp>

#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/sched/workload.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/api/registry.h"

namespace {

struct CliRun {
    int exitCode = -1;
    std::string out;
    std::string err;
};

CliRun runCli(const QStringList& args)
{
    QProcess cli;
    cli.start(testsupport::cliPath(), args);
    CliRun r;
    if (!cli.waitForFinished(300000)) return r;
    r.exitCode = cli.exitCode();
    r.out = cli.readAllStandardOutput().toStdString();
    r.err = cli.readAllStandardError().toStdString();
    return r;
}

nlohmann::json runJson(const QStringList& args)
{
    const CliRun r = runCli(args);
    if (r.exitCode != 0) {
        qWarning("cli failed (%d): %s", r.exitCode, r.err.c_str());
        return {};
    }
    return nlohmann::json::parse(r.out, nullptr, false);
}

void writeText(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString());
    out << text;
}

}  // namespace

class TestBenchCli : public QObject {
    Q_OBJECT

private slots:
    void presetServingRunReportsEverything()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const nlohmann::json j = runJson({"bench", model, "--preset", "chat-short", "--threads", "2", "--json"});
        QVERIFY(j.is_object());
        QCOMPARE(j["mode"].get<std::string>(), std::string("serving"));
        QCOMPARE(j["workload"]["name"].get<std::string>(), std::string("chat-short"));
        // chat-short: 16 requests, 32 prompt tokens and 32 output tokens each.
        QCOMPARE(j["requests"].get<int>(), 16);
        QCOMPARE(j["prompt_tokens"].get<int>(), 16 * 32);
        QCOMPARE(j["output_tokens"].get<int>(), 16 * 32);
        for (const char* metric : {"ttft", "itl", "tpot", "e2e"})
            for (const char* stat : {"mean", "p50", "p90", "p99", "min", "max", "count"})
                QVERIFY2(j["latency_ms"][metric].contains(stat), (std::string(metric) + "." + stat).c_str());
        QCOMPARE(j["latency_ms"]["ttft"]["count"].get<int>(), 16);
        QCOMPARE(j["latency_ms"]["tpot"]["count"].get<int>(), 16);
        QCOMPARE(j["latency_ms"]["itl"]["count"].get<int>(), 16 * 31);  // every gap of every request
        const nlohmann::json& e2e = j["latency_ms"]["e2e"];
        QVERIFY(e2e["p50"].get<double>() <= e2e["p90"].get<double>());
        QVERIFY(e2e["p90"].get<double>() <= e2e["p99"].get<double>());
        QVERIFY(e2e["min"].get<double>() >= j["latency_ms"]["ttft"]["min"].get<double>());
        for (const char* key : {"prefill_tok_s", "decode_tok_s", "output_tok_s", "requests_s"})
            QVERIFY2(j["throughput"][key].get<double>() > 0.0, key);
        for (const char* key : {"weights_bytes", "kv_allocated_bytes", "kv_peak_used_bytes", "activations_bytes",
                                "peak_rss_bytes"})
            QVERIFY2(j["memory"][key].get<double>() > 0.0, key);
        QVERIFY(j["memory"]["kv_peak_used_bytes"].get<double>() <= j["memory"]["kv_allocated_bytes"].get<double>());
        QVERIFY(j["memory"].contains("kv_fragmentation"));
        QVERIFY(j["forward_passes"].get<int>() >= 32);  // at least one pass per output position
        QVERIFY(j.contains("preemptions"));
        QCOMPARE(j["effective"]["schema"].get<std::string>(), std::string("inferscope.effective/1"));
        QCOMPARE(j["scheduler"]["policy"].get<std::string>(), std::string("continuous"));
        QCOMPARE(j["per_request"].size(), size_t{16});
        for (const auto& r : j["per_request"]) {
            QCOMPARE(r["output_tokens"].get<int>(), 32);
            QCOMPARE(r["prompt_tokens"].get<int>(), 32);
            QVERIFY(!r.contains("output_ids"));  // only with --emit-tokens
            QVERIFY(r["e2e_ms"].get<double>() >= r["ttft_ms"].get<double>());
        }
    }

    void staticAndContinuousGiveTheSameTokens()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const QStringList common{"bench", model, "--preset", "burst-8", "--threads", "2", "--emit-tokens",
                                 "--max-sequences", "3", "--json"};
        const nlohmann::json s = runJson(common + QStringList{"--policy", "static"});
        const nlohmann::json c = runJson(common + QStringList{"--policy", "continuous"});
        QVERIFY(s.is_object() && c.is_object());
        QCOMPARE(s["scheduler"]["policy"].get<std::string>(), std::string("static"));
        QCOMPARE(c["scheduler"]["max_sequences"].get<int>(), 3);
        QCOMPARE(s["per_request"].size(), size_t{8});
        QCOMPARE(c["per_request"].size(), size_t{8});
        for (size_t i = 0; i < 8; ++i) {
            const auto& a = s["per_request"][i];
            const auto& b = c["per_request"][i];
            QCOMPARE(a["id"].get<int>(), int(i));
            QCOMPARE(a["prompt_ids"].size(), size_t{32});
            QCOMPARE(a["output_ids"].size(), size_t{64});
            QCOMPARE(a["prompt_ids"].get<std::vector<int>>(), b["prompt_ids"].get<std::vector<int>>());
            QCOMPARE(a["output_ids"].get<std::vector<int>>(), b["output_ids"].get<std::vector<int>>());
        }
        // Different requests have different (seeded) prompts.
        QVERIFY(s["per_request"][0]["prompt_ids"] != s["per_request"][1]["prompt_ids"]);
    }

    void workloadFileAndProfile()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        const QString workload = dir.filePath("w.json");
        writeText(workload, R"({"schema": "inferscope.workload/1", "name": "two", "requests": [
            {"prompt": "Once upon a time", "output_tokens": 5, "arrival_ms": 20},
            {"prompt_tokens": 9, "output_tokens": 1}]})");
        const QString profile = dir.filePath("p.json");
        writeText(profile, R"({"schema": "inferscope.profile/1", "batching": {"policy": "static", "max_sequences": 2},
            "devices": {"threads": 2}})");
        const nlohmann::json j = runJson({"bench", model, "--workload", workload, "--profile", profile, "--emit-tokens",
                                          "--json"});
        QVERIFY(j.is_object());
        QCOMPARE(j["threads"].get<int>(), 2);
        QCOMPARE(j["scheduler"]["policy"].get<std::string>(), std::string("static"));
        QCOMPARE(j["scheduler"]["max_sequences"].get<int>(), 2);
        QCOMPARE(j["effective"]["requested"]["batching"]["policy"].get<std::string>(), std::string("static"));
        QCOMPARE(j["requests"].get<int>(), 2);
        QCOMPARE(j["output_tokens"].get<int>(), 6);
        QCOMPARE(j["latency_ms"]["tpot"]["count"].get<int>(), 1);  // a 1-token request has no TPOT

        auto file = engine::openModelFile(model.toStdString(), "");
        QVERIFY(file);
        auto tokenizer = engine::Tokenizer::fromModel(*file);
        QVERIFY(tokenizer);
        // Sorted by arrival: the length-only request (t=0) is id 0.
        const auto& first = j["per_request"][0];
        const auto& second = j["per_request"][1];
        QCOMPARE(first["prompt_ids"].size(), size_t{9});
        QCOMPARE(first["prompt_ids"][0].get<int>(), (*tokenizer)->bos());
        QCOMPARE(second["prompt_ids"].get<std::vector<int32_t>>(), (*tokenizer)->encode("Once upon a time", true));
        QCOMPARE(second["output_ids"].size(), size_t{5});
        QVERIFY(second["arrival_ms"].get<double>() == 20.0);
    }

    void batchSweepCoversBothPolicies()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        const QString workload = dir.filePath("w.json");
        writeText(workload, R"({"schema": "inferscope.workload/1", "name": "g",
            "generator": {"arrival": "fixed", "rate_per_s": 0, "count": 6, "prompt_tokens": 8, "output_tokens": 6}})");
        const nlohmann::json j =
            runJson({"bench", model, "--batch-sweep", "--workload", workload, "--threads", "2", "--json"});
        QVERIFY(j.is_object());
        QCOMPARE(j["mode"].get<std::string>(), std::string("batch-sweep"));
        const nlohmann::json& rows = j["rows"];
        QCOMPARE(rows.size(), size_t{10});
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            QCOMPARE(r["policy"].get<std::string>(), std::string(i < 5 ? "static" : "continuous"));
            QCOMPARE(r["max_sequences"].get<int>(), 1 << (i % 5));
            QCOMPARE(r["requests"].get<int>(), 6);
            QCOMPARE(r["output_tokens"].get<int>(), 36);
            QVERIFY(r["throughput"]["output_tok_s"].get<double>() > 0.0);
            // One sequence at a time: 6 requests x (1 prefill + 5 decodes) passes.
            if (r["max_sequences"] == 1) QCOMPARE(r["forward_passes"].get<int>(), 36);
            QVERIFY(r["mean_batch_sequences"].get<double>() <= r["max_sequences"].get<double>());
        }
    }

    void kvSweepOffAndOn()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const nlohmann::json j = runJson({"bench", model, "--kv-sweep", "-n", "24", "--threads", "2", "--json"});
        QVERIFY(j.is_object());
        QCOMPARE(j["mode"].get<std::string>(), std::string("kv-sweep"));
        const auto positions = j["positions"].get<std::vector<int>>();
        QCOMPARE(positions.size(), size_t{24});
        for (int i = 0; i < 24; ++i) QCOMPARE(positions[size_t(i)], 1 + i);  // after BOS
        QCOMPARE(j["off_ms"].size(), size_t{24});
        QCOMPARE(j["on_ms"].size(), size_t{24});
        for (const auto& v : j["off_ms"]) QVERIFY(v.get<double>() > 0.0);
        // Recomputing the prefix and reading it from the cache give the same greedy tokens.
        QVERIFY(j["tokens_match"].get<bool>());
    }

    void traceOverheadReports()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const nlohmann::json j =
            runJson({"bench", model, "--trace-overhead", "-n", "8", "-r", "2", "--threads", "2", "--json"});
        QVERIFY(j.is_object());
        QCOMPARE(j["tokens"].get<int>(), 8);
        QCOMPARE(j["off_samples_ms"].size(), size_t{2});
        QCOMPARE(j["on_samples_ms"].size(), size_t{2});
        // Every decode step records the same spans: at least the 12 op kinds of each of the 5 layers.
        const int spans = j["spans_per_run"].get<int>();
        QCOMPARE(spans % 8, 0);
        QVERIFY(spans >= 8 * 5 * 12);
        QVERIFY(j.contains("overhead_pct"));
    }

    // On a GPU the traced runs also report the GPU's kernels, tied to their
    // ops; without one the request is refused in a sentence saying why.
    void traceOverheadOnTheGpu()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const CliRun r =
            runCli({"bench", model, "--trace-overhead", "--device", "cuda:0", "-n", "8", "-r", "2", "--json"});
        if (!kernels::Registry::instance().cudaStatus().available) {
            QVERIFY(r.exitCode != 0);
            QVERIFY2(r.err.find("devices.gpus asks for cuda:0 but no CUDA device is available: ") != std::string::npos,
                     r.err.c_str());
            return;
        }
        QCOMPARE(r.exitCode, 0);
        const nlohmann::json j = nlohmann::json::parse(r.out);
        QVERIFY2(j.contains("gpu"), r.out.c_str());
        QVERIFY(j["gpu"]["kernels_per_run"].get<uint64_t>() > 0);
        QVERIFY(j["gpu"]["kernels_tied_pct"].get<double>() >= 99.0);
        QCOMPARE(j["gpu"]["dropped_records"].get<uint64_t>(), uint64_t{0});
    }

    // Comma lists run every combination; -o jsonl gives one llama-bench-style
    // record per test with its own prompt, generation, depth and thread count.
    void ppTgListsGiveOneRecordPerTest()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const CliRun r = runCli({"bench", model, "-p", "8,16", "-n", "4", "-d", "0,8", "-r", "2", "--threads", "1,2",
                                 "-o", "jsonl"});
        QCOMPARE(r.exitCode, 0);
        std::vector<nlohmann::json> records;
        std::istringstream lines(r.out);
        for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
        QCOMPARE(records.size(), size_t{2 * 2 * 3});  // threads x depths x (pp8, pp16, tg4)
        std::set<std::tuple<int, int, int, int>> seen;
        for (const nlohmann::json& rec : records) {
            seen.insert({rec["n_threads"].get<int>(), rec["n_depth"].get<int>(), rec["n_prompt"].get<int>(),
                         rec["n_gen"].get<int>()});
            QCOMPARE(rec["samples_ns"].size(), size_t{2});
            QCOMPARE(rec["samples_ts"].size(), size_t{2});
            QCOMPARE(rec["model_n_params"].get<long long>(), 292800LL);
            // avg_ns is the mean of the runs' times, samples_ts their token rates.
            const int tokens = rec["n_prompt"].get<int>() + rec["n_gen"].get<int>();
            double meanNs = 0.0;
            for (size_t i = 0; i < 2; ++i) {
                const double ns = rec["samples_ns"][i].get<double>(), ts = rec["samples_ts"][i].get<double>();
                QVERIFY(std::fabs(ns * ts / 1e9 - tokens) < 1e-3 * tokens);
                meanNs += ns / 2.0;
            }
            QVERIFY(std::fabs(rec["avg_ns"].get<double>() - meanNs) <= 1.0);
            QCOMPARE(rec.contains("roofline_pct"), rec["n_gen"].get<int>() > 0);
            QCOMPARE(rec.contains("gflop_s"), rec["n_prompt"].get<int>() > 0);
        }
        for (int threads : {1, 2})
            for (int depth : {0, 8}) {
                QVERIFY(seen.count({threads, depth, 8, 0}));
                QVERIFY(seen.count({threads, depth, 16, 0}));
                QVERIFY(seen.count({threads, depth, 0, 4}));
            }
    }

    // -o csv: llama-bench's column names, one row per test, as many cells as columns.
    void ppTgCsv()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const CliRun r = runCli({"bench", model, "-p", "8", "-n", "4", "-r", "1", "-o", "csv"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = QString::fromStdString(r.out).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QStringList header = lines[0].split(',');
        for (const char* column : {"model_filename", "n_threads", "n_prompt", "n_gen", "n_depth", "avg_ns", "avg_ts",
                                   "stddev_ts", "samples_ts"})
            QVERIFY2(header.contains(column), column);
        for (int i = 1; i < 3; ++i) QCOMPARE(lines[i].split(',').size(), header.size());
        QCOMPARE(lines[1].split(',')[header.indexOf("n_prompt")], QString("8"));
        QCOMPARE(lines[2].split(',')[header.indexOf("n_gen")], QString("4"));
    }

    // A prompt longer than the trained context is refused, naming --ctx; with
    // --ctx it runs (llama-bench's pp512 on a shorter-context model).
    void ppTgLongerContext()
    {
        QTemporaryDir dir;
        const QString tiny = dir.filePath("tiny.gguf");
        QCOMPARE(runCli({"synth", "--shape", "tiny", "--dtype", "f32", "--seed", "3", "--out", tiny}).exitCode, 0);
        const CliRun refused = runCli({"bench", tiny, "-p", "600", "-n", "0", "-r", "1"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(QString::fromStdString(refused.err).contains("exceeds the model context of 512 tokens; --ctx"),
                 refused.err.c_str());
        const nlohmann::json j = runJson({"bench", tiny, "-p", "600", "-n", "0", "-r", "1", "--ctx", "1024", "--json"});
        QVERIFY(j.is_object());
        QCOMPARE(j["context"].get<int>(), 1024);
        QCOMPARE(j["results"][0]["test"].get<std::string>(), std::string("pp600"));
    }

    // --kv-type (or a profile's kv_cache) picks the cache the tests run on:
    // reported as llama-bench's type_k / type_v, and the roofline counts its
    // bytes (an f16 cache reads half the f32 one's per position).
    void ppTgKvType()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const auto kvBytes = [](const nlohmann::json& j) {
            return j["results"][0]["bytes_per_token"].get<double>() - j["decode_weight_bytes_per_token"].get<double>();
        };
        const QStringList test{"bench", model, "-p", "0", "-n", "4", "-d", "16", "-r", "1", "--json"};
        const nlohmann::json f32 = runJson(test);
        const nlohmann::json f16 = runJson(test + QStringList{"--kv-type", "f16"});
        QVERIFY(f32.is_object() && f16.is_object());
        QCOMPARE(f32["kv_type"].get<std::string>(), std::string("f32"));
        QCOMPARE(f16["kv_type"].get<std::string>(), std::string("f16"));
        QVERIFY(kvBytes(f32) > 0.0);
        QVERIFY(std::fabs(kvBytes(f32) - 2.0 * kvBytes(f16)) < 1e-6 * kvBytes(f32));

        QTemporaryDir dir;
        const QString profile = dir.filePath("int8.json");
        writeText(profile, R"({"schema": "inferscope.profile/1", "kv_cache": {"dtype": "int8"}})");
        const CliRun r = runCli({"bench", model, "-p", "0", "-n", "4", "-r", "1", "--profile", profile, "-o", "jsonl"});
        QCOMPARE(r.exitCode, 0);
        const nlohmann::json rec = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
        QCOMPARE(rec["type_k"].get<std::string>(), std::string("int8"));
        QCOMPARE(rec["type_v"].get<std::string>(), std::string("int8"));
    }

    // The bandwidth probe reads a 512 MiB buffer; the peak RSS reported is the
    // run's, taken before the probe.
    void peakRssLeavesOutTheBandwidthProbe()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const nlohmann::json j = runJson({"bench", model, "-p", "8", "-n", "4", "-r", "1", "--json"});
        QVERIFY(j.is_object());
        const double peak = j["memory"]["peak_rss_bytes"].get<double>();
        QVERIFY(peak > 0.0);
        QVERIFY2(peak < 256.0 * 1024 * 1024, qPrintable(QString::number(peak)));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown-preset") << QStringList{"--preset", "nope"} << "unknown workload preset \"nope\"";
        QTest::newRow("both") << QStringList{"--preset", "burst-8", "--workload", "w.json"}
                              << "give --workload or --preset, not both";
        QTest::newRow("emit-alone") << QStringList{"--emit-tokens"} << "--emit-tokens needs --workload or --preset";
        QTest::newRow("two-modes") << QStringList{"--kv-sweep", "--trace-overhead"} << "pick one";
        QTest::newRow("policy") << QStringList{"--preset", "burst-8", "--policy", "eager"}
                                << "--policy must be one of static, continuous";
        QTest::newRow("missing-workload") << QStringList{"--workload", "/nonexistent/w.json"}
                                          << "cannot open workload /nonexistent/w.json";
        QTest::newRow("format") << QStringList{"-o", "xml"} << "-o must be md, csv, json or jsonl, got 'xml'";
        QTest::newRow("list") << QStringList{"-p", "8,x"} << "option -p: '8,x' is not a comma list of whole numbers";
        QTest::newRow("depth-sweep") << QStringList{"--kv-sweep", "-d", "4"}
                                     << "-d, -o and value lists go with a pp/tg run only";
        QTest::newRow("format-json") << QStringList{"-o", "csv", "--json"} << "give -o or --json, not both";
        QTest::newRow("trace-threads") << QStringList{"--threads", "1,2", "--trace", "t.json", "-p", "4", "-n", "0"}
                                       << "--trace records one thread count";
        QTest::newRow("kv-type") << QStringList{"--kv-type", "f8"} << "--kv-type must be one of f32, f16, int8, got 'f8'";
        QTest::newRow("kv-type-sweep") << QStringList{"--kv-sweep", "--kv-type", "f16"}
                                       << "--kv-type goes with a pp/tg run";
    }
    void usageErrors()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun r = runCli(QStringList{"bench", model} + args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromStdString(r.err).contains(message), r.err.c_str());
        QCOMPARE(QString::fromStdString(r.err).count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestBenchCli)
#include "tst_bench_cli.moc"
