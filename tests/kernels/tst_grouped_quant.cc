// InferScope's grouped int8/int4 formats (group 32/64/128, symmetric or
// asymmetric; kernels/ref/grouped_layouts.h): traits and ids, the documented
// byte layout, reference round-trip error bounds, the fused CPU matmul against
// the reference (dequantize, then fp32) on every compiled SIMD target, batch
// and thread invariance bit for bit, and embedding rows.
#include <QTest>

#include <hwy/targets.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/host_calls.h"
#include "kernels/api/dtype.h"
#include "kernels/api/half.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"
#include "kernels/cpu/matmul.h"
#include "kernels/cpu/packed_rows.h"
#include "kernels/ref/grouped_layouts.h"

using kernels::DType;
using kernels::blocks::GroupedFormat;

Q_DECLARE_METATYPE(kernels::DType)

namespace {

const DType kProjectTypes[] = {DType::IsQ8G64,  DType::IsQ8G128, DType::IsQ8AG32, DType::IsQ8AG64, DType::IsQ8AG128,
                               DType::IsQ4G64,  DType::IsQ4G128, DType::IsQ4AG64, DType::IsQ4AG128};
// Every (bits, group, symmetry) combination, the GGUF group-32 ones included.
const DType kAllGroupedTypes[] = {DType::Q8_0,     DType::IsQ8G64,  DType::IsQ8G128, DType::IsQ8AG32,
                                  DType::IsQ8AG64, DType::IsQ8AG128, DType::Q4_0,     DType::IsQ4G64,
                                  DType::IsQ4G128, DType::Q4_1,     DType::IsQ4AG64, DType::IsQ4AG128};

std::string nameOf(DType t)
{
    return std::string(kernels::dtypeName(t));
}

std::vector<float> gaussian(size_t n, uint32_t seed, float sigma)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(n);
    for (float& x : v) x = dist(rng);
    return v;
}

std::vector<uint8_t> quantize(DType type, const std::vector<float>& x)
{
    std::vector<uint8_t> bytes(kernels::bytesFor(type, x.size()));
    kernels::ref::quantizeRow(type, x.data(), bytes.data(), static_cast<int64_t>(x.size()));
    return bytes;
}

std::vector<float> dequantize(DType type, const void* bytes, int64_t n)
{
    std::vector<float> out(static_cast<size_t>(n));
    kernels::ref::dequantizeRow(type, bytes, out.data(), n);
    return out;
}

struct TestMatrix {
    std::vector<uint8_t> bytes;
    kernels::Tensor ref;
};

TestMatrix makeMatrix(DType type, int64_t rows, int64_t cols, uint32_t seed)
{
    TestMatrix m;
    const size_t rowBytes = kernels::bytesFor(type, static_cast<uint64_t>(cols));
    std::vector<float> w = gaussian(static_cast<size_t>(rows * cols), seed, 0.1f);
    // Shift some rows so the asymmetric formats see groups away from zero.
    for (int64_t r = 0; r < rows; r += 3)
        for (int64_t c = 0; c < cols; ++c) w[static_cast<size_t>(r * cols + c)] += 0.15f;
    m.bytes.resize(rowBytes * static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r)
        kernels::ref::quantizeRow(type, w.data() + r * cols, m.bytes.data() + r * rowBytes, cols);
    m.ref = kernels::Tensor{type, m.bytes.data(), rows, cols, rowBytes};
    return m;
}

double absDot(const kernels::Tensor& w, int64_t r, const float* x)
{
    std::vector<float> row(static_cast<size_t>(w.cols));
    kernels::ref::dequantizeRow(w.type, w.row(r), row.data(), w.cols);
    double s = 0.0;
    for (int64_t c = 0; c < w.cols; ++c) s += std::fabs(row[c]) * std::fabs(x[c]);
    return s;
}

// The fused kernels quantize activations to 8 bits per 32 values (as for
// Q8_0/Q4_0); relative to sum |w||x| that stays well below 1e-2.
constexpr double kFusedTolerance = 1e-2;

