// Profiles on the command line: `export` in its three formats, and
// `generate` / `eval` under --profile (the flat keys scripts read, the
// effective configuration, explicit flags winning over the profile).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "common/cli_run.h"
#include "common/fixtures.h"

using testsupport::jsonObject;
using testsupport::runCli;

namespace {

QString writeText(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(text);
    return path;
}

const QByteArray kInt8Profile = R"({
  "schema": "inferscope.profile/1",
  "weights": {"dtype": "int8"},
  "kv_cache": {"mode": "paged", "block_size": 16, "capacity_tokens": 4096, "dtype": "f16"},
  "batching": {"policy": "continuous", "max_batch": 256, "max_sequences": 8},
  "devices": {"threads": 1},
  "sampling": {"temperature": 0, "max_tokens": 12}
}
)";

}  // namespace

class TestCliProfile : public QObject {
    Q_OBJECT

private slots:
    void init();
    void exportJsonIsCanonical();
    void exportLlamaCpp();
    void exportLlamaCppForModel();
    void exportVllm();
    void exportRejectsBadProfile();
    void exportOtherFrameworks();
    void exportTritonRepositoryToFolder();
    void generateUnderProfile();
    void explicitFlagsWinOverProfile();
    void evalUnderProfile();

private:
    QTemporaryDir m_dir;
    QString m_profile;
};

void TestCliProfile::init()
{
    QVERIFY(m_dir.isValid());
    m_profile = writeText(m_dir, "int8.json", kInt8Profile);
    QVERIFY(!m_profile.isEmpty());
}

void TestCliProfile::exportJsonIsCanonical()
{
    const auto first = runCli({"export", m_profile, "--format", "json"});
    QCOMPARE(first.exitCode, 0);
    QVERIFY(first.out.startsWith("{\n  \"schema\": \"inferscope.profile/1\""));
    // The canonical text is a fixed point: exporting it again gives the same bytes.
    const QString again = writeText(m_dir, "again.json", first.out);
    const auto second = runCli({"export", again, "--format", "json"});
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, first.out);
}

void TestCliProfile::exportLlamaCpp()
{
    const auto r = runCli({"export", m_profile, "--format", "llama.cpp", "--model", "m.gguf"});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains("llama-quantize --tensor-type '.*=q8_0' m.gguf m-Q8_0.gguf Q8_0"), qPrintable(text));
    QVERIFY2(text.contains("llama-server -m m-Q8_0.gguf"), qPrintable(text));
    QVERIFY2(text.contains(" Q8_0"), qPrintable(text));
    QVERIFY2(text.contains("-ctk f16 -ctv f16"), qPrintable(text));
    QVERIFY2(text.contains("-t 1"), qPrintable(text));
    // No paged cache in llama.cpp: said as a comment, not dropped.
    QVERIFY2(text.contains("# kv_cache."), qPrintable(text));
}

// With a real model the tensors InferScope keeps off INT8 (stories260K's
// 172-wide ffn_down stays F16) are exported as kept, before the catch-all:
// llama-quantize then writes exactly InferScope's tensor types.
void TestCliProfile::exportLlamaCppForModel()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    const QString profile = QString::fromUtf8(INFERSCOPE_SOURCE_DIR) + "/resources/profiles/int8.json";
    const auto r = runCli({"export", profile, "--format", "llama.cpp", "--model", model});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    for (int layer = 0; layer < 5; ++layer)
        QVERIFY2(text.contains(QStringLiteral("--tensor-type '^blk\\.%1\\.ffn_down\\.weight$=f16'").arg(layer)),
                 qPrintable(text));
    QVERIFY(text.indexOf(QStringLiteral("ffn_down")) < text.indexOf(QStringLiteral("'.*=q8_0'")));
    QVERIFY(!text.contains(QStringLiteral("--pure")));
}

void TestCliProfile::exportVllm()
{
    const auto r = runCli({"export", m_profile, "--format", "vllm", "--model", "m.gguf"});
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains("vllm serve m.gguf"), qPrintable(text));
    QVERIFY2(text.contains("--max-num-seqs 8"), qPrintable(text));
    QVERIFY2(text.contains("--block-size 16"), qPrintable(text));
    QVERIFY2(text.contains("--max-num-batched-tokens 256"), qPrintable(text));
    QVERIFY2(text.contains("# devices.threads"), qPrintable(text));
}

// The script on stdout: every mapped knob and every note as a comment, then the commands.
void TestCliProfile::exportOtherFrameworks()
{
    const auto trt = runCli({"export", m_profile, "--format", "tensorrt-llm", "--model", "/models/llama"});
    QCOMPARE(trt.exitCode, 0);
    const QString text = QString::fromUtf8(trt.out);
    QVERIFY2(text.contains("quantize.py --model_dir /models/llama --output_dir llama-trtllm-ckpt --qformat int8_wo"),
             qPrintable(text));
    QVERIFY2(text.contains("trtllm-build --checkpoint_dir llama-trtllm-ckpt"), qPrintable(text));
    QVERIFY2(text.contains("--max_batch_size 8 --max_num_tokens 256"), qPrintable(text));
    QVERIFY2(text.contains("#   kv_cache.block_size -> trtllm-build --tokens_per_block 16"), qPrintable(text));
    QVERIFY2(text.contains("#   devices.threads: "), qPrintable(text));

    const auto genai = runCli({"export", m_profile, "--format", "onnxruntime-genai", "--model", "/models/llama"});
    QCOMPARE(genai.exitCode, 0);
    QVERIFY2(genai.out.contains("onnxruntime_genai.models.builder -i /models/llama -o llama-onnx-int8-cpu -p int8 -e cpu"),
             genai.out.constData());
    QVERIFY(genai.out.contains("cat > genai_config_overlay.json <<'EOF'"));
}

