// GGUF block formats: the reference dequantizers must reproduce the GGUF
// reference dequantization of the quant fixtures bit for bit, the quantizers
// must reproduce the reference-quantized fixture bytes exactly, and the float
// conversions and quantizers keep their documented rounding and error bounds.
#include <QTest>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "kernels/api/dtype.h"
#include "kernels/api/half.h"
#include "kernels/api/ops.h"
#include "kernels/ref/block_layouts.h"

using kernels::DType;

Q_DECLARE_METATYPE(kernels::DType)

namespace {

uint32_t bitsOf(float f)
{
    return std::bit_cast<uint32_t>(f);
}

std::vector<float> gaussianRow(int64_t n, uint32_t seed, float sigma)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> row(static_cast<size_t>(n));
    for (float& v : row) v = dist(rng);
    return row;
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

// A file of the quant-fixtures directory (which the caller has required);
// every listed file must be there when the directory is.
std::string fixtureFile(const QString& dir, const std::string& name)
{
    const QString path = QDir(dir).filePath(QString::fromStdString(name));
    if (!QFileInfo::exists(path)) QTest::qFail(qPrintable("missing fixture file: " + path), __FILE__, __LINE__);
    return path.toStdString();
}

// Dequantizes `t` row by row into one vector (exercises the per-row entry point).
std::vector<float> dequantizeTensor(const engine::TensorInfo& t)
{
    const int64_t cols = static_cast<int64_t>(t.shape[0]);
    const int64_t rows = static_cast<int64_t>(t.rows());
    const uint64_t rowBytes = kernels::bytesFor(t.type, static_cast<uint64_t>(cols));
    std::vector<float> out(static_cast<size_t>(cols * rows));
    for (int64_t r = 0; r < rows; ++r)
        kernels::ref::dequantizeRow(t.type, t.data + r * rowBytes, out.data() + r * cols, cols);
    return out;
}

const DType kFixtureTypes[] = {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1,
                               DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K};
const DType kQuantizableFixtureTypes[] = {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1};

}  // namespace

class TstQuant : public QObject {
    Q_OBJECT

    int64_t m_dequantTensors = 0;
    int64_t m_dequantValues = 0;
    int64_t m_quantTensors = 0;
    int64_t m_quantBytes = 0;

private slots:
    void capabilities();
    void fp16AllPatternsRoundTrip();
    void fp16Rounding_data();
    void fp16Rounding();
    void bf16AllPatternsRoundTrip();
    void bf16Rounding_data();
    void bf16Rounding();
    void handBuiltBlocks();
    void q6kSubnormalScale();
    void quantizeErrorBounds_data();
    void quantizeErrorBounds();
    void quantizeEdgeBlocks_data();
    void quantizeEdgeBlocks();
    void q4ProductRoundedBeforeOffset();
    void fixtureDequantBitExact_data();
    void fixtureDequantBitExact();
    void fixtureQuantizeBytesExact_data();
    void fixtureQuantizeBytesExact();
    void fixtureRequantizeIdempotent_data();
    void fixtureRequantizeIdempotent();
    void cleanupTestCase();
};

void TstQuant::capabilities()
{
    using kernels::ref::canDequantize;
    using kernels::ref::canQuantize;
    for (DType t : kFixtureTypes) QVERIFY(canDequantize(t));
    QVERIFY(canDequantize(DType::F32) && canDequantize(DType::F16) && canDequantize(DType::BF16));
    QVERIFY(canDequantize(DType::Q8_K));
    QVERIFY(!canDequantize(DType::I32));
    QVERIFY(!canDequantize(DType::Q8_1));
    for (DType t : kQuantizableFixtureTypes) QVERIFY(canQuantize(t));
    QVERIFY(canQuantize(DType::F32) && canQuantize(DType::F16) && canQuantize(DType::BF16));
    QVERIFY(!canQuantize(DType::Q4_K));
    QVERIFY(!canQuantize(DType::I8));

    // An unsupported type yields NaN rather than leaving garbage.
    const int32_t ints[4] = {1, 2, 3, 4};
    const std::vector<float> out = dequantize(DType::I32, ints, 4);
    for (float v : out) QVERIFY(std::isnan(v));
}

