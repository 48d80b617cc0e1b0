// The TensorRT-LLM, Triton (vLLM backend) and ONNX Runtime GenAI exports:
// exact command lines and files for INT8, INT4 g32 / g128, f16 / int8 KV,
// paged, tensor parallel 2 and pruning profiles, the files written to a
// folder, and the guarantee that every profile knob is mapped or noted — for
// every key the profile has, walked from the profile's own field visitors.
#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/config/framework_export.h"
#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"

using namespace engine;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

Profile parsed(const char* body)
{
    auto p = parseProfile(std::string(R"({"schema": "inferscope.profile/1", )") + body + "}");
    if (!p) qFatal("bad test profile: %s", p.error().message.c_str());
    return *p;
}

const char* const kInt8 = R"(
  "weights": {"dtype": "int8"},
  "kv_cache": {"mode": "paged", "block_size": 16, "capacity_tokens": 4096, "dtype": "f16"},
  "batching": {"policy": "continuous", "max_batch": 256, "max_sequences": 8},
  "devices": {"threads": 1},
  "sampling": {"temperature": 0, "max_tokens": 12})";

const char* const kInt4G128Tp2 = R"(
  "weights": {"dtype": "int4", "group_size": 128, "symmetric": true},
  "kv_cache": {"mode": "paged", "block_size": 32, "dtype": "int8"},
  "devices": {"split": "tensor", "gpus": [0, 1]},
  "sampling": {"temperature": 0.7, "top_p": 0.9, "seed": 42, "max_tokens": 64})";

const char* const kInt4G32Pruned = R"(
  "weights": {"dtype": "int4", "group_size": 32, "symmetric": false},
  "pruning": {"method": "magnitude", "ratio": 0.5, "scope": "ffn"},
  "kv_cache": {"mode": "contiguous", "capacity_tokens": 2048, "dtype": "f16"},
  "batching": {"policy": "static", "max_sequences": 1})";

const char* const kF16CudaPaged = R"(
  "weights": {"dtype": "f16"},
  "kv_cache": {"mode": "paged", "capacity_tokens": 8192, "dtype": "f16"},
  "batching": {"policy": "continuous", "max_batch": 512, "max_sequences": 16},
  "devices": {"gpus": [1]},
  "sampling": {"temperature": 0.8, "top_k": 40, "repeat_penalty": 1.1})";

// Every knob set, with values the exports treat differently from the default.
Profile fullProfile()
{
    Profile p;
    p.weights = WeightsConfig{WeightDType::Int4, 64, false, std::vector<WeightOverride>{{"output.weight", WeightDType::Int8}}};
    p.pruning = PruningConfig{PruningMethod::NM, 0.5, 2, 4, PruningScope::Ffn, std::vector<std::string>{"blk.0.*"}};
    p.kvCache = KvCacheConfig{KvCacheMode::Paged, 16, 4096, KvDType::Int8};
    p.batching = BatchingConfig{BatchingPolicy::Continuous, 256, 8};
    p.devices = DevicesConfig{4, SplitMode::Pipeline, std::vector<int32_t>{0, 1}, 2, std::vector<int32_t>{1, 2}, 10};
    p.sampling = SamplingConfig{0.7, 40, 0.9, 0.05, 1.1, 64, 7, 32};
    return p;
}

const FrameworkExport* findExport(const std::vector<FrameworkExport>& all, Framework f)
{
    auto it = std::find_if(all.begin(), all.end(), [&](const FrameworkExport& e) { return e.framework == f; });
    return it == all.end() ? nullptr : &*it;
}

bool hasNote(const FrameworkExport& out, const std::string& path)
{
    return std::any_of(out.notes.begin(), out.notes.end(), [&](const ExportNote& n) { return n.path == path; });
}

bool isMapped(const FrameworkExport& out, const std::string& path)
{
    return std::any_of(out.mapped.begin(), out.mapped.end(), [&](const ExportMapping& m) { return m.path == path; });
}

