// The dtype capability table against what the kernels really do, for every
// type id up to DType::Count: a type that claims a dequantizer yields finite,
// non-zero values; one that claims a quantizer round-trips; one that claims a
// fused matmul matches the reference matmul. Adding a format to the table
// without its kernels (or the reverse) fails here instead of silently
// producing zeros or NaN in a model.
#include <QTest>

#include <cmath>
#include <random>
#include <vector>

#include "common/host_calls.h"
#include "kernels/api/dtype.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/cpu_ops.h"

using kernels::DType;

namespace {

constexpr int64_t kCols = 512;  // a whole number of blocks of every type

QByteArray nameOf(DType t)
{
    const std::string_view n = kernels::dtypeName(t);
    return QByteArray(n.data(), qsizetype(n.size()));
}

// Bytes 0x11..0x15 in turn: fp16 fields read as small normal scales (about
// 5e-4), codes as small non-zero values that differ, so any block type decodes
// to finite numbers that do not cancel out.
std::vector<uint8_t> patternRows(DType t, int64_t rows)
{
    std::vector<uint8_t> bytes(kernels::bytesFor(t, kCols) * size_t(rows));
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(0x11 + i % 5);
    return bytes;
}

}  // namespace

class TestDTypeCaps : public QObject {
    Q_OBJECT

private slots:
    void everyKnownType_data()
    {
        QTest::addColumn<int>("id");
        int known = 0;
        for (uint32_t id = 0; id < static_cast<uint32_t>(DType::Count); ++id) {
            if (!kernels::dtypeTraits(id)) {
                QVERIFY(!kernels::capsOf(static_cast<DType>(id)).dequantize);
                continue;
            }
            QTest::newRow(nameOf(static_cast<DType>(id)).constData()) << int(id);
            ++known;
        }
        QVERIFY(known >= 29);
    }

    void everyKnownType()
    {
        QFETCH(int, id);
        const auto t = static_cast<DType>(id);
        const kernels::DTypeCaps caps = kernels::capsOf(t);
        QCOMPARE(kernels::ref::canDequantize(t), caps.dequantize);
        QCOMPARE(kernels::ref::canQuantize(t), caps.quantize);
        // A type the fast matmul handles, or that can be written, must be readable.
        if (caps.fused != kernels::FusedDot::None || caps.quantize) QVERIFY(caps.dequantize);
        if (!caps.dequantize) return;

        const int64_t rows = 9;
        std::vector<uint8_t> bytes = patternRows(t, rows);
        if (caps.quantize) {
            // Quantize Gaussian rows and read them back: close to the input.
            std::mt19937 gen{static_cast<uint32_t>(id)};
            std::normal_distribution<float> dist(0.0f, 1.0f);
            std::vector<float> w(size_t(rows * kCols));
            for (float& x : w) x = dist(gen);
            const size_t rowBytes = kernels::bytesFor(t, kCols);
            for (int64_t r = 0; r < rows; ++r)
                kernels::ref::quantizeRow(t, w.data() + r * kCols, bytes.data() + size_t(r) * rowBytes, kCols);
            std::vector<float> back(w.size());
            for (int64_t r = 0; r < rows; ++r)
                kernels::ref::dequantizeRow(t, bytes.data() + size_t(r) * rowBytes, back.data() + r * kCols, kCols);
            double err = 0.0, norm = 0.0;
            for (size_t i = 0; i < w.size(); ++i) {
                err += (back[i] - w[i]) * (back[i] - w[i]);
                norm += w[i] * w[i];
            }
            QVERIFY2(std::sqrt(err / norm) < 0.2, nameOf(t).constData());  // int4 groups: about 0.1
        }
        std::vector<float> values(size_t(rows * kCols));
        const size_t rowBytes = kernels::bytesFor(t, kCols);
        for (int64_t r = 0; r < rows; ++r)
            kernels::ref::dequantizeRow(t, bytes.data() + size_t(r) * rowBytes, values.data() + r * kCols, kCols);
        bool nonZero = false;
        for (float v : values) {
            QVERIFY2(std::isfinite(v), nameOf(t).constData());
            nonZero = nonZero || v != 0.0f;
        }
        QVERIFY2(nonZero, nameOf(t).constData());

        if (caps.fused == kernels::FusedDot::None) return;
        const kernels::Tensor w{t, bytes.data(), rows, kCols, rowBytes};
        std::mt19937 gen(7);
        std::normal_distribution<float> dist(0.0f, 1.0f);
        std::vector<float> x(size_t(3 * kCols));
        for (float& v : x) v = dist(gen);
        std::vector<float> want(size_t(3 * rows)), got(want.size());
        testing::matmul(*kernels::makeRefOps(), w, x.data(), 3, want.data());
        testing::matmul(*kernels::makeCpuOps(2), w, x.data(), 3, got.data());
        for (int64_t tkn = 0; tkn < 3; ++tkn)
            for (int64_t r = 0; r < rows; ++r) {
                double scale = 0.0;
                for (int64_t c = 0; c < kCols; ++c) scale += std::fabs(values[size_t(r * kCols + c)] * x[size_t(tkn * kCols + c)]);
                const double diff = std::fabs(double(got[size_t(tkn * rows + r)]) - double(want[size_t(tkn * rows + r)]));
                QVERIFY2(diff <= 2e-2 * scale + 1e-6, nameOf(t).constData());
            }
    }
};

QTEST_GUILESS_MAIN(TestDTypeCaps)
#include "tst_dtype_caps.moc"
