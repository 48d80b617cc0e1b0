// inferscope-cli sensitivity MODEL --weights int8|int4|f16|bf16 [--group-size N] [--asymmetric]
//   [--unit tensor|layer] [--text FILE] [--ctx N] [--keep DTYPE] [--budget BYTES]
//   [--profile-out P.json] [--threads N] [--json]
// Ranks the model's matrices (or layers) by how much converting each alone to
// --weights costs in quality (mean KLD against the model as stored over the
// text), then proposes a mixed-precision profile under --budget: --weights
// everywhere, the most sensitive units kept at --keep while the budget
// allows. The proposal is measured (size, KLD, top-1) and printed beside the
// all---weights model, with its llama-quantize --tensor-type arguments.
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/cmd_bench.h"
#include "app/cli/commands.h"
#include "engine/common/output_file.h"
#include "engine/common/text_file.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"
#include "engine/passes/calibration.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"
#include "engine/sweep/sensitivity.h"
#include "engine/sweep/sweep_select.h"
#include "engine/tokenizer/tokenizer.h"

namespace cli {
namespace {

using nlohmann::json;
namespace sw = engine::sweep;

constexpr const char* kUsage =
    "usage: sensitivity MODEL --weights int8|int4|f16|bf16 [--group-size N] [--asymmetric] [--unit tensor|layer] "
    "[--text FILE] [--ctx N] [--keep DTYPE] [--budget BYTES] [--profile-out P.json] [--threads N] [--json]";

}  // namespace

int runSensitivity(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv,
                                  {"--weights", "--group-size", "--unit", "--text", "--ctx", "--keep", "--budget",
                                   "--profile-out", "--threads", "--tokenizer"},
                                  {"--asymmetric", "--json"}, error);
    if (!error.empty()) return failWith("sensitivity: " + error);
    if (args.positional().size() != 1 || !args.value("--weights")) return failWith(std::string("sensitivity: ") + kUsage);
    const std::string modelPath = args.positional()[0];

    sw::SensitivityOptions o;
    o.target.dtype = engine::enumFromName<engine::WeightDType>(*args.value("--weights"));
    if (!o.target.dtype || *o.target.dtype == engine::WeightDType::F32)
        return failWith("sensitivity: --weights must be one of f16, bf16, int8, int4");
    if (args.has("--group-size")) o.target.groupSize = args.intAs<int32_t>("--group-size", 32, error);
    if (args.has("--asymmetric")) o.target.symmetric = false;
    if (const auto keep = args.value("--keep")) {
        const auto k = engine::enumFromName<engine::WeightDType>(*keep);
        if (!k) return failWith("sensitivity: --keep must be one of " + engine::enumChoices<engine::WeightDType>());
        o.keep = *k;
    }
    const std::string unit = args.valueOr("--unit", "tensor");
    if (unit != "tensor" && unit != "layer") return failWith("sensitivity: --unit must be tensor or layer");
    o.unit = unit == "layer" ? sw::SensitivityUnit::Layer : sw::SensitivityUnit::Tensor;
    o.eval.window = args.intOr("--ctx", 0, error);
    const int32_t threads = args.intAs<int32_t>("--threads", 0, error);
    std::optional<uint64_t> budget;
    if (const auto b = args.value("--budget")) {
        auto c = sw::parseConstraint("weights_bytes<=" + *b);
        if (!c) return failWith("sensitivity: --budget '" + *b + "' is not a size (e.g. 300MiB)");
        budget = static_cast<uint64_t>(c->value);
    }
    if (!error.empty()) return failWith("sensitivity: " + error);
    if (o.target.groupSize && *o.target.groupSize != 32 && *o.target.groupSize != 64 && *o.target.groupSize != 128)
        return failWith("sensitivity: --group-size must be 32, 64 or 128");

    engine::LoadOptions load;
    load.threads = threads;
    auto baseline = engine::Engine::load(modelPath, args.valueOr("--tokenizer", ""), load);
    if (!baseline) return failWith("sensitivity: " + baseline.error().message);
    engine::Engine& base = **baseline;
    const std::string textPath = args.valueOr("--text", "");
    auto text = textPath.empty() ? engine::readBundledEvalText("stories.txt")
                                 : engine::readTextFile(textPath, "evaluation text", engine::kMaxTextFileBytes);
    if (!text) return failWith("sensitivity: " + text.error().message + (textPath.empty() ? "; pass --text FILE" : ""));
    o.tokens = base.tokenizer().encode(*text, base.tokenizer().addBosByDefault());
    const bool jsonOut = args.has("--json");
    o.onProgress = [&](size_t done, size_t total, const std::string& name) {
        if (!jsonOut && done < total) std::fprintf(stderr, "sensitivity: %zu/%zu %s\n", done + 1, total, name.c_str());
    };