// Compares CPU ops against the reference matmul, on the matrix as stored and
// on the ops' packed copy (groups of eight rows; the rows past the last whole
// group read as stored); returns an empty string or the first failure.
std::string compareWithReference(const TestMatrix& m, const std::vector<float>& x, int64_t tokens, int threads)
{
    const int64_t rows = m.ref.rows;
    std::vector<float> yRef(static_cast<size_t>(tokens * rows)), yCpu(yRef.size());
    kernels::ref::matmul(m.ref, x.data(), tokens, yRef.data());
    auto cpu = kernels::makeCpuOps(threads);
    const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);
    if ((packed.t.packed != nullptr) != (rows >= kernels::cpu::kPackRows)) return "packed copy expected for 8+ rows";
    for (const kernels::Tensor* w : {&m.ref, &packed.t}) {
        if (w == &packed.t && !w->packed) continue;
        testing::matmul(*cpu, *w, x.data(), tokens, yCpu.data());
        for (int64_t t = 0; t < tokens; ++t) {
            for (int64_t r = 0; r < rows; ++r) {
                const size_t i = static_cast<size_t>(t * rows + r);
                const double scale = absDot(m.ref, r, x.data() + t * m.ref.cols) + 1e-6;
                const double err = std::fabs(double(yRef[i]) - double(yCpu[i])) / scale;
                if (!(err <= kFusedTolerance))
                    return std::string(w->packed ? "packed " : "") + "row " + std::to_string(r) + " token " +
                           std::to_string(t) + ": ref " + std::to_string(yRef[i]) + " cpu " + std::to_string(yCpu[i]) +
                           " relative error " + std::to_string(err);
            }
        }
    }
    return {};
}

}  // namespace

class TestGroupedQuant : public QObject {
    Q_OBJECT

private slots:
    void traitsAndIds()
    {
        for (DType t : kProjectTypes) {
            const auto f = kernels::blocks::groupedFormatOf(t);
            QVERIFY(f);
            QVERIFY(kernels::isProjectType(t));
            QVERIFY(static_cast<uint32_t>(t) >= kernels::kProjectTypeFirst);
            const auto traits = kernels::dtypeTraits(static_cast<uint32_t>(t));
            QVERIFY(traits);
            QCOMPARE(traits->blockSize, uint32_t(f->group));
            QCOMPARE(traits->blockBytes, uint32_t(f->blockBytes()));
            QVERIFY(traits->quantized);
            const std::string expected = std::string("IS_Q") + (f->bits == 8 ? "8" : "4") + (f->asymmetric ? "A" : "") +
                                         "_G" + std::to_string(f->group);
            QCOMPARE(nameOf(t), expected);
            QCOMPARE(kernels::dtypeFromName(expected), std::optional<DType>(t));
            QVERIFY(kernels::ref::canQuantize(t));
            QVERIFY(kernels::ref::canDequantize(t));
            QVERIFY(kernels::cpu::hasFusedMatmul(t));
            QVERIFY(kernels::cpu::wantsQuantizedActs(t));
        }
        // Exact sizes: packed codes plus fp16 scale (and fp16 min when asymmetric).
        QCOMPARE(kernels::bytesFor(DType::IsQ4G128, 256), uint64_t{2 * (2 + 64)});
        QCOMPARE(kernels::bytesFor(DType::IsQ4AG64, 128), uint64_t{2 * (4 + 32)});
        QCOMPARE(kernels::bytesFor(DType::IsQ8G64, 128), uint64_t{2 * (2 + 64)});
        QCOMPARE(kernels::bytesFor(DType::IsQ8AG128, 128), uint64_t{4 + 128});
        // Outside the known ids nothing is accepted; ggml ids are unaffected.
        QVERIFY(!kernels::dtypeTraits(99));
        QVERIFY(!kernels::dtypeTraits(109));
        QVERIFY(!kernels::dtypeTraits(31));
        QVERIFY(!kernels::isProjectType(DType::Q4_0));
        QVERIFY(!kernels::isProjectType(DType::BF16));
    }

    void everyCombinationHasAType()
    {
        for (int bits : {8, 4})
            for (int group : {32, 64, 128})
                for (bool asym : {false, true}) {
                    const auto t = kernels::blocks::groupedTypeFor(bits, group, asym);
                    QVERIFY(t);
                    QCOMPARE(kernels::traitsOf(*t).blockSize, uint32_t(group));
                    QVERIFY(std::find(std::begin(kAllGroupedTypes), std::end(kAllGroupedTypes), *t) !=
                            std::end(kAllGroupedTypes));
                }
        QCOMPARE(kernels::blocks::groupedTypeFor(8, 32, false), std::optional<DType>(DType::Q8_0));
        QCOMPARE(kernels::blocks::groupedTypeFor(4, 32, false), std::optional<DType>(DType::Q4_0));
        QCOMPARE(kernels::blocks::groupedTypeFor(4, 32, true), std::optional<DType>(DType::Q4_1));
        QVERIFY(!kernels::blocks::groupedTypeFor(4, 16, false));
        QVERIFY(!kernels::blocks::groupedTypeFor(2, 32, false));
    }

