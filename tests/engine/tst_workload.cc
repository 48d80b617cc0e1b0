// Workloads: the JSON form (every rejection with its exact message and JSON
// path), canonical round trip, presets, the arrival generators (fixed rate
// exact, Poisson seeded and statistically right), and prompt ids.
#include <QTest>

#include <QTemporaryDir>
#include <cmath>
#include <fstream>
#include <numeric>

#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/sched/workload.h"
#include "engine/tokenizer/tokenizer.h"

namespace {

const std::string kHead = R"({"schema": "inferscope.workload/1", )";

std::string doc(const std::string& rest)
{
    return kHead + rest + "}";
}

std::vector<double> gapsOf(const engine::Workload& w)
{
    std::vector<double> gaps;
    for (size_t i = 1; i < w.requests.size(); ++i) gaps.push_back(w.requests[i].arrivalMs - w.requests[i - 1].arrivalMs);
    return gaps;
}

}  // namespace

class TestWorkload : public QObject {
    Q_OBJECT

private slots:
    void rejectsWithPathAndMessage_data()
    {
        QTest::addColumn<std::string>("text");
        QTest::addColumn<std::string>("message");
        const std::string ok = R"("output_tokens": 4)";
        QTest::newRow("not-object") << std::string("[1, 2]") << std::string("expected a JSON object, got an array");
        QTest::newRow("no-schema") << std::string(R"({"requests": []})")
                                   << std::string(R"(schema: missing (expected "inferscope.workload/1"))");
        QTest::newRow("bad-schema") << std::string(R"({"schema": "inferscope.workload/2"})")
                                    << std::string(R"(schema: "inferscope.workload/2" is not "inferscope.workload/1")");
        QTest::newRow("schema-type") << std::string(R"({"schema": 1})")
                                     << std::string("schema: expected a string, got an integer 1");
        QTest::newRow("neither") << doc(R"("name": "x")")
                                 << std::string(R"(needs "requests" (a list) or "generator" (an arrival process))");
        QTest::newRow("both") << doc(R"("requests": [], "generator": {})")
                              << std::string(R"(give either "requests" or "generator", not both)");
        QTest::newRow("unknown-top") << doc(R"("requests": [{"prompt_tokens": 2, "output_tokens": 2}], "extra": 1)")
                                     << std::string(R"(unknown key "extra")");
        QTest::newRow("requests-type") << doc(R"("requests": {})")
                                       << std::string("requests: expected an array, got an object");
        QTest::newRow("requests-empty") << doc(R"("requests": [])")
                                        << std::string("requests: is empty (a workload needs at least one request)");
        QTest::newRow("request-type") << doc(R"("requests": [7])")
                                      << std::string("requests[0]: expected an object, got an integer");
        QTest::newRow("missing-output")
            << doc(R"("requests": [{"prompt": "a", "output_tokens": 1}, {"prompt_tokens": 3}])")
            << std::string("requests[1].output_tokens: missing (an integer >= 1)");
        QTest::newRow("output-zero") << doc(R"("requests": [{"prompt_tokens": 3, "output_tokens": 0}])")
                                     << std::string("requests[0].output_tokens: 0 is below the minimum 1");
        QTest::newRow("output-real") << doc(R"("requests": [{"prompt_tokens": 3, "output_tokens": 1.5}])")
                                     << std::string("requests[0].output_tokens: expected an integer, got a number 1.5");
        QTest::newRow("output-huge")
            << doc(R"("requests": [{"prompt_tokens": 3, "output_tokens": 18446744073709551615}])")
            << std::string("requests[0].output_tokens: 18446744073709551615 is above the maximum 1048576");
        QTest::newRow("prompt-tokens-zero") << doc(R"("requests": [{"prompt_tokens": 0, )" + ok + "}]")
                                            << std::string("requests[0].prompt_tokens: 0 is below the minimum 1");
        QTest::newRow("negative-arrival")
            << doc(R"("requests": [{"prompt_tokens": 3, "arrival_ms": -1, )" + ok + "}]")
            << std::string("requests[0].arrival_ms: -1 must be >= 0");
        QTest::newRow("arrival-string")
            << doc(R"("requests": [{"prompt_tokens": 3, "arrival_ms": "soon", )" + ok + "}]")
            << std::string(R"(requests[0].arrival_ms: expected a number, got a string "soon")");
        QTest::newRow("prompt-and-length")
            << doc(R"("requests": [{"prompt": "hi", "prompt_tokens": 3, )" + ok + "}]")
            << std::string(R"(requests[0]: give either "prompt" or "prompt_tokens", not both)");
        QTest::newRow("no-prompt") << doc(R"("requests": [{)" + ok + "}]")
                                   << std::string(R"(requests[0]: needs "prompt" (text) or "prompt_tokens" (a length))");
        QTest::newRow("prompt-type") << doc(R"("requests": [{"prompt": 5, )" + ok + "}]")
                                     << std::string("requests[0].prompt: expected a string, got an integer 5");
        QTest::newRow("unknown-request-key")
            << doc(R"("requests": [{"prompt_tokens": 3, "arival_ms": 2, )" + ok + "}]")
            << std::string(R"(requests[0]: unknown key "arival_ms")");
        QTest::newRow("duplicate-key")
            << doc(R"("requests": [{"prompt_tokens": 3, )" + ok + R"(}, {"prompt_tokens": 3, )" + ok + ", " + ok + "}]")
            << std::string(R"(requests[1]: duplicate key "output_tokens")");
        QTest::newRow("negative-seed") << doc(R"("seed": -3, "requests": [{"prompt_tokens": 3, )" + ok + "}]")
                                       << std::string("seed: expected an integer >= 0, got -3");
        QTest::newRow("generator-type") << doc(R"("generator": 3)")
                                        << std::string("generator: expected an object, got an integer");
        QTest::newRow("generator-arrival") << doc(R"("generator": {"arrival": "uniform"})")
                                           << std::string(R"(generator.arrival: "uniform" is not one of poisson, fixed)");
        QTest::newRow("generator-count") << doc(R"("generator": {"count": 0})")
                                         << std::string("generator.count: 0 is below the minimum 1");
        QTest::newRow("generator-rate") << doc(R"("generator": {"rate_per_s": "fast"})")
                                        << std::string(R"(generator.rate_per_s: expected a number, got a string "fast")");
        QTest::newRow("generator-unknown") << doc(R"("generator": {"rate": 2})")
                                           << std::string(R"(generator: unknown key "rate")");
    }
    void rejectsWithPathAndMessage()
    {
        QFETCH(std::string, text);
        QFETCH(std::string, message);
        const auto w = engine::parseWorkload(text);
        QVERIFY(!w);
        QCOMPARE(w.error().message, message);
        QCOMPARE(w.error().code, engine::ErrorCode::Format);
    }

