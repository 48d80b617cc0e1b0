// The KV cache store: block pool bookkeeping, exact memory and fragmentation
// accounting on hand-made cases, write/gather round trips in every precision,
// refusals before allocation, and on stories260K: off / contiguous / paged give
// the golden greedy tokens with f32 KV, f16 / int8 KV stay close to f32 (KLD),
// and a batched forward over several sequences equals each sequence alone.
#include <QTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <random>

#include "common/host_calls.h"
#include "common/fixtures.h"
#include "engine/eval/compare.h"
#include "engine/kv/block_pool.h"
#include "engine/kv/kv_store.h"
#include "engine/model/llama_model.h"
#include "engine/session/engine.h"
#include "kernels/cpu/cpu_ops.h"

using engine::KvCacheMode;
using engine::KvDType;
using engine::KvStore;
using engine::KvStoreSpec;

namespace {

// 2 layers x 2 kv heads x 4 dims: one position is 2 * 2 * 8 floats = 128 bytes in f32.
KvStoreSpec smallSpec(KvCacheMode mode, KvDType dtype, int64_t capacity, int32_t block = 8, int32_t maxSeqs = 1)
{
    KvStoreSpec s;
    s.mode = mode;
    s.dtype = dtype;
    s.blockSize = block;
    s.capacityTokens = capacity;
    s.maxSequences = maxSeqs;
    s.layers = 2;
    s.kvHeads = 2;
    s.headDim = 4;
    return s;
}

std::vector<float> randomRows(int64_t rows, int64_t width, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 2.0f);
    std::vector<float> out(static_cast<size_t>(rows * width));
    for (float& v : out) v = dist(rng);
    return out;
}

std::vector<double> logSoftmax(const float* x, int64_t n)
{
    const double mx = *std::max_element(x, x + n);
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += std::exp(double(x[i]) - mx);
    const double lse = mx + std::log(sum);
    std::vector<double> out(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out[size_t(i)] = double(x[i]) - lse;
    return out;
}

std::unique_ptr<engine::Engine> loadStories(const QString& path)
{
    auto e = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{2, engine::OpsKind::Cpu});
    if (!e) {
        qWarning("load failed: %s", e.error().message.c_str());
        return nullptr;
    }
    return std::move(*e);
}

}  // namespace

class TestKvCache : public QObject {
    Q_OBJECT

private slots:
    void blockPoolAllocatesAllOrNothing()
    {
        engine::BlockPool pool(4);
        QCOMPARE(pool.freeCount(), int64_t(4));
        auto a = pool.allocate(3);
        QVERIFY(a);
        QCOMPARE(*a, (std::vector<int32_t>{0, 1, 2}));
        auto b = pool.allocate(2);  // only 1 free
        QVERIFY(!b);
        QCOMPARE(b.error().code, engine::ErrorCode::OutOfRange);
        QVERIFY2(b.error().message.find("needs 2 blocks, 1 of 4 are free") != std::string::npos,
                 b.error().message.c_str());
        QCOMPARE(pool.freeCount(), int64_t(1));
        pool.release(1);
        QCOMPARE(pool.freeCount(), int64_t(2));
        auto c = pool.allocate(2);
        QVERIFY(c);
        QCOMPARE(*c, (std::vector<int32_t>{1, 3}));  // the last freed first
        QCOMPARE(pool.usedCount(), int64_t(4));
    }

