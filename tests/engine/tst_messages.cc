// The engine's messages as data (engine/common/message_catalog.h): every id is
// unique and its template well formed; the English a message renders is the
// text the CLI has always printed; errors of the validator, the model readers,
// the split and the sweep constraints carry their catalogued id and arguments,
// and so do the Hugging Face folder reader, the KV cache, workload files, the
// JSON parser's detail, the teaching studies, calibration, synthetic models
// and the GGUF writer; so do the framework exports' notes, whose English is
// the text the exports have always written.
#include <algorithm>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/common/output_file.h"
#include "engine/common/text_file.h"
#include "engine/config/framework_export.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"
#include "engine/eval/perplexity.h"
#include "engine/formats/gguf_writer.h"
#include "engine/formats/hf_folder.h"
#include "engine/formats/mapped_file.h"
#include "engine/formats/model_file.h"
#include "engine/formats/safetensors_reader.h"
#include "engine/kv/kv_store.h"
#include "engine/model/synth.h"
#include "engine/passes/calibration.h"
#include "engine/sched/workload.h"
#include "engine/session/engine.h"
#include "engine/split/placement.h"
#include "engine/study/pruning_study.h"
#include "engine/study/quant_error_study.h"
#include "engine/sweep/sensitivity.h"
#include "engine/sweep/sweep_file.h"
#include "engine/sweep/sweep_select.h"
#include "engine/tokenizer/pretokenizer.h"

using namespace engine;

namespace {

// The argument names a template uses, in order of first use.
std::set<std::string> placeholders(std::string_view pattern)
{
    std::set<std::string> names;
    fillTemplate(pattern, [&](std::string_view name) {
        names.insert(std::string(name));
        return std::string();
    });
    return names;
}

std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& bytes)
{
    const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

// Every message in `m` (itself and its nested arguments) is catalogued.
bool catalogued(const Message& m)
{
    if (m.id.empty()) return false;
    for (const MessageArg& a : m.args)
        for (const Message& inner : a.messages)
            if (!catalogued(inner)) return false;
    return true;
}

// The error is catalogued throughout, and its English is what Error::message says.
// The note on `path` in `notes` (the first), or nullptr.
const ExportNote* noteOn(const std::vector<ExportNote>& notes, const std::string& path)
{
    for (const ExportNote& note : notes)
        if (note.path == path) return &note;
    return nullptr;
}

// The note on `path` carries catalogued `id` and reads `english` as "path: english".
void checkNote(const std::vector<ExportNote>& notes, const std::string& path, const char* id, const std::string& english)
{
    const ExportNote* note = noteOn(notes, path);
    QVERIFY2(note, path.c_str());
    QCOMPARE(note->message.id, std::string(id));
    QVERIFY(!messageTemplate(note->message.id).empty());
    QCOMPARE(note->toString(), path.empty() ? english : path + ": " + english);
}

// The mapping of `path` carries catalogued `id` and reads "path -> english".
void checkMapping(const FrameworkExport& out, const std::string& path, const char* id, const std::string& english)
{
    const auto m = std::find_if(out.mapped.begin(), out.mapped.end(), [&](const ExportMapping& x) { return x.path == path; });
    QVERIFY2(m != out.mapped.end(), path.c_str());
    QCOMPARE(m->target.id, std::string(id));
    QVERIFY(!messageTemplate(m->target.id).empty());
    QCOMPARE(englishText(m->target), english);
}

void checkCatalogued(const Error& e, const char* id)
{
    QVERIFY2(catalogued(e.detail), e.message.c_str());
    QCOMPARE(e.detail.id, std::string(id));
    QCOMPARE(englishText(e.detail), e.message);
}

}  // namespace

class TestMessages : public QObject {
    Q_OBJECT
private slots:
    void catalogIsWellFormed()
    {
        std::set<std::string_view> ids;
        static const std::regex idPattern("^[a-z0-9_]+(\\.[a-z0-9_]+)+$");
        for (const MessageTemplate& t : messageCatalog()) {
            QVERIFY2(ids.insert(t.id).second, std::string(t.id).c_str());
            QVERIFY2(std::regex_match(std::string(t.id), idPattern), std::string(t.id).c_str());
            QVERIFY2(!t.english.empty(), std::string(t.id).c_str());
            // No stray braces: every "{" opens a placeholder of lower-case letters.
            const std::string stripped = fillTemplate(t.english, [](std::string_view) { return std::string("x"); });
            QVERIFY2(stripped.find('{') == std::string::npos, std::string(t.id).c_str());
        }
        QVERIFY(ids.size() > 150);
        QCOMPARE(messageTemplate("no.such.id"), std::string_view());
    }

