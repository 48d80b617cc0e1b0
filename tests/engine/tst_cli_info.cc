// inferscope-cli info / tokenize / synth, run as a user would: the built
// binary in a child process, checking stdout JSON, exit codes and the
// one-line error contract.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "common/cli_run.h"
#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/passes/quantize_pass.h"

namespace {

using Run = testsupport::CliRun;
using testsupport::runCli;

QJsonObject parseObject(const QByteArray& bytes)
{
    return testsupport::jsonObject(bytes);
}

}  // namespace

class TestCliInfo : public QObject {
    Q_OBJECT

private slots:
    void infoJson_data();
    void infoJson();
    void infoText();
    void infoErrors_data();
    void infoErrors();
    void tokenizeMatchesReference_data();
    void tokenizeMatchesReference();
    void synthThenInfo();
    void synthErrors_data();
    void synthErrors();
    void invalidUtf8InJsonOutput();
    void integerOptionsOutOfRange();

private:
    QTemporaryDir m_tmp;
};

void TestCliInfo::infoJson_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("context");
    QTest::addColumn<qint64>("parameters");
    QTest::newRow("gguf") << "stories260K.gguf" << "gguf" << 2048 << qint64(292800);  // separate output.weight
    QTest::newRow("llama2.c") << "stories260K.bin" << "llama2.c" << 512 << qint64(260032);  // shared classifier
}

void TestCliInfo::infoJson()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(int, context);
    QFETCH(qint64, parameters);
    const QString path = QDir(testsupport::sharedModelsDir()).filePath(file);
    if (!QFileInfo::exists(path)) {
        if (testsupport::runningInCi()) QFAIL(qPrintable("missing shared model fixture: " + path));
        QSKIP(qPrintable("missing shared model fixture: " + path));
    }
    const Run r = runCli({"info", path, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.isEmpty());
    const QJsonObject o = parseObject(r.out);
    QCOMPARE(o["format"].toString(), format);
    QCOMPARE(o["architecture"].toString(), QStringLiteral("llama"));
    const QJsonObject h = o["hyperparameters"].toObject();
    QCOMPARE(h["dim"].toInt(), 64);
    QCOMPARE(h["hidden_dim"].toInt(), 172);
    QCOMPARE(h["n_layers"].toInt(), 5);
    QCOMPARE(h["n_heads"].toInt(), 8);
    QCOMPARE(h["n_kv_heads"].toInt(), 4);
    QCOMPARE(h["head_dim"].toInt(), 8);
    QCOMPARE(h["vocab_size"].toInt(), 512);
    QCOMPARE(h["context_length"].toInt(), context);
    QCOMPARE(h["rms_eps"].toDouble(), 1e-5);
    QCOMPARE(o["parameters"].toInteger(), parameters);
    QCOMPARE(o["tokenizer"].toObject()["model"].toString(), QStringLiteral("llama"));
    QCOMPARE(o["tokenizer"].toObject()["vocab_size"].toInt(), 512);
    QCOMPARE(o["tensors"].toArray().size(), 48);
    QCOMPARE(o["file_size"].toInteger(), QFileInfo(path).size());
    const QJsonObject mem = o["memory_bytes"].toObject();
    QCOMPARE(mem["fp32"].toInteger(), parameters * 4);
    QCOMPARE(mem["as_stored"].toInteger(), parameters * 4);
    QVERIFY(mem["int4_q4_0"].toInteger() < mem["int8_q8_0"].toInteger());
    QVERIFY(mem["int8_q8_0"].toInteger() < mem["fp16"].toInteger());
}

void TestCliInfo::infoText()
{
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
    const Run r = runCli({"info", bin, "--tokenizer", tok});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString text = QString::fromUtf8(r.out);
    QVERIFY(text.contains("llama2.c"));
    QVERIFY(text.contains("dim 64, ffn 172, layers 5, heads 8, kv heads 4"));
    QVERIFY(text.contains("llama, 512 tokens"));
    QVERIFY(text.contains("blk.4.ffn_down.weight"));
}

void TestCliInfo::infoErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing file") << QStringList{"info", "/nonexistent/model.gguf"} << "cannot open";
    QTest::newRow("no model") << QStringList{"info"} << "expected exactly one MODEL";
    QTest::newRow("unknown option") << QStringList{"info", "x.gguf", "--bogus"} << "unknown option --bogus";
    QTest::newRow("not a model") << QStringList{"info", "@garbage"} << "not a model file";
    QTest::newRow("truncated gguf") << QStringList{"info", "@truncated"} << "truncated";
}

