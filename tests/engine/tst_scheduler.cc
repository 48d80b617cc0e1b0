// The serving scheduler on stories260K: every request's greedy tokens are the
// ones it gets alone (batch invariance) under static and continuous batching,
// every KV mode, batches of 1, 2, 3 and 8 sequences, chunked prefill and
// recompute preemption in a tiny paged pool; refusals, cancellation, timelines
// and trace spans. No timing assertions.
#include <QTest>

#include <algorithm>
#include <map>

#include "common/fixtures.h"
#include "engine/model/llama_model.h"
#include "engine/sched/scheduler.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"

using engine::BatchingPolicy;
using engine::KvCacheMode;

namespace {

// Mixed prompt lengths (BOS + seeded ids), all arriving at once unless realTime.
engine::Workload mixedWorkload(int32_t outputTokens)
{
    engine::Workload w;
    w.name = "mixed";
    w.seed = 7;
    const int32_t lengths[] = {5, 17, 33, 9, 60, 3, 24, 41};
    for (int32_t i = 0; i < 8; ++i) {
        engine::WorkloadRequest r;
        r.id = i;
        r.promptTokens = lengths[i];
        r.outputTokens = outputTokens;
        r.arrivalMs = 2.0 * i;
        w.requests.push_back(r);
    }
    return w;
}

const char* policyName(BatchingPolicy p)
{
    return p == BatchingPolicy::Static ? "static" : "continuous";
}

}  // namespace

class TestScheduler : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<engine::Engine> m_engine;
    engine::Workload m_workload;
    std::map<int32_t, std::vector<int32_t>> m_alone;  // request id -> greedy tokens run alone

    bool load()
    {
        if (m_engine) return true;
        const QString path = QDir(testsupport::sharedModelsDir()).filePath("stories260K.gguf");
        auto e = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{2, engine::OpsKind::Cpu});
        if (!e) {
            qWarning("load failed: %s", e.error().message.c_str());
            return false;
        }
        m_engine = std::move(*e);
        m_workload = mixedWorkload(24);
        // Alone: one request at a time through the generator (contiguous f32 cache).
        for (const auto& r : m_workload.requests) {
            engine::GenerateRequest g;
            g.promptIds = engine::requestPromptIds(r, m_engine->tokenizer(), m_workload.seed);
            g.maxTokens = r.outputTokens;
            auto out = m_engine->generate(g);
            if (!out) return false;
            std::vector<int32_t> tokens = out->tokens;
            // The generator stops at EOS; a benchmark request goes on, so only
            // the tokens up to and including EOS are known from it.
            if (out->stop == engine::StopReason::Eos) tokens.push_back(m_engine->tokenizer().eos());
            m_alone[r.id] = tokens;
        }
        return true;
    }

    void checkAgainstAlone(const engine::ScheduleResult& result)
    {
        QCOMPARE(result.requests.size(), m_workload.requests.size());
        for (const auto& o : result.requests) {
            const auto& alone = m_alone.at(o.id);
            QCOMPARE(o.outputTokens.size(), size_t(24));
            QVERIFY2(std::equal(alone.begin(), alone.end(), o.outputTokens.begin()),
                     qPrintable(QStringLiteral("request %1 differs from its run alone").arg(o.id)));
            QCOMPARE(o.timeline.tokenMs.size(), size_t(24));
            QVERIFY(std::is_sorted(o.timeline.tokenMs.begin(), o.timeline.tokenMs.end()));
            QVERIFY(o.timeline.endMs >= o.timeline.tokenMs.back());
            QCOMPARE(o.metrics.itlMs.size(), size_t(23));
        }
    }