// Every binary16 pattern widens exactly and narrows back to itself.
void TstQuant::fp16AllPatternsRoundTrip()
{
    std::vector<uint16_t> halves(65536);
    for (uint32_t i = 0; i < 65536; ++i) halves[i] = static_cast<uint16_t>(i);
    const std::vector<float> wide = dequantize(DType::F16, halves.data(), 65536);
    const std::vector<uint8_t> narrow = quantize(DType::F16, wide);
    int subnormals = 0;
    for (uint32_t i = 0; i < 65536; ++i) {
        const bool isNan = (i & 0x7c00u) == 0x7c00u && (i & 0x3ffu) != 0;
        uint16_t back;
        std::memcpy(&back, narrow.data() + 2 * i, 2);
        if (isNan) {
            QVERIFY2(std::isnan(wide[i]), qPrintable(QString::number(i, 16)));
            QVERIFY((back & 0x7c00u) == 0x7c00u && (back & 0x3ffu) != 0);
            QCOMPARE(back & 0x8000u, i & 0x8000u);
            continue;
        }
        QCOMPARE(back, static_cast<uint16_t>(i));
        if ((i & 0x7c00u) == 0 && (i & 0x3ffu) != 0) {
            // A subnormal half is m * 2^-24 exactly.
            const float expect = std::ldexp(static_cast<float>(i & 0x3ffu), -24) * ((i & 0x8000u) ? -1.0f : 1.0f);
            QCOMPARE(bitsOf(wide[i]), bitsOf(expect));
            ++subnormals;
        }
    }
    QCOMPARE(subnormals, 2 * 1023);
    QCOMPARE(bitsOf(wide[0x7c00]), bitsOf(std::numeric_limits<float>::infinity()));
    QCOMPARE(wide[0x7bff], 65504.0f);
    QCOMPARE(bitsOf(wide[0x8000]), bitsOf(-0.0f));
}

void TstQuant::fp16Rounding_data()
{
    QTest::addColumn<float>("value");
    QTest::addColumn<uint16_t>("expected");
    const float ulp1 = std::ldexp(1.0f, -10);  // spacing of halves in [1, 2)
    const float tiny = std::ldexp(1.0f, -24);  // smallest subnormal half
    QTest::newRow("one") << 1.0f << uint16_t(0x3c00);
    QTest::newRow("tie to even (down)") << 1.0f + ulp1 / 2 << uint16_t(0x3c00);
    QTest::newRow("tie to even (up)") << 1.0f + 3 * ulp1 / 2 << uint16_t(0x3c02);
    QTest::newRow("just above tie") << std::nextafter(1.0f + ulp1 / 2, 2.0f) << uint16_t(0x3c01);
    QTest::newRow("negative tie") << -(1.0f + ulp1 / 2) << uint16_t(0xbc00);
    QTest::newRow("max half") << 65504.0f << uint16_t(0x7bff);
    QTest::newRow("below overflow tie") << std::nextafter(65520.0f, 0.0f) << uint16_t(0x7bff);
    QTest::newRow("overflow tie to inf") << 65520.0f << uint16_t(0x7c00);
    QTest::newRow("large to -inf") << -1e10f << uint16_t(0xfc00);
    QTest::newRow("inf") << std::numeric_limits<float>::infinity() << uint16_t(0x7c00);
    QTest::newRow("-inf") << -std::numeric_limits<float>::infinity() << uint16_t(0xfc00);
    QTest::newRow("smallest normal") << std::ldexp(1.0f, -14) << uint16_t(0x0400);
    QTest::newRow("smallest subnormal") << tiny << uint16_t(0x0001);
    QTest::newRow("half of smallest subnormal ties to 0") << tiny / 2 << uint16_t(0x0000);
    QTest::newRow("above half of smallest") << std::nextafter(tiny / 2, 1.0f) << uint16_t(0x0001);
    QTest::newRow("subnormal tie to even (up)") << 1.5f * tiny << uint16_t(0x0002);
    QTest::newRow("subnormal tie to even (down)") << 2.5f * tiny << uint16_t(0x0002);
    QTest::newRow("largest subnormal") << 1023 * tiny << uint16_t(0x03ff);
    QTest::newRow("subnormal rounds up to normal") << 1023.5f * tiny << uint16_t(0x0400);
    QTest::newRow("fp32 subnormal to zero") << std::numeric_limits<float>::denorm_min() << uint16_t(0x0000);
    QTest::newRow("-0") << -0.0f << uint16_t(0x8000);
}