    // Hand-built blocks decode as the layout comment says.
    void handBuiltBlocks()
    {
        const uint16_t one = kernels::fp32ToFp16(1.0f), half = kernels::fp32ToFp16(0.5f),
                       minus10 = kernels::fp32ToFp16(-10.0f);
        {
            // IS_Q4_G64: chunk 1 byte 3 low nibble is value 35, chunk 0 byte 2 high nibble value 18.
            std::vector<uint8_t> b(34, 0x88);  // every code 8 -> 0
            std::memcpy(b.data(), &one, 2);
            b[2 + 16 + 3] = 0x85;
            b[2 + 2] = 0xF8;
            const auto y = dequantize(DType::IsQ4G64, b.data(), 64);
            for (int j = 0; j < 64; ++j) {
                const float expect = j == 35 ? -3.0f : j == 18 ? 7.0f : 0.0f;
                QCOMPARE(y[j], expect);
            }
        }
        {
            // IS_Q4A_G128: x = d * q + m; value 32 * 3 + 16 + 5 = 117 in chunk 3 byte 5 high nibble.
            std::vector<uint8_t> b(68, 0);
            std::memcpy(b.data(), &half, 2);
            std::memcpy(b.data() + 2, &minus10, 2);
            b[4 + 48 + 5] = 0xC0;
            const auto y = dequantize(DType::IsQ4AG128, b.data(), 128);
            for (int j = 0; j < 128; ++j) QCOMPARE(y[j], j == 117 ? -4.0f : -10.0f);
        }
        {
            // IS_Q8A_G32: unsigned codes; IS_Q8_G128: signed codes.
            std::vector<uint8_t> a(36, 0);
            std::memcpy(a.data(), &half, 2);
            std::memcpy(a.data() + 2, &minus10, 2);
            a[4 + 7] = 200;
            const auto ya = dequantize(DType::IsQ8AG32, a.data(), 32);
            QCOMPARE(ya[7], 90.0f);
            QCOMPARE(ya[8], -10.0f);
            std::vector<uint8_t> s(130, 0);
            std::memcpy(s.data(), &half, 2);
            s[2 + 100] = static_cast<uint8_t>(int8_t{-128});
            s[2 + 127] = 127;
            const auto ys = dequantize(DType::IsQ8G128, s.data(), 128);
            QCOMPARE(ys[100], -64.0f);
            QCOMPARE(ys[127], 63.5f);
            QCOMPARE(ys[0], 0.0f);
        }
    }

    void roundTripErrorBounds_data()
    {
        QTest::addColumn<DType>("type");
        for (DType t : kAllGroupedTypes) QTest::newRow(nameOf(t).c_str()) << t;
    }

