// inferscope-cli export-model MODEL [--tokenizer T] (--profile P.json | --weights DTYPE
// [--group-size N] [--asymmetric]) [--calibration-text FILE] [--threads N] --out FILE.gguf [--json]:
// applies the profile's pruning section (engine/passes/prune_pass.h), then its
// weights section (quantization, on the pruned weights), and writes the result
// as GGUF with all metadata copied (updated where structured pruning changed
// the shape). --calibration-text is the text wanda and structured pruning
// calibrate on (default: the bundled resources/eval/stories.txt). The report
// ends by saying whether llama.cpp loads the file: InferScope's own grouped
// formats (GGUF type ids >= 100) it refuses, and the nearest GGUF-native type is
// named with the flags that produce it (engine/passes/gguf_compat.h).
#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/config/profile_validator.h"
#include "engine/formats/model_file.h"
#include "engine/passes/calibration.h"
#include "engine/passes/gguf_compat.h"
#include "engine/passes/prune_pass.h"
#include "engine/passes/quantize_pass.h"

namespace cli {

namespace {

struct ExportPlan {
    std::optional<engine::WeightsConfig> weights;
    std::optional<engine::PruningConfig> pruning;
};

// "llama_cpp": {"loads": false, "types": [...], "nearest": [{"type": "IS_Q4A_G64", "gguf_type": 107, ...}]}
nlohmann::json compatibilityJson(const engine::GgufCompatibility& c)
{
    nlohmann::json types = nlohmann::json::array();
    for (const kernels::DType t : c.types) types.push_back(std::string(kernels::dtypeName(t)));
    nlohmann::json nearest = nlohmann::json::array();
    for (const engine::GgufNativeChoice& n : c.choices)
        nearest.push_back({{"type", std::string(kernels::dtypeName(n.ownType))},
                           {"gguf_type", static_cast<uint32_t>(n.ownType)},
                           {"nearest", std::string(kernels::dtypeName(n.nearest))},
                           {"flags", n.flags}});
    return {{"loads", c.loadsInLlamaCpp}, {"types", types}, {"nearest", nearest}, {"message", c.lines}};
}

bool prunes(const std::optional<engine::PruningConfig>& p)
{
    return p && p->method && *p->method != engine::PruningMethod::None;
}

// The weights and pruning sections from --profile, or the weights from
// --weights/--group-size/--asymmetric.
bool planFromArgs(const Args& args, ExportPlan& plan, std::string& error)
{
    const bool fromProfile = args.has("--profile");
    const bool fromFlags = args.has("--weights") || args.has("--group-size") || args.has("--asymmetric");
    if (fromProfile == fromFlags) {
        error = "give either --profile P.json or --weights DTYPE";
        return false;
    }
    if (fromProfile) {
        auto profile = engine::loadProfileFile(*args.value("--profile"));
        if (!profile) {
            error = profile.error().message;
            return false;
        }
        if (profile->weights && (profile->weights->dtype || profile->weights->overrides)) plan.weights = profile->weights;
        if (prunes(profile->pruning)) plan.pruning = profile->pruning;
        if (!plan.weights && !plan.pruning) {
            error = *args.value("--profile") + ": the profile has no weights or pruning section to apply";
            return false;
        }
        return true;
    }
    engine::WeightsConfig cfg;
    const std::string name = args.valueOr("--weights", "");
    const auto dtype = engine::enumFromName<engine::WeightDType>(name);
    if (!dtype) {
        error = "--weights: '" + name + "' is not one of " + engine::enumChoices<engine::WeightDType>();
        return false;
    }
    cfg.dtype = *dtype;
    if (args.has("--group-size")) {
        cfg.groupSize = args.intAs<int32_t>("--group-size", engine::kDefaultGroupSize, error);
        if (!error.empty()) return false;
    }
    if (args.has("--asymmetric")) cfg.symmetric = false;
    plan.weights = cfg;
    return true;
}

}  // namespace

int runExportModel(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv,
                                  {"--tokenizer", "--profile", "--weights", "--group-size", "--out",
                                   "--calibration-text", "--threads"},
                                  {"--asymmetric", "--json"}, error);
    if (!error.empty()) return failWith("export-model: " + error);
    if (args.positional().size() != 1 || !args.has("--out"))
        return failWith("export-model: usage: export-model MODEL [--tokenizer T] (--profile P.json | --weights DTYPE "
                        "[--group-size N] [--asymmetric]) [--calibration-text FILE] [--threads N] --out FILE.gguf "
                        "[--json]");
    ExportPlan plan;
    if (!planFromArgs(args, plan, error)) return failWith("export-model: " + error);
    engine::PruneRunOptions pruneRun;
    pruneRun.threads = args.intAs<int32_t>("--threads", 0, error);
    if (!error.empty() || pruneRun.threads < 0) return failWith("export-model: --threads must be >= 0");
    if (const auto textPath = args.value("--calibration-text")) {
        auto text = engine::readTextFile(*textPath, "calibration text", engine::kMaxTextFileBytes);
        if (!text) return failWith(text.error().message);
        if (text->empty()) return failWith("export-model: calibration text '" + *textPath + "' is empty");
        pruneRun.calibrationText = std::move(*text);
    }

    auto model = engine::openModelFile(args.positional()[0], args.valueOr("--tokenizer", ""));
    if (!model) return failWith(model.error().message);
    engine::ModelFile result = std::move(*model);
    std::optional<engine::PruneReport> pruneReport;
    if (plan.pruning) {
        auto pruned = engine::pruneModel(result, *plan.pruning, pruneRun);
        if (!pruned) return failWith(pruned.error().message);
        result = std::move(pruned->file);
        pruneReport = std::move(pruned->report);
    }
    std::optional<engine::QuantReport> quantReport;
    if (plan.weights) {
        auto quantized = engine::quantizeWeights(result, *plan.weights);
        if (!quantized) return failWith(quantized.error().message);
        result = std::move(quantized->file);
        quantReport = std::move(quantized->report);
    }
    const std::string out = *args.value("--out");
    auto written = engine::writeModelGguf(result, out);
    if (!written) return failWith(written.error().message);

    const engine::GgufCompatibility compatibility = engine::ggufCompatibility(result);
    std::string text;
    if (args.has("--json")) {
        // The quantization report, the pruning report under "pruning", and
        // whether llama.cpp loads the file under "llama_cpp".
        nlohmann::json j = quantReport ? nlohmann::json::parse(engine::quantReportJson(*quantReport))
                                       : nlohmann::json::object();
        if (pruneReport) {
            j["pruning"] = nlohmann::json::parse(engine::pruneReportJson(*pruneReport));
            if (!quantReport) {
                j["bytes_before"] = pruneReport->bytesBefore;
                j["bytes_after"] = pruneReport->bytesAfter;
            }
        }
        j["llama_cpp"] = compatibilityJson(compatibility);
        text = jsonText(j, 2) + "\n";
    } else {
        if (pruneReport) text += engine::formatPruneReport(*pruneReport);
        if (quantReport) text += engine::formatQuantReport(*quantReport);
        for (const std::string& line : compatibility.lines) text += line + "\n";
        text += "wrote " + out + "\n";
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

}  // namespace cli
