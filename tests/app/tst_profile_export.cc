// The Export page's optimisation profile: the Run page's settings as canonical
// profile JSON, save and re-import byte for byte, the bundled profiles import,
// invalid ones are refused with every validator message and change nothing, and
// the command text is the engine's export.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/profile_document.h"
#include "app/settings/settings.h"
#include "app/widgets/profile_export_panel.h"
#include "common/fixtures.h"
#include "engine/config/framework_export.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"

namespace {

QString profilesDir()
{
    return QDir(QString::fromUtf8(INFERSCOPE_SOURCE_DIR)).filePath(QStringLiteral("resources/profiles"));
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestProfileExport : public QObject {
    Q_OBJECT
private slots:
    // The toolbar's GPU reaches the run's profile as devices.gpus, unless the
    // profile already names its GPUs; the CPU leaves the devices alone.
    void runKnobsCarryTheSelectedDevice()
    {
        RunRequest request;
        request.threads = 2;
        request.device = QStringLiteral("cuda:1");
        // Through the canonical text, as the run's record keeps it.
        auto gpusOf = [](const ProfileValue& value) {
            const QByteArray json = value.toJson();
            return engine::checkProfileText(std::string_view(json.constData(), size_t(json.size()))).profile->devices->gpus;
        };
        QCOMPARE(gpusOf(profileWithRunKnobs(ProfileValue(), request)),
                 std::optional<std::vector<int32_t>>(std::vector<int32_t>{1}));
        const auto named = ProfileValue::fromJson("{\"schema\":\"inferscope.profile/1\",\"devices\":{\"gpus\":[0]}}");
        QVERIFY(named);
        QCOMPARE(gpusOf(profileWithRunKnobs(*named, request)), std::optional<std::vector<int32_t>>(std::vector<int32_t>{0}));
        request.device = QStringLiteral("cpu:0");
        QCOMPARE(gpusOf(profileWithRunKnobs(ProfileValue(), request)), std::optional<std::vector<int32_t>>());
    }

    void settingsBecomeProfileKeys();
    void saveAndReimportIsByteIdentical();
    void bundledProfilesImport_data();
    void bundledProfilesImport();
    void invalidProfileIsRefused();
    void llamaCppTextIsTheEngineExport();
    void frameworkTabsAreTheEngineExports();
};

void TestProfileExport::settingsBecomeProfileKeys()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    settings.setThreads(3);
    settings.setMaxTokens(77);
    settings.setTemperature(0.5);
    settings.setTopK(40);
    ProfileExportPanel panel(&settings);
    const engine::Expected<engine::Profile> profile = engine::parseProfile(panel.profileJson().toStdString());
    QVERIFY(profile.hasValue());
    QCOMPARE(profile->devices->threads, std::optional<int32_t>(3));
    QCOMPARE(profile->sampling->maxTokens, std::optional<int32_t>(77));
    QCOMPARE(profile->sampling->temperature, std::optional<double>(0.5));
    QCOMPARE(profile->sampling->topK, std::optional<int32_t>(40));
    QVERIFY(panel.keptKeys().isEmpty());

    settings.setTopK(7);  // the panel follows the settings
    QVERIFY(panel.profileJson().contains("\"top_k\": 7"));
}

void TestProfileExport::saveAndReimportIsByteIdentical()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    settings.setThreads(2);
    settings.setTemperature(0.8);
    settings.setSeed(1234);
    ProfileExportPanel panel(&settings);
    const QString path = dir.filePath(QStringLiteral("p.json"));
    QCOMPARE(panel.saveProfile(path), QString());
    const QByteArray saved = readFile(path);
    QCOMPARE(saved, panel.profileJson());

    Settings other(dir.filePath(QStringLiteral("o.ini")));
    ProfileExportPanel second(&other);
    QCOMPARE(second.importProfile(path), QStringList());
    QCOMPARE(second.profileJson(), saved);
    QCOMPARE(other.threads(), 2);
    QCOMPARE(other.temperature(), 0.8);
    QCOMPARE(other.seed(), quint64(1234));
}

void TestProfileExport::bundledProfilesImport_data()
{
    QTest::addColumn<QString>("path");
    const QFileInfoList files = QDir(profilesDir()).entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    QVERIFY(files.size() >= 4);
    for (const QFileInfo& file : files)
        QTest::newRow(qPrintable(file.fileName())) << file.absoluteFilePath();
}

