// Sliding-window layers in the KV store: the window layers of a Gemma-shaped
// model are held in a ring per sequence instead of the whole context. The
// store's bytes follow the formula and equal the estimate; the ring's blocks
// are reused over a long generation (the pool never grows past its bound); a
// pass that needs rows the ring has overwritten is refused; and on stories260K
// as Gemma 2 / 3 (window 8) the logits at every position, several windows past
// it, are bit-identical to a cache holding every position, in contiguous and
// paged modes, f32 / f16 / int8, two sequences of different lengths (prefill
// then decode, decode only), unsplit and split over two devices.
#include <QTest>

#include <QTemporaryDir>
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/fixtures.h"
#include "common/gemma_file.h"
#include "engine/kv/kv_store.h"
#include "engine/model/llama_model.h"
#include "engine/session/engine.h"

using engine::KvCacheMode;
using engine::KvDType;
using engine::KvStore;
using engine::KvStoreSpec;

namespace {

// 4 layers (1 and 3 windowed, window 8) x 2 kv heads x 4 dims: one position of
// one layer is 2 * 8 floats = 64 bytes in f32.
KvStoreSpec windowSpec(KvCacheMode mode, int64_t capacity, int32_t maxSeqs, int32_t block = 8)
{
    KvStoreSpec s;
    s.mode = mode;
    s.dtype = KvDType::F32;
    s.blockSize = block;
    s.capacityTokens = capacity;
    s.maxSequences = maxSeqs;
    s.layers = 4;
    s.kvHeads = 2;
    s.headDim = 4;
    s.window = 8;
    s.windowed = {false, true, false, true};
    return s;
}

constexpr uint64_t kLayerTokenBytes = 2 * 2 * 4 * sizeof(float);  // keys and values of one layer, one position

// Ring blocks of window 8, chunk 8, blocks of 8: ceil((8 + 8 - 1) / 8) + 1.
constexpr int64_t kRing = 3;

// Writes position p of `seq` (every layer): each value is p + layer / 10.
void writePosition(KvStore& store, int32_t seq, int64_t p)
{
    for (int64_t l = 0; l < store.layers(); ++l) {
        std::vector<float> row(size_t(store.kvDim()), float(p) + float(l) / 10.0f);
        store.write(seq, l, p, 1, row.data(), row.data());
    }
}

// The first value of position p's key row of `layer`, read in place.
float readPosition(const KvStore& store, int32_t seq, int64_t layer, int64_t p)
{
    const kernels::KvRows k = store.rows(seq, layer, 0);
    float v = 0.0f;
    std::memcpy(&v, k.row(p), sizeof(v));
    return v;
}

std::unique_ptr<engine::Engine> load(const QString& path, int split, int devices)
{
    engine::LoadOptions o;
    o.threads = 2;
    if (devices > 1) {
        o.devices.split = engine::SplitMode(split);
        o.devices.virtualCpus = devices;
    }
    auto e = engine::Engine::load(path.toStdString(), "", o);
    if (!e) {
        qWarning("%s", e.error().message.c_str());
        return nullptr;
    }
    return std::move(*e);
}

// Feeds two sequences through `store` and returns every logits row produced:
// sequence A takes a 30-token prompt (longer than its ring) in one pass and
// then decodes, B decodes from its first token; both in the same passes until
// A reaches `length` positions.
std::vector<float> runTwoSequences(engine::LlamaModel& m, KvStore& store, int64_t length)
{
    const int64_t vocab = m.config().vocabSize;
    auto a = store.addSequence(), b = store.addSequence();
    if (!a || !b) return {};
    std::vector<int32_t> tokensA, tokensB;
    for (int64_t i = 0; i < length; ++i) {
        tokensA.push_back(int32_t(3 + (i * 37) % 400));
        tokensB.push_back(int32_t(5 + (i * 53) % 300));
    }
    tokensA[0] = tokensB[0] = 1;
    constexpr int64_t kPrompt = 30;
    std::vector<float> all, logits(size_t((kPrompt + 1) * vocab));
    int64_t posA = 0, posB = 0;
    while (posA < length) {
        const int64_t nA = posA == 0 ? kPrompt : 1;
        std::vector<engine::BatchSequence> pass{
            {*a, std::span(tokensA).subspan(size_t(posA), size_t(nA)), posA, engine::LogitsMode::All},
            {*b, std::span(tokensB).subspan(size_t(posB), 1), posB, engine::LogitsMode::Last}};
        if (!m.forwardBatch(pass, store, logits.data())) return {};
        all.insert(all.end(), logits.begin(), logits.begin() + (nA + 1) * vocab);
        posA += nA;
        posB += 1;
    }
    return all;
}

}  // namespace