void TstQuant::fp16Rounding()
{
    QFETCH(float, value);
    QFETCH(uint16_t, expected);
    const std::vector<uint8_t> out = quantize(DType::F16, {value});
    QCOMPARE(kernels::readU16(out.data()), expected);
}

// Every bfloat16 pattern widens exactly and narrows back to itself (NaNs stay NaN).
void TstQuant::bf16AllPatternsRoundTrip()
{
    std::vector<uint16_t> halves(65536);
    for (uint32_t i = 0; i < 65536; ++i) halves[i] = static_cast<uint16_t>(i);
    const std::vector<float> wide = dequantize(DType::BF16, halves.data(), 65536);
    const std::vector<uint8_t> narrow = quantize(DType::BF16, wide);
    for (uint32_t i = 0; i < 65536; ++i) {
        QCOMPARE(bitsOf(wide[i]), i << 16);
        const uint16_t back = kernels::readU16(narrow.data() + 2 * i);
        const bool isNan = (i & 0x7f80u) == 0x7f80u && (i & 0x7fu) != 0;
        if (isNan) {
            QVERIFY((back & 0x7f80u) == 0x7f80u && (back & 0x7fu) != 0);
            QCOMPARE(back & 0x8000u, i & 0x8000u);
        } else {
            QCOMPARE(back, static_cast<uint16_t>(i));
        }
    }
}

void TstQuant::bf16Rounding_data()
{
    QTest::addColumn<uint32_t>("valueBits");
    QTest::addColumn<uint16_t>("expected");
    QTest::newRow("one") << 0x3f800000u << uint16_t(0x3f80);
    QTest::newRow("tie to even (down)") << 0x3f808000u << uint16_t(0x3f80);
    QTest::newRow("tie to even (up)") << 0x3f818000u << uint16_t(0x3f82);
    QTest::newRow("above tie") << 0x3f808001u << uint16_t(0x3f81);
    QTest::newRow("below tie") << 0x3f807fffu << uint16_t(0x3f80);
    QTest::newRow("max float rounds to inf") << 0x7f7fffffu << uint16_t(0x7f80);
    QTest::newRow("inf") << 0x7f800000u << uint16_t(0x7f80);
    QTest::newRow("-inf") << 0xff800000u << uint16_t(0xff80);
    QTest::newRow("fp32 subnormal kept") << 0x00010000u << uint16_t(0x0001);
    QTest::newRow("fp32 subnormal tie to 0") << 0x00008000u << uint16_t(0x0000);
    QTest::newRow("fp32 subnormal tie up") << 0x00018000u << uint16_t(0x0002);
    QTest::newRow("-0") << 0x80000000u << uint16_t(0x8000);
}

void TstQuant::bf16Rounding()
{
    QFETCH(uint32_t, valueBits);
    QFETCH(uint16_t, expected);
    const std::vector<uint8_t> out = quantize(DType::BF16, {std::bit_cast<float>(valueBits)});
    QCOMPARE(kernels::readU16(out.data()), expected);
}