const std::string* fileNamed(const FrameworkExport& out, const std::string& path)
{
    for (const ExportFile& f : out.files)
        if (f.path == path) return &f.content;
    return nullptr;
}

}  // namespace

class TestFrameworkExport : public QObject {
    Q_OBJECT

private slots:
    void knobListIsTheProfilesKeys();
    void everyKnobMappedOrNoted_data();
    void everyKnobMappedOrNoted();
    void trtllmInt8Exact();
    void trtllmInt4GroupsAndTensorParallel();
    void trtllmPruningAndContiguous();
    void tritonRepository();
    void tritonTensorParallelAndInt8Kv();
    void onnxGenAiCpuInt4();
    void onnxGenAiCudaPaged();
    void onnxGenAiTensorParallelHasNoEquivalent();
    void writesFilesIntoFolder();
    void textHasEveryFileAsHereDocument();
};

// The knob list comes from the field visitors: the same keys as the profile
// document (profileKeyPaths) without schema, name and description, and with a
// list of records ("weights.overrides[].pattern") as one knob.
void TestFrameworkExport::knobListIsTheProfilesKeys()
{
    std::vector<std::string> expected;
    for (const std::string& path : profileKeyPaths()) {
        if (path.find('.') == std::string::npos) continue;
        const std::string knob = path.substr(0, path.find("[]"));
        if (expected.empty() || expected.back() != knob) expected.push_back(knob);
    }
    QCOMPARE(allProfileKnobPaths(), expected);
    // fullProfile() sets every one of them: a key added to the profile fails
    // here until it is set there, and then everyKnobMappedOrNoted checks it.
    QCOMPARE(profileKnobPaths(fullProfile()), allProfileKnobPaths());
    QVERIFY(profileKnobPaths(Profile{}).empty());
}

void TestFrameworkExport::everyKnobMappedOrNoted_data()
{
    QTest::addColumn<int>("framework");
    QTest::addColumn<QString>("body");
    for (int f = 0; f < static_cast<int>(Framework::Count); ++f) {
        const char* name = frameworkFormatName(static_cast<Framework>(f));
        QTest::addRow("%s full", name) << f << QString();
        QTest::addRow("%s int8", name) << f << QString::fromUtf8(kInt8);
        QTest::addRow("%s int4 g128 tp2", name) << f << QString::fromUtf8(kInt4G128Tp2);
        QTest::addRow("%s int4 g32 pruned", name) << f << QString::fromUtf8(kInt4G32Pruned);
        QTest::addRow("%s f16 cuda paged", name) << f << QString::fromUtf8(kF16CudaPaged);
    }
}

void TestFrameworkExport::everyKnobMappedOrNoted()
{
    QFETCH(int, framework);
    QFETCH(QString, body);
    const Profile profile = body.isEmpty() ? fullProfile() : parsed(body.toUtf8().constData());
    const FrameworkExport out = exportFramework(static_cast<Framework>(framework), profile, "/models/llama");
    QCOMPARE(unaccountedKnobs(profile, out), std::vector<std::string>{});
    // Accounted for by the mapping code itself, not by the safety net.
    for (const ExportNote& note : out.notes) QVERIFY2(englishText(note.message) != kUnmappedKnobMessage, note.path.c_str());
    QVERIFY(!out.commands.empty());
}

void TestFrameworkExport::trtllmInt8Exact()
{
    const FrameworkExport out = exportTensorRtLlm(parsed(kInt8), "/models/llama");
    QCOMPARE(out.commands.size(), size_t(3));
    QCOMPARE(q(out.commands[0]), QStringLiteral("python3 examples/quantization/quantize.py --model_dir /models/llama "
                                                "--output_dir llama-trtllm-ckpt --qformat int8_wo"));
    QCOMPARE(q(out.commands[1]), QStringLiteral("trtllm-build --checkpoint_dir llama-trtllm-ckpt --output_dir llama-trtllm-engine "
                                                "--kv_cache_type paged --tokens_per_block 16 --max_seq_len 4096 "
                                                "--max_input_len 4084 --max_batch_size 8 --max_num_tokens 256"));
    QCOMPARE(q(out.commands[2]), QStringLiteral("python3 examples/run.py --engine_dir llama-trtllm-engine --tokenizer_dir "
                                                "/models/llama --max_tokens_in_paged_kv_cache 4096 --max_output_len 12 "
                                                "--top_k 1"));
    QVERIFY(hasNote(out, "weights.group_size"));  // int8_wo is per channel
    QVERIFY(hasNote(out, "kv_cache.dtype"));      // the cache takes the model dtype, which int8 weights do not say
    QVERIFY(hasNote(out, "devices.threads"));
    QVERIFY(out.files.empty());
}