    // Quantize, dequantize, and bound every value's error by its group's step:
    // half a step for rounded codes, a full step for symmetric int4 (the side
    // opposite the largest magnitude can clip at code 15), plus the fp16
    // rounding of the stored scale and min.
    void roundTripErrorBounds()
    {
        QFETCH(DType, type);
        const int bits = type == DType::Q8_0 ? 8 : type == DType::Q4_0 || type == DType::Q4_1 ? 4
                                                                                              : kernels::blocks::groupedFormatOf(type)->bits;
        const bool asym = type == DType::Q4_1 || (kernels::blocks::groupedFormatOf(type) &&
                                                  kernels::blocks::groupedFormatOf(type)->asymmetric);
        const int group = static_cast<int>(kernels::traitsOf(type).blockSize);
        const int64_t n = 128 * 64;
        std::vector<float> x = gaussian(static_cast<size_t>(n), 7u + static_cast<uint32_t>(type), 0.05f);
        for (int64_t i = 0; i < n; i += 97) x[static_cast<size_t>(i)] *= 8.0f;    // heavy tail
        for (int64_t i = 0; i < n / 2; ++i) x[static_cast<size_t>(i)] += 0.2f;    // off-centre groups
        const std::vector<uint8_t> q = quantize(type, x);
        const std::vector<float> y = dequantize(type, q.data(), n);
        const double codes = bits == 8 ? (asym ? 255.0 : 127.0) : 15.0;
        double worst = 0.0, sumSq = 0.0;
        for (int64_t b = 0; b < n / group; ++b) {
            double lo = 1e30, hi = -1e30, amax = 0;
            for (int j = 0; j < group; ++j) {
                const double v = x[static_cast<size_t>(b * group + j)];
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                amax = std::max(amax, std::fabs(v));
            }
            const double step = asym ? (hi - lo) / codes : (bits == 8 ? amax / 127.0 : amax / 8.0);
            const double fraction = !asym && bits == 4 ? 1.0 : 0.5;
            const double fp16Slack = (codes + 1) * step * std::ldexp(1.0, -10) + (asym ? std::fabs(lo) * std::ldexp(1.0, -10) : 0.0);
            const double bound = fraction * step + fp16Slack + 1e-7;
            for (int j = 0; j < group; ++j) {
                const size_t i = static_cast<size_t>(b * group + j);
                const double err = std::fabs(double(y[i]) - x[i]);
                sumSq += err * err;
                worst = std::max(worst, err / step);
                if (err > bound)
                    QFAIL(qPrintable(QStringLiteral("group %1 value %2: |%3 - %4| = %5 > %6")
                                         .arg(b).arg(j).arg(y[i]).arg(x[i]).arg(err).arg(bound)));
            }
        }
        qInfo("%s: RMS error %.3g, worst %.3f steps", nameOf(type).c_str(), std::sqrt(sumSq / double(n)), worst);
    }

    // Quantizing an already dequantized symmetric row gives the same bytes
    // (the extreme value sits on a code exactly); zero groups decode exactly,
    // constant groups to within the fp16 rounding of the scale.
    void idempotentAndEdgeGroups_data() { roundTripErrorBounds_data(); }
    void idempotentAndEdgeGroups()
    {
        QFETCH(DType, type);
        const int64_t n = 256;
        const auto f = kernels::blocks::groupedFormatOf(type);
        if (f && !f->asymmetric) {
            const std::vector<float> x = gaussian(n, 3, 0.3f);
            const std::vector<uint8_t> q = quantize(type, x);
            const std::vector<float> y = dequantize(type, q.data(), n);
            QVERIFY(quantize(type, y) == q);
        }
        const std::vector<float> zeros(n, 0.0f);
        for (float v : dequantize(type, quantize(type, zeros).data(), n)) QCOMPARE(v, 0.0f);
        const std::vector<float> constant(n, 0.75f);  // exact in fp16
        for (float v : dequantize(type, quantize(type, constant).data(), n))
            QVERIFY2(std::fabs(v - 0.75f) <= 0.75f * std::ldexp(1.0f, -10), qPrintable(QString::number(v)));
    }

    void matmulMatchesReference_data()
    {
        QTest::addColumn<DType>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("groups");  // columns = groups * group size
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("threads");
        for (DType t : kProjectTypes)
            for (int rows : {1, 13, 64})
                for (int groups : {1, 3, 8})
                    for (int tokens : {1, 3, 8})
                        for (int threads : {1, 2}) {
                            if (rows == 64 && groups == 1 && threads == 2) continue;  // keep the grid small
                            const std::string name = nameOf(t) + " " + std::to_string(rows) + "x" +
                                                     std::to_string(groups) + "g t" + std::to_string(tokens) +
                                                     " th" + std::to_string(threads);
                            QTest::newRow(name.c_str()) << t << rows << groups << tokens << threads;
                        }
    }

    // The fused CPU kernel against the reference (dequantize, then fp32 dots).
    void matmulMatchesReference()
    {
        QFETCH(DType, type);
        QFETCH(int, rows);
        QFETCH(int, groups);
        QFETCH(int, tokens);
        QFETCH(int, threads);
        const int64_t cols = int64_t{groups} * kernels::traitsOf(type).blockSize;
        const TestMatrix m = makeMatrix(type, rows, cols, 11u * rows + static_cast<uint32_t>(cols));
        const std::vector<float> x = gaussian(static_cast<size_t>(tokens * cols), 99u + tokens, 1.0f);
        const std::string failure = compareWithReference(m, x, tokens, threads);
        QVERIFY2(failure.empty(), failure.c_str());
    }