    void englishFillsArgumentsAndNestedMessages()
    {
        const Message inner = msg("profile.not_one_of", {{"value", "48"}, {"choices", "32, 64, 128"}});
        const Message list = msg("context.list", {{"items", std::vector<Message>{
                                                                msg("context.at_path", {{"path", "weights.group_size"}, {"cause", inner}}),
                                                                msg("profile.unknown_key", {{"key", "\"x\""}})}}});
        QCOMPARE(englishText(list), std::string("weights.group_size: 48 is not one of 32, 64, 128; unknown key \"x\""));
        // A missing argument stays visible rather than vanishing.
        QCOMPARE(englishText(msg("rule.gpu_twice")), std::string("GPU {gpu} is listed twice"));
        QCOMPARE(englishText(plainMessage("free text")), std::string("free text"));
        QCOMPARE(placeholders(messageTemplate("gguf.truncated")), (std::set<std::string>{"path", "what", "offset", "size"}));
    }

    void validatorIssuesCarryTheirIds()
    {
        const ProfileCheck check = checkProfileText(
            R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int4", "group_size": 48}, "bogus": 1})");
        QVERIFY(check.hasErrors());
        QCOMPARE(check.issues.size(), size_t(2));
        for (const ProfileIssue& issue : check.issues) {
            QVERIFY2(!issue.detail.id.empty(), issue.message.c_str());
            QCOMPARE(englishText(issue.detail), issue.message);
        }
        QCOMPARE(check.issues[0].message, std::string("48 is not one of 32, 64, 128"));
        QCOMPARE(check.issues[0].detail.id, std::string("profile.not_one_of"));
        // The joined error of parseProfile says the same, and is a message too.
        const auto parsed = parseProfile(R"({"schema": "inferscope.profile/1", "sampling": {"temperature": "hot"}})");
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().message, std::string("sampling.temperature: expected a number, got string"));
        QCOMPARE(englishText(parsed.error().detail), parsed.error().message);
        QCOMPARE(parsed.error().detail.id, std::string("context.list"));
    }

    void readerErrorsCarryTheirIds()
    {
        QTemporaryDir dir;
        // A GGUF header cut short after its version.
        const std::string truncated = writeFile(dir, "cut.gguf", std::string("GGUF\x03\x00\x00\x00\x01", 9));
        auto model = openModelFile(truncated);
        QVERIFY(!model);
        QCOMPARE(model.error().detail.id, std::string("gguf.truncated"));
        QCOMPARE(model.error().message, truncated + ": file truncated while reading tensor count at byte offset 8 "
                                                    "(file is 9 bytes)");
        const auto* what = model.error().detail.arg("what");
        QVERIFY(what && what->messages.size() == 1);
        QCOMPARE(what->messages.front().id, std::string("gguf.part.tensor_count"));

        const std::string junk = writeFile(dir, "junk.bin", std::string(64, 'z'));
        model = openModelFile(junk);
        QVERIFY(!model);
        QVERIFY2(!model.error().detail.id.empty(), model.error().message.c_str());
        QCOMPARE(englishText(model.error().detail), model.error().message);

        model = openModelFile(dir.filePath(QStringLiteral("missing.gguf")).toStdString());
        QVERIFY(!model);
        QCOMPARE(model.error().detail.id, std::string("io.cannot_open"));
        QVERIFY(model.error().message.ends_with(": cannot open: No such file or directory"));
    }

    void splitRefusalAndSharesAreMessages()
    {
        ModelConfig c;
        c.nLayers = 5;
        c.nHeads = 8;
        c.nKvHeads = 4;
        c.dim = 64;
        c.headDim = 8;
        c.hiddenDim = 172;
        c.vocabSize = 512;
        DevicesConfig d;
        d.virtualCpus = 3;
        d.split = SplitMode::Tensor;
        const auto refused = resolvePlacement(c, CutBlocks{}, d);
        QVERIFY(!refused);
        QCOMPARE(refused.error().message, std::string("devices.split: tensor parallel over 3 devices splits the kv heads, "
                                                      "but the model's 4 kv heads do not divide by 3"));
        QCOMPARE(englishText(refused.error().detail), refused.error().message);
        d.virtualCpus = 2;
        const auto placed = resolvePlacement(c, CutBlocks{}, d);
        QVERIFY(placed);
        const DeviceShare& second = placed->devices[1];
        QCOMPARE(shareMessage(second, SplitMode::Tensor).id, std::string("split.share_tensor"));
        QCOMPARE(describeShare(second, SplitMode::Tensor), englishText(shareMessage(second, SplitMode::Tensor)));
    }

    void constraintErrorsAndMetricNames()
    {
        const auto bad = sweep::parseConstraint("kld_mean<=lots");
        QVERIFY(!bad);
        QCOMPARE(bad.error().message, std::string("--constraint 'kld_mean<=lots': 'lots' is not a number"));
        QCOMPARE(bad.error().detail.id, std::string("sweep.bad_constraint"));
        QCOMPARE(sweep::parseConstraint("speed>3").error().message,
                 std::string("--constraint 'speed>3': unknown metric 'speed'"));
        // Every sweep metric has a catalogued name whose English is the identifier.
        for (const sweep::MetricInfo& m : sweep::metrics()) {
            const Message name = sweep::metricMessage(std::string(m.name));
            QVERIFY2(!name.id.empty(), std::string(m.name).c_str());
            QCOMPARE(englishText(name), std::string(m.name));
        }
    }

    void jsonParserDetailIsAMessage()
    {
        // nlohmann's wording, its "[json.exception.*]" tag dropped, rebuilt word for word.
        const char* syntax = "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while "
                             "parsing object key - unexpected end of input; expected string literal";
        Message m = jsonErrorMessage(syntax);
        QCOMPARE(m.id, std::string("json.syntax_error"));
        QVERIFY(catalogued(m));
        QCOMPARE(englishText(m), std::string(syntax).substr(std::strlen("[json.exception.parse_error.101] ")));
        QCOMPARE(m.arg("line")->text, std::string("3"));
        QCOMPARE(m.arg("context")->messages.front().id, std::string("json.context.object_key"));
        m = jsonErrorMessage("[json.exception.type_error.302] type must be string, but is number");
        QCOMPARE(m.id, std::string("json.type_must_be"));
        QCOMPARE(englishText(m), std::string("type must be string, but is number"));
        m = jsonErrorMessage("[json.exception.out_of_range.406] number overflow parsing '1e400'");
        QCOMPARE(englishText(m), std::string("number overflow parsing '1e400'"));
        QCOMPARE(m.id, std::string("json.number_overflow"));
        QCOMPARE(jsonErrorMessage("something else").id, std::string());

        // A profile and a workload that are not JSON say so through the same message.
        const auto profile = parseProfile("{\"schema\": ");
        QVERIFY(!profile);
        QVERIFY2(catalogued(profile.error().detail), profile.error().message.c_str());
        const auto workload = parseWorkload("{\"requests\": [");
        QVERIFY(!workload);
        checkCatalogued(workload.error(), "profile.malformed_json");
        QVERIFY2(workload.error().message.starts_with("malformed JSON: parse error at line 1, column 15: syntax error "
                                                      "while parsing value - unexpected end of input"),
                 workload.error().message.c_str());
    }

    void huggingFaceFolderErrorsCarryTheirIds()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("m"));
        QVERIFY(QDir().mkpath(folder));
        const std::string path = folder.toStdString();
        // config.json that is not JSON
        writeFile(dir, "m/config.json", "{\"model_type\": ");
        auto model = readHuggingFaceFolder(path);
        QVERIFY(!model);
        checkCatalogued(model.error(), "json.not_valid");
        QVERIFY(model.error().message.starts_with(path + "/config.json: not valid JSON: parse error at line 1"));
        // an architecture the engine does not run
        writeFile(dir, "m/config.json", R"({"model_type": "bert", "hidden_size": 64})");
        model = readHuggingFaceFolder(path);
        QVERIFY(!model);
        checkCatalogued(model.error(), "context.in_file");
        QCOMPARE(model.error().code, ErrorCode::Unsupported);
        QVERIFY2(model.error().message.starts_with(path + "/config.json: model_type \"bert\" is not supported (supported: llama"),
                 model.error().message.c_str());
        QCOMPARE(model.error().detail.arg("cause")->messages.front().id, std::string("hf.model_type_unsupported"));
        // a Llama config without a required field
        writeFile(dir, "m/config.json", R"({"model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
                                            "num_hidden_layers": 2, "max_position_embeddings": 64})");
        model = readHuggingFaceFolder(path);
        QVERIFY(!model);
        checkCatalogued(model.error(), "context.in_file");
        QCOMPARE(model.error().message, path + "/config.json: missing field \"num_attention_heads\"");
        // a valid config but no weights
        writeFile(dir, "m/config.json", R"({"model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
                                            "num_hidden_layers": 2, "num_attention_heads": 4,
                                            "max_position_embeddings": 64})");
        model = readHuggingFaceFolder(path);
        QVERIFY(!model);
        checkCatalogued(model.error(), "hf.no_safetensors");
        // a safetensors file too short for its header
        const std::string shard = writeFile(dir, "m/model.safetensors", "abc");
        auto mapped = MappedFile::open(shard);
        QVERIFY(mapped);
        const auto read = readSafetensors(*mapped);
        QVERIFY(!read);
        checkCatalogued(read.error(), "safetensors.too_short");
        QCOMPARE(read.error().message, shard + ": too short for a safetensors header (3 bytes)");
        // a text input that is a directory
        const auto text = readTextFile(path, "workload", kMaxConfigFileBytes);
        QVERIFY(!text);
        checkCatalogued(text.error(), "file.cannot_read");
        QCOMPARE(text.error().message, "cannot read workload " + path + ": it is a directory");
    }

    void kvCapacityAndWorkloadErrorsCarryTheirIds()
    {
        KvStoreSpec spec;
        spec.mode = KvCacheMode::Paged;
        spec.blockSize = 16;
        spec.capacityTokens = 64;
        spec.layers = 2;
        spec.kvHeads = 2;
        spec.headDim = 8;
        const Status fits = kvCheckFits(spec, 100);
        QVERIFY(!fits);
        checkCatalogued(fits.error(), "kv.request_blocks");
        QCOMPARE(fits.error().code, ErrorCode::OutOfRange);
        QCOMPARE(fits.error().detail.arg("need")->text, std::string("7"));
        QCOMPARE(fits.error().detail.arg("have")->text, std::string("4"));
        QVERIFY2(fits.error().message.starts_with("request needs 7 blocks of 16 tokens ("), fits.error().message.c_str());
        spec.blockSize = 12;
        const auto store = KvStore::create(spec);
        QVERIFY(!store);
        checkCatalogued(store.error(), "kv.block_size");
        QCOMPARE(store.error().message, std::string("KV cache block size must be one of 8, 16, 32, got 12"));

        const auto workload = parseWorkload(R"({"schema": "inferscope.workload/1", "requests": [{"prompt_tokens": "x"}]})");
        QVERIFY(!workload);
        checkCatalogued(workload.error(), "context.at_path");
        QCOMPARE(workload.error().message, std::string("requests[0].prompt_tokens: expected an integer, got a string \"x\""));
        const auto preset = workloadPreset("nope");
        QVERIFY(!preset);
        checkCatalogued(preset.error(), "workload.unknown_preset");
    }

    void evaluationAndSweepFileErrorsCarryTheirIds()
    {
        const std::vector<int32_t> one{3};
        const Status tooFew = checkEvalTokens(one, 32);
        QVERIFY(!tooFew);
        checkCatalogued(tooFew.error(), "eval.too_few_tokens");
        QCOMPARE(tooFew.error().message, std::string("evaluation needs at least 2 tokens, got 1"));
        const auto windows = planWindows(100, 16, 16);
        QVERIFY(!windows);
        checkCatalogued(windows.error(), "eval.stride_range");
        QCOMPARE(windows.error().message, std::string("stride must be in [1, window - 1] = [1, 15], got 16"));

        QTemporaryDir dir;
        const std::string notJson = writeFile(dir, "results.jsonl", "not json\n");
        auto header = sweep::readHeader(notJson);
        QVERIFY(!header);
        checkCatalogued(header.error(), "sweep_file.not_results");
        const std::string other = writeFile(dir, "other.jsonl", "{\"kind\": \"profile\"}\n");
        header = sweep::readHeader(other);
        QVERIFY(!header);
        checkCatalogued(header.error(), "context.in_file");
        QCOMPARE(header.error().message, other + ": not a sweep header: the first line is not "
                                                 "{\"kind\":\"sweep\", \"schema\":\"inferscope.sweep/1\"}");
        // Writing over a folder is refused, and says what the folder is.
        const std::string folder = dir.path().toStdString();
        const Status write = checkOutputPath(folder);
        QVERIFY(!write);
        checkCatalogued(write.error(), "output.not_regular");
        QCOMPARE(write.error().message,
                 "cannot write " + folder + ": it is a directory; name a new file or a regular file to replace");
    }
    void synthAndWriterErrorsCarryTheirIds()
    {
        SynthOptions options;
        options.dtype = kernels::DType::Q4_K;
        options.outPath = "unused.gguf";
        Status synth = synthesizeModel(options);
        QVERIFY(!synth);
        checkCatalogued(synth.error(), "synth.dtype");
        QCOMPARE(synth.error().detail.arg("dtype")->text, std::string("Q4_K"));
        QCOMPARE(synth.error().message, std::string("synthetic models can be written as f32, f16, bf16, q8_0 or q4_0, "
                                                    "not Q4_K"));
        options.dtype = kernels::DType::F32;
        options.outPath.clear();
        synth = synthesizeModel(options);
        QVERIFY(!synth);
        checkCatalogued(synth.error(), "synth.no_output");
        // Stopped by its progress callback: the path it was writing is named.
        QTemporaryDir dir;
        options.outPath = dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
        synth = synthesizeModel(options, [](uint64_t, uint64_t) { return false; });
        QVERIFY(!synth);
        checkCatalogued(synth.error(), "synth.cancelled");
        QCOMPARE(synth.error().code, ErrorCode::Cancelled);
        QCOMPARE(synth.error().message, options.outPath + ": synthesis cancelled");

        GgufWriter writer(dir.filePath(QStringLiteral("w.gguf")).toStdString());
        QVERIFY(writer.addTensor("a", kernels::DType::F32, {4, 2}));
        Status added = writer.addTensor("a", kernels::DType::F32, {4});
        QVERIFY(!added);
        checkCatalogued(added.error(), "gguf_writer.duplicate_tensor");
        QCOMPARE(added.error().detail.arg("name")->text, std::string("a"));
        added = writer.addTensor("b", kernels::DType::Q4_0, {48, 2});
        QVERIFY(!added);
        checkCatalogued(added.error(), "gguf_writer.row_blocks");
        QCOMPARE(added.error().message,
                 std::string("tensor 'b': row length 48 is not a multiple of the Q4_0 block size 32"));
        added = writer.addTensor("c", kernels::DType::F32, {1, 2, 3, 4, 5});
        QVERIFY(!added);
        checkCatalogued(added.error(), "gguf_writer.dimensions");
        QCOMPARE(added.error().detail.arg("dims")->text, std::string("5"));
        const Status meta = writer.addMeta("", MetaValue::u32(1));
        QVERIFY(!meta);
        checkCatalogued(meta.error(), "gguf_writer.empty_key");
        // A full disk: the reason nests the system's words, both catalogued.
        const Message full = msg("gguf_writer.write_failed",
                                 {{"path", "m.gguf.tmp"},
                                  {"reason", msg("gguf_writer.disk_full", {{"reason", systemErrorMessage(ENOSPC)}})}});
        QVERIFY(catalogued(full));
        QCOMPARE(englishText(full), std::string("m.gguf.tmp: write failed: disk full (") + std::strerror(ENOSPC) + ")");
    }

    void studyAndCalibrationErrorsCarryTheirIds()
    {
        QTemporaryDir dir;
        SynthOptions options;
        options.outPath = dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
        QVERIFY(synthesizeModel(options));
        LoadOptions load;
        load.threads = 1;
        auto loaded = Engine::load(options.outPath, {}, load);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        Engine& model = **loaded;

        PruningStudyOptions pruning;
        pruning.evalTokens = {1};
        const auto pruned = runPruningStudy(model, pruning);
        QVERIFY(!pruned);
        checkCatalogued(pruned.error(), "study.pruning_text_too_short");
        QCOMPARE(pruned.error().message, std::string("pruning study: the quality text needs at least 2 tokens"));

        QuantErrorStudyOptions quant;
        auto study = runQuantErrorStudy(model.file(), model.model(), model.ops(), quant);
        QVERIFY(!study);
        checkCatalogued(study.error(), "study.quant_no_target");
        quant.target.dtype = WeightDType::Int4;
        quant.bins = 0;
        study = runQuantErrorStudy(model.file(), model.model(), model.ops(), quant);
        QVERIFY(!study);
        checkCatalogued(study.error(), "study.quant_bins");
        QCOMPARE(study.error().message, std::string("quantization error study: bins must be >= 1"));

        const auto sensitivity = sweep::measureSensitivity(model.file(), model.model(), model.ops(), {});
        QVERIFY(!sensitivity);
        checkCatalogued(sensitivity.error(), "sensitivity.no_target");

        auto file = openModelFile(options.outPath);
        QVERIFY2(file, file ? "" : file.error().message.c_str());
        const auto shared = std::make_shared<const ModelFile>(std::move(*file));
        const auto stats = collectActivationStats(shared, {}, model.ops(), {});
        QVERIFY(!stats);
        checkCatalogued(stats.error(), "calibration.no_tokens");
        const auto calibrated = calibrateOnText(shared, "", model.ops(), {});
        QVERIFY(!calibrated);
        checkCatalogued(calibrated.error(), "calibration.too_few_tokens");
        QVERIFY2(calibrated.error().message.ends_with(" token(s); at least 2 are needed"),
                 calibrated.error().message.c_str());
        const auto bundled = locateBundledEvalText("no-such-text.txt");
        QVERIFY(!bundled);
        checkCatalogued(bundled.error(), "calibration.bundled_not_found");
        QCOMPARE(bundled.error().detail.arg("name")->text, std::string("no-such-text.txt"));

        const auto pre = PreTokenizer::fromName("no-such-pre");
        QVERIFY(!pre);
        checkCatalogued(pre.error(), "tokenizer.unsupported_pre");
        QCOMPARE(pre.error().message, std::string("tokenizer.ggml.pre: unsupported pre-tokenizer 'no-such-pre'"));
    }

    void exportNotesCarryTheirIds()
    {
        Profile p;
        p.weights = WeightsConfig{};
        p.weights->dtype = WeightDType::Int8;
        p.weights->groupSize = 16;
        p.pruning = PruningConfig{};
        p.pruning->method = PruningMethod::NM;
        p.kvCache = KvCacheConfig{};
        p.kvCache->mode = KvCacheMode::Off;
        p.devices = DevicesConfig{};
        p.devices->threads = 0;
        p.devices->virtualCpus = 4;
        p.sampling = SamplingConfig{};
        p.sampling->seed = 4294967296ull;

        const CommandExport llama = exportLlamaCpp(p, "/models/m.bin");
        checkNote(llama.notes, "", "export.llama_gguf_only", "llama.cpp reads GGUF files only; convert /models/m.bin to GGUF first");
        checkNote(llama.notes, "weights.group_size", "export.gguf_int8_group",
                  "no exact GGUF equivalent of int8 with groups of 16; nearest is Q8_0 (groups of 32)");
        QCOMPARE(noteOn(llama.notes, "weights.group_size")->message.arg("group")->text, std::string("16"));
        checkNote(llama.notes, "kv_cache.mode", "export.llama_kv_off",
                  "llama.cpp always keeps a KV cache; \"off\" (recompute the prefix every token) has no equivalent");
        checkNote(llama.notes, "devices.threads", "export.llama_threads_all",
                  "0 (all cores) is left to llama.cpp's default thread count");
        checkNote(llama.notes, "devices.virtual_cpus", "export.llama_virtual_cpus",
                  "4 virtual CPU devices are an InferScope teaching device; llama.cpp runs the CPU as one device");
        checkNote(llama.notes, "sampling.seed", "export.llama_seed_too_big",
                  "not passed: llama.cpp seeds are 32-bit and 4294967296 does not fit");
        QCOMPARE(noteOn(llama.notes, "sampling.seed")->message.arg("seed")->text, std::string("4294967296"));
        checkNote(llama.notes, "pruning.method", "export.no_pruning",
                  "llama.cpp does not prune; prune in InferScope and export the pruned weights");

        const CommandExport vllm = exportVllm(p, "org/model");
        checkNote(vllm.notes, "weights.dtype", "export.vllm_int8",
                  "vLLM runs int8 weights only from a pre-quantized checkpoint (e.g. W8A8 in compressed-tensors format); "
                  "the nearest on-load option is --quantization fp8");
        checkNote(vllm.notes, "devices.virtual_cpus", "export.vllm_virtual_cpus",
                  "vLLM has no virtual CPU devices; with 4 GPUs this profile maps to --pipeline-parallel-size 4");
        checkNote(vllm.notes, "sampling.seed", "export.own_random_generator",
                  "vLLM draws with its own random generator: the same seed gives other tokens than InferScope");
        QCOMPARE(noteOn(vllm.notes, "sampling.seed")->message.arg("framework")->text, std::string("vLLM"));

        const FrameworkExport trt = exportFramework(Framework::TensorRtLlm, p, "/models/m.gguf");
        checkNote(trt.notes, "", "export.trt_no_gguf",
                  "TensorRT-LLM reads Hugging Face checkpoints, not GGUF: pass the model's original Hugging Face folder as "
                  "--model_dir");
        checkNote(trt.notes, "weights.group_size", "export.trt_int8_group",
                  "int8_wo keeps one scale per output channel; TensorRT-LLM has no int8 groups of 16");
        checkNote(trt.notes, "kv_cache.mode", "export.trt_kv_off",
                  "\"off\" (recompute the prefix every token) has no equivalent: --kv_cache_type disabled runs the context "
                  "phase only");
        checkNote(trt.notes, "devices.threads", "export.gpu_no_threads",
                  "TensorRT-LLM runs on the GPU; it has no setting for CPU threads");
        checkNote(trt.notes, "pruning", "export.serve_pruned_hint",
                  "TensorRT-LLM does not prune: prune in InferScope (export-model) and serve the pruned weights; "
                  "trtllm-build --weight_sparsity runs 2:4-sparse weights on sparse tensor cores");
        const MessageArg* hint = noteOn(trt.notes, "pruning")->message.arg("hint");
        QVERIFY(hint && hint->messages.size() == 1);
        QCOMPARE(hint->messages.front().id, std::string("export.hint_trt_sparsity"));

        const FrameworkExport triton = exportFramework(Framework::TritonVllm, p, "org/model");
        checkNote(triton.notes, "pruning", "export.serve_pruned_hint",
                  "Triton's vLLM backend does not prune: prune in InferScope (export-model) and serve the pruned weights; "
                  "a 2:4 checkpoint in compressed-tensors format runs on vLLM's 2:4 sparse kernels");
        const MessageArg* framework = noteOn(triton.notes, "pruning")->message.arg("framework");
        QVERIFY(framework && framework->messages.size() == 1);
        QCOMPARE(framework->messages.front().id, std::string("export.triton_vllm_backend"));
        checkNote(triton.notes, "kv_cache.mode", "export.vllm_kv_always_paged",
                  "vLLM's KV cache is always paged; \"off\" has no equivalent");

        const FrameworkExport genai = exportFramework(Framework::OnnxRuntimeGenAi, p, "org/model");
        checkNote(genai.notes, "sampling.seed", "export.genai_seed_too_big",
                  "search.random_seed is a 32-bit int; 4294967296 does not fit");
        checkNote(genai.notes, "pruning", "export.serve_pruned",
                  "ONNX Runtime GenAI does not prune: prune in InferScope (export-model) and serve the pruned weights");
        for (const FrameworkExport* out : {&trt, &triton, &genai})
            for (const ExportNote& note : out->notes) {
                QVERIFY2(!note.message.id.empty(), note.toString().c_str());
                QVERIFY2(englishText(note.message) != kUnmappedKnobMessage, note.toString().c_str());
            }
        QCOMPARE(englishText(msg("export.unmapped_knob")), std::string(kUnmappedKnobMessage));
    }

    // The mapped knobs' targets are catalogued too: prose in its own template,
    // command-line options and file keys as the {option} argument.
    void exportMappingsCarryTheirIds()
    {
        Profile p;
        p.weights = WeightsConfig{};
        p.weights->dtype = WeightDType::Int4;
        p.weights->groupSize = 64;
        p.weights->symmetric = true;
        p.pruning = PruningConfig{};
        p.pruning->method = PruningMethod::None;
        p.kvCache = KvCacheConfig{};
        p.kvCache->mode = KvCacheMode::Paged;
        p.kvCache->capacityTokens = 4096;
        p.batching = BatchingConfig{};
        p.batching->policy = BatchingPolicy::Continuous;
        p.devices = DevicesConfig{};
        p.devices->gpus = std::vector<int32_t>{0, 1};
        p.devices->split = SplitMode::Tensor;
        p.sampling = SamplingConfig{};
        p.sampling->temperature = 0.0;
        p.sampling->topK = 40;
        p.sampling->topP = 0.9;

        const FrameworkExport trt = exportFramework(Framework::TensorRtLlm, p, "org/model");
        checkMapping(trt, "weights.dtype", "export.map.trt_int4_awq",
                     "quantize.py --qformat int4_awq (W4A16: int4 groups, float activations)");
        checkMapping(trt, "weights.group_size", "export.map.option", "--awq_block_size 64");
        checkMapping(trt, "weights.symmetric", "export.map.trt_symmetric",
                     "symmetric (TensorRT-LLM's int weights have no zero point)");
        checkMapping(trt, "kv_cache.capacity_tokens", "export.map.trt_capacity",
                     "run.py --max_tokens_in_paged_kv_cache 4096 (the whole cache), trtllm-build --max_seq_len (one sequence)");
        checkMapping(trt, "batching.policy", "export.map.trt_in_flight",
                     "in-flight batching (the C++ runtime's default with a paged cache)");
        checkMapping(trt, "devices.gpus", "export.map.option", "CUDA_VISIBLE_DEVICES=0,1");
        checkMapping(trt, "devices.split", "export.map.trt_split", "quantize.py --tp_size 2, run with mpirun -n 2");
        checkMapping(trt, "sampling.temperature", "export.map.trt_greedy", "0 (greedy): run.py --top_k 1");
        checkMapping(trt, "sampling.top_k", "export.map.trt_top_k_greedy", "no effect under greedy decoding (--top_k 1)");
        checkMapping(trt, "sampling.top_p", "export.map.option", "run.py --top_p");
        checkMapping(trt, "pruning", "export.map.no_pruning", "nothing to do: the profile does not prune");
        QVERIFY(trt.text().find("#   devices.split -> quantize.py --tp_size 2, run with mpirun -n 2\n") != std::string::npos);

        const FrameworkExport triton = exportFramework(Framework::TritonVllm, p, "org/model");
        checkMapping(triton, "kv_cache.mode", "export.map.vllm_paged", "paged (vLLM's only cache)");
        checkMapping(triton, "batching.policy", "export.map.vllm_continuous",
                     "continuous (vLLM batches every request in flight)");
        checkMapping(triton, "sampling.top_p", "export.map.triton_request_parameter", "request parameter \"top_p\"");

        const FrameworkExport genai = exportFramework(Framework::OnnxRuntimeGenAi, p, "org/model");
        checkMapping(genai, "weights.dtype", "export.map.genai_weight_only", "-p int4 (MatMulNBits weight-only)");
        checkMapping(genai, "sampling.temperature", "export.map.genai_greedy", "search.do_sample: false (greedy)");
        checkMapping(genai, "sampling.top_k", "export.map.option", "search.top_k");

        for (const FrameworkExport* out : {&trt, &triton, &genai}) {
            QVERIFY(!out->mapped.empty());
            for (const ExportMapping& m : out->mapped) {
                QVERIFY2(!messageTemplate(m.target.id).empty(), m.path.c_str());
                QVERIFY2(!englishText(m.target).empty(), m.path.c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"