void TestFrameworkExport::trtllmInt4GroupsAndTensorParallel()
{
    const FrameworkExport g128 = exportTensorRtLlm(parsed(kInt4G128Tp2), "/models/llama");
    QCOMPARE(q(g128.commands[0]), QStringLiteral("CUDA_VISIBLE_DEVICES=0,1 python3 examples/quantization/quantize.py "
                                                 "--model_dir /models/llama --output_dir llama-trtllm-ckpt --qformat int4_awq "
                                                 "--awq_block_size 128 --kv_cache_dtype int8 --tp_size 2"));
    QVERIFY(isMapped(g128, "weights.group_size"));
    QVERIFY(isMapped(g128, "weights.symmetric"));
    QVERIFY(q(g128.commands[2]).startsWith("CUDA_VISIBLE_DEVICES=0,1 mpirun -n 2 python3 examples/run.py"));
    QVERIFY(q(g128.commands[2]).contains("--temperature 0.7 --top_p 0.9 --random_seed 42"));

    const FrameworkExport g32 = exportTensorRtLlm(parsed(kInt4G32Pruned), "m.gguf");
    QVERIFY(q(g32.commands[0]).contains("--qformat int4_awq --awq_block_size 64"));
    QVERIFY(hasNote(g32, "weights.group_size"));  // 32 -> 64
    QVERIFY(hasNote(g32, "weights.symmetric"));   // no zero points
    QVERIFY(hasNote(g32, ""));                    // GGUF is not a TensorRT-LLM input
}

void TestFrameworkExport::trtllmPruningAndContiguous()
{
    const FrameworkExport out = exportTensorRtLlm(parsed(kInt4G32Pruned), "/models/llama");
    QVERIFY(hasNote(out, "pruning"));
    QVERIFY(!isMapped(out, "pruning.ratio"));
    QVERIFY(q(out.commands[1]).contains("--kv_cache_type continuous --max_seq_len 2048"));
    QVERIFY(!q(out.commands[1]).contains("--tokens_per_block"));
    QVERIFY(hasNote(out, "batching.policy"));  // static batches: run.py --use_py_session
    QVERIFY(hasNote(out, ""));                 // no max_tokens: --max_output_len is a placeholder
}

void TestFrameworkExport::tritonRepository()
{
    Profile profile = parsed(kInt8);
    profile.name = "story teller";
    const FrameworkExport out = exportTritonVllm(profile, "/models/llama");
    QCOMPARE(out.files.size(), size_t(2));
    const std::string* config = fileNamed(out, "model_repository/story_teller/config.pbtxt");
    QVERIFY(config);
    QVERIFY(q(*config).contains("backend: \"vllm\""));
    QVERIFY(q(*config).contains("kind: KIND_MODEL"));
    QVERIFY(q(*config).contains("count: 1"));
    const std::string* model = fileNamed(out, "model_repository/story_teller/1/model.json");
    QVERIFY(model);
    const nlohmann::json engineArgs = nlohmann::json::parse(*model);
    const nlohmann::json expected = {{"model", "/models/llama"},   {"block_size", 16},        {"kv_cache_dtype", "auto"},
                                     {"max_model_len", 4096},      {"max_num_seqs", 8},       {"max_num_batched_tokens", 256},
                                     {"enable_chunked_prefill", true}};
    QCOMPARE(q(engineArgs.dump()), q(expected.dump()));
    QCOMPARE(q(out.commands[0]), QStringLiteral("tritonserver --model-repository=model_repository"));
    QVERIFY2(q(out.commands.back()).contains("/v2/models/story_teller/generate"), out.commands.back().c_str());
    QVERIFY(q(out.commands.back()).contains(R"("parameters":{"stream":false,"temperature":0.0,"max_tokens":12})"));
    QVERIFY(hasNote(out, "weights.dtype"));  // int8 needs a pre-quantized checkpoint
    QVERIFY(hasNote(out, "devices.threads"));
}

