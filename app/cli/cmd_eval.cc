// inferscope-cli eval MODEL: perplexity over an evaluation text and, with
// --baseline, the comparison against the unoptimised model over the same
// tokens (KL divergence, top-1 agreement, dPPL, first divergent greedy token).
// --batch N (default 256) sets the tokens per forward call.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/common/text_file.h"
#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/eval/compare.h"
#include "engine/eval/perplexity.h"
#include "engine/passes/calibration.h"
#include "engine/config/profile_validator.h"
#include "engine/session/engine.h"
#include "engine/session/profile_options.h"
#include "engine/tokenizer/tokenizer.h"

namespace cli {

namespace {


constexpr const char* kDefaultText = "stories.txt";
constexpr int32_t kGreedyTokens = 64;

struct EvalCliOptions {
    std::string model;
    std::string tokenizer;
    std::string text;  // empty: the bundled stories.txt
    std::string baseline;
    engine::EvalOptions eval;
    engine::LoadOptions load;      // the model under test
    engine::LoadOptions baseLoad;  // the baseline: same threads, weights as stored
    std::optional<engine::Profile> profile;
    bool json = false;
};


std::string parseOptions(const std::vector<std::string>& argv, EvalCliOptions& o)
{
    std::string error;
    const Args args = Args::parse(argv, {"--tokenizer", "--text", "--baseline", "--ctx", "--stride", "--threads",
                                         "--batch", "--profile", "--calibration", "--ppl-protocol"},
                                  {"--json"}, error);
    if (!error.empty()) return error;
    if (args.positional().size() != 1) return "expected exactly one MODEL argument (usage: eval MODEL [--baseline BASE] [--text FILE] ...)";
    o.model = args.positional()[0];
    o.tokenizer = args.valueOr("--tokenizer", "");
    o.text = args.valueOr("--text", "");
    o.baseline = args.valueOr("--baseline", "");
    o.json = args.has("--json");
    o.eval.window = args.intOr("--ctx", 0, error);
    const std::string protocol = args.valueOr("--ppl-protocol", "sliding");
    if (protocol == "llama.cpp") o.eval.protocol = engine::EvalProtocol::LlamaCpp;
    else if (protocol != "sliding") return "--ppl-protocol must be sliding or llama.cpp, got '" + protocol + "'";
    o.eval.stride = args.intOr("--stride", 0, error);
    o.eval.batch = args.intOr("--batch", 256, error);
    o.load.threads = args.intAs<int32_t>("--threads", 0, error);
    if (!error.empty()) return error;
    if (o.eval.window < 0 || o.eval.window == 1) return "--ctx must be at least 2 (or 0 for the model context)";
    if (o.eval.stride < 0) return "--stride must be >= 1 (or 0 for half the window)";
    if (o.eval.batch < 1) return "--batch must be at least 1";
    if (o.load.threads < 0) return "--threads must be >= 0";
    // With a profile the model under test is MODEL under the profile and the
    // baseline is MODEL as stored (or --baseline), evaluated over the same tokens.
    if (const auto path = args.value("--profile")) {
        auto profile = engine::loadProfileFile(*path);
        if (!profile) return profile.error().message;
        o.profile = *profile;
        const bool threadsGiven = args.has("--threads");
        o.load = engine::applyProfileToLoad(*profile, o.load);
        if (threadsGiven) o.load.threads = args.intAs<int32_t>("--threads", 0, error);
        if (o.baseline.empty()) o.baseline = o.model;
    }
    // Activation-aware pruning (wanda) calibrates on this text; by default the
    // engine's bundled stories, so pass another text to keep calibration and
    // evaluation apart.
    if (const auto path = args.value("--calibration")) {
        auto text = engine::readTextFile(*path, "calibration text", engine::kMaxTextFileBytes);
        if (!text) return text.error().message;
        o.load.calibrationText = *text;
    }
    o.baseLoad.threads = o.load.threads;
    o.baseLoad.ops = o.load.ops;
    return {};
}

engine::EvalOptions withProgress(engine::EvalOptions options, bool quiet)
{
    if (quiet || !::isatty(STDERR_FILENO)) return options;
    options.onProgress = [](int64_t done, int64_t total) {
        std::fprintf(stderr, "\rwindow %lld/%lld", static_cast<long long>(done), static_cast<long long>(total));
        if (done == total) std::fputc('\n', stderr);
    };
    return options;
}

nlohmann::json pplJson(const engine::PerplexityResult& r)
{
    return {{"ppl", r.ppl}, {"mean_nll", r.meanNll}, {"tokens", r.tokens}, {"windows", r.windows},
            {"window", r.window}, {"stride", r.stride}};
}

void printPpl(const char* label, const engine::PerplexityResult& r)
{
    std::printf("%-18s %.4f  (mean NLL %.5f nats over %lld tokens, %lld windows of %lld, stride %lld)\n", label,
                r.ppl, r.meanNll, static_cast<long long>(r.tokens), static_cast<long long>(r.windows),
                static_cast<long long>(r.window), static_cast<long long>(r.stride));
}

struct Loaded {
    std::unique_ptr<engine::Engine> engine;
    std::vector<int32_t> tokens;
};

int runPerplexity(const EvalCliOptions& o, Loaded& test, const std::string& textPath)
{
    auto r = engine::computePerplexity(test.engine->model(), test.tokens, withProgress(o.eval, o.json));
    if (!r) return failWith(r.error().message);
    if (o.json) {
        nlohmann::json j = pplJson(*r);
        j["model"] = o.model;
        j["text"] = textPath;
        std::printf("%s\n", jsonText(j, 1).c_str());
    } else {
        std::printf("%-18s %s\n%-18s %s\n", "model", o.model.c_str(), "text", textPath.c_str());
        printPpl("PPL", *r);
    }
    return 0;
}

int runComparison(const EvalCliOptions& o, Loaded& test, const std::string& textPath)
{
    auto base = engine::Engine::load(o.baseline, o.tokenizer, o.baseLoad);
    if (!base) return failWith("baseline: " + base.error().message);
    engine::Engine& b = **base;
    const engine::Tokenizer& tok = test.engine->tokenizer();
    if (b.tokenizer().encode("Once upon a time", true) != tok.encode("Once upon a time", true))
        return failWith("the baseline '" + o.baseline + "' tokenizes text differently from '" + o.model + "'");

    auto cmp = engine::compareModels(b.model(), test.engine->model(), test.tokens, withProgress(o.eval, o.json));
    if (!cmp) return failWith(cmp.error().message);
    const int64_t ctx = std::min(b.config().contextLength, test.engine->config().contextLength);
    const int32_t count = static_cast<int32_t>(std::min<int64_t>(kGreedyTokens, ctx));
    const int32_t bos = tok.bos() >= 0 ? tok.bos() : test.tokens.front();
    auto greedy = engine::compareGreedy(b.model(), test.engine->model(), std::span(&bos, 1), count);
    if (!greedy) return failWith(greedy.error().message);

    if (o.json) {
        nlohmann::json j;
        j["model"] = o.model;
        j["baseline"] = o.baseline;
        j["text"] = textPath;
        j["test"] = pplJson(cmp->test);
        j["base"] = pplJson(cmp->base);
        j["delta_ppl"] = cmp->deltaPpl;
        j["kld"] = {{"mean", cmp->meanKld}, {"median", cmp->medianKld}, {"p99", cmp->p99Kld},
                    {"p99_9", cmp->p999Kld}, {"max", cmp->maxKld}, {"positions", cmp->positions},
                    {"p99_method", "nearest-rank"}, {"per_token", cmp->kld}};
        j["rms_delta_p"] = cmp->rmsDeltaP;
        j["top1_agreement"] = cmp->top1Agreement;
        j["top1_stderr"] = cmp->top1StdErr;
        j["ppl_ratio"] = cmp->pplRatio;
        j["ppl_ratio_stderr"] = cmp->pplRatioStdErr;
        // The flat summary keys scripts read first.
        j["baseline_perplexity"] = cmp->base.ppl;
        j["perplexity"] = cmp->test.ppl;
        j["kld_mean"] = cmp->meanKld;
        j["kld_p99"] = cmp->p99Kld;
        j["weights_bytes"] = test.engine->weightsBytes();
        j["baseline_weights_bytes"] = b.weightsBytes();
        const engine::EffectiveConfig effective{o.profile.value_or(engine::Profile{}), test.engine->adjustments()};
        j["effective_profile"] = nlohmann::json::parse(engine::serializeEffectiveConfig(effective));
        j["load_notes"] = test.engine->loadNotes();
        j["top1_matches"] = cmp->top1Matches;
        j["greedy"] = {{"tokens", count}, {"first_divergent", greedy->firstDivergent},
                       {"base_ids", greedy->base}, {"test_ids", greedy->test}};
        std::printf("%s\n", jsonText(j, 1).c_str());
        return 0;
    }
    std::printf("%-18s %s\n%-18s %s\n%-18s %s\n", "model", o.model.c_str(), "baseline", o.baseline.c_str(), "text",
                textPath.c_str());
    printPpl("PPL", cmp->test);
    printPpl("baseline PPL", cmp->base);
    std::printf("%-18s %+.6f\n", "dPPL", cmp->deltaPpl);
    std::printf("%-18s %.6f ± %.6f\n", "PPL ratio", cmp->pplRatio, cmp->pplRatioStdErr);
    std::printf("%-18s mean %.6g  median %.6g  p99 %.6g  p99.9 %.6g  max %.6g nats (%lld positions, nearest-rank)\n",
                "KLD", cmp->meanKld, cmp->medianKld, cmp->p99Kld, cmp->p999Kld, cmp->maxKld,
                static_cast<long long>(cmp->positions));
    std::printf("%-18s %.4f %%\n", "RMS dp", 100.0 * cmp->rmsDeltaP);
    std::printf("%-18s %llu bytes (baseline %llu, %.1f %%)\n", "weights", static_cast<unsigned long long>(test.engine->weightsBytes()),
                static_cast<unsigned long long>(b.weightsBytes()),
                100.0 * static_cast<double>(test.engine->weightsBytes()) / static_cast<double>(std::max<uint64_t>(1, b.weightsBytes())));
    for (const engine::Adjustment& a : test.engine->adjustments()) std::printf("%-18s %s\n", "adjusted", a.describe().c_str());
    for (const std::string& note : test.engine->loadNotes()) std::printf("%-18s %s\n", "note", note.c_str());
    std::printf("%-18s %.3f ± %.3f %% (%lld/%lld)\n", "top-1 agreement", 100.0 * cmp->top1Agreement,
                100.0 * cmp->top1StdErr, static_cast<long long>(cmp->top1Matches), static_cast<long long>(cmp->positions));
    if (greedy->firstDivergent < 0)
        std::printf("%-18s identical over %d tokens from BOS\n", "greedy", count);
    else
        std::printf("%-18s first divergent token at index %lld of %d from BOS\n", "greedy",
                    static_cast<long long>(greedy->firstDivergent), count);
    return 0;
}

}  // namespace

int runEval(const std::vector<std::string>& argv)
{
    EvalCliOptions o;
    if (const std::string error = parseOptions(argv, o); !error.empty()) return failWith("eval: " + error);

    std::string textPath = o.text;
    if (textPath.empty()) {
        auto bundled = engine::locateBundledEvalText(kDefaultText);
        if (!bundled) return failWith("eval: " + bundled.error().message + "; pass --text FILE");
        textPath = *bundled;
    }
    auto text = engine::readTextFile(textPath, "evaluation text", engine::kMaxTextFileBytes);
    if (!text) return failWith(text.error().message);

    Loaded test;
    auto loaded = engine::Engine::load(o.model, o.tokenizer, o.load);
    if (!loaded) return failWith(loaded.error().message);
    test.engine = std::move(*loaded);
    const engine::Tokenizer& tok = test.engine->tokenizer();
    test.tokens = tok.encode(*text, tok.addBosByDefault());
    // llama-perplexity puts BOS at the start of every window when the model adds one.
    if (o.eval.protocol == engine::EvalProtocol::LlamaCpp && tok.addBosByDefault()) o.eval.bos = tok.bos();
    if (test.tokens.size() < 2)
        return failWith("eval: the text '" + textPath + "' gives fewer than 2 tokens");
    return o.baseline.empty() ? runPerplexity(o, test, textPath) : runComparison(o, test, textPath);
}

}  // namespace cli