    auto report = sw::measureSensitivity(base.file(), base.model(), base.ops(), o);
    if (!report) return failWith("sensitivity: " + report.error().message);
    auto all = sw::measureWeights(base.file(), base.model(), base.ops(), o.target, o.tokens, o.eval);
    if (!all) return failWith("sensitivity: " + all.error().message);

    json out = {{"model", modelPath}, {"target", *args.value("--weights")}, {"unit", unit},
                {"all_target", {{"weights_bytes", all->bytes}, {"kld_mean", all->kldMean}, {"top1", all->top1}}},
                {"ranking", json::array()}};
    for (const sw::SensitivityEntry& e : report->ranking)
        out["ranking"].push_back({{"unit", e.unit}, {"pattern", e.pattern}, {"kld_mean", e.kldMean}, {"top1", e.top1},
                                  {"bytes_stored", e.bytesStored}, {"bytes_target", e.bytesTarget},
                                  {"bytes_keep", e.bytesKeep}, {"note", e.note}});
    std::optional<sw::MixedPrecisionPlan> plan;
    std::optional<sw::WeightsQuality> planMeasured;
    engine::Profile profile;
    std::vector<engine::Adjustment> planAdjusted;
    if (budget) {
        plan = sw::proposeMixedPrecision(*report, o.target, o.keep, *budget);
        auto m = sw::measureWeights(base.file(), base.model(), base.ops(), plan->weights, o.tokens, o.eval);
        if (!m) return failWith("sensitivity: " + m.error().message);
        planMeasured = *m;
        profile.name = "mixed precision under " + *args.value("--budget");
        profile.weights = plan->weights;
        auto adjusted = engine::plannedAdjustments(base.file(), plan->weights);
        if (adjusted) planAdjusted = *adjusted;
        out["proposal"] = {{"budget_bytes", *budget}, {"fits", plan->fits}, {"kept", plan->kept},
                           {"weights_bytes", m->bytes}, {"kld_mean", m->kldMean}, {"top1", m->top1},
                           {"profile", json::parse(engine::serializeProfile(profile))},
                           {"llama_cpp", engine::toLlamaCppArgs(profile, modelPath, planAdjusted)}};
        if (const auto path = args.value("--profile-out")) {
            if (auto ok = engine::checkOutputPath(*path); !ok) return failWith("sensitivity: " + ok.error().message);
            std::ofstream f(*path, std::ios::binary | std::ios::trunc);
            f << engine::serializeProfile(profile);
            if (!f) return failWith("sensitivity: cannot write " + *path);
        }
    }
    if (jsonOut) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-4s %-28s %12s %12s %12s %8s  %s\n", "rank", unit.c_str(), "stored", "at target", "kld_mean", "top1",
                "note");
    int rank = 0;
    for (const sw::SensitivityEntry& e : report->ranking)
        std::printf("%-4d %-28s %12s %12s %12.3e %8.4f  %s\n", ++rank, e.unit.c_str(),
                    humanBytes(double(e.bytesStored)).c_str(), humanBytes(double(e.bytesTarget)).c_str(), e.kldMean,
                    e.top1, e.note.c_str());
    std::printf("\nall %s: %s, kld_mean %.3e, top1 %.4f\n", args.value("--weights")->c_str(),
                humanBytes(double(all->bytes)).c_str(), all->kldMean, all->top1);
    if (plan) {
        std::printf("proposal under %s: %zu unit(s) kept at %s, %s (%s), kld_mean %.3e, top1 %.4f\n",
                    args.value("--budget")->c_str(), plan->kept.size(), engine::enumName(o.keep),
                    humanBytes(double(planMeasured->bytes)).c_str(), plan->fits ? "fits" : "does NOT fit the budget",
                    planMeasured->kldMean, planMeasured->top1);
        std::printf("%s\n", engine::toLlamaCppArgs(profile, modelPath, planAdjusted).c_str());
    }
    return 0;
}

}  // namespace cli
