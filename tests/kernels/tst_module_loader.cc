// The backend module loader (kernels/api/module_loader.h) on every path: a
// module that loads and registers a device, one that is missing, one that is
// not a shared object, one without the entry point and one of another build.
// Each refusal is a sentence naming the file and what is wrong with it.
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <fstream>
#include <string>

#include "kernels/api/module_loader.h"

namespace {

const char* const kEnv = "INFERSCOPE_TEST_BACKEND_MODULE";

kernels::BackendProbe loadFrom(const std::string& path)
{
    ::setenv(kEnv, path.c_str(), 1);
    kernels::BackendProbe probe = kernels::loadBackendModule(kernels::DeviceKind::Cuda, "libfake.so", kEnv);
    ::unsetenv(kEnv);
    return probe;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestModuleLoader : public QObject {
    Q_OBJECT

private slots:
    void goodModuleRegistersItsDevices()
    {
        kernels::BackendProbe probe = loadFrom(FAKE_BACKEND_GOOD);
        QVERIFY2(probe.status.reason.empty(), probe.status.reason.c_str());
        QVERIFY(probe.status.built);
        QVERIFY(probe.status.available);
        QCOMPARE(probe.status.module, std::string(FAKE_BACKEND_GOOD));
        QCOMPARE(probe.devices.size(), size_t(1));
        kernels::Device& d = *probe.devices.front();
        QCOMPARE(d.id(), std::string("cuda:0"));  // Device::id from the program's own copy
        QCOMPARE(d.name(), std::string("Fake accelerator"));
        QCOMPARE(d.property("made by"), std::string("the loader test"));
        kernels::Reasons why;
        QVERIFY(!d.createOps(1, why));
        QCOMPARE(why.front(), std::string("The fake accelerator has no ops."));
        QVERIFY(contains(probe.status.summary(), "backend loaded (fake 1.0) — available"));
    }

    void missingModuleSaysWhereItLooked()
    {
        const kernels::BackendProbe probe = loadFrom("/nonexistent/libfake.so");
        QVERIFY(!probe.status.built && probe.devices.empty());
        QVERIFY2(contains(probe.status.reason, "libfake.so is not installed (looked for /nonexistent/libfake.so)"),
                 probe.status.reason.c_str());
        QVERIFY(contains(probe.status.summary(), "CUDA: unavailable — "));
    }

    void searchStartsBesideTheProgram()
    {
        const std::vector<std::string> where = kernels::moduleCandidates("libfake.so", "INFERSCOPE_UNSET_VARIABLE");
        QVERIFY(where.size() >= 2);
        const std::string dir = QCoreApplication::applicationDirPath().toStdString();
        QCOMPARE(where[0], dir + "/libfake.so");
        // Then the installed layout: <prefix>/<libdir>/inferscope beside <prefix>/bin.
        const std::string prefix = QFileInfo(QCoreApplication::applicationDirPath()).dir().absolutePath().toStdString();
        QVERIFY2(where[1].rfind(prefix + "/", 0) == 0, where[1].c_str());
        QVERIFY2(contains(where[1], "/lib") && contains(where[1], "/inferscope/libfake.so"), where[1].c_str());
    }

    void fileThatIsNoSharedObject()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/libfake.so";
        std::ofstream(path) << "not an ELF file\n";
        const kernels::BackendProbe probe = loadFrom(path);
        QVERIFY(!probe.status.built && probe.devices.empty());
        QVERIFY2(contains(probe.status.reason, path + " could not be loaded: ") &&
                     contains(probe.status.reason, "CUDA runtime, cuBLAS, NCCL, CUPTI"),
                 probe.status.reason.c_str());
    }

    void sharedObjectWithoutEntryPoint()
    {
        const kernels::BackendProbe probe = loadFrom(FAKE_BACKEND_NO_ENTRY);
        QVERIFY(probe.devices.empty());
        QVERIFY2(contains(probe.status.reason, "is not an InferScope backend module (it has no "
                                               "inferscope_backend_module)"),
                 probe.status.reason.c_str());
    }

    void moduleOfAnotherBuildIsRefusedBeforeItRuns()
    {
        const kernels::BackendProbe probe = loadFrom(FAKE_BACKEND_STALE);
        QVERIFY(probe.devices.empty());
        QVERIFY2(contains(probe.status.reason, "belongs to a different InferScope build (interface 0, an older "
                                               "build; this program: interface "),
                 probe.status.reason.c_str());
    }
};

QTEST_GUILESS_MAIN(TestModuleLoader)
#include "tst_module_loader.moc"