    void malformedJsonNamesLineAndColumn()
    {
        const auto w = engine::parseWorkload("{\n  \"schema\": \"inferscope.workload/1\",\n  \"requests\": [,]\n}");
        QVERIFY(!w);
        QVERIFY2(w.error().message.rfind("malformed JSON: parse error at line 3, column ", 0) == 0,
                 w.error().message.c_str());
    }

    // A number past double's range is a JSON error like any other, never an
    // exception escaping the parser (found by fuzz_workload).
    void numberOverflowIsMalformedJson()
    {
        for (const char* text : {R"({"schema": "inferscope.workload/1", "requests": [{"arrival_ms": 1e400}]})",
                                 "1e111111}]?}"}) {
            const auto w = engine::parseWorkload(text);
            QVERIFY(!w);
            QCOMPARE(w.error().code, engine::ErrorCode::Format);
            QVERIFY2(w.error().message.rfind("malformed JSON: number overflow parsing '1e", 0) == 0,
                     w.error().message.c_str());
        }
    }

    void parsesRequestsSortedByArrival()
    {
        const auto w = engine::parseWorkload(doc(R"("name": "mine", "seed": 9, "requests": [
            {"prompt": "Once upon", "output_tokens": 8, "arrival_ms": 12.5},
            {"prompt_tokens": 20, "output_tokens": 4},
            {"prompt": "", "output_tokens": 2, "arrival_ms": 12.5}])"));
        QVERIFY2(w, w ? "" : w.error().message.c_str());
        QCOMPARE(w->name, std::string("mine"));
        QCOMPARE(w->seed, uint64_t{9});
        QCOMPARE(w->requests.size(), size_t{3});
        // Sorted by arrival; equal arrivals keep file order; ids follow the new order.
        QCOMPARE(w->requests[0].promptTokens, 20);
        QVERIFY(!w->requests[0].prompt);
        QCOMPARE(w->requests[0].arrivalMs, 0.0);
        QCOMPARE(*w->requests[1].prompt, std::string("Once upon"));
        QCOMPARE(w->requests[1].outputTokens, 8);
        QCOMPARE(*w->requests[2].prompt, std::string(""));
        for (int i = 0; i < 3; ++i) QCOMPARE(w->requests[size_t(i)].id, i);
    }

