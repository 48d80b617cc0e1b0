// The CPU attention's two paths give the same bits: one token over a long
// prefix runs position-major with its positions split over the threads
// (kernels/cpu/attention_rows.h), anything else in the per-head tile
// (attention_tile.h). Prefill logits equal decode logits only if both agree,
// for every cache format, head shape, window and thread count.
#include <QTest>

#include <hwy/targets.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "common/host_calls.h"
#include "common/random.h"
#include "kernels/api/kv.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/attention_rows.h"
#include "kernels/cpu/cpu_ops.h"

using kernels::AttentionShape;
using kernels::KvFormat;
using kernels::KvRows;
using testsupport::randomVector;

namespace {

// A paged cache of `len` positions in blocks of 128, the blocks scrambled.
struct PagedCache {
    static constexpr int64_t kBlockTokens = 128;
    std::vector<int32_t> table;
    std::vector<uint8_t> keys, values;
    KvRows k, v;

    PagedCache(KvFormat format, int64_t len, int64_t kvHeads, int64_t headDim, uint32_t seed)
    {
        const int64_t blocks = (len + kBlockTokens - 1) / kBlockTokens;
        table.resize(static_cast<size_t>(blocks));
        std::iota(table.rbegin(), table.rend(), 0);  // last block first in memory
        const uint64_t rowBytes = kernels::kvRowBytes(format, kvHeads, headDim);
        const uint64_t stride = kBlockTokens * rowBytes;
        keys.resize(blocks * stride);
        values.resize(blocks * stride);
        k = {format, keys.data(), table.data(), kBlockTokens, stride, rowBytes, kvHeads, headDim};
        v = {format, values.data(), table.data(), kBlockTokens, stride, rowBytes, kvHeads, headDim};
        const auto ref = kernels::makeRefOps();
        const std::vector<float> kf = randomVector(static_cast<size_t>(len * kvHeads * headDim), seed);
        const std::vector<float> vf = randomVector(kf.size(), seed + 1);
        testing::kvWrite(*ref, k, 0, len, kf.data());
        testing::kvWrite(*ref, v, 0, len, vf.data());
    }
};

std::vector<float> attend(const kernels::Ops& ops, const std::vector<float>& q, const std::vector<int32_t>& positions,
                          const PagedCache& cache, const AttentionShape& shape)
{
    const int64_t tokens = static_cast<int64_t>(positions.size()), width = shape.heads * shape.headDim;
    std::vector<float> out(static_cast<size_t>(tokens * width));
    testing::Stage st(ops);
    ops.attentionCached(st.out(kernels::Tensor::host(out.data(), tokens, width)),
                        st.in(kernels::Tensor::host(q.data(), tokens, width)),
                        st.in(kernels::Tensor::host(positions.data(), tokens, 1)), cache.k, cache.v, shape);
    return out;
}

bool sameBits(const float* a, const float* b, int64_t n)
{
    return std::memcmp(a, b, static_cast<size_t>(n) * sizeof(float)) == 0;
}

}  // namespace