    void matmulIsBatchAndThreadInvariant_data()
    {
        QTest::addColumn<DType>("type");
        for (DType t : kProjectTypes) QTest::newRow(nameOf(t).c_str()) << t;
    }

    // A row's value is bit-identical alone, in a batch of 3 or 9, on 1 or 2
    // threads, read as stored and from the packed copy (67 rows: eight packed
    // groups and three rows as stored).
    void matmulIsBatchAndThreadInvariant()
    {
        QFETCH(DType, type);
        const int64_t rows = 67, cols = 640, tokens = 9;  // 640 = 5 x 128 = 10 x 64
        const TestMatrix m = makeMatrix(type, rows, cols, 3);
        const std::vector<float> x = gaussian(static_cast<size_t>(tokens * cols), 5, 1.0f);
        auto twoThreads = kernels::makeCpuOps(2);
        auto oneThread = kernels::makeCpuOps(1);
        const testing::PackedMatrix packed = testing::packedCopy(*twoThreads, m.ref);
        QVERIFY(packed.t.packed);
        for (const kernels::Tensor* w : {&m.ref, &packed.t}) {
            const QString what = w->packed ? QStringLiteral("packed: ") : QString();
            std::vector<float> batched(static_cast<size_t>(tokens * rows)), batched1(batched.size());
            std::vector<float> single(static_cast<size_t>(rows));
            testing::matmul(*twoThreads, *w, x.data(), tokens, batched.data());
            testing::matmul(*oneThread, *w, x.data(), tokens, batched1.data());
            QVERIFY(std::memcmp(batched.data(), batched1.data(), batched.size() * sizeof(float)) == 0);
            for (int64_t t = 0; t < tokens; ++t) {
                for (auto* ops : {oneThread.get(), twoThreads.get()}) {
                    testing::matmul(*ops, *w, x.data() + t * cols, 1, single.data());
                    QVERIFY2(std::memcmp(single.data(), batched.data() + t * rows, rows * sizeof(float)) == 0,
                             qPrintable(what + QStringLiteral("token %1 alone differs from the batch of 9").arg(t)));
                }
            }
            std::vector<float> three(static_cast<size_t>(3 * rows));
            testing::matmul(*twoThreads, *w, x.data() + 3 * cols, 3, three.data());
            QVERIFY(std::memcmp(three.data(), batched.data() + 3 * rows, three.size() * sizeof(float)) == 0);
            // Deterministic: the same call twice gives the same bits.
            std::vector<float> again(batched.size());
            testing::matmul(*twoThreads, *w, x.data(), tokens, again.data());
            QVERIFY(std::memcmp(again.data(), batched.data(), again.size() * sizeof(float)) == 0);
        }
    }

    // The packed copy reads back byte for byte (every code, both fp16 fields)
    // and serves embedding lookups with the stored table's floats.
    void packedRowsReadBack_data() { matmulIsBatchAndThreadInvariant_data(); }
    void packedRowsReadBack()
    {
        QFETCH(DType, type);
        const int64_t rows = 21, cols = 384;
        TestMatrix m;
        const size_t rowBytes = kernels::bytesFor(type, cols);
        m.bytes.resize(rowBytes * rows);
        std::mt19937 rng(41);
        for (uint8_t& b : m.bytes) b = static_cast<uint8_t>(rng());  // every bit pattern, fp16 fields included
        m.ref = kernels::Tensor{type, m.bytes.data(), rows, cols, rowBytes};
        auto cpu = kernels::makeCpuOps(1);
        const testing::PackedMatrix packed = testing::packedCopy(*cpu, m.ref);
        QVERIFY(packed.t.packed);
        QCOMPARE(kernels::cpu::packedRows(packed.t), int64_t{16});
        std::vector<uint8_t> stored(rowBytes);
        for (int64_t r = 0; r < 16; ++r) {
            kernels::cpu::unpackRow(packed.t, r, stored.data());
            QVERIFY2(std::memcmp(stored.data(), m.ref.row(r), rowBytes) == 0, qPrintable(QString::number(r)));
        }
        const TestMatrix finite = makeMatrix(type, rows, cols, 43);
        const testing::PackedMatrix table = testing::packedCopy(*cpu, finite.ref);
        const int32_t ids[4] = {15, 0, 20, 7};
        std::vector<float> fromStored(4 * cols), fromPacked(4 * cols);
        testing::embedRows(*cpu, finite.ref, ids, 4, fromStored.data());
        testing::embedRows(*cpu, table.t, ids, 4, fromPacked.data());
        QVERIFY(std::memcmp(fromStored.data(), fromPacked.data(), fromStored.size() * sizeof(float)) == 0);
    }