// Small blocks built by hand pin down the nibble, high-bit and scale layouts
// independently of the fixtures.
void TstQuant::handBuiltBlocks()
{
    using namespace kernels::blocks;
    const uint16_t half = kernels::fp32ToFp16(0.5f);

    BlockQ4_0 q4{};
    q4.d = half;
    for (int j = 0; j < 16; ++j) q4.qs[j] = static_cast<uint8_t>(j | (15 - j) << 4);
    std::vector<float> out = dequantize(DType::Q4_0, &q4, 32);
    for (int j = 0; j < 16; ++j) {
        QCOMPARE(bitsOf(out[j]), bitsOf(0.5f * static_cast<float>(j - 8)));
        QCOMPARE(bitsOf(out[j + 16]), bitsOf(0.5f * static_cast<float>(7 - j)));
    }

    BlockQ5_1 q5{};
    q5.d = half;
    q5.m = kernels::fp32ToFp16(-2.0f);
    q5.qh[0] = 0x01;  // value 0
    q5.qh[3] = 0x80;  // value 31
    for (int j = 0; j < 16; ++j) q5.qs[j] = 0x33;
    out = dequantize(DType::Q5_1, &q5, 32);
    QCOMPARE(bitsOf(out[0]), bitsOf(0.5f * 19 - 2.0f));
    QCOMPARE(bitsOf(out[1]), bitsOf(0.5f * 3 - 2.0f));
    QCOMPARE(bitsOf(out[31]), bitsOf(0.5f * 19 - 2.0f));
    QCOMPARE(bitsOf(out[30]), bitsOf(0.5f * 3 - 2.0f));

    // Q4_K: group 5 takes its scale from byte 9's low nibble plus the top two
    // bits of byte 1, its min from byte 9's high nibble plus byte 5's top bits.
    BlockQ4_K q4k{};
    q4k.d = kernels::fp32ToFp16(1.0f);
    q4k.dmin = kernels::fp32ToFp16(0.25f);
    q4k.scales[1] = 0x80;  // scale high bits = 2
    q4k.scales[5] = 0x40;  // min high bits = 1
    q4k.scales[9] = 0x3a;  // scale low = 10, min low = 3
    for (uint8_t& b : q4k.qs) b = 0x21;  // low nibble 1, high nibble 2
    out = dequantize(DType::Q4_K, &q4k, 256);
    // Group 5 = high nibbles of chunk 2 (values 160..191): scale 42, min 19.
    QCOMPARE(bitsOf(out[160]), bitsOf(42.0f * 2 - 0.25f * 19));
    QCOMPARE(bitsOf(out[191]), bitsOf(42.0f * 2 - 0.25f * 19));
    // Group 0 has byte 0 = 0 and byte 4 = 0: everything 0.
    QCOMPARE(bitsOf(out[0]), bitsOf(0.0f));

    // Q3_K: scale 9 = low nibble from byte 1's high nibble, top bits 4..5 of byte 9.
    BlockQ3_K q3k{};
    q3k.d = kernels::fp32ToFp16(1.0f);
    q3k.scales[1] = 0x50;  // scale 9 low = 5 (scale 1 low = 0)
    q3k.scales[9] = 0x20;  // scale 9 high = 2 -> 0x25 = 37 - 32 = 5
    for (uint8_t& h : q3k.hmask) h = 0xff;  // high bits set: codes 0..3 as stored
    q3k.hmask[0] = 0xef;                    // except bit 4 (second half, plane 0) of value 0
    for (uint8_t& q : q3k.qs) q = 0xe7;     // planes: 3, 1, 2, 3
    out = dequantize(DType::Q3_K, &q3k, 256);
    // Group 9 = second half, plane 0, second 16 values: 144..159.
    QCOMPARE(bitsOf(out[144]), bitsOf(5.0f * 3));
    QCOMPARE(bitsOf(out[159]), bitsOf(5.0f * 3));
    // Group 8 (scale -32), value 128 has its high bit cleared: code 3 - 4 = -1.
    QCOMPARE(bitsOf(out[128]), bitsOf(32.0f));
    QCOMPARE(bitsOf(out[129]), bitsOf(-96.0f));
    // Group 1: scale 0 - 32 = -32, values 16..31, plane 0 code 3.
    QCOMPARE(bitsOf(out[16]), bitsOf(-96.0f));
    // Group 11: values 176..191, plane 1 code 1, scale -32.
    QCOMPARE(bitsOf(out[176]), bitsOf(-32.0f));

    // Q8_K: fp32 scale times signed bytes.
    BlockQ8_K q8k{};
    q8k.d = 0.1f;
    for (int j = 0; j < 256; ++j) q8k.qs[j] = static_cast<int8_t>(j - 128);
    out = dequantize(DType::Q8_K, &q8k, 256);
    for (int j = 0; j < 256; ++j) QCOMPARE(bitsOf(out[static_cast<size_t>(j)]), bitsOf(0.1f * static_cast<float>(j - 128)));
}

// Q6_K super-scales can be fp16 subnormals; they must not flush to zero.
void TstQuant::q6kSubnormalScale()
{
    kernels::blocks::BlockQ6_K blk{};
    blk.d = 0x0003;  // 3 * 2^-24
    for (int8_t& s : blk.scales) s = -5;
    for (uint8_t& q : blk.ql) q = 0xff;  // low 4 bits all ones
    for (uint8_t& q : blk.qh) q = 0xff;  // high 2 bits all ones: code 63 - 32 = 31
    const std::vector<float> out = dequantize(DType::Q6_K, &blk, 256);
    const float expect = std::ldexp(3.0f, -24) * -5.0f * 31.0f;
    for (float v : out) QCOMPARE(bitsOf(v), bitsOf(expect));
}

