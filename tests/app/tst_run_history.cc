// The run history file: round trip; no interrupted write ever corrupts or
// replaces an existing history, including a writer killed with SIGKILL at
// random moments (the test starts itself as that writer); an unreadable
// history is kept aside under a new name, never emptied.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QSettings>
#include <QTest>

#include "app/models/run_history.h"
#include "app/settings/settings.h"

#include <QCoreApplication>
#include <QProcess>
#include <csignal>

namespace {

RunResult makeRun(const QString& id, int tokens)
{
    RunResult r;
    r.id = id;
    r.finishedAt = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 890), Qt::UTC);
    r.modelPath = QStringLiteral("/models/stories260K.gguf");
    r.modelName = QStringLiteral("stories260K");
    r.device = QStringLiteral("CPU (4 threads)");
    r.request.prompt = QStringLiteral("Once upon a time \"quoted\" ü");
    r.request.maxTokens = 64;
    r.request.threads = 4;
    r.sampling.temperature = 0.8;
    r.sampling.topK = 40;
    r.sampling.topP = 0.95;
    r.sampling.minP = 0.05;
    r.sampling.seed = 18446744073709551557ull;  // above 2^53: must survive JSON
    r.stopReason = QStringLiteral("max-tokens");
    r.promptTokens = 5;
    for (int i = 0; i < tokens; ++i) {
        r.tokens.append(300 + i);
        r.latenciesMs.append(i == 0 ? 12.5 : 0.25 * i);
    }
    r.text = QStringLiteral(" there was a cat");
    r.ttftMs = 12.5;
    r.prefillMs = 10.0;
    r.decodeMs = 30.0;
    r.prefillTokPerS = 500.0;
    r.decodeTokPerS = 210.5;
    return r;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

}  // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private slots:
    void roundTrip();
    void missingFileIsEmpty();
    void staleTempFileIsIgnored();
    void uncommittedWriteKeepsOldFile();
    void corruptFileIsSetAside();
    void foreignFileIsSetAside();
    void removeRuns();
    void survivesKillDuringWrites();
};

void TestRunHistory::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/history.json"));
    {
        RunHistory history(path);
        QVERIFY(history.load());
        QSignalSpy changed(&history, &RunHistory::changed);
        QVERIFY(history.append(makeRun(QStringLiteral("r1"), 5)));
        QVERIFY(history.append(makeRun(QStringLiteral("r2"), 3)));
        QCOMPARE(changed.count(), 2);
    }
    RunHistory reloaded(path);
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 2);
    const RunResult expected = makeRun(QStringLiteral("r1"), 5);
    const RunResult& r = reloaded.runs().first();
    QCOMPARE(r.id, expected.id);
    QCOMPARE(r.finishedAt, expected.finishedAt);
    QCOMPARE(r.request.prompt, expected.request.prompt);
    QCOMPARE(r.sampling.seed, expected.sampling.seed);
    QCOMPARE(r.sampling.topK, 40);
    QCOMPARE(r.sampling.minP, 0.05);
    QCOMPARE(r.tokens, expected.tokens);
    QCOMPARE(r.latenciesMs, expected.latenciesMs);
    QCOMPARE(r.decodeTokPerS, 210.5);
    QCOMPARE(r.text, expected.text);
    QVERIFY(reloaded.find(QStringLiteral("r2")));
    QVERIFY(!reloaded.find(QStringLiteral("nope")));
}

void TestRunHistory::missingFileIsEmpty()
{
    QTemporaryDir dir;
    RunHistory history(dir.filePath(QStringLiteral("none.json")));
    QVERIFY(history.load());
    QVERIFY(history.runs().isEmpty());
    QVERIFY(!QFile::exists(history.path()));  // loading alone writes nothing
}

void TestRunHistory::staleTempFileIsIgnored()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    {
        RunHistory history(path);
        QVERIFY(history.load());
        QVERIFY(history.append(makeRun(QStringLiteral("r1"), 4)));
    }
    // What a crash mid-save leaves: a half-written temporary next to the file.
    const QByteArray good = readAll(path);
    for (const QString& stale : {path + QStringLiteral(".tmp"), path + QStringLiteral(".aB12cd")}) {
        QFile f(stale);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(good.left(good.size() / 2));
    }
    RunHistory history(path);
    QVERIFY(history.load());
    QCOMPARE(history.runs().size(), 1);
    QVERIFY(history.append(makeRun(QStringLiteral("r2"), 2)));
    RunHistory reloaded(path);
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 2);
}

void TestRunHistory::uncommittedWriteKeepsOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    RunHistory history(path);
    QVERIFY(history.load());
    QVERIFY(history.append(makeRun(QStringLiteral("r1"), 4)));
    const QByteArray before = readAll(path);

    // A writer that dies before commit (truncated output) must not touch the file.
    {
        QSaveFile interrupted(path);
        QVERIFY(interrupted.open(QIODevice::WriteOnly));
        const QByteArray next = RunHistory::serialize({makeRun(QStringLiteral("r1"), 4), makeRun("r2", 9)});
        interrupted.write(next.left(next.size() / 3));
        // destroyed without commit(): the temporary is discarded
    }
    QCOMPARE(readAll(path), before);
    RunHistory reloaded(path);
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 1);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("history.json")});
}