    void roundTripIsExact_data()
    {
        QTest::addColumn<std::string>("name");
        for (const std::string& n : engine::workloadPresetNames()) QTest::newRow(n.c_str()) << n;
        QTest::newRow("file") << std::string();
    }
    void roundTripIsExact()
    {
        QFETCH(std::string, name);
        engine::Workload w;
        if (name.empty()) {
            // Escapes in a plain literal: a raw string holding \" confuses moc.
            auto parsed = engine::parseWorkload(doc("\"name\": \"\u00fc \\\"quoted\\\"\", \"requests\": ["
                                                    "{\"prompt\": \"line\\nbreak\", \"output_tokens\": 3, \"arrival_ms\": 0.1},"
                                                    "{\"prompt_tokens\": 7, \"output_tokens\": 5, \"arrival_ms\": 1e-7}]"));
            QVERIFY(parsed);
            w = *parsed;
        } else {
            auto preset = engine::workloadPreset(name);
            QVERIFY(preset);
            w = *preset;
        }
        const std::string text = engine::serializeWorkload(w);
        const auto back = engine::parseWorkload(text);
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QVERIFY(*back == w);
        QCOMPARE(engine::serializeWorkload(*back), text);
    }

    void loadsFilesAndNamesThePath()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.json").toStdString();
        {
            std::ofstream out(path);
            out << doc(R"("requests": [{"prompt_tokens": 3, "output_tokens": 0}])");
        }
        const auto bad = engine::loadWorkloadFile(path);
        QVERIFY(!bad);
        QCOMPARE(bad.error().message, path + ": requests[0].output_tokens: 0 is below the minimum 1");
        const auto missing = engine::loadWorkloadFile(dir.filePath("none.json").toStdString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, engine::ErrorCode::NotFound);
        const auto directory = engine::loadWorkloadFile(dir.path().toStdString());
        QVERIFY(!directory);
        QVERIFY(directory.error().message.find("it is a directory") != std::string::npos);
    }

    void generatorSectionEqualsGenerateArrivals()
    {
        const auto w = engine::parseWorkload(doc(R"("name": "g", "generator": {"arrival": "poisson",
            "rate_per_s": 10, "count": 50, "prompt_tokens": 12, "output_tokens": 6, "seed": 3})"));
        QVERIFY(w);
        const engine::ArrivalSpec spec{engine::ArrivalProcess::Poisson, 10.0, 50, 12, 6, 3};
        QVERIFY(*w == engine::generateArrivals(spec, "g"));
        QCOMPARE(w->seed, uint64_t{3});
        // A top-level seed sets the prompt seed and leaves the arrivals alone.
        const auto seeded = engine::parseWorkload(doc(R"("name": "g", "seed": 11, "generator": {"arrival": "poisson",
            "rate_per_s": 10, "count": 50, "prompt_tokens": 12, "output_tokens": 6, "seed": 3})"));
        QVERIFY(seeded);
        QCOMPARE(seeded->seed, uint64_t{11});
        for (size_t i = 0; i < w->requests.size(); ++i) QCOMPARE(seeded->requests[i].arrivalMs, w->requests[i].arrivalMs);
    }

    void presets()
    {
        QVERIFY(engine::workloadPresetNames().size() >= 3);
        const auto chat = engine::workloadPreset("chat-short");
        QVERIFY(chat);
        QCOMPARE(chat->requests.size(), size_t{16});
        for (const engine::WorkloadRequest& r : chat->requests) {
            QCOMPARE(r.promptTokens, 32);
            QCOMPARE(r.outputTokens, 32);
            QVERIFY(!r.prompt);
        }
        QVERIFY(*chat == engine::generateArrivals({engine::ArrivalProcess::Poisson, 4.0, 16, 32, 32, 1}, "chat-short"));
        const auto burst = engine::workloadPreset("burst-8");
        QVERIFY(burst);
        QCOMPARE(burst->requests.size(), size_t{8});
        for (const engine::WorkloadRequest& r : burst->requests) QCOMPARE(r.arrivalMs, 0.0);
        const auto poisson = engine::workloadPreset("poisson-64");
        QVERIFY(poisson);
        QCOMPARE(poisson->requests.size(), size_t{64});

        const auto unknown = engine::workloadPreset("nope");
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.rfind("unknown workload preset \"nope\" (known: chat-short", 0) == 0);
    }

    void fixedRateIsExact()
    {
        const engine::Workload w = engine::generateArrivals({engine::ArrivalProcess::Fixed, 4.0, 9, 5, 6, 1}, "f");
        QCOMPARE(w.requests.size(), size_t{9});
        for (int i = 0; i < 9; ++i) {
            QCOMPARE(w.requests[size_t(i)].id, i);
            QCOMPARE(w.requests[size_t(i)].arrivalMs, 250.0 * i);
            QCOMPARE(w.requests[size_t(i)].promptTokens, 5);
            QCOMPARE(w.requests[size_t(i)].outputTokens, 6);
        }
        const engine::Workload third = engine::generateArrivals({engine::ArrivalProcess::Fixed, 3.0, 4, 5, 6, 1}, "f");
        QCOMPARE(third.requests[3].arrivalMs, 1000.0);
        // rate <= 0: everything at time 0, for both processes.
        for (auto process : {engine::ArrivalProcess::Fixed, engine::ArrivalProcess::Poisson})
            for (const auto& r : engine::generateArrivals({process, 0.0, 5, 5, 6, 1}, "z").requests)
                QCOMPARE(r.arrivalMs, 0.0);
    }

    void poissonIsSeededAndStatisticallyRight()
    {
        const engine::ArrivalSpec spec{engine::ArrivalProcess::Poisson, 4.0, 2000, 8, 8, 42};
        const engine::Workload a = engine::generateArrivals(spec, "p");
        const engine::Workload b = engine::generateArrivals(spec, "p");
        QVERIFY(a == b);
        engine::ArrivalSpec other = spec;
        other.seed = 43;
        QVERIFY(engine::generateArrivals(other, "p").requests[5].arrivalMs != a.requests[5].arrivalMs);

        QCOMPARE(a.requests.front().arrivalMs, 0.0);
        const std::vector<double> gaps = gapsOf(a);
        for (double g : gaps) QVERIFY(g >= 0.0);
        // Exponential gaps with mean 1/rate = 250 ms. 1999 gaps: the sample mean
        // has sd 250/sqrt(1999) = 5.6 ms; allow 5 sd. The sd of an exponential
        // equals its mean; the median is mean * ln 2.
        const double n = static_cast<double>(gaps.size());
        const double mean = std::accumulate(gaps.begin(), gaps.end(), 0.0) / n;
        QVERIFY2(std::abs(mean - 250.0) < 5 * 250.0 / std::sqrt(n), qPrintable(QString::number(mean)));
        double var = 0.0;
        for (double g : gaps) var += (g - mean) * (g - mean);
        const double sd = std::sqrt(var / (n - 1));
        QVERIFY2(std::abs(sd / mean - 1.0) < 0.1, qPrintable(QString::number(sd / mean)));
        const double belowMedian = double(std::count_if(gaps.begin(), gaps.end(), [](double g) {
                                       return g < 250.0 * std::log(2.0);
                                   })) / n;
        QVERIFY2(std::abs(belowMedian - 0.5) < 5 * 0.5 / std::sqrt(n), qPrintable(QString::number(belowMedian)));
    }

    void promptIds()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto file = engine::openModelFile(path.toStdString(), "");
        QVERIFY(file);
        auto tokenizer = engine::Tokenizer::fromModel(*file);
        QVERIFY(tokenizer);
        const engine::Tokenizer& tok = **tokenizer;

        engine::WorkloadRequest r;
        r.id = 4;
        r.promptTokens = 40;
        const std::vector<int32_t> ids = engine::requestPromptIds(r, tok, 7);
        QCOMPARE(ids.size(), size_t{40});
        QCOMPARE(ids[0], tok.bos());
        for (size_t i = 1; i < ids.size(); ++i) QVERIFY(ids[i] >= 3 && ids[i] < tok.vocabSize());
        QCOMPARE(engine::requestPromptIds(r, tok, 7), ids);  // seeded
        QVERIFY(engine::requestPromptIds(r, tok, 8) != ids);
        engine::WorkloadRequest next = r;
        next.id = 5;
        QVERIFY(engine::requestPromptIds(next, tok, 7) != ids);  // each request its own stream

        r.prompt = "Once upon a time";
        QCOMPARE(engine::requestPromptIds(r, tok, 7), tok.encode("Once upon a time", true));
    }
};

QTEST_GUILESS_MAIN(TestWorkload)
#include "tst_workload.moc"