    void pagedAccountingIsExact()
    {
        // 64 tokens in blocks of 8: 8 blocks of 8 * 128 bytes.
        auto store = KvStore::create(smallSpec(KvCacheMode::Paged, KvDType::F32, 64));
        QVERIFY(store);
        QCOMPARE(engine::kvBytesPerToken(store->spec()), uint64_t(128));
        auto s0 = store->stats();
        QCOMPARE(s0.allocatedBytes, uint64_t(8 * 8 * 128));
        QCOMPARE(s0.usedBytes, uint64_t(0));
        QCOMPARE(s0.blocksTotal, int64_t(8));
        QCOMPARE(s0.blocksFree, int64_t(8));
        QCOMPARE(s0.fragmentation, 0.0);

        auto a = store->addSequence();
        auto b = store->addSequence();
        QVERIFY(a && b);
        QVERIFY(store->resize(*a, 10));  // 2 blocks, 6 slots unused
        QVERIFY(store->resize(*b, 8));   // 1 full block
        QCOMPARE(store->blockTable(*a).size(), size_t(2));
        auto s1 = store->stats();
        QCOMPARE(s1.usedBytes, uint64_t(18 * 128));
        QCOMPARE(s1.blocksFree, int64_t(5));
        QCOMPARE(s1.fragmentation, 6.0 / 24.0);

        QVERIFY(store->resize(*a, 3));  // truncation returns a block
        auto s2 = store->stats();
        QCOMPARE(s2.blocksFree, int64_t(6));
        QCOMPARE(s2.usedBytes, uint64_t(11 * 128));
        QCOMPARE(s2.peakUsedBytes, uint64_t(18 * 128));
        QCOMPARE(s2.fragmentation, 5.0 / 16.0);

        store->removeSequence(*a);
        store->removeSequence(*b);
        auto s3 = store->stats();
        QCOMPARE(s3.blocksFree, int64_t(8));
        QCOMPARE(s3.usedBytes, uint64_t(0));
        QCOMPARE(s3.fragmentation, 0.0);
        QCOMPARE(s3.peakUsedBytes, uint64_t(18 * 128));
        QCOMPARE(s3.allocatedBytes, s0.allocatedBytes);
    }

    void contiguousSlotsAccounting()
    {
        // 64 tokens over 4 slots of 16; a sequence holds its whole slot.
        auto store = KvStore::create(smallSpec(KvCacheMode::Contiguous, KvDType::F32, 64, 8, 4));
        QVERIFY(store);
        QCOMPARE(store->sequenceCapacity(), int64_t(16));
        QCOMPARE(store->stats().allocatedBytes, uint64_t(64 * 128));
        std::vector<int32_t> seqs;
        for (int i = 0; i < 4; ++i) {
            auto s = store->addSequence();
            QVERIFY(s);
            seqs.push_back(*s);
        }
        auto fifth = store->addSequence();
        QVERIFY(!fifth);
        QVERIFY2(fifth.error().message.find("all 4 sequence slots are in use") != std::string::npos,
                 fifth.error().message.c_str());
        QVERIFY(store->resize(seqs[0], 5));
        QVERIFY(store->resize(seqs[1], 16));
        auto st = store->stats();
        QCOMPARE(st.usedBytes, uint64_t(21 * 128));
        QCOMPARE(st.fragmentation, (64.0 - 21.0) / 64.0);
        auto over = store->resize(seqs[0], 17);
        QVERIFY(!over);
        QCOMPARE(store->length(seqs[0]), int64_t(5));
        store->removeSequence(seqs[2]);
        QVERIFY(store->addSequence());
    }

    void int8RowsTakeScales()
    {
        // int8: 8 codes + 2 float scales per row; 2 layers * (K, V).
        auto spec = smallSpec(KvCacheMode::Paged, KvDType::Int8, 16);
        QCOMPARE(engine::kvBytesPerToken(spec), uint64_t(2 * 2 * (8 + 2 * 4)));
        spec.dtype = KvDType::F16;
        QCOMPARE(engine::kvBytesPerToken(spec), uint64_t(2 * 2 * 8 * 2));
    }

