// Device registry, the CPU device against /proc, and the CUDA backend: on a
// machine without a GPU it must say why; with one, report a sane device.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/fixtures.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/cpu_device.h"


using kernels::DeviceKind;
using kernels::OpDesc;
using kernels::OpKind;

namespace {

// "key<blanks>: value" lines of a /proc file, read independently of the code under test.
QString procValue(const char* path, const QString& key)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        const int colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed() == key) return line.mid(colon + 1).trimmed();
    }
    return {};
}

std::vector<OpDesc> everyOp()
{
    using kernels::DType;
    return {
        OpDesc::matMul(DType::Q4_0, 7, 4096, 11008),
        OpDesc::rowWise(OpKind::RmsNorm, 7, 4096),
        OpDesc::rope(7, 32, 128),
        OpDesc::rowWise(OpKind::Softmax, 32, 512),
        OpDesc::rowWise(OpKind::SiluMul, 7, 11008),
        OpDesc::attention(1, 32, 8, 128, 512),
        OpDesc::embedding(DType::F16, 7, 32000, 4096),
    };
}

// Round-trips a pattern through a fresh buffer on `device` and compares.
void checkRoundTrip(kernels::Device& device, size_t bytes)
{
    kernels::Reasons why;
    auto buffer = device.allocate(bytes, why);
    QVERIFY2(buffer, why.empty() ? "no reason" : why.front().c_str());
    QCOMPARE(buffer->size(), bytes);
    std::vector<uint8_t> in(bytes), out(bytes, 0);
    for (size_t i = 0; i < bytes; ++i) in[i] = static_cast<uint8_t>(i * 131 + 7);
    auto stream = device.createStream();
    QVERIFY(stream);
    QVERIFY(stream->upload(*buffer, 0, in.data(), bytes).empty());
    QVERIFY(stream->download(out.data(), *buffer, 0, bytes).empty());
    QVERIFY(stream->sync().empty());
    QVERIFY(in == out);
}

}  // namespace

class TestDevices : public QObject {
    Q_OBJECT

private slots:
    void registryHasExactlyOneCpuFirst()
    {
        const auto& reg = kernels::Registry::instance();
        QVERIFY(!reg.devices().empty());
        QCOMPARE(reg.devices().front()->kind(), DeviceKind::Cpu);
        QCOMPARE(reg.devices(DeviceKind::Cpu).size(), size_t(1));
        QCOMPARE(&reg.cpu(), reg.devices().front());
        QCOMPARE(reg.cpu().id(), std::string("cpu:0"));
        QCOMPARE(reg.find("cpu:0"), &reg.cpu());
        QCOMPARE(reg.find("tpu:0"), nullptr);
        QCOMPARE(&kernels::Registry::instance(), &reg);
    }

    void cpuMemoryMatchesProcMeminfo()
    {
        const kernels::MemoryInfo mem = kernels::Registry::instance().cpu().memory();
        QVERIFY(mem.total > 0);
        QVERIFY(mem.free <= mem.total);
        QVERIFY(mem.free > 0);
        // MemTotal does not change while the process runs.
        const QString total = procValue("/proc/meminfo", "MemTotal");  // "16318340 kB"
        QVERIFY(total.endsWith(" kB"));
        QCOMPARE(mem.total, total.split(' ').front().toULongLong() * 1024ull);
    }

    void cpuNameMatchesProcCpuinfo()
    {
        const QString model = procValue("/proc/cpuinfo", "model name");
        if (model.isEmpty()) QSKIP("/proc/cpuinfo has no 'model name' line on this architecture");
        QCOMPARE(QString::fromStdString(kernels::Registry::instance().cpu().name()), model);
        QCOMPARE(kernels::cpuInfo().logicalCores, std::max(1u, std::thread::hardware_concurrency()));
    }

