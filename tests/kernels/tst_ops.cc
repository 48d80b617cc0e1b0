// Every fast CPU op against its scalar reference, on odd and aligned shapes and
// every weight type; plus the invariances the engine relies on: a row's result
// does not depend on the thread count or on how many tokens share the call.
#include <QTest>

#include <hwy/targets.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "common/host_calls.h"
#include "common/random.h"
#include "kernels/api/half.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"
#include "kernels/cpu/matmul.h"
#include "kernels/cpu/packed_rows.h"
#include "kernels/cpu/simd.h"

using kernels::DType;

namespace {

using testsupport::randomVector;

// Random but valid blocks for types without a quantizer: random quant bits with
// sane fp16 scales (every bit pattern of the quant fields is a valid block).
std::vector<uint8_t> randomBlocks(DType type, int64_t rows, int64_t cols, uint32_t seed)
{
    const auto t = kernels::traitsOf(type);
    const size_t rowBytes = kernels::bytesFor(type, cols);
    std::vector<uint8_t> bytes(rowBytes * rows);
    std::mt19937 gen(seed);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(gen());
    // Overwrite every fp16 field we know of with a small normal scale.
    const uint16_t half = kernels::fp32ToFp16(0.01f);
    const uint16_t halfMin = kernels::fp32ToFp16(0.002f);
    for (size_t blk = 0; blk < bytes.size() / t.blockBytes; ++blk) {
        uint8_t* p = bytes.data() + blk * t.blockBytes;
        switch (type) {
        case DType::Q4_1: case DType::Q5_1:
            std::memcpy(p, &half, 2);
            std::memcpy(p + 2, &halfMin, 2);
            break;
        case DType::Q4_0: case DType::Q5_0: case DType::Q8_0: std::memcpy(p, &half, 2); break;
        case DType::Q2_K: case DType::Q4_K: case DType::Q5_K:
            std::memcpy(p + (type == DType::Q2_K ? 80 : 0), &half, 2);
            std::memcpy(p + (type == DType::Q2_K ? 82 : 2), &halfMin, 2);
            break;
        case DType::Q3_K: std::memcpy(p + 108, &half, 2); break;
        case DType::Q6_K: std::memcpy(p + 208, &half, 2); break;
        default: break;
        }
    }
    return bytes;
}

const DType kAllWeightTypes[] = {DType::F32,  DType::F16,  DType::BF16, DType::Q8_0, DType::Q4_0,
                                 DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q2_K, DType::Q3_K,
                                 DType::Q4_K, DType::Q5_K, DType::Q6_K};

struct TestMatrix {
    std::vector<uint8_t> bytes;
    kernels::Tensor ref;
};

// Quantized from Gaussian weights where a quantizer exists, else random blocks.
TestMatrix makeMatrix(DType type, int64_t rows, int64_t cols, uint32_t seed, bool randomCodes = false)
{
    TestMatrix m;
    const size_t rowBytes = kernels::bytesFor(type, cols);
    if (kernels::ref::canQuantize(type) && !randomCodes) {
        const std::vector<float> w = randomVector(static_cast<size_t>(rows * cols), seed, 0.1f);
        m.bytes.resize(rowBytes * rows);
        for (int64_t r = 0; r < rows; ++r)
            kernels::ref::quantizeRow(type, w.data() + r * cols, m.bytes.data() + r * rowBytes, cols);
    } else {
        m.bytes = randomBlocks(type, rows, cols, seed);
    }
    m.ref = kernels::Tensor{type, m.bytes.data(), rows, cols, rowBytes};
    return m;
}

// Scale of a product row: sum |w| |x|, the natural yardstick for rounding error.
double absDot(const kernels::Tensor& w, int64_t r, const float* x)
{
    std::vector<float> row(static_cast<size_t>(w.cols));
    kernels::ref::dequantizeRow(w.type, w.row(r), row.data(), w.cols);
    double s = 0.0;
    for (int64_t c = 0; c < w.cols; ++c) s += std::fabs(row[c]) * std::fabs(x[c]);
    return s;
}

// Stated tolerances, relative to sum |w||x| of the row:
//  - float weights: only summation order differs -> 1e-5;
//  - block-quantized weights: the fused kernels quantize the activations to
//    8 bits per 32-block, error up to 0.5/127 of the block's max |x| per value;
//    with Gaussian activations that stays well below 1e-2 of sum |w||x|.
double toleranceFor(DType type)
{
    return kernels::cpu::wantsQuantizedActs(type) ? 1e-2 : 1e-5;
}

}  // namespace