private slots:
    void initTestCase()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QVERIFY(load());
    }

    void batchInvariance_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("maxSequences");
        QTest::addColumn<int>("maxBatch");
        for (BatchingPolicy p : {BatchingPolicy::Static, BatchingPolicy::Continuous}) {
            for (int seqs : {1, 2, 3, 8}) {
                for (KvCacheMode m : {KvCacheMode::Contiguous, KvCacheMode::Paged}) {
                    const QByteArray name = QByteArray(policyName(p)) + " " + engine::enumName(m) + " x" +
                                            QByteArray::number(seqs);
                    QTest::newRow(name.constData()) << int(p) << int(m) << seqs << 512;
                }
            }
            // Chunked prefill: 16 tokens per pass split the longer prompts.
            QTest::newRow((QByteArray(policyName(p)) + " paged x8 chunked").constData())
                << int(p) << int(KvCacheMode::Paged) << 8 << 16;
            QTest::newRow((QByteArray(policyName(p)) + " off x3").constData())
                << int(p) << int(KvCacheMode::Off) << 3 << 512;
        }
    }

    void batchInvariance()
    {
        QFETCH(int, policy);
        QFETCH(int, mode);
        QFETCH(int, maxSequences);
        QFETCH(int, maxBatch);
        engine::SchedulerOptions o;
        o.policy = static_cast<BatchingPolicy>(policy);
        o.kv.mode = static_cast<KvCacheMode>(mode);
        o.kv.blockSize = 8;
        o.maxSequences = maxSequences;
        o.maxBatch = maxBatch;
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        checkAgainstAlone(*r);
        QCOMPARE(int64_t(r->batchSizes.size()), r->forwardPasses);
        QCOMPARE(r->preemptions, int64_t(0));
        const int32_t widest = *std::max_element(r->batchSizes.begin(), r->batchSizes.end());
        QVERIFY(widest <= maxSequences);
        if (maxSequences > 1) QVERIFY(widest > 1);  // sequences really shared passes
        QCOMPARE(r->kv.usedBytes, uint64_t(0));      // everything released at the end
        if (o.kv.mode != KvCacheMode::Off) QVERIFY(r->kv.peakUsedBytes > 0);
        QVERIFY(r->kv.peakUsedBytes <= r->kv.allocatedBytes);
        QVERIFY(r->throughput.outputTokPerS > 0.0);
        if (maxBatch == 16 && o.kv.mode != KvCacheMode::Off) {
            // The 60-token prompt needs at least 4 passes before its first token.
            QVERIFY(r->forwardPasses >= 4 + 23);
        }
    }

    // A pipeline split serves the workload with micro-batches in flight: every
    // request's tokens equal its run alone on the unsplit model, with static
    // and continuous batching.
    void pipelineSplitServesTheWorkload_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<int>("devices");
        for (BatchingPolicy p : {BatchingPolicy::Static, BatchingPolicy::Continuous})
            for (int devices : {2, 4})
                QTest::newRow((QByteArray(policyName(p)) + " x" + QByteArray::number(devices)).constData())
                    << int(p) << devices;
    }

    void pipelineSplitServesTheWorkload()
    {
        QFETCH(int, policy);
        QFETCH(int, devices);
        const QString path = QDir(testsupport::sharedModelsDir()).filePath("stories260K.gguf");
        engine::LoadOptions load{2, engine::OpsKind::Cpu};
        load.devices.split = engine::SplitMode::Pipeline;
        load.devices.virtualCpus = devices;
        auto e = engine::Engine::load(path.toStdString(), "", load);
        QVERIFY2(e, e ? "" : e.error().message.c_str());
        engine::SchedulerOptions o;
        o.policy = static_cast<BatchingPolicy>(policy);
        o.kv.mode = KvCacheMode::Paged;
        o.maxSequences = 8;
        o.realTime = false;
        auto r = engine::runWorkload((*e)->model(), (*e)->tokenizer(), m_workload, o);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        checkAgainstAlone(*r);
    }

    // Rounded KV is still batch invariant: each row is quantized on its own,
    // so int8 / f16 requests in a batch of 8 match their own runs alone.
    void reducedPrecisionIsBatchInvariant_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::newRow("f16") << int(engine::KvDType::F16);
        QTest::newRow("int8") << int(engine::KvDType::Int8);
    }

    void reducedPrecisionIsBatchInvariant()
    {
        QFETCH(int, dtype);
        engine::SchedulerOptions o;
        o.kv.mode = KvCacheMode::Paged;
        o.kv.dtype = static_cast<engine::KvDType>(dtype);
        o.maxSequences = 8;
        o.maxBatch = 32;
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        int differFromF32 = 0;
        for (const auto& out : r->requests) {
            const auto& req = m_workload.requests[size_t(out.id)];
            engine::GenerateRequest g;
            g.promptIds = engine::requestPromptIds(req, m_engine->tokenizer(), m_workload.seed);
            g.maxTokens = req.outputTokens;
            g.kv = o.kv;
            auto alone = m_engine->generate(g);
            QVERIFY(alone);
            QVERIFY2(std::equal(alone->tokens.begin(), alone->tokens.end(), out.outputTokens.begin()),
                     qPrintable(QStringLiteral("request %1 differs from its run alone").arg(out.id)));
            differFromF32 += out.outputTokens != m_alone.at(out.id);
        }
        qInfo("%s KV: %d of 8 requests differ from f32 KV within 24 tokens", engine::enumName(o.kv.dtype.value()),
              differFromF32);
    }

    // Static batching: batch k + 1 starts only when batch k is done.
    void staticBatchesRunInTurn()
    {
        engine::SchedulerOptions o;
        o.policy = BatchingPolicy::Static;
        o.maxSequences = 3;
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY(r);
        QCOMPARE(r->batchSizes.front(), 3);
        double batchEnd = 0.0;
        for (size_t i = 0; i < 3; ++i) batchEnd = std::max(batchEnd, r->requests[i].timeline.endMs);
        for (size_t i = 3; i < r->requests.size(); ++i) QVERIFY(r->requests[i].timeline.tokenMs.front() >= batchEnd);
        // Three batches of 3, 3, 2: 24 tokens each, the first pass prefills the batch.
        QCOMPARE(r->forwardPasses, int64_t(3 * 24));
    }

    // A pool of 12 blocks of 8 for 8 sequences that each need up to 11 blocks:
    // the newest running sequence is preempted and recomputed, and every
    // request still gets exactly the tokens it gets alone.
    void preemptionRecomputes_data()
    {
        QTest::addColumn<int>("maxBatch");
        QTest::newRow("whole prompts") << 512;
        QTest::newRow("chunked") << 16;
    }

    void preemptionRecomputes()
    {
        QFETCH(int, maxBatch);
        engine::SchedulerOptions o;
        o.policy = BatchingPolicy::Continuous;
        o.kv.mode = KvCacheMode::Paged;
        o.kv.blockSize = 8;
        o.kv.capacityTokens = 96;
        o.maxSequences = 8;
        o.maxBatch = maxBatch;
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QVERIFY(r->preemptions > 0);
        int64_t perRequest = 0;
        for (const auto& req : r->requests) perRequest += req.preemptions;
        QCOMPARE(perRequest, r->preemptions);
        checkAgainstAlone(*r);
        QCOMPARE(r->kv.blocksTotal, int64_t(12));
        QCOMPARE(r->kv.blocksFree, int64_t(12));
        QVERIFY(r->kv.peakUsedBytes <= r->kv.allocatedBytes);
        qInfo("pool of 12 blocks, max batch %d: %lld preemptions, %lld passes", maxBatch,
              static_cast<long long>(r->preemptions), static_cast<long long>(r->forwardPasses));
    }

    void overCapacityRequestIsRefused()
    {
        engine::SchedulerOptions o;
        o.kv.mode = KvCacheMode::Paged;
        o.kv.blockSize = 8;
        o.kv.capacityTokens = 64;  // 8 blocks; the 60-token prompt + 24 outputs needs 11
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::OutOfRange);
        QVERIFY2(r.error().message.find("request 4: request needs 11 blocks of 8 tokens") != std::string::npos &&
                     r.error().message.find("the pool has 8") != std::string::npos,
                 r.error().message.c_str());

        o.kv.mode = KvCacheMode::Contiguous;
        o.kv.capacityTokens = 8 * 64;  // slots of 64 tokens for 8 sequences
        r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("request 4: request needs 83 tokens of KV cache") != std::string::npos,
                 r.error().message.c_str());
    }

    void realTimeArrivalsAreHonoured()
    {
        engine::SchedulerOptions o;
        o.realTime = true;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o);
        QVERIFY(r);
        checkAgainstAlone(*r);
        for (const auto& req : r->requests) {
            QCOMPARE(req.timeline.startMs, 2.0 * req.id);
            QVERIFY(req.timeline.tokenMs.front() >= req.timeline.startMs);
        }
    }

    void cancelStopsTheRun()
    {
        std::atomic<bool> cancel{true};
        engine::SchedulerOptions o;
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o, &cancel);
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::Cancelled);
    }

    void traceHasKvAndSamplingSpans()
    {
        engine::Tracer tracer;
        engine::SchedulerOptions o;
        o.kv.mode = KvCacheMode::Paged;
        o.realTime = false;
        auto r = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), m_workload, o, nullptr, &tracer);
        QVERIFY(r);
        int kv = 0, sampling = 0, attention = 0;
        for (const auto& s : tracer.spans()) {
            kv += s.category == engine::SpanCategory::Kv;
            sampling += s.category == engine::SpanCategory::Sampling;
            attention += s.category == engine::SpanCategory::Attention;
        }
        QCOMPARE(sampling, 8 * 24);
        QVERIFY(kv > 0);
        QVERIFY(attention > 0);
        QVERIFY(m_engine->model().tracer() == nullptr);  // restored afterwards
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