void TestRunHistory::corruptFileIsSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    const QByteArray truncated = RunHistory::serialize({makeRun(QStringLiteral("r1"), 4)}).left(120);
    writeFile(path, truncated);
    RunHistory history(path);
    QVERIFY(!history.load());  // reported...
    const QString aside = history.setAsidePath();
    QVERIFY2(history.lastError().contains(path) && history.lastError().contains(aside), qPrintable(history.lastError()));
    QVERIFY2(QFileInfo(aside).fileName().startsWith(QStringLiteral("history.corrupt-")) && aside.endsWith(".json"),
             qPrintable(aside));
    QCOMPARE(readAll(aside), truncated);  // ...kept, byte for byte, for the user to inspect
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(history.runs().isEmpty());

    // A fresh history is started at the usual path; the old file is not touched by it.
    QVERIFY2(history.append(makeRun(QStringLiteral("r2"), 1)), qPrintable(history.lastError()));
    RunHistory reloaded(path);
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 1);
    QCOMPARE(reloaded.runs().front().id, QStringLiteral("r2"));
    QVERIFY(reloaded.setAsidePath().isEmpty());
    QCOMPARE(readAll(aside), truncated);

    // Corrupt again within the same second: a second name, the first file kept too.
    writeFile(path, "{\"format\": \"inferscope-history\", \"runs\": [");
    QVERIFY(!reloaded.load());
    QVERIFY(!reloaded.setAsidePath().isEmpty() && reloaded.setAsidePath() != aside);
    QCOMPARE(readAll(aside), truncated);
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("history.corrupt-*")}, QDir::Files).size(), 2);
}

void TestRunHistory::foreignFileIsSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.json"));
    writeFile(path, "{\"hello\": 1}");
    RunHistory other(path);
    QVERIFY(!other.load());
    QVERIFY2(other.lastError().contains(QStringLiteral("not an InferScope run history")), qPrintable(other.lastError()));
    QCOMPARE(readAll(other.setAsidePath()), QByteArray("{\"hello\": 1}"));
    QVERIFY(other.append(makeRun(QStringLiteral("r3"), 1)));
    QCOMPARE(readAll(other.setAsidePath()), QByteArray("{\"hello\": 1}"));
}

void TestRunHistory::removeRuns()
{
    QTemporaryDir dir;
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    QVERIFY(history.load());
    for (const char* id : {"a", "b", "c"})
        QVERIFY(history.append(makeRun(QString::fromLatin1(id), 1)));
    QVERIFY(history.remove({QStringLiteral("b"), QStringLiteral("zzz")}));
    RunHistory reloaded(history.path());
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 2);
    QCOMPARE(reloaded.runs().at(1).id, QStringLiteral("c"));
    QVERIFY(reloaded.clear());
    QVERIFY(reloaded.load());
    QVERIFY(reloaded.runs().isEmpty());
}

// The writer (this executable with INFERSCOPE_HISTORY_WRITER=DIR): appends
// runs and rewrites settings as fast as it can until it is killed.
int historyWriter(const QString& dir)
{
    RunHistory history(QDir(dir).filePath(QStringLiteral("history.json")));
    if (!history.load())
        return 3;
    Settings settings(QDir(dir).filePath(QStringLiteral("settings.ini")));
    for (int i = 0;; ++i) {
        if (history.runs().size() < 300 && !history.append(makeRun(QStringLiteral("w%1").arg(i), 40)))
            return 4;
        settings.setMaxTokens(1 + i % 500);
        settings.setLastModel(QStringLiteral("/models/m%1.gguf").arg(i));
    }
}

// Killed 25 times at varied moments of its writes: every time the history
// loads, never loses a run it had, and the settings read back.
void TestRunHistory::survivesKillDuringWrites()
{
    QTemporaryDir dir;
    qsizetype before = 0;
    for (int round = 0; round < 25; ++round) {
        QProcess writer;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("INFERSCOPE_HISTORY_WRITER"), dir.path());
        writer.setProcessEnvironment(env);
        writer.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(writer.waitForStarted());
        QTest::qWait(30 + (round * 37) % 170);
        writer.kill();  // SIGKILL
        QVERIFY(writer.waitForFinished());
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

        RunHistory history(dir.filePath(QStringLiteral("history.json")));
        QVERIFY2(history.load(), qPrintable(history.lastError()));
        QVERIFY(history.runs().size() >= before);
        before = history.runs().size();
        QSettings ini(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QCOMPARE(ini.status(), QSettings::NoError);
    }
    QVERIFY(before > 0);  // the writer did get runs in
    qInfo("%lld runs written across 25 kills", static_cast<long long>(before));
}

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsSet("INFERSCOPE_HISTORY_WRITER")) {
        QCoreApplication app(argc, argv);
        return historyWriter(qEnvironmentVariable("INFERSCOPE_HISTORY_WRITER"));
    }
    QCoreApplication app(argc, argv);
    TestRunHistory test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_run_history.moc"