    void cpuFeaturesMatchKernelFlags()
    {
        if (kernels::knownCpuFeatures().empty()) QSKIP("feature detection reads /proc/cpuinfo directly here");
        std::set<std::string> flags;
        for (const QString& f : procValue("/proc/cpuinfo", "flags").split(' ', Qt::SkipEmptyParts))
            flags.insert(f.toStdString());
        QVERIFY(flags.count("sse2"));  // sanity: the flags line was read
        const std::vector<std::string>& detected = kernels::cpuInfo().features;
        for (const std::string& name : kernels::knownCpuFeatures()) {
            const bool ours = std::find(detected.begin(), detected.end(), name) != detected.end();
            QVERIFY2(ours == (flags.count(name) == 1), (name + (ours ? " detected but the kernel does not list it"
                                                                    : " listed by the kernel but not detected"))
                                                           .c_str());
        }
        const std::string features = kernels::Registry::instance().cpu().property("features");
        QVERIFY(!features.empty());
    }

    void cpuAllocateIsAlignedAndRoundTrips_data()
    {
        QTest::addColumn<qulonglong>("bytes");
        for (qulonglong n : {0ull, 1ull, 63ull, 64ull, 1000ull, 1ull << 20})
            QTest::addRow("%llu", n) << n;
    }

    void cpuAllocateIsAlignedAndRoundTrips()
    {
        QFETCH(qulonglong, bytes);
        kernels::Device& cpu = kernels::Registry::instance().cpu();
        kernels::Reasons why;
        auto buffer = cpu.allocate(bytes, why);
        QVERIFY(buffer);
        QVERIFY(why.empty());
        QVERIFY(buffer->data() != nullptr);
        QCOMPARE(reinterpret_cast<uintptr_t>(buffer->data()) % kernels::kCpuBufferAlignment, uintptr_t(0));
        QCOMPARE(&buffer->device(), &cpu);
        checkRoundTrip(cpu, bytes);
    }

    void copiesOutsideTheBufferAreRefused()
    {
        kernels::Device& cpu = kernels::Registry::instance().cpu();
        kernels::Reasons why;
        auto buffer = cpu.allocate(100, why);
        auto stream = cpu.createStream();
        std::vector<uint8_t> host(200);
        const kernels::Reasons up = stream->upload(*buffer, 60, host.data(), 41);
        QCOMPARE(up.size(), size_t(1));
        QVERIFY(up.front().find("does not fit in the 100-byte buffer on cpu:0") != std::string::npos);
        QVERIFY(!stream->download(host.data(), *buffer, 101, 0).empty());
        QVERIFY(!stream->download(host.data(), *buffer, SIZE_MAX, 2).empty());  // offset + bytes overflows
        QVERIFY(stream->download(host.data(), *buffer, 100, 0).empty());
    }

    void cpuSupportsEveryOpAndEventsComplete()
    {
        kernels::Device& cpu = kernels::Registry::instance().cpu();
        for (const OpDesc& op : everyOp()) QVERIFY2(cpu.supports(op).empty(), op.describe().c_str());
        auto stream = cpu.createStream();
        auto event = cpu.createEvent();
        QVERIFY(stream->record(*event).empty());
        QVERIFY(stream->wait(*event).empty());
        QVERIFY(event->synchronize().empty());
    }

    void opDescriptions()
    {
        QCOMPARE(OpDesc::matMul(kernels::DType::Q4_0, 7, 4096, 11008).describe(),
                 std::string("matmul Q4_0 [7 x 4096] x [4096 -> 11008]"));
        QCOMPARE(OpDesc::attention(1, 32, 8, 128, 512).describe(),
                 std::string("attention [1 x 32/8 heads x 128, context 512]"));
        QCOMPARE(OpDesc::rowWise(OpKind::RmsNorm, 3, 288).describe(), std::string("rmsnorm [3 x 288]"));
        QCOMPARE(kernels::formatBytes(80), std::string("80 B"));
        QCOMPARE(kernels::formatBytes(1536), std::string("1.5 KiB"));
        QCOMPARE(kernels::formatBytes(80ull << 30), std::string("80.0 GiB"));
    }