void TestFrameworkExport::tritonTensorParallelAndInt8Kv()
{
    const FrameworkExport out = exportTritonVllm(parsed(kInt4G128Tp2), "/models/llama");
    const nlohmann::json engineArgs = nlohmann::json::parse(*fileNamed(out, "model_repository/llama/1/model.json"));
    QCOMPARE(engineArgs.at("tensor_parallel_size").get<int>(), 2);
    QCOMPARE(engineArgs.at("kv_cache_dtype").get<std::string>(), std::string("fp8"));
    QCOMPARE(engineArgs.at("seed").get<int>(), 42);
    QVERIFY(hasNote(out, "kv_cache.dtype"));  // no int8 cache in vLLM
    QVERIFY(q(out.commands[0]).startsWith("CUDA_VISIBLE_DEVICES=0,1 tritonserver"));

    const FrameworkExport contiguous = exportTritonVllm(parsed(kInt4G32Pruned), "/models/llama");
    QVERIFY(hasNote(contiguous, "kv_cache.mode"));
    QVERIFY(hasNote(contiguous, "pruning"));
    QVERIFY(hasNote(contiguous, "batching.policy"));
}

void TestFrameworkExport::onnxGenAiCpuInt4()
{
    const FrameworkExport out = exportOnnxRuntimeGenAi(parsed(kInt4G32Pruned), "/models/llama");
    QCOMPARE(q(out.commands[0]), QStringLiteral("python3 -m onnxruntime_genai.models.builder -i /models/llama -o "
                                                "llama-onnx-int4-cpu -p int4 -e cpu --extra_options block_size=32 "
                                                "is_symmetric=false accuracy_level=4"));
    QVERIFY(isMapped(out, "weights.group_size"));
    QVERIFY(isMapped(out, "weights.symmetric"));
    QVERIFY(hasNote(out, "pruning"));
    const nlohmann::json overlay = nlohmann::json::parse(*fileNamed(out, "genai_config_overlay.json"));
    QCOMPARE(overlay.at("search").at("max_length").get<int>(), 2048);
    QCOMPARE(overlay.at("engine").at("static_batching").at("max_batch_size").get<int>(), 1);
    QVERIFY(isMapped(out, "kv_cache.capacity_tokens"));  // one sequence: max_length is the whole cache
    QVERIFY(hasNote(out, "kv_cache.dtype"));             // an f16 cache on the CPU: its I/O is fp32

    const FrameworkExport int8 = exportOnnxRuntimeGenAi(parsed(kInt8), "meta-llama/Llama-3.2-1B");
    QVERIFY(q(int8.commands[0]).contains("-m meta-llama/Llama-3.2-1B -o Llama-3.2-1B-onnx-int8-cpu -p int8 -e cpu "
                                         "--extra_options block_size=32 is_symmetric=true"));
    const nlohmann::json search = nlohmann::json::parse(*fileNamed(int8, "genai_config_overlay.json")).at("search");
    QCOMPARE(search.at("do_sample").get<bool>(), false);  // temperature 0: greedy
    QVERIFY(hasNote(int8, "kv_cache.mode"));               // paged needs CUDA fp16
    QVERIFY(hasNote(int8, "sampling.max_tokens"));
}