class TestKvWindow : public QObject {
    Q_OBJECT

private slots:
    // Contiguous: every slot owns a ring of kRing blocks from the start.
    void contiguousBytesFollowTheFormula()
    {
        const KvStoreSpec spec = windowSpec(KvCacheMode::Contiguous, 256, 2);
        QCOMPARE(engine::kvWindowChunk(spec), int64_t(8));
        auto store = KvStore::create(spec);
        QVERIFY(store);
        QVERIFY(store->windowHeldApart());
        QCOMPARE(store->windowRingBlocks(), kRing);
        QCOMPARE(store->windowBlockTokens(), int64_t(8));
        const uint64_t full = 2 * kLayerTokenBytes * 256;               // 2 full layers, 2 slots of 128
        const uint64_t window = 2 * kLayerTokenBytes * 2 * kRing * 8;  // 2 window layers, 2 rings of 3 x 8
        const engine::KvMemoryStats st = store->stats();
        QCOMPARE(st.allocatedBytes, full + window);
        QCOMPARE(engine::kvCacheBytes(spec), full + window);
        QCOMPARE(st.groups.size(), size_t(2));
        QCOMPARE(st.groups[0].allocatedBytes, full);
        QCOMPARE(st.groups[0].layers, int64_t(2));
        QCOMPARE(st.groups[1].allocatedBytes, window);
        QCOMPARE(st.groups[1].layers, int64_t(2));
        QCOMPARE(engine::kvBytesPerCapacityToken(spec), 2 * kLayerTokenBytes);

        // The reference layout holds every layer whole.
        KvStoreSpec whole = spec;
        whole.keepWholeWindowLayers = true;
        QCOMPARE(engine::kvCacheBytes(whole), 4 * kLayerTokenBytes * 256);
        auto wholeStore = KvStore::create(whole);
        QVERIFY(wholeStore && !wholeStore->windowHeldApart());
        QCOMPARE(wholeStore->stats().allocatedBytes, 4 * kLayerTokenBytes * 256);

        // A ring as large as the slot saves nothing: the layers stay whole.
        const KvStoreSpec small = windowSpec(KvCacheMode::Contiguous, 48, 2);  // slots of 24 = 3 x 8
        auto smallStore = KvStore::create(small);
        QVERIFY(smallStore && !smallStore->windowHeldApart());
        QCOMPARE(engine::kvCacheBytes(small), 4 * kLayerTokenBytes * 48);
    }

    // Used bytes count what a query can still see: min(length, window) positions of window layers.
    void usedBytesCountTheWindow()
    {
        auto store = KvStore::create(windowSpec(KvCacheMode::Paged, 256, 2));
        QVERIFY(store);
        auto a = store->addSequence(), b = store->addSequence();
        QVERIFY(a && b);
        QVERIFY(store->resize(*a, 5));
        QVERIFY(store->resize(*b, 30));
        const engine::KvMemoryStats st = store->stats();
        QCOMPARE(st.groups[0].usedBytes, 2 * kLayerTokenBytes * (5 + 30));
        QCOMPARE(st.groups[1].usedBytes, 2 * kLayerTokenBytes * (5 + 8));
        QCOMPARE(st.usedBytes, st.groups[0].usedBytes + st.groups[1].usedBytes);
        // Ring blocks held: a 1 (5 positions), b kRing (24 positions for 8 visible).
        QCOMPARE(st.groups[1].blocksTotal - st.groups[1].blocksFree, 1 + kRing);
        QCOMPARE(st.groups[1].fragmentation, (32.0 - 13.0) / 32.0);
        QCOMPARE(st.groups[0].fragmentation, (40.0 - 35.0) / 40.0);
    }