    void writeGatherRoundTrip_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("dtype");
        QTest::addColumn<int>("block");
        for (int block : {8, 16, 32}) {
            for (KvDType d : {KvDType::F32, KvDType::F16, KvDType::Int8}) {
                const QByteArray name = QByteArray("paged ") + engine::enumName(d) + " block " +
                                        QByteArray::number(block);
                QTest::newRow(name.constData()) << int(KvCacheMode::Paged) << int(d) << block;
            }
        }
        for (KvDType d : {KvDType::F32, KvDType::F16, KvDType::Int8}) {
            const QByteArray name = QByteArray("contiguous ") + engine::enumName(d);
            QTest::newRow(name.constData()) << int(KvCacheMode::Contiguous) << int(d) << 8;
        }
    }

    void writeGatherRoundTrip()
    {
        QFETCH(int, mode);
        QFETCH(int, dtype);
        QFETCH(int, block);
        const auto d = static_cast<KvDType>(dtype);
        auto store = KvStore::create(smallSpec(static_cast<KvCacheMode>(mode), d, 128, block, 2));
        QVERIFY(store);
        // Two interleaved sequences so their blocks alternate in the pool.
        auto a = store->addSequence();
        auto b = store->addSequence();
        QVERIFY(a && b);
        const int64_t n = 41, kvDim = 8;
        const auto keys = randomRows(n, kvDim, 1), values = randomRows(n, kvDim, 2);
        const auto other = randomRows(n, kvDim, 3);
        for (int64_t p0 = 0; p0 < n; p0 += 7) {
            const int64_t len = std::min<int64_t>(7, n - p0);
            for (int32_t seq : {*a, *b}) {
                QVERIFY(store->resize(seq, p0 + len));
                const auto& k = seq == *a ? keys : other;
                for (int64_t layer = 0; layer < 2; ++layer)
                    store->write(seq, layer, p0, len, k.data() + p0 * kvDim, values.data() + p0 * kvDim);
            }
        }
        std::vector<float> gk(size_t(n * kvDim)), gv(size_t(n * kvDim));
        store->gather(*a, 1, n, gk.data(), gv.data());
        double worst = 0.0;
        for (int64_t p = 0; p < n; ++p) {
            for (int64_t h = 0; h < 2; ++h) {
                float amax = 0.0f;
                for (int64_t i = 0; i < 4; ++i) amax = std::max(amax, std::fabs(keys[size_t(p * 8 + h * 4 + i)]));
                for (int64_t i = 0; i < 4; ++i) {
                    const size_t at = size_t(p * 8 + h * 4 + i);
                    const double err = std::fabs(double(gk[at]) - keys[at]);
                    // f16: half an ulp (2^-11 relative); int8: half a step of max|x| / 127.
                    const double bound = d == KvDType::F32   ? 0.0
                                         : d == KvDType::F16 ? std::fabs(keys[at]) / 2048.0 + 1e-7
                                                             : amax / 127.0 / 2.0 + 1e-6;
                    QVERIFY2(err <= bound, qPrintable(QStringLiteral("pos %1: %2 vs %3").arg(p).arg(gk[at]).arg(keys[at])));
                    worst = std::max(worst, err);
                }
            }
        }
        if (d == KvDType::F32) QCOMPARE(gv, values);
    }

    // Attention over a cache read in place through its block table matches
    // attention() over the same rows decoded into contiguous fp32, bit for bit,
    // in every format, on the CPU ops (f32 and f16 read in place, int8 decoded
    // on the fly) and on the reference ops (the default: decode, then
    // attention). Head sizes below, at and past a vector's width.
    void cachedAttentionMatchesContiguous_data()
    {
        QTest::addColumn<int>("headDim");
        QTest::newRow("8") << 8;
        QTest::newRow("64") << 64;
        QTest::newRow("72") << 72;
    }

    void cachedAttentionMatchesContiguous()
    {
        QFETCH(int, headDim);
        const int64_t nHeads = 4, nKvHeads = 2, kvDim = nKvHeads * headDim;
        const int64_t blockTokens = 8, blocks = 6, len = 37, nTokens = 5;
        // Blocks in a scrambled order, with padding between blocks (stride > rows).
        const std::vector<int32_t> table{4, 1, 5, 0, 2};
        const auto q = randomRows(nTokens * nHeads, headDim, 13);
        const int32_t positions[nTokens] = {32, 33, 34, 35, 36};
        auto cpu = kernels::makeCpuOps(2);
        auto ref = kernels::makeRefOps();
        for (kernels::KvFormat format : {kernels::KvFormat::F32, kernels::KvFormat::F16, kernels::KvFormat::Int8}) {
            const uint64_t rowBytes = kernels::kvRowBytes(format, nKvHeads, headDim);
            const uint64_t stride = blockTokens * rowBytes + 64;
            std::vector<uint8_t> poolK(blocks * stride), poolV(blocks * stride);
            const auto view = [&](std::vector<uint8_t>& pool) {
                return kernels::KvRows{format, pool.data(), table.data(), blockTokens, stride, rowBytes, nKvHeads, headDim};
            };
            const kernels::KvRows keys = view(poolK), values = view(poolV);
            const auto k = randomRows(len, kvDim, 11), v = randomRows(len, kvDim, 12);
            testing::kvWrite(*cpu, keys, 0, len, k.data());
            testing::kvWrite(*ref, values, 0, len, v.data());  // both write the same bytes
            std::vector<float> kd(size_t(len * kvDim)), vd(kd.size());
            testing::kvRead(*ref, keys, len, kd.data());
            testing::kvRead(*cpu, values, len, vd.data());
            if (format == kernels::KvFormat::F32) QCOMPARE(kd, k);
            for (const kernels::Ops* ops : {cpu.get(), ref.get()}) {
                std::vector<float> a(size_t(nTokens * nHeads * headDim)), b(a.size());
                testing::attention(*ops, a.data(), q.data(), nTokens, positions, kd.data(), vd.data(), nHeads, nKvHeads, headDim);
                testing::attentionCached(*ops, b.data(), q.data(), nTokens, positions, keys, values, nHeads, nKvHeads, headDim);
                QCOMPARE(b, a);
            }
        }
    }

    // A request that cannot fit is refused with what it needs and what there
    // is, and the pool is left exactly as it was.
    void overCapacityRefusedBeforeAllocation()
    {
        auto store = KvStore::create(smallSpec(KvCacheMode::Paged, KvDType::F32, 32, 8));  // 4 blocks of 8
        QVERIFY(store);
        auto fits = store->checkFits(40);
        QVERIFY(!fits);
        QCOMPARE(fits.error().code, engine::ErrorCode::OutOfRange);
        QVERIFY2(fits.error().message.find("request needs 5 blocks of 8 tokens") != std::string::npos &&
                     fits.error().message.find("the pool has 4") != std::string::npos,
                 fits.error().message.c_str());
        auto a = store->addSequence();
        QVERIFY(a);
        QVERIFY(store->resize(*a, 20));
        const auto before = store->stats();
        const auto table = store->blockTable(*a);
        auto grow = store->resize(*a, 40);
        QVERIFY(!grow);
        QVERIFY2(grow.error().message.find("needs 2 blocks, 1 of 4 are free") != std::string::npos,
                 grow.error().message.c_str());
        const auto after = store->stats();
        QCOMPARE(after.blocksFree, before.blocksFree);
        QCOMPARE(after.usedBytes, before.usedBytes);
        QCOMPARE(store->blockTable(*a), table);
        QCOMPARE(store->length(*a), int64_t(20));

        auto contiguous = KvStore::create(smallSpec(KvCacheMode::Contiguous, KvDType::F32, 64, 8, 4));
        QVERIFY(contiguous);
        auto slot = contiguous->checkFits(17);
        QVERIFY(!slot);
        QVERIFY2(slot.error().message.find("request needs 17 tokens of KV cache") != std::string::npos &&
                     slot.error().message.find("a sequence slot holds 16") != std::string::npos,
                 slot.error().message.c_str());
    }

    void capacityBeyondMemoryIsRefused()
    {
        if (engine::memAvailableBytes() == 0) QSKIP("MemAvailable is not readable here");
        // 2^40 tokens of 128 bytes: 128 TiB, far above any machine's memory.
        auto store = KvStore::create(smallSpec(KvCacheMode::Paged, KvDType::F32, int64_t(1) << 40));
        QVERIFY(!store);
        QCOMPARE(store.error().code, engine::ErrorCode::OutOfRange);
        const std::string& msg = store.error().message;
        QVERIFY2(msg.find("KV cache of 1099511627776 tokens needs 131072.00 GiB but only") != std::string::npos &&
                     msg.find("of memory is available") != std::string::npos,
                 msg.c_str());
    }

    // Greedy tokens are the golden ones in every mode with f32 KV: the gather
    // into contiguous fp32 makes the logits bit-identical, not just close.
    void modesGiveGoldenTokens_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("block");
        QTest::newRow("off") << int(KvCacheMode::Off) << 16;
        QTest::newRow("contiguous") << int(KvCacheMode::Contiguous) << 16;
        QTest::newRow("paged 8") << int(KvCacheMode::Paged) << 8;
        QTest::newRow("paged 16") << int(KvCacheMode::Paged) << 16;
        QTest::newRow("paged 32") << int(KvCacheMode::Paged) << 32;
    }

    void modesGiveGoldenTokens()
    {
        QFETCH(int, mode);
        QFETCH(int, block);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto e = loadStories(model);
        QVERIFY(e);
        engine::GenerateRequest req;
        req.maxTokens = 256;
        req.kv.mode = static_cast<KvCacheMode>(mode);
        req.kv.blockSize = block;
        req.kv.dtype = KvDType::F32;
        auto r = e->generate(req);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->tokens, testsupport::goldenIds(golden));
    }

    void generateRefusesSmallCapacity()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = loadStories(model);
        QVERIFY(e);
        engine::GenerateRequest req;
        req.prompt = "Once upon a time";
        req.maxTokens = 100;
        req.kv.mode = KvCacheMode::Paged;
        req.kv.capacityTokens = 64;
        auto r = e->generate(req);
        QVERIFY(!r);
        QCOMPARE(r.error().code, engine::ErrorCode::OutOfRange);
        QVERIFY2(r.error().message.find("needs 105 positions of KV cache") != std::string::npos &&
                     r.error().message.find("capacity_tokens is 64") != std::string::npos,
                 r.error().message.c_str());
    }

    // f16 / int8 KV against f32 KV over the same tokens (the golden text fed
    // teacher-forced): mean KL divergence of the next-token distributions.
    void reducedPrecisionKld()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        auto e = loadStories(model);
        QVERIFY(e);
        engine::LlamaModel& m = e->model();
        std::vector<int32_t> tokens{1};
        const auto g = testsupport::goldenIds(golden);
        tokens.insert(tokens.end(), g.begin(), g.end());
        const auto n = static_cast<int64_t>(tokens.size());
        const int64_t vocab = m.config().vocabSize;

        // Token by token, so every position attends to stored (rounded) keys.
        const auto run = [&](KvDType dtype) {
            engine::KvCacheConfig kv;
            kv.mode = KvCacheMode::Paged;
            kv.dtype = dtype;
            std::vector<float> all(size_t(n * vocab));
            auto cache = m.makeCache(n, kv);
            if (!cache) return std::vector<float>{};
            for (int64_t p = 0; p < n; ++p)
                if (!m.forward({&tokens[size_t(p)], 1}, p, *cache, all.data() + p * vocab)) return std::vector<float>{};
            return all;
        };
        const auto base = run(KvDType::F32);
        QCOMPARE(int64_t(base.size()), n * vocab);
        double kld[2] = {0.0, 0.0};
        int agree[2] = {0, 0};
        const KvDType tested[2] = {KvDType::F16, KvDType::Int8};
        for (int i = 0; i < 2; ++i) {
            const auto test = run(tested[i]);
            QCOMPARE(test.size(), base.size());
            for (int64_t p = 0; p < n; ++p) {
                const float* b = base.data() + p * vocab;
                const float* t = test.data() + p * vocab;
                kld[i] += engine::klDivergence(logSoftmax(b, vocab), logSoftmax(t, vocab));
                agree[i] += std::max_element(b, b + vocab) - b == std::max_element(t, t + vocab) - t;
            }
            kld[i] /= double(n);
        }
        qInfo("KV precision vs f32 over %lld positions: f16 mean KLD %.3g nats (top-1 %d/%lld), "
              "int8 mean KLD %.3g nats (top-1 %d/%lld)",
              static_cast<long long>(n), kld[0], agree[0], static_cast<long long>(n), kld[1], agree[1],
              static_cast<long long>(n));
        QVERIFY(kld[0] < kld[1]);
        QVERIFY(kld[0] < 1e-4);
        QVERIFY(kld[1] < 1e-2);
        QVERIFY(agree[1] > n * 9 / 10);
    }

    // One batched pass over three sequences (a prompt chunk, a decode token, a
    // whole prompt) equals each sequence run alone, bit for bit.
    void batchedForwardEqualsSingle()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        auto e = loadStories(model);
        QVERIFY(e);
        engine::LlamaModel& m = e->model();
        const int64_t vocab = m.config().vocabSize;
        const std::vector<std::vector<int32_t>> prompts{
            {1, 403, 407, 261, 300, 42, 7, 99, 100, 101, 102},
            {1, 20, 30},
            {1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22}};

        // Alone: each prompt's logits, all rows.
        std::vector<std::vector<float>> alone;
        for (const auto& p : prompts) {
            auto cache = m.makeCache(int64_t(p.size()));
            QVERIFY(cache);
            std::vector<float> l(p.size() * size_t(vocab));
            QVERIFY(m.forward(p, 0, *cache, l.data(), engine::LogitsMode::All));
            alone.push_back(std::move(l));
        }

        engine::KvCacheConfig kv;
        kv.mode = KvCacheMode::Paged;
        kv.blockSize = 8;
        kv.capacityTokens = 128;
        auto store = KvStore::create(m.kvSpec(kv, 4));
        QVERIFY(store);
        int32_t ids[3];
        for (int32_t& id : ids) {
            auto s = store->addSequence();
            QVERIFY(s);
            id = *s;
        }
        std::vector<float> logits(size_t(64 * vocab));
        // Pass 1: first 6 tokens of prompt 0, prompt 1 minus its last token.
        std::vector<engine::BatchSequence> pass1{{ids[0], std::span(prompts[0]).first(6), 0, engine::LogitsMode::All},
                                                 {ids[1], std::span(prompts[1]).first(2), 0, engine::LogitsMode::None}};
        QVERIFY(m.forwardBatch(pass1, *store, logits.data()));
        QVERIFY(std::equal(logits.begin(), logits.begin() + 6 * vocab, alone[0].begin()));
        // Pass 2: the rest of prompt 0, prompt 1's last token (a decode step), all of prompt 2.
        std::vector<engine::BatchSequence> pass2{
            {ids[0], std::span(prompts[0]).subspan(6), 6, engine::LogitsMode::All},
            {ids[1], std::span(prompts[1]).subspan(2), 2, engine::LogitsMode::Last},
            {ids[2], std::span(prompts[2]), 0, engine::LogitsMode::Last}};
        QCOMPARE(engine::LlamaModel::logitsRows(pass2), int64_t(5 + 1 + 1));
        QVERIFY(m.forwardBatch(pass2, *store, logits.data()));
        const float* row = logits.data();
        QVERIFY(std::equal(row, row + 5 * vocab, alone[0].begin() + 6 * vocab));
        row += 5 * vocab;
        QVERIFY(std::equal(row, row + vocab, alone[1].begin() + 2 * vocab));
        row += vocab;
        QVERIFY(std::equal(row, row + vocab, alone[2].end() - vocab));
        QCOMPARE(store->length(ids[0]), int64_t(prompts[0].size()));
        QCOMPARE(store->stats().usedBytes, uint64_t(11 + 3 + 19) * engine::kvBytesPerToken(store->spec()));

        // A pass that does not fit the pool changes nothing.
        const auto before = store->stats();
        const std::vector<int32_t> many(100, 5);
        std::vector<engine::BatchSequence> tooBig{{ids[1], std::span(many), 3, engine::LogitsMode::Last}};
        auto r = m.forwardBatch(tooBig, *store, logits.data());
        QVERIFY(!r);
        QCOMPARE(store->stats().blocksFree, before.blocksFree);
        QCOMPARE(store->length(ids[1]), int64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestKvCache)
#include "tst_kv_cache.moc"
