// Every registered device's ops, through the one interface, against the scalar
// reference ops: the suite enumerates the device registry, so a backend that
// registers devices (CUDA on a machine with a GPU) is tested by the same cases.
// A device that has no ops yet says why, and that sentence is checked instead.
// Covered: matmul over float and block types (including a column slice, the
// view tensor parallel cuts), RMSNorm, rope, SwiGLU, residual add, row copy,
// embedding (out-of-vocabulary ids give zeros), attention, KV write/read in
// every format, and attention over a paged cache read in place.
#include <QTest>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "common/host_calls.h"
#include "common/random.h"
#include "kernels/api/device.h"
#include "kernels/api/half.h"
#include "kernels/api/kv.h"
#include "kernels/api/ops.h"
#include "kernels/api/registry.h"

using kernels::DType;

namespace {

using testsupport::randomVector;

// The largest |a - b| relative to the largest |b| (a scale for float rounding).
double relativeError(const std::vector<float>& a, const std::vector<float>& b)
{
    double worst = 0.0, scale = 1e-30;
    for (size_t i = 0; i < a.size(); ++i) {
        worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
        scale = std::max(scale, std::fabs(double(b[i])));
    }
    return worst / scale;
}

struct Matrix {
    std::vector<uint8_t> bytes;
    kernels::Tensor ref;
};

// A K-quant matrix the reference cannot quantize to: random codes and
// scales, with each block's fp16 factors set to small finite values.
Matrix randomKQuant(DType type, int64_t rows, int64_t cols, uint32_t seed)
{
    Matrix m;
    const size_t rowBytes = kernels::bytesFor(type, cols);
    m.bytes.resize(rowBytes * size_t(rows));
    std::mt19937 rng(seed);
    for (uint8_t& b : m.bytes) b = static_cast<uint8_t>(rng());
    const size_t blockBytes = kernels::bytesFor(type, kernels::kQK_K);
    const std::vector<size_t> halves = type == DType::Q6_K ? std::vector<size_t>{208} : std::vector<size_t>{0, 2};
    for (size_t block = 0; block < m.bytes.size() / blockBytes; ++block)
        for (size_t at : halves) {
            const uint16_t h = kernels::fp32ToFp16(0.001f * float(1 + rng() % 16));
            std::memcpy(m.bytes.data() + block * blockBytes + at, &h, sizeof h);
        }
    m.ref = kernels::Tensor{type, m.bytes.data(), rows, cols, rowBytes};
    return m;
}

Matrix quantized(DType type, int64_t rows, int64_t cols, uint32_t seed)
{
    if (type == DType::Q4_K || type == DType::Q5_K || type == DType::Q6_K) return randomKQuant(type, rows, cols, seed);
    Matrix m;
    const size_t rowBytes = kernels::bytesFor(type, cols);
    const std::vector<float> w = randomVector(size_t(rows * cols), seed, 0.1f);
    m.bytes.resize(rowBytes * size_t(rows));
    for (int64_t r = 0; r < rows; ++r)
        kernels::ref::quantizeRow(type, w.data() + r * cols, m.bytes.data() + r * rowBytes, cols);
    m.ref = kernels::Tensor{type, m.bytes.data(), rows, cols, rowBytes};
    return m;
}

// How far a device's matmul may be from the reference, relative to the largest
// output. The CPU quantizes activations to 8 bits for block types; a GPU
// dequantizes in float (GEMV), or rounds activations to half for its GEMM on
// 16-bit and block weights past the GEMV's batch.
double matmulTolerance(const kernels::Device& device, DType type, int64_t tokens)
{
    const bool quantized = kernels::traitsOf(type).quantized;
    if (device.kind() == kernels::DeviceKind::Cpu) return quantized ? 2e-2 : 1e-5;
    if (tokens > 8 && type != DType::F32 && type != DType::BF16) return 3e-3;
    return quantized ? 1e-3 : 1e-4;
}

}  // namespace

class TestDeviceOps : public QObject {
    Q_OBJECT

    struct UnderTest {
        kernels::Device* device = nullptr;
        std::unique_ptr<kernels::Ops> ops;
    };

    std::vector<UnderTest> m_devices;
    std::unique_ptr<kernels::Ops> m_ref = kernels::makeRefOps();

private slots:
    void initTestCase()
    {
        for (kernels::Device* d : kernels::Registry::instance().devices()) {
            kernels::Reasons why;
            auto ops = d->createOps(2, why);
            if (!ops) {
                // No ops on this device: it must say why, in a sentence.
                QVERIFY2(!why.empty() && why.front().size() > 20, d->id().c_str());
                continue;
            }
            m_devices.push_back({d, std::move(ops)});
        }
        QVERIFY(!m_devices.empty());  // the CPU always runs the model
        QCOMPARE(m_devices.front().device->kind(), kernels::DeviceKind::Cpu);
    }

