// Bad input a hostile or careless user can give: each is refused with a
// specific one-line error and a non-zero exit, quickly (a FIFO must not hang
// the process, an absurd layer count must not allocate), never a crash.
#include <QTest>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <cmath>
#include <cstring>
#include <functional>
#include <sys/stat.h>

#include "common/cli_run.h"
#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/passes/quantize_pass.h"

namespace {

using testsupport::runCli;

constexpr int kQuickMs = 20000;  // a hang shows as a timeout (exit -1), not a pass

// stories260K with one change, written to `path`.
bool writeVariant(const QString& model, const QString& path, const std::function<void(engine::ModelFile&)>& change)
{
    auto file = engine::openModelFile(model.toStdString(), "");
    if (!file) return false;
    change(*file);
    file->rebuildIndex();
    return bool(engine::writeModelGguf(*file, path.toStdString()));
}

void expectError(const QStringList& args, const char* message)
{
    const testsupport::CliRun r = runCli(args, kQuickMs);
    QVERIFY2(r.exitCode > 0, qPrintable(args.join(' ') + " exited " + QString::number(r.exitCode)));
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(message), r.err.constData());
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private slots:
    void fifoInputsAreRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        const QByteArray fifo = dir.filePath("fifo").toLocal8Bit();
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        expectError({"info", QString::fromLocal8Bit(fifo)}, "is not a regular file (a FIFO, socket or device)");
        expectError({"generate", model, "--profile", QString::fromLocal8Bit(fifo)},
                    "cannot read profile " + fifo + ": it is not a regular file");
        expectError({"bench", model, "--workload", QString::fromLocal8Bit(fifo)},
                    "cannot read workload " + fifo + ": it is not a regular file");
    }

    void oversizedProfileIsRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        QFile big(dir.filePath("big.json"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(qint64(17) << 20));  // sparse: 17 MiB of zeros
        big.close();
        expectError({"generate", model, "--profile", big.fileName()}, "it is 17 MiB, more than the 16 MiB a profile may be");
    }

    // An absurd layer count is refused by name before anything is sized by it.
    void absurdBlockCountIsRefused()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        const QString path = dir.filePath("layers.gguf");
        QVERIFY(writeVariant(model, path, [](engine::ModelFile& f) {
            f.setMeta("llama.block_count", engine::MetaValue::u32(1000000000u));
        }));
        for (const char* command : {"generate", "eval"})
            expectError({command, path}, "llama.block_count 1000000000 is more layers than the file's");
        const testsupport::CliRun info = runCli({"info", path, "--json"}, kQuickMs);
        QCOMPARE(info.exitCode, 0);  // the card still describes the file
    }

    // An output that is not a regular file is refused and left as it was; a
    // link planted at the temporary name is removed, its target untouched.
    void unsafeOutputsAreRefused()
    {
        QTemporaryDir dir;
        const QByteArray fifo = dir.filePath("fifo").toLocal8Bit();
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        const QStringList synth{"synth", "--shape", "tiny", "--quiet", "--out"};
        expectError(synth + QStringList{"/dev/full"}, "cannot write /dev/full: it is a device");
        expectError(synth + QStringList{QString::fromLocal8Bit(fifo)}, "it is a FIFO");
        expectError(synth + QStringList{dir.path()}, "it is a directory");
        struct stat st {};
        QCOMPARE(::stat("/dev/full", &st), 0);
        QVERIFY(S_ISCHR(st.st_mode));
        QCOMPARE(::stat(fifo.constData(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode));

        const QString victim = dir.filePath("victim.txt"), out = dir.filePath("model.gguf");
        QFile v(victim);
        QVERIFY(v.open(QIODevice::WriteOnly));
        v.write("keep me");
        v.close();
        QVERIFY(QFile::link(victim, out + ".tmp"));
        const testsupport::CliRun r = runCli(synth + QStringList{out}, kQuickMs);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(v.open(QIODevice::ReadOnly));
        QCOMPARE(v.readAll(), QByteArray("keep me"));
        QVERIFY(QFileInfo(out).isFile() && QFileInfo(out).size() > 1000);
        QVERIFY(!QFileInfo::exists(out + ".tmp"));
    }

    // NaN weights make every logit meaningless: generation stops with an error.
    void nonFiniteWeightsStopGeneration()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir dir;
        const QString path = dir.filePath("nan.gguf");
        std::vector<float> poisoned;
        QVERIFY(writeVariant(model, path, [&](engine::ModelFile& f) {
            for (engine::TensorInfo& t : f.tensors) {
                if (t.name != "blk.0.ffn_down.weight") continue;
                poisoned.assign(reinterpret_cast<const float*>(t.data),
                                reinterpret_cast<const float*>(t.data) + t.bytes / sizeof(float));
                poisoned[17] = std::nanf("");
                t.data = reinterpret_cast<const uint8_t*>(poisoned.data());
            }
        }));
        expectError({"generate", path, "-n", "4"}, "are not finite");
    }

    // Converting the weights is admitted against the available memory
    // (stood in for by INFERSCOPE_MEM_AVAILABLE): refused with both numbers.
    void weightConversionIsAdmitted()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        const QString profile = QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/profiles/int8.json";
        qputenv("INFERSCOPE_MEM_AVAILABLE", "100000");
        expectError({"generate", model, "--profile", profile, "-n", "4"}, "of memory is available");
        const testsupport::CliRun r = runCli({"generate", model, "--profile", profile, "-n", "4"}, kQuickMs);
        QVERIFY2(r.err.contains("needs 353.61 KiB") && r.err.contains("97.66 KiB"), r.err.constData());
        qunsetenv("INFERSCOPE_MEM_AVAILABLE");
        const testsupport::CliRun ok = runCli({"generate", model, "--profile", profile, "-n", "4"}, kQuickMs);
        QCOMPARE(ok.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