void TstQuant::quantizeErrorBounds_data()
{
    QTest::addColumn<DType>("type");
    QTest::addColumn<double>("stepFraction");  // allowed error in units of the block step
    QTest::addColumn<bool>("hasMin");
    // Rounded codes err by half a step; the symmetric 4/5-bit types can clip
    // the top code on the side opposite the largest magnitude (one full step).
    QTest::newRow("Q8_0") << DType::Q8_0 << 0.5 << false;
    QTest::newRow("Q4_0") << DType::Q4_0 << 1.0 << false;
    QTest::newRow("Q5_0") << DType::Q5_0 << 1.0 << false;
    QTest::newRow("Q4_1") << DType::Q4_1 << 0.5 << true;
    QTest::newRow("Q5_1") << DType::Q5_1 << 0.5 << true;
}

// Quantize, dequantize, and bound each element's error by the block's step
// (plus the fp16 rounding of the stored scale and min).
void TstQuant::quantizeErrorBounds()
{
    QFETCH(DType, type);
    QFETCH(double, stepFraction);
    QFETCH(bool, hasMin);
    const int64_t n = 32 * 512;
    std::vector<float> x = gaussianRow(n, 42u + static_cast<uint32_t>(type), 0.05f);
    for (int64_t i = 0; i < n; i += 97) x[static_cast<size_t>(i)] *= 8.0f;  // heavy tail
    const std::vector<uint8_t> q = quantize(type, x);
    const std::vector<float> y = dequantize(type, q.data(), n);
    const double codes = type == DType::Q8_0 ? 127.0 : (type == DType::Q4_0 || type == DType::Q4_1) ? 15.0 : 31.0;
    for (int64_t b = 0; b < n / 32; ++b) {
        double lo = 1e30, hi = -1e30, amax = 0;
        for (int j = 0; j < 32; ++j) {
            const double v = x[static_cast<size_t>(b * 32 + j)];
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            amax = std::max(amax, std::fabs(v));
        }
        const double range = hasMin ? hi - lo : (type == DType::Q8_0 ? amax : 2 * amax);
        const double denom = hasMin ? codes : (type == DType::Q8_0 ? codes : codes + 1);
        const double step = range / denom;
        const double fp16Slack = (codes + 1) * step * std::ldexp(1.0, -11) + (hasMin ? std::fabs(lo) * std::ldexp(1.0, -11) : 0.0);
        const double bound = stepFraction * step + fp16Slack + 1e-7;
        for (int j = 0; j < 32; ++j) {
            const size_t i = static_cast<size_t>(b * 32 + j);
            const double err = std::fabs(static_cast<double>(y[i]) - x[i]);
            if (err > bound)
                QFAIL(qPrintable(QStringLiteral("block %1 value %2: |%3 - %4| = %5 > %6")
                                     .arg(b).arg(j).arg(y[i]).arg(x[i]).arg(err).arg(bound)));
        }
    }
}

void TstQuant::quantizeEdgeBlocks_data()
{
    QTest::addColumn<DType>("type");
    for (DType t : kQuantizableFixtureTypes) QTest::newRow(kernels::dtypeName(t).data()) << t;
}

// All-zero, constant, exactly representable and non-finite blocks.
void TstQuant::quantizeEdgeBlocks()
{
    QFETCH(DType, type);
    const std::vector<float> zeros(32, 0.0f);
    std::vector<float> y = dequantize(type, quantize(type, zeros).data(), 32);
    for (float v : y) QVERIFY(v == 0.0f);  // Q4_0/Q5_0 give -0: their d is 0 / -8

    // Q8_0's scale amax / 127 is not exact in fp16; the others come back
    // exactly: 0.75 is the extreme code times an fp16-exact scale (Q4_0: 3/32,
    // Q5_0: 3/64) or the stored min with d = 0 (Q4_1, Q5_1).
    const std::vector<float> constant(32, 0.75f);
    y = dequantize(type, quantize(type, constant).data(), 32);
    for (float v : y) {
        if (type == DType::Q8_0)
            QVERIFY(std::fabs(v - 0.75f) <= 0.75f * std::ldexp(1.0f, -11));
        else
            QCOMPARE(bitsOf(v), bitsOf(0.75f));
    }

    // A grid of multiples of 0.125 with extreme -1 lands on codes exactly for
    // Q4_0 (d = 1/8), Q5_0 (d = 1/16) and Q4_1 (d = 1.875 / 15 = 1/8, m = -1).
    std::vector<float> grid(32);
    for (int j = 0; j < 32; ++j) grid[static_cast<size_t>(j)] = static_cast<float>(j % 8) * 0.125f;
    grid[0] = -1.0f;
    y = dequantize(type, quantize(type, grid).data(), 32);
    if (type == DType::Q4_0 || type == DType::Q5_0 || type == DType::Q4_1) {
        for (size_t j = 0; j < 32; ++j) QCOMPARE(bitsOf(y[j]), bitsOf(grid[j]));
    }

    // Non-finite input must not crash or write past the row.
    std::vector<float> bad(64, 0.5f);
    bad[3] = std::numeric_limits<float>::quiet_NaN();
    bad[40] = std::numeric_limits<float>::infinity();
    const size_t rowBytes = kernels::bytesFor(type, 64);
    std::vector<uint8_t> bytes(rowBytes + 8, 0xa5);
    kernels::ref::quantizeRow(type, bad.data(), bytes.data(), 64);
    for (size_t i = rowBytes; i < bytes.size(); ++i) QCOMPARE(bytes[i], uint8_t(0xa5));
}

