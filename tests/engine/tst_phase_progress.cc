// What the engine says while it works, phase by phase, on a real model: the
// load and its quantization pass (per tensor, with bytes and time left), the
// prefill (per layer) and the decode (per token), each in order with a
// fraction that only grows; and the per-run peak memory, which forgets an
// earlier, larger run.
#include <QTest>

#include <cstring>
#include <map>
#include <vector>

#include "common/fixtures.h"
#include "engine/common/progress.h"
#include "engine/metrics/latency_stats.h"
#include "engine/metrics/memory_meter.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"

namespace {

// Every report of each phase comes after the previous one with no smaller
// progress: done and the fraction never go back.
void checkMonotonic(const std::vector<engine::PhaseProgress>& reports, engine::Phase phase)
{
    int64_t done = -1;
    double fraction = -1.0;
    int seen = 0;
    for (const engine::PhaseProgress& p : reports) {
        if (p.phase != phase) continue;
        ++seen;
        QVERIFY2(p.done >= done, engine::phaseName(phase));
        QVERIFY2(p.fraction() >= fraction, engine::phaseName(phase));
        QVERIFY(p.total > 0 && p.done <= p.total);
        done = p.done;
        fraction = p.fraction();
    }
    QVERIFY2(seen >= 2, engine::phaseName(phase));
    QCOMPARE(fraction, 1.0);  // each phase ends complete
}

// The index of the first and the last report of `phase`.
std::pair<int, int> spanOf(const std::vector<engine::PhaseProgress>& reports, engine::Phase phase)
{
    int first = -1, last = -1;
    for (int i = 0; i < int(reports.size()); ++i)
        if (reports[size_t(i)].phase == phase) {
            if (first < 0) first = i;
            last = i;
        }
    return {first, last};
}

}  // namespace