void TestCliInfo::infoErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    if (args.size() > 1 && args[1] == "@garbage") {
        QFile f(m_tmp.filePath("garbage.gguf"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a model, just some text that is long enough");
        args[1] = f.fileName();
    } else if (args.size() > 1 && args[1] == "@truncated") {
        const QString src = QDir(testsupport::sharedModelsDir()).filePath("stories260K.gguf");
        QFile in(src);
        if (!in.open(QIODevice::ReadOnly)) QSKIP("stories260K.gguf fixture missing");
        QFile f(m_tmp.filePath("truncated.gguf"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(in.read(20000));  // cut inside the vocabulary
        args[1] = f.fileName();
    }
    const Run r = runCli(args);
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(r.err.endsWith('\n'));
    QVERIFY2(r.err.startsWith("inferscope-cli: error: "), r.err.constData());
    QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
}

void TestCliInfo::tokenizeMatchesReference_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("gguf") << "stories260K.gguf";
    QTest::newRow("llama2.c") << "stories260K.bin";
}

void TestCliInfo::tokenizeMatchesReference()
{
    QFETCH(QString, file);
    const QString path = QDir(testsupport::sharedModelsDir()).filePath(file);
    if (!QFileInfo::exists(path)) {
        if (testsupport::runningInCi()) QFAIL(qPrintable("missing shared model fixture: " + path));
        QSKIP(qPrintable("missing shared model fixture: " + path));
    }
    // The reference ids recorded with the fixtures (shared/models/SOURCES.md).
    const Run r = runCli({"tokenize", path, "--text", "Once upon a time, there was a little girl named Lily.", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = parseObject(r.out);
    const QList<int> expected = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};
    QList<int> ids;
    for (const QJsonValue& v : o["ids"].toArray()) ids.append(v.toInt());
    QCOMPARE(ids, expected);
    QCOMPARE(o["count"].toInt(), expected.size());
    const QJsonArray tokens = o["tokens"].toArray();
    QCOMPARE(tokens[1].toObject()["piece"].toString(), QStringLiteral("Once"));  // leading space dropped after BOS
    QCOMPARE(tokens[2].toObject()["piece"].toString(), QStringLiteral(" upon"));

    const Run noBos = runCli({"tokenize", path, "--text", "Lily", "--no-bos", "--json"});
    QVERIFY2(noBos.exitCode == 0, noBos.err.constData());
    const QJsonArray noBosIds = parseObject(noBos.out)["ids"].toArray();
    QVERIFY(!noBosIds.isEmpty());
    QVERIFY(noBosIds[0].toInt() != 1);
}

void TestCliInfo::synthThenInfo()
{
    const QString out = m_tmp.filePath("tiny.gguf");
    const Run s = runCli({"synth", "--shape", "tiny", "--dtype", "q8_0", "--seed", "5", "--out", out, "--quiet"});
    QVERIFY2(s.exitCode == 0, s.err.constData());
    QVERIFY(s.out.contains("wrote"));
    const Run r = runCli({"info", out, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = parseObject(r.out);
    const QJsonObject h = o["hyperparameters"].toObject();
    QCOMPARE(h["dim"].toInt(), 64);
    QCOMPARE(h["n_layers"].toInt(), 2);
    QCOMPARE(h["n_heads"].toInt(), 4);
    QCOMPARE(h["n_kv_heads"].toInt(), 2);
    QCOMPARE(h["hidden_dim"].toInt(), 172);
    QCOMPARE(h["vocab_size"].toInt(), 512);
    QCOMPARE(o["file_type"].toString(), QStringLiteral("Q8_0 (mixed)"));  // ffn_down rows of 172 fall back to F16
    QCOMPARE(o["tensors"].toArray()[0].toObject()["type"].toString(), QStringLiteral("Q8_0"));
    const Run t = runCli({"tokenize", out, "--text", "hello"});
    QVERIFY2(t.exitCode == 0, t.err.constData());
    QVERIFY(t.out.startsWith("2 tokens") || t.out.contains(" tokens: [1 "));
}

void TestCliInfo::synthErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad shape") << QStringList{"synth", "--shape", "3b", "--out", "x.gguf"} << "unknown --shape '3b'";
    QTest::newRow("bad dtype") << QStringList{"synth", "--dtype", "q4_k", "--out", "x.gguf"}
                               << "unsupported --dtype 'q4_k'";
    QTest::newRow("bad seed") << QStringList{"synth", "--seed", "abc", "--out", "x.gguf"} << "is not an integer";
    QTest::newRow("no out") << QStringList{"synth", "--shape", "tiny"} << "--out FILE.gguf is required";
    QTest::newRow("unwritable") << QStringList{"synth", "--out", "/nonexistent/dir/x.gguf", "--quiet"}
                                << "cannot create";
}

void TestCliInfo::synthErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const Run r = runCli(args);
    QVERIFY(r.exitCode != 0);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
}

// Text from files need not be UTF-8: JSON output replaces what is not, and
// never aborts (a name cut mid-character, raw bytes in metadata).
void TestCliInfo::invalidUtf8InJsonOutput()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    auto file = engine::openModelFile(model.toStdString(), "");
    QVERIFY(file);
    file->setMeta("general.name", engine::MetaValue::string("caf\xc3 \xff\xfe model"));
    file->setMeta("general.description", engine::MetaValue::string(std::string("\xe4\xb8", 2)));
    file->rebuildIndex();
    QTemporaryDir dir;
    const QString path = dir.filePath("bad-utf8.gguf");
    QVERIFY(engine::writeModelGguf(*file, path.toStdString()));
    for (const QStringList& args : {QStringList{"info", path, "--json"},
                                    QStringList{"generate", path, "-n", "4", "--temperature", "0", "--json"}}) {
        const Run r = runCli(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonParseError error{};
        QJsonDocument::fromJson(r.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }
    const QJsonObject info = parseObject(runCli({"info", path, "--json"}).out);
    QVERIFY(info.value("name").toString().contains(QChar(0xFFFD)));
}

// A value the option's type cannot hold is refused with its range, not truncated.
void TestCliInfo::integerOptionsOutOfRange()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    const Run r = runCli({"generate", model, "--max-tokens", "4294967297"});
    QVERIFY(r.exitCode != 0);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("option --max-tokens: 4294967297 is out of range (-2147483648 to 2147483647)"),
             r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliInfo)
#include "tst_cli_info.moc"