// Values at a half-step of the scale are where rounding the product x * (1/d)
// to fp32 before adding the offset matters: with max -3 (d = 0.375, 1/d
// rounded up), -2.8125 = -7.5 d lands exactly on -7.5 and rounds to code 1;
// a fused multiply-add would see -7.4999.. and give code 0.
void TstQuant::q4ProductRoundedBeforeOffset()
{
    std::vector<float> x(32, 0.0f);
    x[0] = -3.0f;
    x[1] = -2.8125f;
    x[2] = 0x1.dffff8p-1f;  // 0.93749976, just below 2.5 d: rounded product 2.5 -> code 11
    const std::vector<uint8_t> q = quantize(DType::Q4_0, x);
    QCOMPARE(kernels::readU16(q.data()), kernels::fp32ToFp16(0.375f));
    QCOMPARE(q[2 + 0] & 0x0f, 0);
    QCOMPARE(q[2 + 1] & 0x0f, 1);
    QCOMPARE(q[2 + 2] & 0x0f, 11);
    QCOMPARE(q[2 + 3] & 0x0f, 8);
}

void TstQuant::fixtureDequantBitExact_data()
{
    QTest::addColumn<DType>("type");
    for (DType t : kFixtureTypes) QTest::newRow(kernels::dtypeName(t).data()) << t;
}

// synth-T.gguf dequantized here must equal synth-T.dequant-f32.gguf bit for bit.
void TstQuant::fixtureDequantBitExact()
{
    QFETCH(DType, type);
    const std::string name(kernels::dtypeName(type));
    REQUIRE_SHARED_FIXTURE(dir, "quant-fixtures");
    auto quant = engine::openModelFile(fixtureFile(dir, "synth-" + name + ".gguf"));
    QVERIFY2(quant, quant ? "" : quant.error().message.c_str());
    auto ref = engine::openModelFile(fixtureFile(dir, "synth-" + name + ".dequant-f32.gguf"));
    QVERIFY2(ref, ref ? "" : ref.error().message.c_str());
    QCOMPARE(quant->tensors.size(), size_t(12));

    int quantizedTensors = 0;
    for (const engine::TensorInfo& t : quant->tensors) {
        const engine::TensorInfo* r = ref->findTensor(t.name);
        QVERIFY2(r, t.name.c_str());
        QCOMPARE(r->type, DType::F32);
        QVERIFY(r->shape == t.shape);
        QVERIFY(t.type == type || t.type == DType::F32);
        const std::vector<float> got = dequantizeTensor(t);
        QCOMPARE(got.size(), size_t(r->elements()));
        for (size_t i = 0; i < got.size(); ++i) {
            uint32_t expect;
            std::memcpy(&expect, r->data + 4 * i, 4);
            if (bitsOf(got[i]) != expect)
                QFAIL(qPrintable(QStringLiteral("%1 element %2: got 0x%3 (%4), expected 0x%5 (%6)")
                                     .arg(QString::fromStdString(t.name)).arg(i)
                                     .arg(bitsOf(got[i]), 8, 16, QLatin1Char('0')).arg(got[i])
                                     .arg(expect, 8, 16, QLatin1Char('0')).arg(std::bit_cast<float>(expect))));
        }
        if (t.type == type) {
            ++quantizedTensors;
            ++m_dequantTensors;
            m_dequantValues += static_cast<int64_t>(got.size());
        }
    }
    QCOMPARE(quantizedTensors, 9);  // 9 matrices; the 3 norm vectors stay F32
}