class TestOps : public QObject {
    Q_OBJECT

private slots:
    void matmulMatchesReference_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("tokens");
        for (DType t : kAllWeightTypes) {
            const bool kQuant = kernels::traitsOf(t).blockSize == 256;
            const bool blockQuant = kernels::traitsOf(t).blockSize == 32;
            std::vector<int> colsList = kQuant ? std::vector<int>{256, 512, 4096}
                                        : blockQuant ? std::vector<int>{32, 96, 256, 4096}
                                                     : std::vector<int>{1, 7, 64, 172, 256, 4099};
            // 13 rows: one packed group of eight and five rows read as stored.
            const std::vector<int> rowsList = kernels::cpu::packsRows(t) ? std::vector<int>{1, 7, 13, 64}
                                                                         : std::vector<int>{1, 7, 64};
            for (int cols : colsList)
                for (int rows : rowsList)
                    for (int tokens : {1, 3, 17}) {
                        if (cols >= 4096 && (rows > 7 || tokens > 3)) continue;  // keep the suite fast
                        const std::string name = std::string(kernels::dtypeName(t)) + " " + std::to_string(rows) +
                                                 "x" + std::to_string(cols) + " t" + std::to_string(tokens);
                        QTest::newRow(name.c_str()) << static_cast<int>(t) << rows << cols << tokens;
                    }
        }
    }

    void matmulMatchesReference()
    {
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(int, tokens);
        const DType t = static_cast<DType>(type);
        const TestMatrix m = makeMatrix(t, rows, cols, 7u * rows + cols);
        const std::vector<float> x = randomVector(static_cast<size_t>(tokens * cols), 99u + tokens);
        std::vector<float> yRef(static_cast<size_t>(tokens * rows)), yCpu(yRef.size());
        testing::matmul(*kernels::makeRefOps(), m.ref, x.data(), tokens, yRef.data());
        auto cpu = kernels::makeCpuOps(2);
        const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);
        QCOMPARE(packed.t.packed != nullptr, (kernels::cpu::packsRows(t) && rows >= kernels::cpu::kPackRows) ||
                                                 kernels::cpu::copiesRows(t));
        for (const kernels::Tensor* w : {&m.ref, &packed.t}) {
            if (w == &packed.t && !w->packed) continue;
            testing::matmul(*cpu, *w, x.data(), tokens, yCpu.data());
            for (int tok = 0; tok < tokens; ++tok)
                for (int r = 0; r < rows; ++r) {
                    const double scale = absDot(m.ref, r, x.data() + tok * cols) + 1e-6;
                    const double err = std::fabs(yRef[tok * rows + r] - yCpu[tok * rows + r]) / scale;
                    if (!(err <= toleranceFor(t)))
                        QFAIL(qPrintable(QStringLiteral("%1row %2 token %3: ref %4 cpu %5 (relative error %6)")
                                             .arg(w->packed ? "packed " : "")
                                             .arg(r)
                                             .arg(tok)
                                             .arg(yRef[tok * rows + r])
                                             .arg(yCpu[tok * rows + r])
                                             .arg(err)));
                }
        }
    }

    // A row's value must be bit-identical whether computed alone, inside a
    // batch, or with another thread count (batch invariance).
    void matmulIsBatchAndThreadInvariant_data()
    {
        QTest::addColumn<int>("type");
        for (DType t : kAllWeightTypes)
            QTest::newRow(std::string(kernels::dtypeName(t)).c_str()) << static_cast<int>(t);
    }

    void matmulIsBatchAndThreadInvariant()
    {
        QFETCH(int, type);
        const DType t = static_cast<DType>(type);
        // cols 512 works for every block type; float weights take 515 so the
        // vector loop leaves a tail. 70 tokens cross the kernels' token block
        // (64) and leave partial tiles on both sides of it.
        const bool blocked = kernels::traitsOf(t).blockSize > 1;
        const int64_t rows = 67, cols = blocked ? 512 : 515, tokens = 70;
        // 67 rows: eight packed groups and three rows read as stored, where packed.
        const TestMatrix m = makeMatrix(t, rows, cols, 3);
        const std::vector<float> x = randomVector(static_cast<size_t>(tokens * cols), 5);
        auto twoThreads = kernels::makeCpuOps(2);
        auto oneThread = kernels::makeCpuOps(1);
        const testing::PackedMatrix packed = testing::packedCopy(*twoThreads, m.ref);
        for (const kernels::Tensor* w : {&m.ref, &packed.t}) {
            if (w == &packed.t && !w->packed) continue;
            const QString what = w->packed ? QStringLiteral("packed: ") : QString();
            std::vector<float> batched(static_cast<size_t>(tokens * rows)), single(static_cast<size_t>(rows));
            testing::matmul(*twoThreads, *w, x.data(), tokens, batched.data());
            for (int64_t tok = 0; tok < tokens; ++tok) {
                testing::matmul(*oneThread, *w, x.data() + tok * cols, 1, single.data());
                QVERIFY2(std::memcmp(single.data(), batched.data() + tok * rows, rows * sizeof(float)) == 0,
                         qPrintable(what + QStringLiteral("token %1 alone differs from the batch of 70").arg(tok)));
            }
            // Tokens 3..5 as a batch of 3 on one thread: the same bits again.
            std::vector<float> three(static_cast<size_t>(3 * rows));
            testing::matmul(*oneThread, *w, x.data() + 3 * cols, 3, three.data());
            QVERIFY2(std::memcmp(three.data(), batched.data() + 3 * rows, three.size() * sizeof(float)) == 0,
                     qPrintable(what + "a batch of 3 differs"));
        }
    }

    // The VNNI tile and the AVX2 tile compute the same exact integer dots and
    // the same float sequence: switching VNNI off must not move a bit.
    void packedVnniGivesTheSameBits()
    {
        if (!kernels::cpu::packedVnni()) QSKIP("this CPU (or build) has no AVX-512 VNNI; the AVX2 tile ran everywhere");
        for (DType t : {DType::Q4_0, DType::Q8_0}) {
            const int64_t rows = 40, cols = 512, tokens = 7;
            const TestMatrix m = makeMatrix(t, rows, cols, 61, /*randomCodes=*/true);
            auto cpu = kernels::makeCpuOps(2);
            const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);
            const std::vector<float> x = randomVector(static_cast<size_t>(tokens * cols), 62);
            std::vector<float> vnni(static_cast<size_t>(tokens * rows)), avx2(vnni.size());
            testing::matmul(*cpu, packed.t, x.data(), tokens, vnni.data());
            kernels::cpu::allowPackedVnni(false);
            QVERIFY(!kernels::cpu::packedVnni());
            testing::matmul(*cpu, packed.t, x.data(), tokens, avx2.data());
            kernels::cpu::allowPackedVnni(true);
            QVERIFY2(std::memcmp(vnni.data(), avx2.data(), vnni.size() * sizeof(float)) == 0,
                     kernels::dtypeName(t).data());
        }
    }

    // A packed table serves embedding lookups from the packed copy (a tied
    // classifier is resident once): the same floats as the stored rows, and
    // every row read back byte for byte.
    void embedRowsReadsPackedTable()
    {
        for (DType t : {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K, DType::Q3_K,
                        DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::F16, DType::F32}) {
            const int64_t rows = 21, cols = kernels::traitsOf(t).blockSize == 256 ? 512 : 96;
            const TestMatrix m = makeMatrix(t, rows, cols, 51, /*randomCodes=*/true);
            auto cpu = kernels::makeCpuOps(1);
            const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);
            QVERIFY(packed.t.packed);
            std::vector<uint8_t> stored(kernels::bytesFor(t, cols));
            for (int64_t r = 0; r < kernels::cpu::packedRows(packed.t); ++r) {
                kernels::cpu::unpackRow(packed.t, r, stored.data());
                QVERIFY(std::memcmp(stored.data(), m.ref.row(r), stored.size()) == 0);
            }
            std::vector<int32_t> ids(rows + 2);
            for (int64_t i = 0; i < rows; ++i) ids[i] = static_cast<int32_t>(rows - 1 - i);
            ids[rows] = -1;
            ids[rows + 1] = static_cast<int32_t>(rows);  // out of range: zeros, as for the stored table
            std::vector<float> fromStored(ids.size() * cols), fromPacked(fromStored.size());
            testing::embedRows(*cpu, m.ref, ids.data(), int64_t(ids.size()), fromStored.data());
            testing::embedRows(*cpu, packed.t, ids.data(), int64_t(ids.size()), fromPacked.data());
            QVERIFY(std::memcmp(fromStored.data(), fromPacked.data(), fromStored.size() * sizeof(float)) == 0);
        }
    }

    // Row ranges that cut a packed group (no thread split does, but the kernel
    // must not depend on it): every row keeps the bits of the whole call.
    void packedMatmulIsRangeInvariant_data()
    {
        QTest::addColumn<int>("type");
        for (DType t : {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K, DType::Q3_K,
                        DType::Q4_K, DType::Q5_K, DType::Q6_K})
            QTest::newRow(std::string(kernels::dtypeName(t)).c_str()) << static_cast<int>(t);
    }

    void packedMatmulIsRangeInvariant()
    {
        QFETCH(int, type);
        const DType t = static_cast<DType>(type);
        const int64_t rows = 37, cols = 256, tokens = 6, blocks = cols / 32;
        const TestMatrix m = makeMatrix(t, rows, cols, 41);
        const testing::PackedMatrix packed = testing::packedCopy(*kernels::makeCpuOps(1), m.ref);
        QVERIFY(packed.t.packed);
        const std::vector<float> x = randomVector(static_cast<size_t>(tokens * cols), 42);
        std::vector<int8_t> q(static_cast<size_t>(tokens * cols));
        std::vector<float> d(static_cast<size_t>(tokens * blocks));
        std::vector<int32_t> sums(d.size()), offset8(d.size() * 8), halfSums(d.size() * 2);
        for (int64_t tok = 0; tok < tokens; ++tok)
            kernels::cpu::quantizeActs(x.data() + tok * cols, cols, q.data() + tok * cols, d.data() + tok * blocks,
                                       sums.data() + tok * blocks, offset8.data() + tok * blocks * 8,
                                       halfSums.data() + tok * blocks * 2);
        const kernels::cpu::QuantizedActs acts{q.data(), d.data(), sums.data(), offset8.data(), halfSums.data()};
        std::vector<float> whole(static_cast<size_t>(tokens * rows)), cut(whole.size(), -1.0f);
        kernels::cpu::matmulRows(packed.t, x.data(), acts, tokens, whole.data(), 0, rows);
        for (auto [r0, r1] : {std::pair<int64_t, int64_t>{0, 3}, {3, 13}, {13, 16}, {16, 35}, {35, 37}})
            kernels::cpu::matmulRows(packed.t, x.data(), acts, tokens, cut.data(), r0, r1);
        QVERIFY(std::memcmp(whole.data(), cut.data(), whole.size() * sizeof(float)) == 0);
        // The packed copy agrees with the reference, and a row slice on a group keeps its groups.
        const kernels::Tensor slice = packed.t.rowSlice(8, 37);
        QVERIFY(slice.packed);
        QVERIFY(!packed.t.rowSlice(3, 37).packed);
        QVERIFY(!packed.t.colSlice(0, 128).packed);
        std::vector<float> sliced(static_cast<size_t>(tokens * slice.rows));
        kernels::cpu::matmulRows(slice, x.data(), acts, tokens, sliced.data(), 0, slice.rows);
        for (int64_t tok = 0; tok < tokens; ++tok)
            for (int64_t r = 0; r < 24; ++r)  // the slice's three whole groups: the same lanes, the same bits
                QCOMPARE(sliced[tok * slice.rows + r], whole[tok * rows + 8 + r]);
    }

    // Quantizers never emit some codes (Q8_0's -128, for one) that a file may
    // still hold; the kernels must take every bit pattern.
    void matmulTakesEveryCode_data()
    {
        QTest::addColumn<int>("type");
        for (DType t : {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1})
            QTest::newRow(std::string(kernels::dtypeName(t)).c_str()) << static_cast<int>(t);
    }

    void matmulTakesEveryCode()
    {
        QFETCH(int, type);
        const DType t = static_cast<DType>(type);
        const int64_t rows = 64, cols = 1024, tokens = 2;
        const TestMatrix m = makeMatrix(t, rows, cols, 17, /*randomCodes=*/true);
        const std::vector<float> x = randomVector(static_cast<size_t>(tokens * cols), 18);
        std::vector<float> yRef(static_cast<size_t>(tokens * rows)), yCpu(yRef.size());
        testing::matmul(*kernels::makeRefOps(), m.ref, x.data(), tokens, yRef.data());
        auto cpu = kernels::makeCpuOps(2);
        const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);
        for (const kernels::Tensor* w : {&m.ref, &packed.t}) {
            if (w == &packed.t && !w->packed) continue;
            testing::matmul(*cpu, *w, x.data(), tokens, yCpu.data());
            for (int64_t i = 0; i < tokens * rows; ++i) {
                const double scale = absDot(m.ref, i % rows, x.data() + (i / rows) * cols) + 1e-6;
                QVERIFY2(std::fabs(yRef[i] - yCpu[i]) / scale <= toleranceFor(t),
                         qPrintable(QStringLiteral("%1output %2: ref %3 cpu %4")
                                        .arg(w->packed ? "packed " : "")
                                        .arg(i)
                                        .arg(yRef[i])
                                        .arg(yCpu[i])));
            }
        }
    }

    void elementwiseOps()
    {
        auto ref = kernels::makeRefOps();
        auto cpu = kernels::makeCpuOps(2);
        for (int n : {1, 7, 64, 172, 2049}) {
            const std::vector<float> x = randomVector(static_cast<size_t>(3 * n), n);
            const std::vector<float> w = randomVector(static_cast<size_t>(n), n + 1);
            std::vector<float> a(x.size()), b(x.size());
            testing::rmsnorm(*ref, a.data(), x.data(), w.data(), 3, n, 1e-5f);
            testing::rmsnorm(*cpu, b.data(), x.data(), w.data(), 3, n, 1e-5f);
            for (size_t i = 0; i < a.size(); ++i) QVERIFY(std::fabs(a[i] - b[i]) <= 1e-5f * (1 + std::fabs(a[i])));

            std::vector<float> g1 = x, g2 = x;
            const std::vector<float> up = randomVector(x.size(), n + 2);
            testing::siluMul(*ref, g1.data(), up.data(), static_cast<int64_t>(x.size()));
            testing::siluMul(*cpu, g2.data(), up.data(), static_cast<int64_t>(x.size()));
            for (size_t i = 0; i < g1.size(); ++i) QVERIFY(std::fabs(g1[i] - g2[i]) <= 1e-5f * (1 + std::fabs(g1[i])));

            std::vector<float> s1(x.begin(), x.begin() + n), s2 = s1;
            testing::softmax(*ref, s1.data(), n);
            testing::softmax(*cpu, s2.data(), n);
            for (int i = 0; i < n; ++i) QVERIFY(std::fabs(s1[i] - s2[i]) <= 1e-6f);
        }
    }

    // Elementwise results must not depend on where a call's range starts or
    // ends (the model flattens tokens x features, so the split moves with the batch).
    void siluMulIsPositionInvariant()
    {
        auto cpu = kernels::makeCpuOps(2);
        const std::vector<float> up = randomVector(1204, 31);
        const std::vector<float> g = randomVector(1204, 32);
        std::vector<float> whole = g, pieces = g;
        testing::siluMul(*cpu, whole.data(), up.data(), 1204);
        testing::siluMul(*cpu, pieces.data(), up.data(), 1201);
        testing::siluMul(*cpu, pieces.data() + 1201, up.data() + 1201, 3);
        QVERIFY(std::memcmp(whole.data(), pieces.data(), whole.size() * sizeof(float)) == 0);
    }

    // The heads that share a key head are scored and summed together; each
    // query's scores and outputs keep the bits it gets alone.
    void attentionLoopsGiveEachQueryItsOwnBits()
    {
        namespace kc = kernels::cpu;
        for (int64_t dim : {1, 7, 16, 64, 80, 131}) {
            const int64_t keys = 11;
            const uint32_t seed = 100 + static_cast<uint32_t>(dim);
            const std::vector<float> k = randomVector(static_cast<size_t>(keys * dim), seed);
            std::vector<const float*> rows;
            for (int64_t i = 0; i < keys; ++i) rows.push_back(k.data() + i * dim);
            for (int nq = 1; nq <= 4; ++nq) {
                std::vector<std::vector<float>> qs, ws;
                std::vector<const float*> qp, wp;
                std::vector<std::vector<float>> scores(nq, std::vector<float>(keys)), outs = scores;
                std::vector<float*> sp, op;
                for (int g = 0; g < nq; ++g) {
                    qs.push_back(randomVector(static_cast<size_t>(dim), seed + 10 * g + 1));
                    ws.push_back(randomVector(static_cast<size_t>(keys), seed + 10 * g + 2));
                    outs[g].assign(static_cast<size_t>(dim), 0.25f * g);
                }
                for (int g = 0; g < nq; ++g) {
                    qp.push_back(qs[g].data());
                    wp.push_back(ws[g].data());
                    sp.push_back(scores[g].data());
                    op.push_back(outs[g].data());
                }
                kc::dotManyQueries(qp.data(), nq, rows.data(), keys, dim, sp.data());
                kc::weightedSumAddQueries(wp.data(), nq, rows.data(), keys, dim, op.data());
                for (int g = 0; g < nq; ++g) {
                    std::vector<float> alone(static_cast<size_t>(keys)), sum(static_cast<size_t>(dim), 0.25f * g);
                    kc::dotMany(qs[g].data(), rows.data(), keys, dim, alone.data());
                    kc::weightedSumAdd(ws[g].data(), rows.data(), keys, dim, sum.data());
                    QVERIFY(std::memcmp(alone.data(), scores[g].data(), alone.size() * sizeof(float)) == 0);
                    QVERIFY(std::memcmp(sum.data(), outs[g].data(), sum.size() * sizeof(float)) == 0);
                }
            }
        }
    }

    // An fp16 KV cache is read in place: on every SIMD target the loops over
    // fp16 rows give exactly what they give over the rows decoded to floats,
    // infinities, subnormals and signed zeros included (the portable targets'
    // own fp16 promotion would read an infinity as a finite number).
    void attentionLoopsReadFp16RowsAsTheirFloats()
    {
        namespace kc = kernels::cpu;
        const uint16_t specials[] = {0x7C00, 0xFC00, 0x0001, 0x83FF, 0x7BFF, 0x8000, 0x0000, 0x03FF};
        std::vector<std::string> checked;
        for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
            hwy::SetSupportedTargetsForTest(target);
            const std::string name = kernels::cpuSimdTargets().front();
            if (std::find(checked.begin(), checked.end(), name) != checked.end()) continue;
            checked.push_back(name);
            for (int64_t dim : {1, 7, 16, 64, 72, 131}) {
                const int64_t keys = 11;
                const uint32_t seed = 300 + static_cast<uint32_t>(dim);
                const std::vector<float> k = randomVector(static_cast<size_t>(keys * dim), seed);
                std::vector<uint16_t> half(k.size());
                for (size_t i = 0; i < k.size(); ++i) half[i] = kernels::fp32ToFp16(k[i]);
                // Keys 3 and 8 carry the special values, each at a different lane.
                for (size_t s = 0; s < std::size(specials); ++s) {
                    half[static_cast<size_t>(3 * dim) + s * 5 % static_cast<size_t>(dim)] = specials[s];
                    half[static_cast<size_t>(8 * dim) + s * 3 % static_cast<size_t>(dim)] = specials[s];
                }
                std::vector<float> decoded(half.size());
                for (size_t i = 0; i < half.size(); ++i) decoded[i] = kernels::fp16ToFp32(half[i]);
                std::vector<const uint16_t*> halfRows;
                std::vector<const float*> floatRows;
                for (int64_t i = 0; i < keys; ++i) {
                    halfRows.push_back(half.data() + i * dim);
                    floatRows.push_back(decoded.data() + i * dim);
                }
                for (int nq = 1; nq <= 4; ++nq) {
                    std::vector<std::vector<float>> qs, ws;
                    std::vector<const float*> qp, wp;
                    for (int g = 0; g < nq; ++g) {
                        qs.push_back(randomVector(static_cast<size_t>(dim), seed + 10 * g + 1));
                        ws.push_back(randomVector(static_cast<size_t>(keys), seed + 10 * g + 2));
                    }
                    for (int g = 0; g < nq; ++g) {
                        qp.push_back(qs[g].data());
                        wp.push_back(ws[g].data());
                    }
                    std::vector<std::vector<float>> s16(nq, std::vector<float>(keys)), s32 = s16;
                    std::vector<std::vector<float>> o16(nq, std::vector<float>(static_cast<size_t>(dim), 0.5f)), o32 = o16;
                    std::vector<float*> s16p, s32p, o16p, o32p;
                    for (int g = 0; g < nq; ++g) {
                        s16p.push_back(s16[g].data());
                        s32p.push_back(s32[g].data());
                        o16p.push_back(o16[g].data());
                        o32p.push_back(o32[g].data());
                    }
                    kc::dotManyQueries(qp.data(), nq, halfRows.data(), keys, dim, s16p.data());
                    kc::dotManyQueries(qp.data(), nq, floatRows.data(), keys, dim, s32p.data());
                    kc::weightedSumAddQueries(wp.data(), nq, halfRows.data(), keys, dim, o16p.data());
                    kc::weightedSumAddQueries(wp.data(), nq, floatRows.data(), keys, dim, o32p.data());
                    const std::string where = name + " dim " + std::to_string(dim) + " queries " + std::to_string(nq);
                    for (int g = 0; g < nq; ++g) {
                        QVERIFY2(std::memcmp(s16[g].data(), s32[g].data(), s16[g].size() * sizeof(float)) == 0,
                                 where.c_str());
                        QVERIFY2(std::memcmp(o16[g].data(), o32[g].data(), o16[g].size() * sizeof(float)) == 0,
                                 where.c_str());
                    }
                    // The specials do reach the results: key 3's score is not finite
                    // (each special at its own lane once there are eight).
                    if (dim >= 8) QVERIFY2(!std::isfinite(s16[0][3]), where.c_str());
                }
            }
        }
        hwy::SetSupportedTargetsForTest(0);  // back to the real CPU
        QVERIFY(!checked.empty());
    }

    // Attention's inner loops against double-precision sums, on odd and
    // aligned head sizes; a key's score and an output's sum must not depend on
    // how many keys are handled together or where a chunk ends.
    void attentionLoopsMatchReferenceAndAreGroupInvariant()
    {
        namespace kc = kernels::cpu;
        for (int64_t dim : {1, 7, 8, 64, 80, 128, 131}) {
            const int64_t keys = 9;
            const std::vector<float> q = randomVector(static_cast<size_t>(dim), 1 + static_cast<uint32_t>(dim));
            const std::vector<float> k = randomVector(static_cast<size_t>(keys * dim), 2 + static_cast<uint32_t>(dim));
            std::vector<const float*> rows;
            for (int64_t i = 0; i < keys; ++i) rows.push_back(k.data() + i * dim);
            std::vector<float> all(static_cast<size_t>(keys));
            kc::dotMany(q.data(), rows.data(), keys, dim, all.data());
            for (int64_t i = 0; i < keys; ++i) {
                double ref = 0.0, mag = 0.0;
                for (int64_t j = 0; j < dim; ++j) {
                    ref += double(q[j]) * k[i * dim + j];
                    mag += std::fabs(double(q[j]) * k[i * dim + j]);
                }
                QVERIFY(std::fabs(all[i] - ref) <= 1e-6 * (mag + 1e-6));
                // Alone, or as the first key of a group of 1..4: the same bits.
                for (int64_t n = 1; n <= std::min<int64_t>(4, keys - i); ++n) {
                    float alone[4];
                    kc::dotMany(q.data(), rows.data() + i, n, dim, alone);
                    QCOMPARE(alone[0], all[i]);
                }
            }

            const std::vector<float> w = randomVector(static_cast<size_t>(keys), 3 + static_cast<uint32_t>(dim));
            std::vector<float> once(static_cast<size_t>(dim), 0.5f), split = once;
            kc::weightedSumAdd(w.data(), rows.data(), keys, dim, once.data());
            kc::weightedSumAdd(w.data(), rows.data(), 5, dim, split.data());
            kc::weightedSumAdd(w.data() + 5, rows.data() + 5, keys - 5, dim, split.data());
            QVERIFY(std::memcmp(once.data(), split.data(), once.size() * sizeof(float)) == 0);
            for (int64_t j = 0; j < dim; ++j) {
                double ref = 0.5, mag = 0.5;
                for (int64_t i = 0; i < keys; ++i) {
                    ref += double(w[i]) * k[i * dim + j];
                    mag += std::fabs(double(w[i]) * k[i * dim + j]);
                }
                QVERIFY(std::fabs(once[j] - ref) <= 1e-6 * mag);
            }
        }
        for (int64_t n : {1, 3, 8, 9, 100}) {
            std::vector<float> x = randomVector(static_cast<size_t>(n), 40 + static_cast<uint32_t>(n), 8.0f);
            std::vector<double> ref(x.begin(), x.end());
            const double mx = *std::max_element(ref.begin(), ref.end());
            double sum = 0.0;
            for (double& v : ref) sum += (v = std::exp(v - mx));
            kc::softmax(x.data(), n);
            for (int64_t i = 0; i < n; ++i) QVERIFY(std::fabs(x[i] - ref[i] / sum) <= 1e-6 * (ref[i] / sum) + 1e-9);
        }
    }

    void ropeMatchesReference()
    {
        auto ref = kernels::makeRefOps();
        auto cpu = kernels::makeCpuOps(2);
        const int64_t tokens = 3, heads = 4, headDim = 16;
        for (int64_t rotDim : {16, 8}) {
            std::vector<float> a = randomVector(static_cast<size_t>(tokens * heads * headDim), 11), b = a;
            const int32_t positions[] = {0, 5, 511};
            testing::ropeAdjacent(*ref, a.data(), tokens, heads, headDim, rotDim, positions, 10000.0f);
            testing::ropeAdjacent(*cpu, b.data(), tokens, heads, headDim, rotDim, positions, 10000.0f);
            QCOMPARE(a, b);
        }
        // Position 0 is the identity; pairs keep their norm.
        std::vector<float> v = randomVector(16, 12), orig = v;
        const int32_t zero = 0;
        testing::ropeAdjacent(*ref, v.data(), 1, 1, 16, 16, &zero, 10000.0f);
        QCOMPARE(v, orig);
        const int32_t p = 7;
        testing::ropeAdjacent(*ref, v.data(), 1, 1, 16, 16, &p, 10000.0f);
        for (int i = 0; i < 16; i += 2)
            QVERIFY(std::fabs(std::hypot(v[i], v[i + 1]) - std::hypot(orig[i], orig[i + 1])) < 1e-5f);
    }

    void attentionMatchesReference()
    {
        auto ref = kernels::makeRefOps();
        auto cpu = kernels::makeCpuOps(2);
        const int64_t heads = 8, kvHeads = 4, headDim = 8, ctx = 20, tokens = 4;
        const std::vector<float> q = randomVector(static_cast<size_t>(tokens * heads * headDim), 1);
        const std::vector<float> k = randomVector(static_cast<size_t>(ctx * kvHeads * headDim), 2);
        const std::vector<float> v = randomVector(static_cast<size_t>(ctx * kvHeads * headDim), 3);
        const int32_t positions[] = {16, 17, 18, 19};
        std::vector<float> a(q.size()), b(q.size());
        testing::attention(*ref, a.data(), q.data(), tokens, positions, k.data(), v.data(), heads, kvHeads, headDim);
        testing::attention(*cpu, b.data(), q.data(), tokens, positions, k.data(), v.data(), heads, kvHeads, headDim);
        for (size_t i = 0; i < a.size(); ++i) QVERIFY(std::fabs(a[i] - b[i]) <= 1e-5f * (1 + std::fabs(a[i])));
        // Causality: position 0 attends only to itself, so its output is v[0] of its kv head.
        const int32_t first = 0;
        std::vector<float> out(static_cast<size_t>(heads * headDim));
        testing::attention(*cpu, out.data(), q.data(), 1, &first, k.data(), v.data(), heads, kvHeads, headDim);
        for (int64_t h = 0; h < heads; ++h)
            for (int64_t i = 0; i < headDim; ++i)
                QVERIFY(std::fabs(out[h * headDim + i] - v[(h / 2) * headDim + i]) < 1e-6f);
    }

    void embedRowsDequantizes()
    {
        const TestMatrix m = makeMatrix(DType::Q8_0, 10, 64, 4);
        const int32_t ids[] = {9, 0, 9};
        std::vector<float> a(3 * 64), b(3 * 64), row(64);
        testing::embedRows(*kernels::makeRefOps(), m.ref, ids, 3, a.data());
        testing::embedRows(*kernels::makeCpuOps(2), m.ref, ids, 3, b.data());
        QCOMPARE(a, b);
        kernels::ref::dequantizeRow(DType::Q8_0, m.ref.row(9), row.data(), 64);
        QVERIFY(std::memcmp(row.data(), a.data(), 64 * sizeof(float)) == 0);
    }

    // The activation codes of every SIMD target against the scalar formula:
    // d = max|x| / 127, q = x * (1 / d) rounded half away from zero. Values
    // that land on a half (and zero blocks, and -0) included.
    void everyTargetQuantizesActsByTheFormula()
    {
        const int64_t n = 128;
        std::vector<float> x = randomVector(n, 77);
        // Block 1: amax 127, so d = 1 and the codes are the values, here all halves (-15.5 .. 14.5).
        for (int64_t i = 32; i < 64; ++i) x[i] = static_cast<float>(i - 48) + 0.5f;
        x[32] = 127.0f;
        for (int64_t i = 64; i < 96; ++i) x[i] = 0.0f;
        x[96] = -0.0f;
        std::vector<int8_t> want(n);
        std::vector<float> wantD(n / 32);
        std::vector<int32_t> wantS(n / 32), wantS16(n / 16);
        for (int64_t b = 0; b < n / 32; ++b) {
            float amax = 0.0f;
            for (int64_t i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[32 * b + i]));
            wantD[b] = amax / 127.0f;
            const float inv = wantD[b] > 0.0f ? 1.0f / wantD[b] : 0.0f;
            for (int64_t i = 0; i < 32; ++i) {
                const float v = x[32 * b + i] * inv;
                want[32 * b + i] = static_cast<int8_t>(static_cast<int>(v + (v >= 0.0f ? 0.5f : -0.5f)));
                wantS[b] += want[32 * b + i];
                wantS16[2 * b + i / 16] += want[32 * b + i];
            }
        }
        std::vector<std::string> checked;
        for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
            hwy::SetSupportedTargetsForTest(target);
            const std::string name = kernels::cpuSimdTargets().front();
            if (std::find(checked.begin(), checked.end(), name) != checked.end()) continue;
            checked.push_back(name);
            std::vector<int8_t> q(n);
            std::vector<float> d(n / 32);
            std::vector<int32_t> s(n / 32), offset8(n / 32 * 8), s16(n / 16);
            kernels::cpu::quantizeActs(x.data(), n, q.data(), d.data(), s.data(), offset8.data(), s16.data());
            QVERIFY2(q == want, name.c_str());
            QVERIFY2(d == wantD, name.c_str());
            QVERIFY2(s == wantS, name.c_str());
            QVERIFY2(s16 == wantS16, name.c_str());
            for (int64_t b = 0; b < n / 32; ++b) QCOMPARE(offset8[8 * b], 8 * wantS[b]);
        }
        hwy::SetSupportedTargetsForTest(0);  // back to the real CPU
        QVERIFY(!checked.empty());
    }

    // Runs the matmul on every SIMD target compiled in and supported here
    // (e.g. AVX2 and the portable fallback), each against the reference.
    void everyCompiledTargetMatchesReference()
    {
        // The kernels library compiles fewer targets than this file knows of;
        // asking for one it lacks falls back to another, so check each name once.
        const std::vector<int64_t> targets = hwy::SupportedAndGeneratedTargets();
        QVERIFY(!targets.empty());
        std::vector<std::string> checked;
        for (int64_t target : targets) {
            hwy::SetSupportedTargetsForTest(target);
            const std::string name = kernels::cpuSimdTargets().front();
            if (std::find(checked.begin(), checked.end(), name) != checked.end()) continue;
            checked.push_back(name);
            for (DType t : kAllWeightTypes) {
                const int64_t cols = kernels::traitsOf(t).blockSize == 256 ? 512 : 96;
                const TestMatrix m = makeMatrix(t, 9, cols, 21);
                const std::vector<float> x = randomVector(2 * cols, 22);
                std::vector<float> yRef(18), yCpu(18);
                testing::matmul(*kernels::makeRefOps(), m.ref, x.data(), 2, yRef.data());
                auto cpu = kernels::makeCpuOps(2);
                const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);  // 9 rows: one group and one row as stored
                for (const kernels::Tensor* w : {&m.ref, &packed.t}) {
                    if (w == &packed.t && !w->packed) continue;
                    testing::matmul(*cpu, *w, x.data(), 2, yCpu.data());
                    for (int i = 0; i < 18; ++i) {
                        const double scale = absDot(m.ref, i % 9, x.data() + (i / 9) * cols) + 1e-6;
                        QVERIFY2(std::fabs(yRef[i] - yCpu[i]) / scale <= toleranceFor(t),
                                 (name + (w->packed ? " packed " : " ") + std::string(kernels::dtypeName(t))).c_str());
                    }
                }
            }
            qInfo("checked SIMD target %s", name.c_str());
        }
        hwy::SetSupportedTargetsForTest(0);  // back to the real CPU
    }

    void simdTargetIsReported()
    {
        const auto targets = kernels::cpuSimdTargets();
        QVERIFY(!targets.empty());
        QVERIFY(!targets.front().empty());
        qInfo("CPU SIMD target: %s", targets.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TestOps)
#include "tst_ops.moc"