class TestAttention : public QObject {
    Q_OBJECT

private slots:
    void decodeIsPrefillsBitForBit_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("window");
        QTest::addColumn<float>("softcap");
        const int f32 = int(KvFormat::F32), f16 = int(KvFormat::F16), i8 = int(KvFormat::Int8);
        QTest::newRow("mha-f16") << f16 << 12 << 12 << 64 << 0 << 0.0f;
        QTest::newRow("mha-f32") << f32 << 12 << 12 << 64 << 0 << 0.0f;
        QTest::newRow("gqa4-f32-72") << f32 << 8 << 2 << 72 << 0 << 0.0f;
        QTest::newRow("gqa5-f16-16") << f16 << 10 << 2 << 16 << 0 << 0.0f;
        QTest::newRow("gqa3-f32-7") << f32 << 6 << 2 << 7 << 0 << 0.0f;
        QTest::newRow("window-softcap-f16") << f16 << 4 << 2 << 64 << 300 << 30.0f;
        QTest::newRow("int8") << i8 << 4 << 2 << 64 << 0 << 0.0f;
    }

    // The last of three prefill tokens (the tile) and the same token decoded
    // alone (position-major over 700 positions, on 1, 2 and 3 threads): the
    // same bits, on every SIMD target compiled in. Both near the reference's
    // numbers.
    void decodeIsPrefillsBitForBit()
    {
        QFETCH(int, format);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, headDim);
        QFETCH(int, window);
        QFETCH(float, softcap);
        const int64_t len = 700, width = int64_t{heads} * headDim;
        QVERIFY(len >= kernels::cpu::kOneTokenMinPositions);
        const PagedCache cache(static_cast<KvFormat>(format), len, kvHeads, headDim, 7);
        const AttentionShape shape{heads, kvHeads, headDim, 0.0f, softcap, window};
        const std::vector<float> q = randomVector(static_cast<size_t>(3 * width), 9);
        const std::vector<float> lastQ(q.end() - width, q.end());

        const std::vector<float> ref = attend(*kernels::makeRefOps(), lastQ, {699}, cache, shape);
        std::vector<std::string> checked;
        for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
            hwy::SetSupportedTargetsForTest(target);
            const std::string name = kernels::cpuSimdTargets().front();
            if (std::find(checked.begin(), checked.end(), name) != checked.end()) continue;
            checked.push_back(name);
            const std::vector<float> prefill = attend(*kernels::makeCpuOps(2), q, {697, 698, 699}, cache, shape);
            const float* last = prefill.data() + 2 * width;
            for (int threads : {1, 2, 3}) {
                const std::vector<float> decode = attend(*kernels::makeCpuOps(threads), lastQ, {699}, cache, shape);
                QVERIFY2(sameBits(decode.data(), last, width), qPrintable(QString("%1, %2 threads").arg(name.c_str()).arg(threads)));
            }
            for (int64_t i = 0; i < width; ++i)
                QVERIFY2(std::fabs(ref[i] - last[i]) <= 1e-5f * (1.0f + std::fabs(ref[i])),
                         qPrintable(QString("%1, value %2").arg(name.c_str()).arg(i)));
        }
        hwy::SetSupportedTargetsForTest(0);  // back to the real CPU
        QVERIFY(!checked.empty());
        std::string names;
        for (const std::string& name : checked) names += " " + name;
        qInfo("checked SIMD targets:%s", names.c_str());
    }

    // Attention without a cache (contiguous fp32 rows) takes the same two paths.
    void uncachedDecodeIsPrefillsBitForBit()
    {
        const int64_t heads = 6, kvHeads = 3, headDim = 64, len = 513, width = heads * headDim;
        const std::vector<float> k = randomVector(static_cast<size_t>(len * kvHeads * headDim), 3);
        const std::vector<float> v = randomVector(k.size(), 4);
        const std::vector<float> q = randomVector(static_cast<size_t>(2 * width), 5);
        const int32_t both[] = {511, 512}, one[] = {512};
        std::vector<float> prefill(q.size()), decode(static_cast<size_t>(width));
        auto cpu = kernels::makeCpuOps(2);
        testing::attention(*cpu, prefill.data(), q.data(), 2, both, k.data(), v.data(), heads, kvHeads, headDim);
        testing::attention(*cpu, decode.data(), q.data() + width, 1, one, k.data(), v.data(), heads, kvHeads, headDim);
        QVERIFY(sameBits(decode.data(), prefill.data() + width, width));
    }

    // Around the threshold and block edges: a prefix of 255, 256, 257 and 320
    // positions decodes to the bits of the same token in a prefill.
    void decodeAtTheEdges()
    {
        const int64_t heads = 4, kvHeads = 4, headDim = 32, width = heads * headDim;
        const PagedCache cache(KvFormat::F32, 330, kvHeads, headDim, 11);
        const AttentionShape shape{heads, kvHeads, headDim};
        auto cpu = kernels::makeCpuOps(2);
        for (int32_t pos : {254, 255, 256, 319, 320}) {
            const std::vector<float> q = randomVector(static_cast<size_t>(2 * width), 20 + pos);
            const std::vector<float> prefill = attend(*cpu, q, {pos - 1, pos}, cache, shape);
            const std::vector<float> decode = attend(*cpu, std::vector<float>(q.begin() + width, q.end()), {pos}, cache, shape);
            QVERIFY2(sameBits(decode.data(), prefill.data() + width, width), qPrintable(QString::number(pos)));
        }
    }
};

QTEST_GUILESS_MAIN(TestAttention)
#include "tst_attention.moc"
