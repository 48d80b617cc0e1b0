// Typed settings (one change signal per key, persisted) and the order in which
// the startup model is chosen.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/default_model.h"
#include "app/settings/settings.h"

namespace {

QString touch(const QString& path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("GGUF");
    return QFileInfo(path).absoluteFilePath();
}

}  // namespace

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void signalsOncePerChange();
    void persistsAcrossInstances();
    void recentModelsAreDeduplicatedAndCapped();
    void defaultModelOrder();
    void lastProfilePersists();
};

void TestSettings::signalsOncePerChange()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    QSignalSpy threads(&settings, &Settings::threadsChanged);
    QSignalSpy temperature(&settings, &Settings::temperatureChanged);
    settings.setThreads(3);
    settings.setThreads(3);  // same value: no signal
    settings.setTemperature(0.7);
    QCOMPARE(threads.count(), 1);
    QCOMPARE(threads.first().at(0).toInt(), 3);
    QCOMPARE(temperature.count(), 1);
    QCOMPARE(settings.threads(), 3);
}

void TestSettings::persistsAcrossInstances()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("s.ini"));
    {
        Settings settings(ini);
        QCOMPARE(settings.maxTokens(), 128);  // default
        settings.setLastModel(QStringLiteral("/m/a.gguf"));
        settings.setMaxTokens(77);
        settings.setSeed(18446744073709551557ull);
        settings.setWindowGeometry(QByteArray("\x01\x02\x00\x03", 4));
        settings.setTopP(0.9);
        settings.sync();
    }
    Settings settings(ini);
    QCOMPARE(settings.lastModel(), QStringLiteral("/m/a.gguf"));
    QCOMPARE(settings.maxTokens(), 77);
    QCOMPARE(settings.seed(), 18446744073709551557ull);
    QCOMPARE(settings.windowGeometry(), QByteArray("\x01\x02\x00\x03", 4));
    QCOMPARE(settings.topP(), 0.9);
}

void TestSettings::recentModelsAreDeduplicatedAndCapped()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("s.ini")));
    QSignalSpy changed(&settings, &Settings::recentModelsChanged);
    for (int i = 0; i < Settings::kMaxRecentModels + 3; ++i)
        settings.addRecentModel(QStringLiteral("/m/%1.gguf").arg(i));
    settings.addRecentModel(QStringLiteral("/m/5.gguf"));
    const QStringList recent = settings.recentModels();
    QCOMPARE(recent.size(), Settings::kMaxRecentModels);
    QCOMPARE(recent.first(), QStringLiteral("/m/5.gguf"));
    QCOMPARE(recent.count(QStringLiteral("/m/5.gguf")), 1);
    QCOMPARE(changed.count(), Settings::kMaxRecentModels + 4);
}

void TestSettings::defaultModelOrder()
{
    QTemporaryDir dir;
    DefaultModelSources s;
    QCOMPARE(findDefaultModel(s), QString());  // nothing anywhere: the window offers a synthetic model

    s.dataDir = dir.filePath(QStringLiteral("data"));
    const QString inData = touch(dir.filePath(QStringLiteral("data/models/b.gguf")));
    touch(dir.filePath(QStringLiteral("data/models/c.gguf")));
    QCOMPARE(findDefaultModel(s), inData);  // first by name

    s.sourceDir = dir.filePath(QStringLiteral("src"));
    QDir().mkpath(s.sourceDir);
    const QString bundled = touch(dir.filePath(QStringLiteral("shared/models/stories260K.gguf")));
    QCOMPARE(findDefaultModel(s), QFileInfo(bundled).canonicalFilePath());

    s.environment = touch(dir.filePath(QStringLiteral("env.gguf")));
    QCOMPARE(findDefaultModel(s), s.environment);

    s.lastModel = dir.filePath(QStringLiteral("deleted.gguf"));  // gone: skipped
    QCOMPARE(findDefaultModel(s), s.environment);
    s.lastModel = touch(dir.filePath(QStringLiteral("last.gguf")));
    QCOMPARE(findDefaultModel(s), s.lastModel);

    // A Hugging Face folder is a model when it holds config.json.
    const QString folder = dir.filePath(QStringLiteral("hf-model"));
    QVERIFY(QDir().mkpath(folder));
    s.lastModel = folder;
    QCOMPARE(findDefaultModel(s), s.environment);
    touch(QDir(folder).filePath(QStringLiteral("config.json")));
    QCOMPARE(findDefaultModel(s), QFileInfo(folder).absoluteFilePath());

    s.commandLine = dir.filePath(QStringLiteral("typo.gguf"));  // wins even when missing: its error is shown
    QCOMPARE(findDefaultModel(s), s.commandLine);
}

void TestSettings::lastProfilePersists()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("s.ini"));
    const QByteArray profile = "{\n  \"schema\": \"inferscope.profile/1\",\n  \"weights\": {\n    \"dtype\": \"int8\"\n  }\n}\n";
    {
        Settings settings(ini);
        QVERIFY(settings.lastProfile().isEmpty());
        QSignalSpy changed(&settings, &Settings::lastProfileChanged);
        settings.setLastProfile(profile);
        settings.setLastProfile(profile);
        QCOMPARE(changed.count(), 1);
        settings.sync();
    }
    Settings settings(ini);
    QCOMPARE(settings.lastProfile(), profile);
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