class TestPhaseProgress : public QObject {
    Q_OBJECT
private slots:
    void quantizationReportsTensorsBytesAndTimeLeft()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto src = engine::openModelFile(model.toStdString());
        QVERIFY(src);
        engine::WeightsConfig cfg;
        cfg.dtype = engine::WeightDType::Int8;
        std::vector<engine::PhaseProgress> reports;
        auto q = engine::quantizeWeights(*src, cfg, [&](const engine::PhaseProgress& p) { reports.push_back(p); });
        QVERIFY2(q, q ? "" : q.error().message.c_str());
        checkMonotonic(reports, engine::Phase::Requantizing);
        QCOMPARE(reports.front().done, int64_t(0));
        QCOMPARE(reports.back().done, int64_t(src->tensors.size()));
        QVERIFY(reports.back().bytesTotal > 0);
        QCOMPARE(reports.back().bytesDone, reports.back().bytesTotal);
        QCOMPARE(reports.back().etaSeconds, 0.0);  // nothing left
        // Every tensor is named as it is done.
        QCOMPARE(reports.back().item, src->tensors.back().name);
    }

    void etaComesFromTheRateSoFar()
    {
        engine::EtaClock clock(1000);
        QCOMPARE(clock.secondsLeft(0), -1.0);     // nothing done: no rate yet
        QCOMPARE(clock.secondsLeft(1000), 0.0);   // all done
        QTest::qWait(300);
        const double half = clock.secondsLeft(500);  // as long again as so far
        QVERIFY(half > 0.2 && half < 5.0);
        QVERIFY(clock.secondsLeft(900) < half);
    }

    void loadReportsLoadingThenRequantizing()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        engine::LoadOptions options;
        options.threads = 1;
        engine::WeightsConfig weights;
        weights.dtype = engine::WeightDType::Int4;
        options.weights = weights;
        std::vector<engine::PhaseProgress> reports;
        options.progress = [&](const engine::PhaseProgress& p) { reports.push_back(p); };
        auto e = engine::Engine::load(model.toStdString(), {}, options);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        QVERIFY(!reports.empty());
        QCOMPARE(reports.front().phase, engine::Phase::Loading);
        QCOMPARE(reports.front().done, int64_t(0));
        QCOMPARE(reports.back().phase, engine::Phase::Loading);
        QCOMPARE(reports.back().fraction(), 1.0);
        checkMonotonic(reports, engine::Phase::Requantizing);
        const auto [first, last] = spanOf(reports, engine::Phase::Requantizing);
        QVERIFY(first > 0 && last < int(reports.size()) - 1);  // between opening and binding
    }

    void prefillAndDecodeReportInOrder()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = engine::Engine::load(model.toStdString(), {}, engine::LoadOptions{1});
        QVERIFY(e);
        engine::GenerateRequest request;
        request.prompt = "Once upon a time there was a little girl who liked to play in the park";
        request.maxTokens = 12;
        request.sampler.temperature = 0.0f;
        std::vector<engine::PhaseProgress> reports;
        engine::Callbacks callbacks;
        callbacks.onProgress = [&](const engine::PhaseProgress& p) { reports.push_back(p); };
        auto result = (*e)->generate(request, callbacks);
        QVERIFY2(result, result ? "" : result.error().message.c_str());

        checkMonotonic(reports, engine::Phase::Prefill);
        const auto [prefillFirst, prefillLast] = spanOf(reports, engine::Phase::Prefill);
        const auto [decodeFirst, decodeLast] = spanOf(reports, engine::Phase::Decode);
        QVERIFY(prefillLast < decodeFirst);  // the prompt first, then the tokens
        // One report before the first layer and one after each layer.
        QCOMPARE(prefillLast - prefillFirst + 1, int((*e)->config().nLayers) + 1);
        for (int i = prefillFirst; i <= prefillLast; ++i) {
            QCOMPARE(reports[size_t(i)].tokens, int64_t(result->promptTokens.size()));
            QCOMPARE(reports[size_t(i)].total, (*e)->config().nLayers);
        }
        int64_t tokens = 0;
        for (int i = decodeFirst; i <= decodeLast; ++i) {
            const engine::PhaseProgress& p = reports[size_t(i)];
            QCOMPARE(p.done, ++tokens);
            QCOMPARE(p.total, int64_t(request.maxTokens));
        }
        QCOMPARE(tokens, int64_t(result->tokens.size()));
    }

    // Two runs, the first holding a quarter GiB more than the second: each
    // reports its own peak, where the process's lifetime high-water mark would
    // report the first one's twice.
    void peakMemoryIsPerRun()
    {
        constexpr size_t kBig = size_t(256) << 20;
        engine::PeakRss first;
        {
            engine::PeakRssMeter meter;
            std::vector<char> block(kBig);
            std::memset(block.data(), 1, block.size());  // resident, not just reserved
            meter.sample();
            QVERIFY(block[kBig / 2] == 1);
            first = meter.finish();
        }  // freed: a large block goes back to the system
        engine::PeakRss second;
        {
            engine::PeakRssMeter meter;
            std::vector<char> small(size_t(4) << 20);
            std::memset(small.data(), 1, small.size());
            meter.sample();
            second = meter.finish();
        }
        qInfo("first run peak %.1f MiB (%s), second %.1f MiB (%s), process lifetime %.1f MiB",
              double(first.bytes) / (1 << 20), engine::peakRssMethodText(first.method),
              double(second.bytes) / (1 << 20), engine::peakRssMethodText(second.method),
              double(engine::peakRssBytes()) / (1 << 20));
        QVERIFY(first.method != engine::PeakRssMethod::Unavailable);
        QVERIFY(first.bytes >= first.startBytes + kBig * 3 / 4);
        QVERIFY2(second.bytes + kBig / 2 < first.bytes, "the second run reported the first run's peak");
        QVERIFY(second.bytes >= second.startBytes);
    }
};

QTEST_GUILESS_MAIN(TestPhaseProgress)
#include "tst_phase_progress.moc"