    // Over a generation of 10 windows the ring keeps reusing its blocks: the
    // pool never hands out more than kRing per sequence, the last window of
    // positions always reads back, and blocks no query reaches are marked -1.
    void ringReusesBlocks_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addRow("contiguous") << int(KvCacheMode::Contiguous);
        QTest::addRow("paged") << int(KvCacheMode::Paged);
    }

    void ringReusesBlocks()
    {
        QFETCH(int, mode);
        const KvStoreSpec spec = windowSpec(KvCacheMode(mode), 256, 2);
        auto store = KvStore::create(spec);
        QVERIFY(store);
        auto seq = store->addSequence();
        QVERIFY(seq);
        const int64_t poolBlocks = store->stats().groups[1].blocksTotal;
        QCOMPARE(poolBlocks, 2 * kRing);
        for (int64_t p = 0; p < 10 * spec.window; ++p) {
            QVERIFY(store->resize(*seq, p + 1, p));
            writePosition(*store, *seq, p);
            store->passWritten(*seq);
            const engine::KvGroupMemory w = store->stats().groups[1];
            QCOMPARE(w.blocksTotal, poolBlocks);
            QVERIFY(w.blocksTotal - w.blocksFree <= kRing);
            for (int64_t q = std::max<int64_t>(0, p - spec.window + 1); q <= p; ++q)
                for (int64_t l : {1, 3}) QCOMPARE(readPosition(*store, *seq, l, q), float(q) + float(l) / 10.0f);
            // Full layers keep everything.
            QCOMPARE(readPosition(*store, *seq, 0, 0), 0.0f);
            const std::vector<int32_t>& table = store->windowTable(*seq);
            QCOMPARE(int64_t(table.size()), p / 8 + 1);
            const int64_t firstReached = std::max<int64_t>(0, p - spec.window + 1) / 8;
            for (int64_t i = 0; i < int64_t(table.size()); ++i) QCOMPARE(table[size_t(i)] >= 0, i >= firstReached);
        }
        // A second sequence reuses what the first gave back.
        store->removeSequence(*seq);
        QCOMPARE(store->stats().groups[1].blocksFree, poolBlocks);
    }

    // A pass that needs positions the ring has overwritten is refused (and
    // changes nothing); restarting from position 0 or inside the window works.
    void overwrittenWindowRefused()
    {
        auto store = KvStore::create(windowSpec(KvCacheMode::Paged, 256, 1));
        QVERIFY(store);
        auto seq = store->addSequence();
        QVERIFY(seq);
        QVERIFY(store->resize(*seq, 60, 0));
        store->passWritten(*seq);
        // The ring holds blocks 5..7 (positions 40..59).
        QVERIFY(store->resize(*seq, 61, 56));  // needs 49..55: held
        store->passWritten(*seq);
        auto refused = store->resize(*seq, 61, 45);  // needs 38..44
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("positions 38..44") != std::string::npos,
                 refused.error().message.c_str());
        QCOMPARE(store->length(*seq), int64_t(61));
        QVERIFY(store->resize(*seq, 10, 0));
        store->passWritten(*seq);
        QCOMPARE(store->stats().groups[1].blocksTotal - store->stats().groups[1].blocksFree, int64_t(2));
        // Truncation never fails, even below what the ring holds.
        QVERIFY(store->resize(*seq, 70, 10));
        store->passWritten(*seq);
        QVERIFY(store->resize(*seq, 20));
        QVERIFY(!store->resize(*seq, 21, 20));
    }

    // Paged: a window store admits at most maxSequences sequences (its pool is sized for them).
    void pagedAdmitsMaxSequences()
    {
        auto store = KvStore::create(windowSpec(KvCacheMode::Paged, 256, 2));
        QVERIFY(store);
        QVERIFY(store->addSequence());
        QVERIFY(store->canAdmit(8));
        QVERIFY(store->addSequence());
        QVERIFY(!store->canAdmit(8));
        QVERIFY(!store->addSequence());
    }

    // stories260K as Gemma: the window-limited cache gives the logits of the
    // cache that holds every position, bit for bit.
    void logitsMatchFullCache_data()
    {
        QTest::addColumn<int>("gemma");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("dtype");
        QTest::addColumn<int>("split");
        QTest::addColumn<int>("devices");
        const std::pair<const char*, KvCacheMode> modes[] = {{"contiguous", KvCacheMode::Contiguous},
                                                              {"paged", KvCacheMode::Paged}};
        const std::pair<const char*, KvDType> dtypes[] = {
            {"f32", KvDType::F32}, {"f16", KvDType::F16}, {"int8", KvDType::Int8}};
        for (const auto& [mname, mode] : modes)
            for (const auto& [dname, dtype] : dtypes)
                QTest::addRow("gemma2 %s %s", mname, dname) << 2 << int(mode) << int(dtype) << 0 << 1;
        for (const auto& [mname, mode] : modes) {
            QTest::addRow("gemma2 %s pipeline x2", mname)
                << 2 << int(mode) << int(KvDType::Int8) << int(engine::SplitMode::Pipeline) << 2;
            QTest::addRow("gemma2 %s tensor x2", mname)
                << 2 << int(mode) << int(KvDType::F16) << int(engine::SplitMode::Tensor) << 2;
        }
        // Gemma 3's pattern leaves stories260K's 5 layers all windowed: no full layer at all.
        QTest::addRow("gemma3 paged f32") << 3 << int(KvCacheMode::Paged) << int(KvDType::F32) << 0 << 1;
        QTest::addRow("gemma3 contiguous f16 pipeline x2")
            << 3 << int(KvCacheMode::Contiguous) << int(KvDType::F16) << int(engine::SplitMode::Pipeline) << 2;
    }

    void logitsMatchFullCache()
    {
        QFETCH(int, gemma);
        QFETCH(int, mode);
        QFETCH(int, dtype);
        QFETCH(int, split);
        QFETCH(int, devices);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        testsupport::GemmaFile keep;
        const QString path = testsupport::asGemma(model, dir.filePath("gemma.gguf"), keep,
                                                  gemma == 2 ? testsupport::kGemma2 : testsupport::kGemma3);
        QVERIFY(!path.isEmpty());
        auto e = load(path, split, devices);
        QVERIFY(e);
        engine::LlamaModel& m = e->model();
        QCOMPARE(m.config().slidingWindow, testsupport::kWindow);

        engine::KvCacheConfig kv;
        kv.mode = KvCacheMode(mode);
        kv.dtype = KvDType(dtype);
        kv.blockSize = 8;
        kv.capacityTokens = 256;
        const KvStoreSpec spec = m.kvSpec(kv, 2);
        KvStoreSpec wholeSpec = spec;
        wholeSpec.keepWholeWindowLayers = true;
        auto limited = m.makeStore(spec);
        auto whole = m.makeStore(wholeSpec);
        QVERIFY(limited && whole);
        QVERIFY(limited->windowHeldApart());
        QVERIFY(!whole->windowHeldApart());
        QCOMPARE(limited->shardCount(), devices);
        QVERIFY(limited->stats().allocatedBytes < whole->stats().allocatedBytes);
        QCOMPARE(limited->stats().allocatedBytes, engine::kvCacheBytes(spec));
        uint64_t shards = 0;
        for (int i = 0; i < limited->shardCount(); ++i) shards += limited->shardStats(i).allocatedBytes;
        QCOMPARE(shards, limited->stats().allocatedBytes);

        const int64_t length = 6 * testsupport::kWindow;
        const std::vector<float> want = runTwoSequences(m, *whole, length);
        const std::vector<float> got = runTwoSequences(m, *limited, length);
        QVERIFY(!want.empty());
        QCOMPARE(got.size(), want.size());
        QVERIFY(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0);
        // Each sequence's window layers held at most a ring the whole time.
        const engine::KvGroupMemory w = limited->stats().groups.back();
        QCOMPARE(w.name, std::string("window"));
        QVERIFY(w.blocksTotal - w.blocksFree <= 2 * limited->windowRingBlocks());
    }
};

QTEST_GUILESS_MAIN(TestKvWindow)
#include "tst_kv_window.moc"
