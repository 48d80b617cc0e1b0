// Hugging Face folders (engine/formats/hf_folder.h). Proofs with trained
// weights: stories260K written as a Hugging Face checkpoint — Llama (q/k rows
// in the half-split layout HF Llama checkpoints use, one file or sharded with
// an index), Qwen2 (zero biases) and Phi-3 (fused qkv_proj / gate_up_proj) —
// with its SentencePiece vocabulary as tokenizer.json must generate the 256
// golden greedy ids, and so must the GGUF export-model writes from the folder.
// tokenizer.json made from llama.cpp's vocabulary fixtures must tokenize their
// test strings as the fixtures say. Malformed files are refused by name.
#include <QTest>

#include <QDir>
#include <QTemporaryDir>
#include <cstring>

#include "common/cli_run.h"
#include "common/fixtures.h"
#include "common/hf_writer.h"
#include "common/vocab_fixture.h"
#include "engine/formats/hf_folder.h"
#include "engine/formats/hf_parts.h"
#include "engine/formats/mapped_file.h"
#include "engine/formats/safetensors_reader.h"
#include "engine/model/llama3_rope.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"

namespace {

namespace hfw = testsupport::hf;
using hfw::Json;
using hfw::writeStoriesFolder;

std::vector<int32_t> greedy256(const QString& path)
{
    auto e = engine::Engine::load(path.toStdString(), "", engine::LoadOptions{1});
    if (!e) {
        qWarning("%s", e.error().message.c_str());
        return {};
    }
    engine::GenerateRequest req;
    req.maxTokens = 256;
    auto r = (*e)->generate(req);
    return r ? r->tokens : std::vector<int32_t>{};
}

// A tokenizer built from `dir`'s tokenizer.json alone.
std::unique_ptr<engine::Tokenizer> folderTokenizer(const QString& dir, std::string* error = nullptr)
{
    engine::ModelFile m;
    m.path = dir.toStdString();
    const engine::hf::ConfigFacts facts;
    if (auto s = engine::hf::readTokenizer(dir.toStdString(), 0, facts, m); !s) {
        if (error) *error = s.error().message;
        return nullptr;
    }
    auto t = engine::Tokenizer::fromModel(m);
    if (!t && error) *error = t.error().message;
    return t ? std::move(*t) : nullptr;
}

void expectFolderRefused(const QString& dir, const std::string& message)
{
    auto f = engine::openModelFile(dir.toStdString());
    QVERIFY2(!f, "the folder was accepted");
    QVERIFY2(f.error().message.find(message) != std::string::npos, f.error().message.c_str());
}

}  // namespace

class TestHfFolder : public QObject {
    Q_OBJECT

private slots:
    void transplantGivesGoldenTokens_data()
    {
        QTest::addColumn<QString>("modelType");
        QTest::addColumn<int>("shards");
        QTest::addColumn<QString>("architecture");
        QTest::newRow("llama, one file") << "llama" << 1 << "llama";
        QTest::newRow("llama, 3 shards + index") << "llama" << 3 << "llama";
        QTest::newRow("mistral") << "mistral" << 1 << "llama";
        QTest::newRow("qwen2") << "qwen2" << 2 << "qwen2";
        QTest::newRow("phi3") << "phi3" << 1 << "phi3";
    }

    void transplantGivesGoldenTokens()
    {
        QFETCH(QString, modelType);
        QFETCH(int, shards);
        QFETCH(QString, architecture);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("stories-hf");
        QVERIFY(writeStoriesFolder(model, dir, modelType.toStdString(), shards));
        auto file = engine::openModelFile(dir.toStdString());
        QVERIFY2(file, file ? "" : file.error().message.c_str());
        QCOMPARE(file->format, engine::ModelFormat::HuggingFace);
        QCOMPARE(QString::fromStdString(file->architecture()), architecture);
        QCOMPARE(greedy256(dir), testsupport::goldenIds(golden));
    }

