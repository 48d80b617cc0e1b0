// The programs never link the GPU libraries: only the CUDA module does, and a
// program without it (or without the libraries) still starts and says what is
// missing. Checked on the built files' dynamic dependencies (ldd), so a
// package for machines without CUDA can be made from them.
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

#include "common/fixtures.h"

namespace {

// The shared libraries `path` needs, as ldd prints them.
QString dependenciesOf(const QString& path)
{
    QProcess ldd;
    ldd.start("ldd", {path});
    if (!ldd.waitForFinished(60000) || ldd.exitCode() != 0) return {};
    return QString::fromUtf8(ldd.readAllStandardOutput());
}

const QRegularExpression kGpuLibrary(R"(lib(cudart|cublas|cublasLt|cupti|nccl|cuda|nvrtc)\.so)");

}  // namespace

class TestDependencies : public QObject {
    Q_OBJECT

private slots:
    void programsLinkNoGpuLibrary_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("inferscope-cli") << testsupport::cliPath();
#ifdef INFERSCOPE_GUI_PATH
        QTest::newRow("inferscope") << QString(INFERSCOPE_GUI_PATH);
#endif
        QTest::newRow("a test linking the engine") << QCoreApplication::applicationFilePath();
    }

    void programsLinkNoGpuLibrary()
    {
        QFETCH(QString, path);
        const QString deps = dependenciesOf(path);
        QVERIFY2(deps.contains("libc.so"), qPrintable("ldd failed on " + path));
        const QRegularExpressionMatch gpu = kGpuLibrary.match(deps);
        QVERIFY2(!gpu.hasMatch(), qPrintable(path + " links " + gpu.captured(0)));
    }

    void cudaModuleCarriesTheGpuLibraries()
    {
#ifndef INFERSCOPE_CUDA_MODULE_PATH
        QSKIP("this build has no CUDA module (configured without nvcc or with INFERSCOPE_CUDA=OFF)");
#else
        const QString deps = dependenciesOf(INFERSCOPE_CUDA_MODULE_PATH);
        for (const char* lib : {"libcudart.so", "libcublas.so", "libnccl.so", "libcupti.so"})
            QVERIFY2(deps.contains(lib), lib);
#endif
    }

    // With no module to load, the CLI runs and explains the missing GPU.
    void cliStartsWithoutTheModule()
    {
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("INFERSCOPE_CUDA_MODULE", "/nonexistent/libinferscope-cuda.so");
        env.remove("LD_LIBRARY_PATH");
        cli.setProcessEnvironment(env);
        cli.start(testsupport::cliPath(), {"devices"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.contains("CUDA: unavailable — The CUDA backend module libinferscope-cuda.so is not installed"),
                 qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestDependencies)
#include "tst_dependencies.moc"