void TestProfileExport::bundledProfilesImport()
{
    QFETCH(QString, path);
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    ProfileExportPanel panel(&settings);
    QCOMPARE(panel.importProfile(path), QStringList());

    const engine::Expected<engine::Profile> original = engine::loadProfileFile(path.toStdString());
    QVERIFY(original.hasValue());
    const engine::Expected<engine::Profile> current = engine::parseProfile(panel.profileJson().toStdString());
    QVERIFY(current.hasValue());
    // Every section is kept as it was.
    QCOMPARE(current->weights, original->weights);
    QCOMPARE(current->pruning, original->pruning);
    QCOMPARE(current->kvCache, original->kvCache);
    QCOMPARE(current->batching, original->batching);
    // Runs apply weights and the KV cache; batching is only kept for the exports.
    QVERIFY(!panel.keptKeys().contains(QStringLiteral("weights")));
    QVERIFY(!panel.keptKeys().contains(QStringLiteral("kv_cache")));
    QVERIFY(!panel.keptKeys().contains(QStringLiteral("batching")));  // workload runs apply it
    // The run settings took the profile's values.
    if (original->sampling && original->sampling->maxTokens)
        QCOMPARE(settings.maxTokens(), *original->sampling->maxTokens);
    if (original->sampling && original->sampling->temperature)
        QCOMPARE(settings.temperature(), *original->sampling->temperature);
    if (original->devices && original->devices->threads)
        QCOMPARE(settings.threads(), *original->devices->threads);
}

void TestProfileExport::invalidProfileIsRefused()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    settings.setThreads(5);
    settings.setMaxTokens(99);
    ProfileExportPanel panel(&settings);
    const QByteArray before = panel.profileJson();

    const QByteArray invalid = R"({"schema": "inferscope.profile/1",
        "weights": {"dtype": "int4", "group_size": 48},
        "batching": {"max_batchsize": 8},
        "devices": {"threads": 1},
        "sampling": {"max_tokens": 3}})";
    const QStringList errors = panel.importProfile(writeFile(dir, QStringLiteral("bad.json"), invalid));
    QStringList expected;
    for (const engine::ProfileIssue& issue : engine::checkProfileText(invalid.toStdString()).errors())
        expected << QString::fromStdString(issue.toString());
    QCOMPARE(errors, expected);
    QCOMPARE(errors.size(), 2);
    QVERIFY(errors.contains(QStringLiteral("weights.group_size: 48 is not one of 32, 64, 128")));
    QCOMPARE(settings.threads(), 5);
    QCOMPARE(settings.maxTokens(), 99);
    QCOMPARE(panel.profileJson(), before);

    const QStringList malformed = panel.importProfile(writeFile(dir, QStringLiteral("m.json"), "{\"schema\": "));
    QCOMPARE(malformed.size(), 1);
    QCOMPARE(panel.profileJson(), before);
    QVERIFY(!panel.importProfile(dir.filePath(QStringLiteral("missing.json"))).isEmpty());
}

void TestProfileExport::llamaCppTextIsTheEngineExport()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    settings.setLastModel(QStringLiteral("/models/tiny.gguf"));
    ProfileExportPanel panel(&settings);
    QCOMPARE(panel.importProfile(QDir(profilesDir()).filePath(QStringLiteral("int4-g32.json"))), QStringList());
    const engine::Expected<engine::Profile> profile = engine::parseProfile(panel.profileJson().toStdString());
    QVERIFY(profile.hasValue());
    QCOMPARE(panel.llamaCppText(), QString::fromStdString(engine::toLlamaCppArgs(*profile, "/models/tiny.gguf")));
    QCOMPARE(panel.vllmText(), QString::fromStdString(engine::toVllmArgs(*profile, "/models/tiny.gguf")));
    QVERIFY(panel.llamaCppText().contains(QStringLiteral("llama-server")));
}

// The TensorRT-LLM, Triton and ONNX Runtime GenAI tabs show the engine's
// export of the same profile, notes included, and write Triton's repository.
void TestProfileExport::frameworkTabsAreTheEngineExports()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    settings.setLastModel(QStringLiteral("/models/tiny.gguf"));
    ProfileExportPanel panel(&settings);
    QCOMPARE(panel.importProfile(QDir(profilesDir()).filePath(QStringLiteral("int4-g32.json"))), QStringList());
    const engine::Expected<engine::Profile> profile = engine::parseProfile(panel.profileJson().toStdString());
    QVERIFY(profile.hasValue());
    for (int i = 0; i < static_cast<int>(engine::Framework::Count); ++i) {
        const engine::FrameworkExport out =
            engine::exportFramework(static_cast<engine::Framework>(i), *profile, "/models/tiny.gguf");
        QCOMPARE(panel.frameworkText(i), QString::fromStdString(out.text()));
        for (const engine::ExportNote& note : out.notes)
            QVERIFY2(panel.frameworkNotes(i).contains(QString::fromStdString(note.toString())), qPrintable(panel.frameworkNotes(i)));
    }
    const int triton = static_cast<int>(engine::Framework::TritonVllm);
    QVERIFY(panel.frameworkText(triton).contains(QStringLiteral("backend: \"vllm\"")));
    QCOMPARE(panel.writeFrameworkFiles(triton, dir.filePath(QStringLiteral("out"))), QString());
    // The repository is named after the profile ("name": "int4-g32").
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/model_repository/int4-g32/1/model.json"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/commands.sh"))));
}

QTEST_MAIN(TestProfileExport)
#include "tst_profile_export.moc"