    // Codes the quantizers never emit (int8 -128, every nibble and byte) still
    // go through the kernels correctly.
    void matmulTakesEveryCode_data() { matmulIsBatchAndThreadInvariant_data(); }
    void matmulTakesEveryCode()
    {
        QFETCH(DType, type);
        const auto f = *kernels::blocks::groupedFormatOf(type);
        const int64_t rows = 9, cols = 256;
        TestMatrix m;
        const size_t rowBytes = kernels::bytesFor(type, cols);
        m.bytes.resize(rowBytes * rows);
        std::mt19937 rng(17);
        for (uint8_t& b : m.bytes) b = static_cast<uint8_t>(rng());
        const uint16_t d = kernels::fp32ToFp16(0.01f), mn = kernels::fp32ToFp16(-0.3f);
        for (size_t blk = 0; blk < m.bytes.size() / size_t(f.blockBytes()); ++blk) {
            uint8_t* p = m.bytes.data() + blk * size_t(f.blockBytes());
            std::memcpy(p, &d, 2);
            if (f.asymmetric) std::memcpy(p + 2, &mn, 2);
            if (f.bits == 8) p[f.headerBytes()] = f.asymmetric ? 255 : 0x80;  // the extreme codes
        }
        m.ref = kernels::Tensor{type, m.bytes.data(), rows, cols, rowBytes};
        const std::vector<float> x = gaussian(static_cast<size_t>(2 * cols), 23, 1.0f);
        const std::string failure = compareWithReference(m, x, 2, 2);
        QVERIFY2(failure.empty(), failure.c_str());
    }

    // Every SIMD target compiled in and supported here (AVX2 and the portable
    // fallback at least) against the reference.
    void everyCompiledTargetMatchesReference()
    {
        const std::vector<int64_t> targets = hwy::SupportedAndGeneratedTargets();
        QVERIFY(!targets.empty());
        std::vector<std::string> checked;
        for (int64_t target : targets) {
            hwy::SetSupportedTargetsForTest(target);
            const std::string name = kernels::cpuSimdTargets().front();
            if (std::find(checked.begin(), checked.end(), name) != checked.end()) continue;
            checked.push_back(name);
            for (DType t : kProjectTypes) {
                const TestMatrix m = makeMatrix(t, 9, 384, 21);
                const std::vector<float> x = gaussian(3 * 384, 22, 1.0f);
                const std::string failure = compareWithReference(m, x, 3, 2);
                QVERIFY2(failure.empty(), (name + " " + nameOf(t) + ": " + failure).c_str());
            }
            qInfo("checked SIMD target %s", name.c_str());
        }
        hwy::SetSupportedTargetsForTest(0);
    }

    void embedRowsDequantize_data() { matmulIsBatchAndThreadInvariant_data(); }
    void embedRowsDequantize()
    {
        QFETCH(DType, type);
        const int64_t rows = 10, cols = 256;
        const TestMatrix m = makeMatrix(type, rows, cols, 31);
        const int32_t ids[3] = {7, 0, 7};
        std::vector<float> cpu(3 * cols), ref(3 * cols), expect(3 * cols);
        testing::embedRows(*kernels::makeCpuOps(2), m.ref, ids, 3, cpu.data());
        testing::embedRows(*kernels::makeRefOps(), m.ref, ids, 3, ref.data());
        for (int t = 0; t < 3; ++t) kernels::ref::dequantizeRow(type, m.ref.row(ids[t]), expect.data() + t * cols, cols);
        QVERIFY(std::memcmp(cpu.data(), expect.data(), expect.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(ref.data(), expect.data(), expect.size() * sizeof(float)) == 0);
        for (float v : expect) QVERIFY(std::isfinite(v));
    }
};

QTEST_GUILESS_MAIN(TestGroupedQuant)
#include "tst_grouped_quant.moc"
