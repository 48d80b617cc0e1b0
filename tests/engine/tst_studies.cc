// The teaching studies behind the Learn page's measured demos, on stories260K:
// the pruning study (KLD 0 at 0 %, growing with sparsity, N:M only where it
// has a ratio, structured really shrinking the weights), the batching study
// (every policy x batch size, the whole workload served), the paged KV study
// (snapshots that match the pool: owners are running requests, fills within
// a block, fragmentation from the frames) and the quantization error study
// (histograms that count every weight, a ranking of every block). The KV
// store's block snapshot and the scheduler's step observer are checked on
// their own. No timing assertions: speeds are only required to be measured.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "common/fixtures.h"
#include "engine/kv/kv_store.h"
#include "engine/passes/calibration.h"
#include "engine/sched/scheduler.h"
#include "engine/session/engine.h"
#include "engine/study/batching_study.h"
#include "engine/study/paged_kv_study.h"
#include "engine/study/pruning_study.h"
#include "engine/study/quant_error_study.h"
#include "engine/tokenizer/tokenizer.h"

using engine::PruningMethod;

class TestStudies : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<engine::Engine> m_engine;
    std::vector<int32_t> m_tokens;

    engine::Engine& model() { return *m_engine; }

private slots:
    void initTestCase()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        engine::LoadOptions options;
        options.threads = 2;
        auto loaded = engine::Engine::load(path.toStdString(), {}, options);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        m_engine = std::move(*loaded);
        auto text = engine::readBundledEvalText("stories.txt");
        QVERIFY2(text, text ? "" : text.error().message.c_str());
        m_tokens = m_engine->tokenizer().encode(*text, true);
        m_tokens.resize(std::min<size_t>(m_tokens.size(), 200));
    }

    void blockSnapshotFollowsTheTables()
    {
        engine::KvStoreSpec spec;
        spec.mode = engine::KvCacheMode::Paged;
        spec.blockSize = 8;
        spec.capacityTokens = 64;
        spec.layers = 1;
        spec.kvHeads = 1;
        spec.headDim = 4;
        auto store = engine::KvStore::create(spec);
        QVERIFY(store);
        const int32_t a = *store->addSequence();
        const int32_t b = *store->addSequence();
        QVERIFY(store->resize(a, 12));
        QVERIFY(store->resize(b, 8));
        engine::KvBlockSnapshot snap = store->blockSnapshot();
        QCOMPARE(snap.blockTokens, int64_t(8));
        QCOMPARE(snap.owner.size(), size_t(8));
        QCOMPARE(std::count(snap.owner.begin(), snap.owner.end(), a), 2L);
        QCOMPARE(std::count(snap.owner.begin(), snap.owner.end(), b), 1L);
        QCOMPARE(std::accumulate(snap.filled.begin(), snap.filled.end(), 0), 20);
        const std::vector<int32_t>& table = store->blockTable(a);
        QCOMPARE(snap.filled[size_t(table[0])], 8);
        QCOMPARE(snap.filled[size_t(table[1])], 4);
        store->removeSequence(a);
        snap = store->blockSnapshot();
        QCOMPARE(std::count(snap.owner.begin(), snap.owner.end(), -1), 7L);
    }

    void schedulerTellsEveryStep()
    {
        engine::SchedulerOptions options;
        options.realTime = false;
        options.maxSequences = 2;
        options.kv.mode = engine::KvCacheMode::Paged;
        options.kv.blockSize = 8;
        int64_t steps = 0;
        int64_t lastPass = 0;
        bool ownersLive = true;
        options.onStep = [&](const engine::SchedulerStep& step) {
            ++steps;
            QVERIFY(step.pass >= lastPass);
            lastPass = step.pass;
            for (const auto& [seq, request] : step.owners)
                ownersLive = ownersLive && step.store->isLive(seq) && request >= 0 && request < 4;
        };
        const engine::Workload w = engine::mixedBatchingWorkload(4, 0.25);
        auto r = engine::runWorkload(model().model(), model().tokenizer(), w, options);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QVERIFY(ownersLive);
        QCOMPARE(lastPass, r->forwardPasses);
        QVERIFY(steps > r->forwardPasses);  // the passes plus the steps where sequences left
    }

    void pruningStudy()
    {
        engine::PruningStudyOptions options;
        options.evalTokens = m_tokens;
        options.decodeTokens = 16;
        options.repetitions = 1;
        size_t told = 0;
        options.onProgress = [&](size_t done, size_t total, const std::string&) {
            QVERIFY(done <= total);
            told = done;
        };
        auto study = engine::runPruningStudy(model(), options);
        QVERIFY2(study, study ? "" : study.error().message.c_str());
        QCOMPARE(told, size_t(1 + 4 * 4));
        QCOMPARE(study->points.size(), size_t(16));  // N:M reaches 25 / 50 / 75 % as 3:4, 2:4, 1:4
        for (const engine::PruningPoint& p : study->points)
            qInfo("%-16s achieved %5.1f %%  kld %.4f  top1 %.3f  decode %8.0f tok/s  %llu bytes", p.label.c_str(),
                  100.0 * p.achieved, p.kldMean, p.top1, p.decodeTokPerS, static_cast<unsigned long long>(p.weightBytes));
        for (PruningMethod method : options.methods) {
            std::vector<engine::PruningPoint> points;
            for (const engine::PruningPoint& p : study->points)
                if (p.method == method) points.push_back(p);
            QCOMPARE(points.size(), size_t(4));
            QCOMPARE(points.front().kldMean, 0.0);
            for (const engine::PruningPoint& p : points) {
                QVERIFY(std::isfinite(p.kldMean) && p.kldMean >= 0.0);
                QVERIFY(std::isfinite(p.decodeTokPerS) && p.decodeTokPerS > 0.0);
                if (p.target > 0.0) {
                    QVERIFY2(p.kldMean > 0.0, p.label.c_str());
                    QVERIFY2(std::abs(p.achieved - p.target) < 0.05, p.label.c_str());
                }
            }
            if (method == PruningMethod::Magnitude)
                for (size_t i = 1; i < points.size(); ++i)
                    QVERIFY2(points[i].kldMean > points[i - 1].kldMean, points[i].label.c_str());
            if (method == PruningMethod::Structured)
                QVERIFY(points.back().weightBytes < points.front().weightBytes);  // the matrices shrank
            else
                QCOMPARE(points.back().weightBytes, points.front().weightBytes);  // zeros are still stored
        }
    }

    void pruningStudyCancels()
    {
        std::atomic<bool> cancel{false};
        engine::PruningStudyOptions options;
        options.evalTokens = m_tokens;
        options.cancel = &cancel;
        options.onProgress = [&](size_t, size_t, const std::string&) { cancel = true; };
        auto study = engine::runPruningStudy(model(), options);
        QVERIFY(!study);
        QCOMPARE(study.error().code, engine::ErrorCode::Cancelled);
    }

    void batchingStudy()
    {
        engine::BatchingStudyOptions options;
        options.workload = engine::mixedBatchingWorkload(8, 0.25);
        auto study = engine::runBatchingStudy(model().model(), model().tokenizer(), options);
        QVERIFY2(study, study ? "" : study.error().message.c_str());
        QCOMPARE(study->points.size(), size_t(8));
        QCOMPARE(study->requests, int64_t(8));
        for (const engine::BatchingPoint& p : study->points)
            qInfo("%-10s x%d  %8.0f tok/s  e2e mean %7.1f ms  %lld passes  %.2f sequences per pass",
                  engine::enumName(p.policy), p.batchSize, p.outputTokPerS, p.e2eMeanMs,
                  static_cast<long long>(p.forwardPasses), p.meanSequencesPerPass);
        for (const engine::BatchingPoint& p : study->points) {
            QVERIFY(p.outputTokPerS > 0.0 && std::isfinite(p.outputTokPerS));
            QVERIFY(p.e2eMeanMs > 0.0 && std::isfinite(p.e2eMeanMs));
            QVERIFY(p.meanSequencesPerPass >= 1.0 && p.meanSequencesPerPass <= p.batchSize);
            if (p.batchSize == 1) QCOMPARE(p.meanSequencesPerPass, 1.0);
        }
        // More sequences per pass means fewer passes for the same tokens.
        QVERIFY(study->points[3].forwardPasses < study->points[0].forwardPasses);
    }

    void pagedKvStudy()
    {
        engine::PagedKvStudyOptions options;
        options.workload = engine::mixedBatchingWorkload(6, 0.25);
        options.capacityTokens = 256;
        options.fragmentationBlockSizes = {8, 16, 32};
        auto study = engine::runPagedKvStudy(model().model(), model().tokenizer(), options);
        QVERIFY2(study, study ? "" : study.error().message.c_str());
        QCOMPARE(study->blocks, int64_t(256 / 16));
        QVERIFY(!study->frames.empty());
        std::set<int32_t> seen;
        for (const engine::KvFrame& f : study->frames) {
            QCOMPARE(f.owner.size(), size_t(study->blocks));
            for (size_t b = 0; b < f.owner.size(); ++b) {
                QVERIFY(f.owner[b] >= -1 && f.owner[b] < 6);
                QVERIFY(f.filled[b] >= 0 && f.filled[b] <= 16);
                if (f.owner[b] < 0) QCOMPARE(f.filled[b], 0);
                seen.insert(f.owner[b]);
            }
            QCOMPARE(f.fragmentation, engine::frameFragmentation(f, 16));
        }
        QCOMPARE(seen.size(), size_t(7));  // every request held blocks at some step, and free blocks showed
        QCOMPARE(std::count(study->frames.back().owner.begin(), study->frames.back().owner.end(), -1),
                 long(study->blocks));  // all freed at the end
        QCOMPARE(study->fragmentation.size(), size_t(3));
        for (const engine::FragmentationPoint& p : study->fragmentation)
            qInfo("block %2d: %lld blocks, mean fragmentation %.1f %%, peak use %.0f %%, %lld preemptions", p.blockSize,
                  static_cast<long long>(p.blocks), 100.0 * p.meanFragmentation, 100.0 * p.peakBlocksUsed,
                  static_cast<long long>(p.preemptions));
        for (const engine::FragmentationPoint& p : study->fragmentation)
            QVERIFY(p.meanFragmentation >= 0.0 && p.meanFragmentation < 1.0);
        // A block of 8 wastes at most 7 positions per sequence, one of 32 up to 31.
        QVERIFY(study->fragmentation.front().meanFragmentation < study->fragmentation.back().meanFragmentation);
    }

    void quantErrorStudy()
    {
        engine::QuantErrorStudyOptions options;
        options.target.dtype = engine::WeightDType::Int4;
        options.target.groupSize = 32;
        options.evalTokens = m_tokens;
        auto study = engine::runQuantErrorStudy(model().file(), model().model(), model().ops(), options);
        QVERIFY2(study, study ? "" : study.error().message.c_str());
        QCOMPARE(study->format, std::string("Q4_0"));
        QVERIFY(study->range > 0.0 && std::isfinite(study->range));
        const int64_t blocks = model().config().nLayers;
        int64_t blockUnits = 0;
        for (const engine::LayerQuantError& l : study->layers) {
            QCOMPARE(l.histogram.size(), size_t(41));
            QCOMPARE(std::accumulate(l.histogram.begin(), l.histogram.end(), uint64_t(0)), l.weights);
            QVERIFY(l.rms > 0.0 && l.rms <= l.maxAbs && l.maxAbs <= study->range);
            if (l.unit.rfind("blk.", 0) == 0) {
                ++blockUnits;
                QVERIFY2(l.measured, l.unit.c_str());
                QVERIFY(l.kldMean > 0.0 && std::isfinite(l.kldMean));
            }
        }
        QCOMPARE(blockUnits, blocks);
        for (size_t i : study->ranking)
            qInfo("%-18s %-10s rms %.4f max %.4f kld %.5f", study->layers[i].unit.c_str(), study->layers[i].types.c_str(),
                  study->layers[i].rms, study->layers[i].maxAbs, study->layers[i].kldMean);
        QVERIFY(study->ranking.size() >= size_t(blocks));
        for (size_t i = 1; i < study->ranking.size(); ++i)
            QVERIFY(study->layers[study->ranking[i - 1]].kldMean >= study->layers[study->ranking[i]].kldMean);
    }
};

QTEST_GUILESS_MAIN(TestStudies)
#include "tst_studies.moc"