    void matmul_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("columnSlice");
        QTest::addColumn<int>("tokens");
        for (DType t : {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0,
                        DType::Q5_1, DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::IsQ8G64, DType::IsQ8AG128,
                        DType::IsQ4G128, DType::IsQ4AG64}) {
            const QByteArray name(kernels::dtypeName(t).data(), qsizetype(kernels::dtypeName(t).size()));
            QTest::newRow(name.constData()) << int(t) << false << 5;
            // Past the GEMV's batch: the GEMM path of a GPU backend.
            QTest::newRow((name + " 12 tokens").constData()) << int(t) << false << 12;
            if (kernels::traitsOf(t).blockSize <= 64)  // the cut must fall on block boundaries
                QTest::newRow((name + " column slice").constData()) << int(t) << true << 5;
        }
    }

    // Every device against the reference; and each device's rows of a batch
    // of 5 equal its batch-of-1 results bit for bit (batch invariance).
    void matmul()
    {
        QFETCH(int, type);
        QFETCH(bool, columnSlice);
        QFETCH(int, tokens);
        const DType t = static_cast<DType>(type);
        const Matrix m = quantized(t, 37, 512, 5);
        // The tensor-parallel cut: columns 128..384 of every row, a strided view.
        const kernels::Tensor w = columnSlice ? m.ref.colSlice(128, 384) : m.ref;
        const auto x = randomVector(size_t(tokens * w.cols), 6);
        std::vector<float> want(size_t(tokens * w.rows));
        testing::matmul(*m_ref, w, x.data(), tokens, want.data());
        for (UnderTest& u : m_devices) {
            std::vector<float> got(want.size());
            testing::matmul(*u.ops, w, x.data(), tokens, got.data());
            QVERIFY2(relativeError(got, want) < matmulTolerance(*u.device, t, tokens), u.device->id().c_str());
            if (tokens > 5) continue;
            for (int64_t row = 0; row < tokens; ++row) {
                std::vector<float> one(size_t(w.rows));
                testing::matmul(*u.ops, w, x.data() + row * w.cols, 1, one.data());
                QVERIFY2(std::memcmp(one.data(), got.data() + row * w.rows, one.size() * sizeof(float)) == 0,
                         u.device->id().c_str());
            }
        }
    }

    void elementwise()
    {
        const int64_t rows = 3, n = 96;
        const auto x = randomVector(size_t(rows * n), 1), w = randomVector(size_t(n), 2), up = randomVector(size_t(rows * n), 3);
        std::vector<float> normRef(x.size()), gateRef = x, addRef = x, biasRef = x;
        testing::addBias(*m_ref, biasRef.data(), w.data(), rows, n);
        testing::rmsnorm(*m_ref, normRef.data(), x.data(), w.data(), rows, n, 1e-5f);
        testing::siluMul(*m_ref, gateRef.data(), up.data(), rows * n);
        testing::add(*m_ref, addRef.data(), up.data(), rows * n);
        for (UnderTest& u : m_devices) {
            std::vector<float> norm(x.size()), gate = x, sum = x, copy(x.size()), biased = x;
            testing::addBias(*u.ops, biased.data(), w.data(), rows, n);
            QCOMPARE(biased, biasRef);
            testing::rmsnorm(*u.ops, norm.data(), x.data(), w.data(), rows, n, 1e-5f);
            testing::siluMul(*u.ops, gate.data(), up.data(), rows * n);
            testing::add(*u.ops, sum.data(), up.data(), rows * n);
            testing::copyRows(*u.ops, copy.data(), x.data(), rows * n);
            QVERIFY2(relativeError(norm, normRef) < 1e-5, u.device->id().c_str());
            QVERIFY2(relativeError(gate, gateRef) < 1e-5, u.device->id().c_str());
            QCOMPARE(sum, addRef);
            QCOMPARE(copy, x);
        }
    }

    void rope()
    {
        const int64_t tokens = 4, heads = 3, headDim = 16;
        const auto x = randomVector(size_t(tokens * heads * headDim), 4);
        const int32_t positions[tokens] = {0, 7, 8, 100};
        std::vector<float> want = x;
        testing::ropeAdjacent(*m_ref, want.data(), tokens, heads, headDim, headDim, positions, 10000.0f);
        for (UnderTest& u : m_devices) {
            std::vector<float> got = x;
            testing::ropeAdjacent(*u.ops, got.data(), tokens, heads, headDim, headDim, positions, 10000.0f);
            QVERIFY2(relativeError(got, want) < 1e-5, u.device->id().c_str());
        }
    }

    void embedding()
    {
        const Matrix table = quantized(DType::Q8_0, 50, 64, 9);
        const int32_t ids[4] = {3, -1, 49, 50};  // -1 and 50 are outside the table: zero rows
        std::vector<float> want(4 * 64);
        testing::embedRows(*m_ref, table.ref, ids, 4, want.data());
        for (int i = 0; i < 64; ++i) QCOMPARE(want[size_t(64 + i)], 0.0f);
        for (UnderTest& u : m_devices) {
            std::vector<float> got(want.size());
            testing::embedRows(*u.ops, table.ref, ids, 4, got.data());
            QCOMPARE(got, want);
        }
    }

    // A call whose tensors do not fit together is refused by name, before any
    // kernel reads out of bounds.
    void mismatchedTensorsAreRefused()
    {
        const Matrix m = quantized(DType::Q8_0, 8, 64, 5);
        std::vector<float> x(2 * 64), y(3 * 8);  // y has a row too many
        for (UnderTest& u : m_devices) {
            testing::Stage st(*u.ops);
            const kernels::Tensor w = st.in(m.ref), xs = st.in(kernels::Tensor::host(x.data(), 2, 64));
            const kernels::Tensor ys = st.in(kernels::Tensor::host(y.data(), 3, 8));
            try {
                u.ops->matmul(w, xs, ys);
                QFAIL("a 3-row output for a 2-row input was accepted");
            } catch (const std::logic_error& e) {
                const std::string what = e.what();
                QVERIFY2(what.find("matmul") != std::string::npos && what.find("[3 x 8]") != std::string::npos,
                         what.c_str());
            }
            const std::vector<float> weight(63);
            QVERIFY_THROWS_EXCEPTION(std::logic_error,
                                     u.ops->rmsnorm(xs, xs, st.in(kernels::Tensor::host(weight.data(), 1, 63)), 1e-5f));
        }
    }

    void cachedAttention_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("f32") << int(kernels::KvFormat::F32);
        QTest::newRow("f16") << int(kernels::KvFormat::F16);
        QTest::newRow("int8") << int(kernels::KvFormat::Int8);
    }

    // KV rows written by the device read back as the reference codec decodes
    // them; attention over the paged cache in place matches the reference
    // attention over the decoded rows.
    void cachedAttention()
    {
        QFETCH(int, format);
        const auto f = static_cast<kernels::KvFormat>(format);
        const int64_t heads = 4, kvHeads = 2, headDim = 16, kvDim = kvHeads * headDim, len = 29, tokens = 3;
        const int64_t blockTokens = 8;
        const std::vector<int32_t> table{3, 0, 2, 1};
        const uint64_t rowBytes = kernels::kvRowBytes(f, kvHeads, headDim);
        const uint64_t stride = blockTokens * rowBytes;
        const auto k = randomVector(size_t(len * kvDim), 21), v = randomVector(size_t(len * kvDim), 22);
        const auto q = randomVector(size_t(tokens * heads * headDim), 23);
        const int32_t positions[tokens] = {26, 27, 28};
        std::vector<uint8_t> refK(4 * stride), refV(4 * stride);
        const auto view = [&](std::vector<uint8_t>& pool) {
            return kernels::KvRows{f, pool.data(), table.data(), blockTokens, stride, rowBytes, kvHeads, headDim};
        };
        testing::kvWrite(*m_ref, view(refK), 0, len, k.data());
        testing::kvWrite(*m_ref, view(refV), 0, len, v.data());
        std::vector<float> kd(k.size()), vd(v.size()), want(size_t(tokens * heads * headDim));
        testing::kvRead(*m_ref, view(refK), len, kd.data());
        testing::kvRead(*m_ref, view(refV), len, vd.data());
        testing::attention(*m_ref, want.data(), q.data(), tokens, positions, kd.data(), vd.data(), heads, kvHeads, headDim);
        for (UnderTest& u : m_devices) {
            // The cache and its block table live on the device that reads them.
            const auto onDevice = [&](uint64_t bytes, const void* from) {
                kernels::Reasons why;
                auto b = u.ops->allocate(bytes, why);
                if (b) u.ops->upload(kernels::Tensor{DType::I8, b->data(), 1, int64_t(bytes), bytes, b.get()}, from);
                return b;
            };
            const std::vector<uint8_t> zeros(4 * stride);
            auto poolK = onDevice(zeros.size(), zeros.data()), poolV = onDevice(zeros.size(), zeros.data());
            auto blocks = onDevice(table.size() * sizeof(int32_t), table.data());
            QVERIFY(poolK && poolV && blocks);
            const auto deviceView = [&](kernels::Buffer& pool) {
                return kernels::KvRows{f, static_cast<uint8_t*>(pool.data()), static_cast<const int32_t*>(blocks->data()),
                                       blockTokens, stride, rowBytes, kvHeads, headDim};
            };
            testing::kvWrite(*u.ops, deviceView(*poolK), 0, len, k.data());
            testing::kvWrite(*u.ops, deviceView(*poolV), 0, len, v.data());
            std::vector<uint8_t> gotK(zeros.size());
            u.ops->download(gotK.data(), kernels::Tensor{DType::I8, poolK->data(), 1, int64_t(gotK.size()), gotK.size(),
                                                         poolK.get()});
            u.ops->synchronize();
            QCOMPARE(gotK, refK);  // one row format, byte for byte
            std::vector<float> got(want.size());
            testing::attentionCached(*u.ops, got.data(), q.data(), tokens, positions, deviceView(*poolK),
                                     deviceView(*poolV), heads, kvHeads, headDim);
            QVERIFY2(relativeError(got, want) < 1e-5, u.device->id().c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestDeviceOps)
#include "tst_device_ops.moc"