    void cudaStatusExplainsItself()
    {
        const auto& reg = kernels::Registry::instance();
        const kernels::BackendStatus& status = reg.cudaStatus();
        QCOMPARE(status.kind, DeviceKind::Cuda);
        const auto gpus = reg.devices(DeviceKind::Cuda);
        QCOMPARE(status.available, !gpus.empty());
#ifdef INFERSCOPE_CUDA_MODULE_BUILT
        // The tests load the module the build made (INFERSCOPE_CUDA_MODULE).
        QVERIFY2(status.built, status.reason.c_str());
        for (const char* lib : {"runtime", "cuBLAS", "NCCL", "CUPTI"})
            QVERIFY2(status.versions.find(lib) != std::string::npos, lib);
#else
        QVERIFY(!status.built);
        QVERIFY2(status.reason.find("is not installed") != std::string::npos, status.reason.c_str());
        QVERIFY(gpus.empty());
#endif
        if (gpus.empty()) {
            QVERIFY(!status.reason.empty());
            QCOMPARE(status.reason.back(), '.');
            QVERIFY(status.summary().find(status.reason) != std::string::npos);
            qInfo("no GPU: %s", status.summary().c_str());
            return;
        }
        QVERIFY(status.reason.empty());
        for (kernels::Device* gpu : gpus) {
            QVERIFY(!gpu->name().empty());
            const QStringList cc = QString::fromStdString(gpu->property("compute capability")).split('.');
            QCOMPARE(cc.size(), 2);
            QVERIFY2(cc[0].toInt() * 10 + cc[1].toInt() >= 80, gpu->property("compute capability").c_str());
            const kernels::MemoryInfo mem = gpu->memory();
            QVERIFY(mem.total > 0);
            QVERIFY(mem.free <= mem.total);
            for (const OpDesc& op : everyOp()) QVERIFY2(gpu->supports(op).empty(), op.describe().c_str());
            checkRoundTrip(*gpu, 1 << 20);
            qInfo("%s %s: %s free of %s", gpu->id().c_str(), gpu->name().c_str(),
                  kernels::formatBytes(mem.free).c_str(), kernels::formatBytes(mem.total).c_str());
        }
    }


    void cliListsDevices()
    {
        QProcess text;
        text.start(testsupport::cliPath(), {"devices"});
        QVERIFY(text.waitForFinished(60000));
        QCOMPARE(text.exitCode(), 0);
        const QString out = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY2(out.startsWith("cpu:0  "), qPrintable(out));
        QVERIFY2(out.contains("\nCUDA: "), qPrintable(out));

        QProcess json;
        json.start(testsupport::cliPath(), {"devices", "--json"});
        QVERIFY(json.waitForFinished(60000));
        QCOMPARE(json.exitCode(), 0);
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(json.readAllStandardOutput(), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray devices = doc.object()["devices"].toArray();
        QCOMPARE(devices.size(), qsizetype(kernels::Registry::instance().devices().size()));
        QCOMPARE(devices[0].toObject()["id"].toString(), QString("cpu:0"));
        QVERIFY(devices[0].toObject()["memory_total_bytes"].toDouble() > 0);
        const QJsonObject cuda = doc.object()["backends"].toArray()[1].toObject();
        QCOMPARE(cuda["kind"].toString(), QString("cuda"));
        const kernels::BackendStatus& mine = kernels::Registry::instance().cudaStatus();
        const std::string theirs = cuda["reason"].toString().toStdString();
        if (mine.built || !mine.module.empty())
            QCOMPARE(theirs, mine.reason);
        else  // no module: each program searches from its own directory
            QVERIFY2(theirs.find("libinferscope-cuda.so is not installed (looked for ") != std::string::npos, theirs.c_str());

        QProcess bad;
        bad.start(testsupport::cliPath(), {"devices", "--nope"});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDevices)
#include "tst_devices.moc"
