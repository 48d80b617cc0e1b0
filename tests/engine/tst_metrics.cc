// Serving metrics on synthetic timestamps: percentile (numpy "linear"
// definition) on known lists, TTFT/ITL/TPOT/e2e definitions, summaries,
// throughput over a set of requests, and process RSS readings.
#include <QTest>

#include <vector>

#include "engine/metrics/latency_stats.h"

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void percentileKnownLists_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        // Expected values are numpy.percentile(values, p) (method="linear").
        QTest::newRow("one-p0") << std::vector<double>{7.0} << 0.0 << 7.0;
        QTest::newRow("one-p50") << std::vector<double>{7.0} << 50.0 << 7.0;
        QTest::newRow("one-p99") << std::vector<double>{7.0} << 99.0 << 7.0;
        QTest::newRow("two-p0") << std::vector<double>{2.0, 1.0} << 0.0 << 1.0;
        QTest::newRow("two-p50") << std::vector<double>{2.0, 1.0} << 50.0 << 1.5;
        QTest::newRow("two-p90") << std::vector<double>{2.0, 1.0} << 90.0 << 1.9;
        QTest::newRow("two-p99") << std::vector<double>{2.0, 1.0} << 99.0 << 1.99;
        QTest::newRow("two-p100") << std::vector<double>{2.0, 1.0} << 100.0 << 2.0;
        QTest::newRow("five-p50") << std::vector<double>{5, 1, 4, 2, 3} << 50.0 << 3.0;
        QTest::newRow("five-p90") << std::vector<double>{5, 1, 4, 2, 3} << 90.0 << 4.6;
        QTest::newRow("five-p99") << std::vector<double>{5, 1, 4, 2, 3} << 99.0 << 4.96;
        QTest::newRow("four-p25") << std::vector<double>{40, 10, 30, 20} << 25.0 << 17.5;
        QTest::newRow("four-p75") << std::vector<double>{40, 10, 30, 20} << 75.0 << 32.5;
    }
    void percentileKnownLists()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, p);
        QFETCH(double, expected);
        const auto got = engine::percentile(values, p);
        QVERIFY(got.has_value());
        QVERIFY2(qAbs(*got - expected) < 1e-9, qPrintable(QString::number(*got, 'g', 17)));
    }

    void percentileEmptyIsUndefined()
    {
        QVERIFY(!engine::percentile(std::vector<double>{}, 50.0).has_value());
        const engine::LatencySummary s = engine::summarize(std::vector<double>{});
        QCOMPARE(s.count, int64_t{0});
        QCOMPARE(s.mean, 0.0);
    }

    void summaryOfKnownList()
    {
        const std::vector<double> v{3.0, 1.0, 2.0, 10.0};
        const engine::LatencySummary s = engine::summarize(v);
        QCOMPARE(s.count, int64_t{4});
        QCOMPARE(s.mean, 4.0);
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 10.0);
        QCOMPARE(s.p50, 2.5);
        QVERIFY(qAbs(s.p90 - 7.9) < 1e-9);  // rank 2.7: 3 + 0.7 * 7
        QVERIFY(qAbs(s.p99 - 9.79) < 1e-9);  // rank 2.97: 3 + 0.97 * 7
    }

    void requestDefinitions()
    {
        // Start at 100 ms; tokens at 150, 160, 175, 180; finished at 182.
        engine::RequestTimeline r;
        r.startMs = 100.0;
        r.tokenMs = {150.0, 160.0, 175.0, 180.0};
        r.endMs = 182.0;
        const engine::RequestMetrics m = engine::requestMetrics(r);
        QCOMPARE(m.ttftMs, 50.0);
        QCOMPARE(m.itlMs, (std::vector<double>{10.0, 15.0, 5.0}));
        QCOMPARE(m.e2eMs, 82.0);
        QVERIFY(m.tpotMs.has_value());
        QCOMPARE(*m.tpotMs, (82.0 - 50.0) / 3.0);
    }

    void singleTokenHasNoTpot()
    {
        engine::RequestTimeline r;
        r.startMs = 0.0;
        r.tokenMs = {12.0};
        r.endMs = 13.0;
        const engine::RequestMetrics m = engine::requestMetrics(r);
        QCOMPARE(m.ttftMs, 12.0);
        QVERIFY(m.itlMs.empty());
        QVERIFY(!m.tpotMs.has_value());
        QVERIFY(!engine::tpotMs(13.0, 12.0, 1).has_value());
        QVERIFY(!engine::tpotMs(13.0, 12.0, 0).has_value());
        QCOMPARE(*engine::tpotMs(30.0, 10.0, 3), 10.0);
    }

    void throughputOverRequests()
    {
        // Two overlapping requests over a 1000 ms wall span (0 -> 1000).
        engine::RequestTimeline a;
        a.startMs = 0.0;
        a.promptTokens = 100;
        a.tokenMs = {200.0, 300.0, 400.0};  // 3 tokens; prefill 200 ms; decode 2 tokens in 400 ms
        a.endMs = 600.0;
        engine::RequestTimeline b;
        b.startMs = 500.0;
        b.promptTokens = 50;
        b.tokenMs = {600.0, 700.0};  // 2 tokens; prefill 100 ms; decode 1 token in 400 ms
        b.endMs = 1000.0;
        const std::vector<engine::RequestTimeline> reqs{a, b};
        const engine::Throughput t = engine::throughput(reqs);
        QVERIFY(qAbs(t.prefillTokPerS - 150.0 / 0.3) < 1e-9);
        QVERIFY(qAbs(t.decodeTokPerS - 3.0 / 0.8) < 1e-9);
        QVERIFY(qAbs(t.outputTokPerS - 5.0) < 1e-9);
        QVERIFY(qAbs(t.requestsPerS - 2.0) < 1e-9);
        const engine::Throughput none = engine::throughput(std::vector<engine::RequestTimeline>{});
        QCOMPARE(none.requestsPerS, 0.0);
    }

    void runSummaryPoolsRequests()
    {
        // a: 3 tokens (ITL 100, 100; TPOT (600-200)/2 = 200); b: 2 tokens (ITL 100; TPOT 400);
        // c: no token at all (counts for e2e only).
        engine::RequestTimeline a;
        a.startMs = 0.0;
        a.promptTokens = 100;
        a.tokenMs = {200.0, 300.0, 400.0};
        a.endMs = 600.0;
        engine::RequestTimeline b;
        b.startMs = 500.0;
        b.promptTokens = 50;
        b.tokenMs = {600.0, 700.0};
        b.endMs = 1000.0;
        engine::RequestTimeline c;
        c.startMs = 100.0;
        c.promptTokens = 7;
        c.endMs = 150.0;
        const std::vector<engine::RequestTimeline> reqs{a, b, c};
        const engine::RunSummary s = engine::summarizeRun(reqs);
        QCOMPARE(s.requests, int64_t{3});
        QCOMPARE(s.promptTokens, int64_t{157});
        QCOMPARE(s.outputTokens, int64_t{5});
        QCOMPARE(s.wallMs, 1000.0);
        QCOMPARE(s.ttftMs.count, int64_t{2});
        QCOMPARE(s.ttftMs.mean, 150.0);  // 200 and 100
        QCOMPARE(s.itlMs.count, int64_t{3});  // every gap of every request
        QCOMPARE(s.itlMs.mean, 100.0);
        QCOMPARE(s.tpotMs.count, int64_t{2});
        QCOMPARE(s.tpotMs.mean, 300.0);  // 200 and 400
        QCOMPARE(s.tpotMs.p90, 380.0);   // rank 0.9: 200 + 0.9 * 200
        QCOMPARE(s.e2eMs.count, int64_t{3});
        QCOMPARE(s.e2eMs.p50, 500.0);  // 50, 500, 600
        QCOMPARE(s.e2eMs.max, 600.0);
        QVERIFY(qAbs(s.throughput.requestsPerS - 3.0) < 1e-9);
        QVERIFY(qAbs(s.throughput.outputTokPerS - 5.0) < 1e-9);

        const engine::RunSummary empty = engine::summarizeRun(std::vector<engine::RequestTimeline>{});
        QCOMPARE(empty.requests, int64_t{0});
        QCOMPARE(empty.ttftMs.count, int64_t{0});
    }

    void processMemory()
    {
        // A live process has resident pages; the peak is never below a current reading.
        std::vector<char> block(8 << 20, 1);
        const uint64_t current = engine::currentRssBytes();
        QVERIFY(current > 0);
        QVERIFY(engine::peakRssBytes() >= current);
        QVERIFY(block[block.size() / 2] == 1);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