void TestCliProfile::exportTritonRepositoryToFolder()
{
    const QString folder = m_dir.filePath("triton");
    const auto r = runCli({"export", m_profile, "--format", "triton", "--model", "/models/llama", "--out", folder});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QFile config(folder + "/model_repository/llama/config.pbtxt");
    QVERIFY(config.open(QIODevice::ReadOnly));
    QVERIFY(config.readAll().contains("backend: \"vllm\""));
    QFile model(folder + "/model_repository/llama/1/model.json");
    QVERIFY(model.open(QIODevice::ReadOnly));
    const QJsonObject args = jsonObject(model.readAll());
    QCOMPARE(args.value("model").toString(), QStringLiteral("/models/llama"));
    QCOMPARE(args.value("max_num_seqs").toInt(), 8);
    QCOMPARE(args.value("block_size").toInt(), 16);
    QVERIFY(QFile::exists(folder + "/commands.sh"));

    // A file where the folder should be: a one-line error naming it.
    const QString blocked = writeText(m_dir, "blocked", "x");
    const auto refused = runCli({"export", m_profile, "--format", "triton", "--out", blocked});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("blocked"), refused.err.constData());
}

void TestCliProfile::exportRejectsBadProfile()
{
    const QString bad = writeText(m_dir, "bad.json",
                                  R"({"schema": "inferscope.profile/1", "weights": {"group_size": 48}, "extra": 1})");
    const auto r = runCli({"export", bad, "--format", "vllm"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains("weights.group_size: 48 is not one of 32, 64, 128"), qPrintable(err));
    QVERIFY2(err.contains("unknown key \"extra\""), qPrintable(err));
    QCOMPARE(err.count('\n'), 1);  // the one-line error contract

    const auto format = runCli({"export", m_profile, "--format", "tensorrt"});
    QCOMPARE(format.exitCode, 1);
    QVERIFY(format.err.contains("--format must be json, llama.cpp, vllm, tensorrt-llm, triton or onnxruntime-genai"));
}

void TestCliProfile::generateUnderProfile()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    const auto r = runCli({"generate", model, "--profile", m_profile, "-p", "Once upon", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = jsonObject(r.out);
    QCOMPARE(j["tokens"].toArray().size(), 12);  // sampling.max_tokens
    QCOMPARE(j["threads"].toInt(), 1);           // devices.threads
    QCOMPARE(j["sampler"].toObject()["description"].toString(), QStringLiteral("greedy"));
    const QJsonObject effective = j["effective_profile"].toObject();
    QCOMPARE(effective["requested"].toObject()["weights"].toObject()["dtype"].toString(), QStringLiteral("int8"));
    // stories260K's ffn_down rows (172 columns) do not fit 32-wide blocks: recorded, not hidden.
    const QJsonArray adjustments = effective["adjustments"].toArray();
    QVERIFY(!adjustments.isEmpty());
    QCOMPARE(adjustments.first().toObject()["path"].toString(), QStringLiteral("weights.dtype"));

    const auto plain = runCli({"generate", model, "-p", "Once upon", "-n", "12", "--temperature", "0", "--json"});
    QCOMPARE(plain.exitCode, 0);
    const QJsonObject p = jsonObject(plain.out);
    QVERIFY(j["weights_bytes"].toDouble() < 0.5 * p["weights_bytes"].toDouble());
    QVERIFY(p["effective_profile"].toObject()["adjustments"].toArray().isEmpty());
}

void TestCliProfile::explicitFlagsWinOverProfile()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    const auto r = runCli({"generate", model, "--profile", m_profile, "-n", "5", "--threads", "2", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = jsonObject(r.out);
    QCOMPARE(j["tokens"].toArray().size(), 5);
    QCOMPARE(j["threads"].toInt(), 2);
}

void TestCliProfile::evalUnderProfile()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    const auto r = runCli({"eval", model, "--profile", m_profile, "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = jsonObject(r.out);
    for (const char* key : {"baseline_perplexity", "perplexity", "kld_mean", "kld_p99", "top1_agreement",
                            "weights_bytes", "baseline_weights_bytes", "effective_profile"})
        QVERIFY2(j.contains(QLatin1String(key)), key);
    QVERIFY(j["kld_mean"].toDouble() > 0.0);
    QVERIFY(j["kld_mean"].toDouble() < 0.01);  // int8 on stories260K: about 8e-4 nats
    QVERIFY(j["kld_p99"].toDouble() >= j["kld_mean"].toDouble());
    QVERIFY(j["top1_agreement"].toDouble() > 0.9);
    QVERIFY(j["weights_bytes"].toDouble() < j["baseline_weights_bytes"].toDouble());
    QCOMPARE(j["baseline_weights_bytes"].toDouble(), 1171200.0);  // stories260K, all F32
    // Same tokens for both: the baseline PPL is the stored model's own.
    const auto base = runCli({"eval", model, "--json"});
    QCOMPARE(base.exitCode, 0);
    QCOMPARE(jsonObject(base.out)["ppl"].toDouble(), j["baseline_perplexity"].toDouble());
}

QTEST_GUILESS_MAIN(TestCliProfile)
#include "tst_cli_profile.moc"
