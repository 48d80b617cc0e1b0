// inferscope-cli export-model MODEL [--tokenizer T] (--profile P.json | --weights DTYPE
// [--group-size N] [--asymmetric]) --out FILE.gguf [--json]: applies the weight
// quantization pass and writes the result as GGUF with all metadata copied.
#include <cstdio>
#include <string>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "engine/config/profile_validator.h"
#include "engine/formats/model_file.h"
#include "engine/passes/quantize_pass.h"

namespace cli {

namespace {

// The weights section from --profile, or from --weights/--group-size/--asymmetric.
bool weightsFromArgs(const Args& args, engine::WeightsConfig& cfg, std::string& error)
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
        if (profile->weights) cfg = *profile->weights;
        if (!cfg.dtype && !cfg.overrides) {
            error = *args.value("--profile") + ": the profile has no weights section to apply";
            return false;
        }
        return true;
    }
    const std::string name = args.valueOr("--weights", "");
    const auto dtype = engine::enumFromName<engine::WeightDType>(name);
    if (!dtype) {
        error = "--weights: '" + name + "' is not one of " + engine::enumChoices<engine::WeightDType>();
        return false;
    }
    cfg.dtype = *dtype;
    if (args.has("--group-size")) {
        cfg.groupSize = static_cast<int32_t>(args.intOr("--group-size", engine::kDefaultGroupSize, error));
        if (!error.empty()) return false;
    }
    if (args.has("--asymmetric")) cfg.symmetric = false;
    return true;
}

}  // namespace

int runExportModel(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {"--tokenizer", "--profile", "--weights", "--group-size", "--out"},
                                  {"--asymmetric", "--json"}, error);
    if (!error.empty()) return failWith("export-model: " + error);
    if (args.positional().size() != 1 || !args.has("--out"))
        return failWith("export-model: usage: export-model MODEL [--tokenizer T] (--profile P.json | --weights DTYPE "
                        "[--group-size N] [--asymmetric]) --out FILE.gguf [--json]");
    engine::WeightsConfig cfg;
    if (!weightsFromArgs(args, cfg, error)) return failWith("export-model: " + error);

    auto model = engine::openModelFile(args.positional()[0], args.valueOr("--tokenizer", ""));
    if (!model) return failWith(model.error().message);
    auto quantized = engine::quantizeWeights(*model, cfg);
    if (!quantized) return failWith(quantized.error().message);
    const std::string out = *args.value("--out");
    auto written = engine::writeModelGguf(quantized->file, out);
    if (!written) return failWith(written.error().message);

    const std::string text = args.has("--json") ? engine::quantReportJson(quantized->report)
                                                : engine::formatQuantReport(quantized->report) + "wrote " + out + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

}  // namespace cli