void TstQuant::fixtureQuantizeBytesExact_data()
{
    QTest::addColumn<DType>("type");
    for (DType t : kQuantizableFixtureTypes) QTest::newRow(kernels::dtypeName(t).data()) << t;
}

// Quantizing synth-f32.gguf must give exactly the bytes of synth-T.gguf.
void TstQuant::fixtureQuantizeBytesExact()
{
    QFETCH(DType, type);
    const std::string name(kernels::dtypeName(type));
    REQUIRE_SHARED_FIXTURE(dir, "quant-fixtures");
    auto src = engine::openModelFile(fixtureFile(dir, "synth-f32.gguf"));
    QVERIFY2(src, src ? "" : src.error().message.c_str());
    auto quant = engine::openModelFile(fixtureFile(dir, "synth-" + name + ".gguf"));
    QVERIFY2(quant, quant ? "" : quant.error().message.c_str());

    int checked = 0;
    for (const engine::TensorInfo& t : quant->tensors) {
        if (t.type != type) continue;
        const engine::TensorInfo* s = src->findTensor(t.name);
        QVERIFY2(s, t.name.c_str());
        QCOMPARE(s->type, DType::F32);
        QVERIFY(s->shape == t.shape);
        std::vector<float> values(static_cast<size_t>(s->elements()));
        std::memcpy(values.data(), s->data, values.size() * sizeof(float));
        const std::vector<uint8_t> bytes = quantize(type, values);
        QCOMPARE(uint64_t(bytes.size()), t.bytes);
        const uint32_t blockBytes = kernels::traitsOf(type).blockBytes;
        for (size_t i = 0; i < bytes.size(); ++i) {
            if (bytes[i] != t.data[i])
                QFAIL(qPrintable(QStringLiteral("%1 block %2 byte %3: got 0x%4, expected 0x%5")
                                     .arg(QString::fromStdString(t.name)).arg(i / blockBytes).arg(i % blockBytes)
                                     .arg(bytes[i], 2, 16, QLatin1Char('0')).arg(t.data[i], 2, 16, QLatin1Char('0'))));
        }
        ++checked;
        ++m_quantTensors;
        m_quantBytes += static_cast<int64_t>(bytes.size());
    }
    QCOMPARE(checked, 9);
}

void TstQuant::fixtureRequantizeIdempotent_data()
{
    QTest::addColumn<DType>("type");
    // Symmetric types: the extreme code reproduces the stored scale exactly.
    QTest::newRow("Q8_0") << DType::Q8_0;
    QTest::newRow("Q4_0") << DType::Q4_0;
    QTest::newRow("Q5_0") << DType::Q5_0;
}

// Dequantizing a fixture tensor and quantizing it again gives back its bytes.
void TstQuant::fixtureRequantizeIdempotent()
{
    QFETCH(DType, type);
    const std::string name(kernels::dtypeName(type));
    REQUIRE_SHARED_FIXTURE(dir, "quant-fixtures");
    auto quant = engine::openModelFile(fixtureFile(dir, "synth-" + name + ".gguf"));
    QVERIFY2(quant, quant ? "" : quant.error().message.c_str());
    int checked = 0;
    for (const engine::TensorInfo& t : quant->tensors) {
        if (t.type != type) continue;
        const std::vector<uint8_t> bytes = quantize(type, dequantizeTensor(t));
        QCOMPARE(uint64_t(bytes.size()), t.bytes);
        QVERIFY2(std::memcmp(bytes.data(), t.data, bytes.size()) == 0, t.name.c_str());
        ++checked;
    }
    QCOMPARE(checked, 9);
}

void TstQuant::cleanupTestCase()
{
    qInfo("bit-exact dequantization: %lld tensors, %lld values; byte-exact quantization: %lld tensors, %lld bytes",
          static_cast<long long>(m_dequantTensors), static_cast<long long>(m_dequantValues),
          static_cast<long long>(m_quantTensors), static_cast<long long>(m_quantBytes));
}

QTEST_GUILESS_MAIN(TstQuant)
#include "tst_quant.moc"