void TestFrameworkExport::onnxGenAiCudaPaged()
{
    const FrameworkExport out = exportOnnxRuntimeGenAi(parsed(kF16CudaPaged), "/models/llama");
    QCOMPARE(q(out.commands[0]), QStringLiteral("python3 -m onnxruntime_genai.models.builder -i /models/llama -o "
                                                "llama-onnx-fp16-cuda -p fp16 -e cuda --extra_options "
                                                "use_paged_attention=true paged_block_size=256"));
    const nlohmann::json overlay = nlohmann::json::parse(*fileNamed(out, "genai_config_overlay.json"));
    const nlohmann::json dynamic = overlay.at("engine").at("dynamic_batching");
    QCOMPARE(dynamic.at("num_blocks").get<int>(), 32);  // 8192 / 256
    QCOMPARE(dynamic.at("max_batch_size").get<int>(), 16);
    QCOMPARE(dynamic.at("max_scheduled_tokens").get<int>(), 512);
    QCOMPARE(overlay.at("search").at("top_k").get<int>(), 40);
    QCOMPARE(overlay.at("model").at("decoder").at("session_options").at("provider_options")[0].at("cuda").at("device_id").get<std::string>(),
             std::string("1"));
    QVERIFY(isMapped(out, "kv_cache.dtype"));  // f16 cache on CUDA fp16
    QVERIFY(isMapped(out, "batching.policy"));
    QCOMPARE(out.commands.size(), size_t(2));  // the builder, then the overlay merged into genai_config.json
    QVERIFY(q(out.commands[1]).contains("llama-onnx-fp16-cuda/genai_config.json genai_config_overlay.json"));
}

void TestFrameworkExport::onnxGenAiTensorParallelHasNoEquivalent()
{
    const FrameworkExport out = exportOnnxRuntimeGenAi(parsed(kInt4G128Tp2), "/models/llama");
    QVERIFY(hasNote(out, "devices.split"));
    QVERIFY(hasNote(out, "kv_cache.dtype"));  // int8 cache needs calibrated scales
    QVERIFY(q(out.commands[0]).contains("-p int4 -e cuda --extra_options block_size=128 is_symmetric=true"));
    QVERIFY(!q(out.commands[0]).contains("accuracy_level"));
}

void TestFrameworkExport::writesFilesIntoFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FrameworkExport out = exportTritonVllm(parsed(kInt8), "/models/llama");
    const auto written = writeFrameworkExport(out, dir.filePath("repo").toStdString());
    QVERIFY2(written, written ? "" : written.error().message.c_str());
    QFile config(dir.filePath("repo/model_repository/llama/config.pbtxt"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QCOMPARE(config.readAll().toStdString(), out.files[0].content);
    QFile commands(dir.filePath("repo/commands.sh"));
    QVERIFY(commands.open(QIODevice::ReadOnly));
    const QByteArray script = commands.readAll();
    QVERIFY(script.startsWith("#!/bin/sh\n"));
    QVERIFY(script.contains("tritonserver --model-repository=model_repository"));
    QVERIFY(!script.contains("<<'EOF'"));  // the files are beside it, not inside

    // A folder where a file must go is refused with its path, not overwritten.
    QVERIFY(QDir(dir.path()).mkpath("bad/commands.sh"));
    const auto refused = writeFrameworkExport(out, dir.filePath("bad").toStdString());
    QVERIFY(!refused);
    QVERIFY2(q(refused.error().message).contains("commands.sh"), refused.error().message.c_str());
}

void TestFrameworkExport::textHasEveryFileAsHereDocument()
{
    const FrameworkExport out = exportTritonVllm(fullProfile(), "/models/llama");
    const QString text = q(out.text());
    for (const ExportFile& file : out.files) {
        QVERIFY2(text.contains(q("cat > " + file.path + " <<'EOF'\n" + file.content + "EOF\n")), qPrintable(text));
    }
    QVERIFY(text.startsWith("# Triton Inference Server (vLLM backend): the profile's nearest settings\n"));
    QVERIFY(text.contains("#   pruning: "));
    QVERIFY(text.contains("#   kv_cache.block_size -> "));
}

QTEST_GUILESS_MAIN(TestFrameworkExport)
#include "tst_framework_export.moc"