    // The tokenizer made from tokenizer.json encodes text as the GGUF one does.
    void folderTokenizerMatchesGguf()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("stories-hf");
        QVERIFY(writeStoriesFolder(model, dir, "llama"));
        auto a = engine::Engine::load(model.toStdString(), "", engine::LoadOptions{1});
        auto b = engine::Engine::load(dir.toStdString(), "", engine::LoadOptions{1});
        QVERIFY(a && b);
        for (const char* text : {"Once upon a time, there was a little girl named Lily.", "  two  spaces\nand 123 $!",
                                 "Zebra \xC3\xA9t\xC3\xA9 \xE4\xBD\xA0\xE5\xA5\xBD"})
            QCOMPARE((*b)->tokenizer().encode(text, true), (*a)->tokenizer().encode(text, true));
    }

    // export-model writes the folder as a GGUF file that gives the same tokens.
    void exportModelWritesGguf()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("stories-hf");
        QVERIFY(writeStoriesFolder(model, dir, "llama", 2));
        const QString out = tmp.filePath("exported.gguf");
        const auto run = testsupport::runCli({"export-model", dir, "--weights", "f32", "--out", out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto file = engine::openModelFile(out.toStdString());
        QVERIFY(file);
        QCOMPARE(file->format, engine::ModelFormat::Gguf);
        QCOMPARE(file->getString("tokenizer.ggml.model").value_or(""), std::string("llama"));
        QCOMPARE(greedy256(out), testsupport::goldenIds(golden));
        const auto info = testsupport::runCli({"info", dir});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        QVERIFY2(info.out.contains("hugging face folder"), info.out.constData());
    }

    // Llama 3 rope_scaling becomes rope_freqs.weight with the published
    // factors, and the forward pass reads it (the tokens change).
    void llama3RopeScalingBecomesRopeFreqs()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("llama3");
        const Json scaling = {{"rope_scaling", {{"rope_type", "llama3"}, {"factor", 32.0}, {"low_freq_factor", 1.0},
                                                {"high_freq_factor", 4.0}, {"original_max_position_embeddings", 64}}}};
        QVERIFY(writeStoriesFolder(model, dir, "llama", 1, scaling));
        auto file = engine::openModelFile(dir.toStdString());
        QVERIFY2(file, file ? "" : file.error().message.c_str());
        const engine::TensorInfo* freqs = file->findTensor("rope_freqs.weight");
        QVERIFY(freqs);
        const std::vector<float> expected = engine::llama3RopeFreqs(8, 10000.0f, 32.0f, 1.0f, 4.0f, 64);
        QCOMPARE(freqs->elements(), uint64_t(expected.size()));
        QVERIFY(std::memcmp(freqs->data, expected.data(), freqs->bytes) == 0);
        QVERIFY(expected.back() != 1.0f);
        QVERIFY(greedy256(dir) != testsupport::goldenIds(golden));
    }

    // Gemma's norms are stored as w - 1; the folder presents w, and names
    // the post-attention / pre- and post-FFN norms as Gemma GGUF files do.
    void gemmaNormsGetTheirOne()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path();
        const int64_t dim = 8, vocab = 16;
        std::vector<float> norm(dim);
        for (int64_t i = 0; i < dim; ++i) norm[size_t(i)] = 0.25f * float(i) - 1.0f;
        const auto floats = [](const std::vector<float>& v) {
            return std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(v.data()),
                                        reinterpret_cast<const uint8_t*>(v.data() + v.size()));
        };
        std::vector<hfw::StTensor> tensors = {
            {"model.embed_tokens.weight", "F32", {vocab, dim}, floats(std::vector<float>(vocab * dim, 0.5f))},
            {"model.layers.0.post_attention_layernorm.weight", "F32", {dim}, floats(norm)},
            {"model.layers.0.pre_feedforward_layernorm.weight", "F32", {dim}, floats(norm)},
            {"model.layers.0.post_feedforward_layernorm.weight", "F32", {dim}, floats(norm)},
        };
        QVERIFY(hfw::writeWeights(dir, tensors));
        QVERIFY(hfw::writeJson(dir + "/config.json",
                               {{"model_type", "gemma2"}, {"hidden_size", dim}, {"intermediate_size", 16},
                                {"num_hidden_layers", 1}, {"num_attention_heads", 2}, {"num_key_value_heads", 1},
                                {"head_dim", 4}, {"max_position_embeddings", 64}, {"sliding_window", 16},
                                {"attn_logit_softcapping", 50.0}, {"final_logit_softcapping", 30.0},
                                {"query_pre_attn_scalar", 4}, {"hidden_activation", "gelu_pytorch_tanh"}}));
        Json vocabJson = Json::object();
        for (int i = 0; i < vocab; ++i) vocabJson["t" + std::to_string(i)] = i;
        QVERIFY(hfw::writeJson(dir + "/tokenizer.json",
                               {{"model", {{"type", "BPE"}, {"byte_fallback", true}, {"vocab", vocabJson},
                                           {"merges", Json::array()}}},
                                {"normalizer", {{"type", "Replace"}, {"pattern", {{"String", " "}}},
                                                {"content", "\xE2\x96\x81"}}}}));
        auto file = engine::openModelFile(dir.toStdString());
        QVERIFY2(file, file ? "" : file.error().message.c_str());
        for (const char* name : {"blk.0.post_attention_norm.weight", "blk.0.ffn_norm.weight", "blk.0.post_ffw_norm.weight"}) {
            const engine::TensorInfo* t = file->findTensor(name);
            QVERIFY2(t, name);
            QCOMPARE(t->type, kernels::DType::F32);
            for (int64_t i = 0; i < dim; ++i) QCOMPARE(reinterpret_cast<const float*>(t->data)[i], 0.25f * float(i));
        }
        QCOMPARE(file->getInt("gemma2.attention.sliding_window").value_or(0), int64_t(16));
        QCOMPARE(file->getString("tokenizer.ggml.model").value_or(""), std::string("llama"));
        QVERIFY(!file->find("tokenizer.ggml.add_space_prefix")->asBool().value_or(true));
    }

    // tokenizer.json written from llama.cpp's vocabulary fixtures encodes
    // every fixture string to the fixture's ids.
    void tokenizerJsonMatchesFixture_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("pre");  // byte-level pre-tokenizer to write; empty: SentencePiece
        QTest::addColumn<QString>("expectedPre");
        QTest::newRow("llama-spm") << "ggml-vocab-llama-spm.gguf" << "" << "";
        QTest::newRow("phi-3") << "ggml-vocab-phi-3.gguf" << "" << "";
        QTest::newRow("gpt-2") << "ggml-vocab-gpt-2.gguf" << "gpt2" << "gpt2";
        QTest::newRow("starcoder (SmolLM2's split)") << "ggml-vocab-starcoder.gguf" << "digits" << "smollm";
    }

    void tokenizerJsonMatchesFixture()
    {
        QFETCH(QString, file);
        QFETCH(QString, pre);
        QFETCH(QString, expectedPre);
        REQUIRE_SHARED_FIXTURE(vocabDir, "llama-vocab");
        const QString gguf = QDir(vocabDir).filePath(file);
        auto g = engine::openModelFile(gguf.toStdString());
        QVERIFY2(g, g ? "" : g.error().message.c_str());
        QTemporaryDir tmp;
        Json doc;
        if (pre.isEmpty()) doc = hfw::spmTokenizerJson(*g);
        else if (pre == "gpt2") doc = hfw::byteLevelTokenizerJson(*g, hfw::byteLevel(true));
        else doc = hfw::byteLevelTokenizerJson(*g, {{"type", "Sequence"},
                                                    {"pretokenizers", {{{"type", "Digits"}, {"individual_digits", true}},
                                                                       hfw::byteLevel(true)}}});
        QVERIFY(hfw::writeJson(tmp.filePath("tokenizer.json"), doc));
        std::string error;
        const auto tokenizer = folderTokenizer(tmp.path(), &error);
        QVERIFY2(tokenizer, error.c_str());
        if (!expectedPre.isEmpty()) {
            engine::ModelFile m;
            QVERIFY(engine::hf::readTokenizer(tmp.path().toStdString(), 0, {}, m));
            QCOMPARE(QString::fromStdString(m.getString("tokenizer.ggml.pre").value_or("")), expectedPre);
        }
        const auto inputs = testsupport::splitInputs(testsupport::readAll(gguf + ".inp"));
        const auto expected = testsupport::parseOutputs(testsupport::readAll(gguf + ".out"));
        QVERIFY(!inputs.empty());
        QCOMPARE(inputs.size(), expected.size());
        int passed = 0;
        QStringList failures;
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (tokenizer->encode(inputs[i], false) == expected[i]) ++passed;
            else failures << QString::fromStdString(inputs[i]).left(40);
        }
        qInfo("%s via tokenizer.json: %d/%d strings match", qPrintable(file), passed, int(inputs.size()));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(" | ")));
    }

    // Llama 3 and Qwen2 are recognised by their split pattern; any other pattern is refused by name.
    void splitPatternsRecognised_data()
    {
        QTest::addColumn<QString>("regex");
        QTest::addColumn<QString>("expected");
        QTest::newRow("llama 3") << R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"
                                 << "llama-bpe";
        QTest::newRow("qwen2") << R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"
                               << "qwen2";
        QTest::newRow("unknown") << R"(\p{L}+|\p{N}+)" << "";
    }

    void splitPatternsRecognised()
    {
        QFETCH(QString, regex);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const Json pre = {{"type", "Sequence"},
                          {"pretokenizers", {{{"type", "Split"}, {"pattern", {{"Regex", regex.toStdString()}}},
                                              {"behavior", "Isolated"}, {"invert", false}},
                                             hfw::byteLevel(false)}}};
        const Json doc = {{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}, {"ab", 2}}}, {"merges", {"a b"}}}},
                          {"pre_tokenizer", pre}};
        QVERIFY(hfw::writeJson(tmp.filePath("tokenizer.json"), doc));
        engine::ModelFile m;
        const auto status = engine::hf::readTokenizer(tmp.path().toStdString(), 0, {}, m);
        if (expected.isEmpty()) {
            QVERIFY(!status);
            QVERIFY2(status.error().message.find("split pattern") != std::string::npos, status.error().message.c_str());
            return;
        }
        QVERIFY2(status, status ? "" : status.error().message.c_str());
        QCOMPARE(QString::fromStdString(m.getString("tokenizer.ggml.pre").value_or("")), expected);
    }

    // Malformed safetensors files: each refused with what is wrong.
    void malformedSafetensors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        const auto withHeader = [](const std::string& json, size_t dataBytes) {
            QByteArray b;
            const uint64_t n = json.size();
            b.append(reinterpret_cast<const char*>(&n), 8);
            b.append(json.data(), qsizetype(json.size()));
            b.append(QByteArray(qsizetype(dataBytes), '\0'));
            return b;
        };
        QByteArray huge(8, '\0');
        const uint64_t big = uint64_t{1} << 40;
        std::memcpy(huge.data(), &big, 8);
        QTest::newRow("too short") << QByteArray("abc") << "too short";
        QTest::newRow("header too long") << huge << "larger than";
        QTest::newRow("header past the end") << withHeader("{}", 0).left(9) << "runs past the end of the file";
        QTest::newRow("not JSON") << withHeader("{\"a\": [", 0) << "not valid JSON";
        QTest::newRow("unknown dtype") << withHeader(R"({"w":{"dtype":"Q9","shape":[2],"data_offsets":[0,8]}})", 8)
                                       << "unknown dtype 'Q9'";
        QTest::newRow("unsupported dtype") << withHeader(R"({"w":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}})", 2)
                                           << "has dtype I8";
        QTest::newRow("shape disagrees") << withHeader(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)
                                         << "need 12 bytes, data_offsets hold 8";
        QTest::newRow("data past the end") << withHeader(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8)
                                           << "runs past the end of the data section";
        QTest::newRow("overlap") << withHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                               R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12)
                                 << "overlap";
        QTest::newRow("end before begin") << withHeader(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})", 8)
                                          << "is before begin";
        QTest::newRow("missing field") << withHeader(R"({"w":{"dtype":"F32","shape":[2]}})", 8) << "no 'data_offsets'";
    }

    void malformedSafetensors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        const QString path = tmp.filePath("model.safetensors");
        QVERIFY(hfw::writeBytes(path, bytes));
        auto mapped = engine::MappedFile::open(path.toStdString());
        QVERIFY(mapped);
        auto file = engine::readSafetensors(*mapped);
        QVERIFY(!file);
        QVERIFY2(file.error().message.find(message.toStdString()) != std::string::npos, file.error().message.c_str());
    }

    // Folders with a bad config.json or tokenizer.json, or missing files.
    void malformedFolders_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("message");
        QTest::newRow("no config field") << "config:-hidden_size" << "missing field \"hidden_size\"";
        QTest::newRow("unknown model_type") << "config:model_type=bert" << "model_type \"bert\" is not supported";
        QTest::newRow("yarn rope") << "config:yarn" << "rope scaling \"yarn\" is not supported";
        QTest::newRow("other activation") << "config:hidden_act=relu" << "activation \"relu\"";
        QTest::newRow("config not JSON") << "file:config.json={" << "config.json: not valid JSON";
        QTest::newRow("tokenizer not JSON") << "file:tokenizer.json=[1," << "tokenizer.json: not valid JSON";
        QTest::newRow("unigram tokenizer") << "file:tokenizer.json={\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}"
                                           << "model type \"Unigram\" is not supported";
        QTest::newRow("no tokenizer.json") << "remove:tokenizer.json" << "no tokenizer.json";
        QTest::newRow("no weights") << "remove:model.safetensors" << "no *.safetensors";
        QTest::newRow("no config.json") << "remove:config.json" << "is a directory without config.json";
    }

    void malformedFolders()
    {
        QFETCH(QString, change);
        QFETCH(QString, message);
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("m");
        Json config = Json::object();
        if (change == "config:yarn") config = {{"rope_scaling", {{"rope_type", "yarn"}, {"factor", 4.0}}}};
        else if (change.startsWith("config:") && change.contains('=')) {
            const QStringList kv = change.mid(7).split('=');
            config[kv[0].toStdString()] = kv[1].toStdString();
        }
        QVERIFY(writeStoriesFolder(model, dir, "llama", 1, config));
        if (change == "config:-hidden_size") {
            auto doc = engine::hf::readJsonFile((dir + "/config.json").toStdString(), "config", 1 << 20);
            QVERIFY(doc);
            doc->erase("hidden_size");
            QVERIFY(hfw::writeBytes(dir + "/config.json", QByteArray::fromStdString(doc->dump())));
        }
        if (change.startsWith("file:")) {
            const QStringList kv = change.mid(5).split('=');
            QVERIFY(hfw::writeBytes(dir + "/" + kv[0], kv.mid(1).join('=').toUtf8()));
        }
        if (change.startsWith("remove:")) QVERIFY(QFile::remove(dir + "/" + change.mid(7)));
        expectFolderRefused(dir, message.toStdString());
    }
};

QTEST_GUILESS_MAIN(TestHfFolder)
#include "tst_hf_folder.moc"
