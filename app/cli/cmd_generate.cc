// inferscope-cli generate: load a model, generate from a prompt, stream the
// text (or print one JSON object with the ids, text, timings and metrics).
// --trace FILE writes a Chrome trace-event JSON of every op of the run.
#include <cstdio>
#include <memory>
#include <optional>
#include <type_traits>
#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_text.h"
#include "engine/metrics/latency_stats.h"
#include "engine/metrics/memory_meter.h"
#include "engine/config/profile_validator.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/session/profile_options.h"
#include "engine/trace/chrome_trace.h"

namespace cli {

namespace {

struct GenerateOptions {
    std::string model;
    std::string tokenizer;
    std::string trace;  // Chrome trace output path; empty = tracing off
    engine::GenerateRequest request;
    engine::LoadOptions load;
    std::optional<engine::Profile> profile;  // --profile, when given
    bool json = false;
    bool chat = false;   // --chat: the prompt as a user turn in the model's chat template
    std::string system;  // --system: the system message of that turn
};

// Parses and range-checks the options; an empty return means success.
std::string parseOptions(const std::vector<std::string>& argv, GenerateOptions& o)
{
    std::string error;
    const Args args = Args::parse(argv,
                                  {"--tokenizer", "--prompt", "-p", "--max-tokens", "-n", "--temperature", "--top-k",
                                   "--top-p", "--min-p", "--repeat-penalty", "--repeat-last-n", "--seed",
                                   "--threads", "--ops", "--trace", "--profile", "--system"},
                                  {"--json", "--chat"}, error);
    if (!error.empty()) return error;
    if (args.positional().size() != 1) return "generate needs exactly one MODEL argument";
    o.model = args.positional()[0];
    o.tokenizer = args.valueOr("--tokenizer", "");
    o.json = args.has("--json");
    o.chat = args.has("--chat");
    o.system = args.valueOr("--system", "");
    if (args.has("--system") && !o.chat) return "--system needs --chat (it is the system message of a chat turn)";
    o.trace = args.valueOr("--trace", "");
    o.request.prompt = args.value("--prompt").value_or(args.valueOr("-p", ""));
    o.request.maxTokens = 256;
    o.request.sampler.temperature = 0.8f;
    // The profile first; explicit flags after it win.
    if (const auto path = args.value("--profile")) {
        auto profile = engine::loadProfileFile(*path);
        if (!profile) return profile.error().message;
        o.profile = *profile;
        o.load = engine::applyProfileToLoad(*profile, o.load);
        engine::applyProfileToRequest(*profile, o.request);
    }
    engine::SamplerParams& s = o.request.sampler;
    const auto setInt = [&](const char* flag, auto& target) {
        if (args.has(flag)) target = args.intAs<std::remove_reference_t<decltype(target)>>(flag, target, error);
    };
    const auto setReal = [&](const char* flag, float& target) {
        if (args.has(flag)) target = static_cast<float>(args.doubleOr(flag, 0.0, error));
    };
    setInt("-n", o.request.maxTokens);
    setInt("--max-tokens", o.request.maxTokens);
    setReal("--temperature", s.temperature);
    setInt("--top-k", s.topK);
    setReal("--top-p", s.topP);
    setReal("--min-p", s.minP);
    setReal("--repeat-penalty", s.repeatPenalty);
    setInt("--repeat-last-n", s.repeatLastN);
    long long seed = static_cast<long long>(o.request.seed);
    setInt("--seed", seed);
    o.request.seed = static_cast<uint64_t>(seed);
    setInt("--threads", o.load.threads);
    const std::string ops = args.valueOr("--ops", "cpu");
    if (!error.empty()) return error;
    if (ops == "ref") o.load.ops = engine::OpsKind::Reference;
    else if (ops != "cpu") return "--ops must be 'cpu' or 'ref', got '" + ops + "'";
    if (o.request.maxTokens < 1) return "--max-tokens must be at least 1";
    if (s.temperature < 0.0f) return "--temperature must be >= 0";
    if (s.topK < 0) return "--top-k must be >= 0";
    if (s.topP <= 0.0f || s.topP > 1.0f) return "--top-p must be in (0, 1]";
    if (s.minP < 0.0f || s.minP >= 1.0f) return "--min-p must be in [0, 1)";
    if (s.repeatPenalty <= 0.0f) return "--repeat-penalty must be positive";
    if (o.load.threads < 0) return "--threads must be >= 0";
    if (seed < 0) return "--seed must be >= 0";
    return {};
}

nlohmann::json resultJson(const GenerateOptions& o, const engine::Engine& e, const engine::GenerateResult& r,
                          const engine::PeakRss& peak)
{
    const engine::SamplerParams& s = o.request.sampler;
    const engine::GenerateTimings& t = r.timings;
    nlohmann::json j;
    j["model"] = o.model;
    j["format"] = engine::modelFormatName(e.file().format);
    j["config"] = e.config().summary();
    j["ops"] = o.load.ops == engine::OpsKind::Reference ? "ref" : "cpu";
    j["threads"] = e.threads();
    j["sampler"] = {{"description", s.describe()}, {"temperature", s.temperature}, {"top_k", s.topK},
                    {"top_p", s.topP},           {"min_p", s.minP},             {"repeat_penalty", s.repeatPenalty},
                    {"repeat_last_n", s.repeatLastN}, {"seed", o.request.seed}};
    j["prompt"] = o.request.prompt;
    j["prompt_tokens"] = r.promptTokens;
    j["tokens"] = r.tokens;
    j["text"] = r.text;
    j["stop"] = engine::stopReasonName(r.stop);
    j["timings"] = {{"load_ms", t.loadMs},           {"ttft_ms", t.ttftMs},
                    {"prefill_ms", t.prefillMs},     {"decode_ms", t.decodeMs},
                    {"prefill_tok_s", t.prefillTokPerS}, {"decode_tok_s", t.decodeTokPerS},
                    {"token_latencies_ms", t.tokenLatenciesMs}};
    const engine::RequestMetrics& m = r.metrics;
    const engine::LatencySummary itl = engine::summarize(m.itlMs);
    j["metrics"] = {{"ttft_ms", m.ttftMs},
                    {"itl_ms", {{"mean", itl.mean}, {"p50", itl.p50}, {"p90", itl.p90}, {"p99", itl.p99},
                                {"count", itl.count}}},
                    {"tpot_ms", m.tpotMs ? nlohmann::json(*m.tpotMs) : nlohmann::json(nullptr)},
                    {"e2e_ms", m.e2eMs}};
    j["weights_bytes"] = e.weightsBytes();
    engine::EffectiveConfig effective{o.profile.value_or(engine::Profile{}), e.adjustments()};
    j["effective_profile"] = nlohmann::json::parse(engine::serializeEffectiveConfig(effective));
    j["load_notes"] = e.loadNotes();
    // The run's own peak (load and generation), not the process's lifetime high-water mark.
    j["memory"] = {{"peak_rss_bytes", peak.bytes},
                   {"peak_rss_method", engine::peakRssMethodName(peak.method)},
                   {"start_rss_bytes", peak.startBytes},
                   {"current_rss_bytes", engine::currentRssBytes()}};
    return j;
}

}  // namespace

int runGenerate(const std::vector<std::string>& argv)
{
    GenerateOptions o;
    if (const std::string error = parseOptions(argv, o); !error.empty()) return failWith(error);

    engine::PeakRssMeter meter;  // this run's peak: load (passes included) and generation
    auto loaded = engine::Engine::load(o.model, o.tokenizer, o.load);
    if (!loaded) return failWith(loaded.error().message);
    engine::Engine& e = **loaded;

    std::string chatFormat;
    if (o.chat) {
        const engine::ChatPrompt chat = engine::buildChatPrompt(e.file(), e.tokenizer(), o.system, o.request.prompt);
        if (!chat.note.empty()) std::fprintf(stderr, "note: %s\n", chat.note.c_str());
        if (chat.format) chatFormat = std::string(engine::chatFormatName(*chat.format));
        o.request.promptIds = chat.ids;
    }

    engine::Callbacks callbacks;
    if (!o.json)
        callbacks.onToken = [](int32_t, const std::string& piece, const engine::TokenTiming&) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
        };
    // 2^18 spans (~15 MiB) hold a few hundred tokens of a 12-layer model; older spans are dropped beyond that.
    std::unique_ptr<engine::Tracer> tracer;
    if (!o.trace.empty()) {
        tracer = std::make_unique<engine::Tracer>(size_t{1} << 18);
        e.model().setTracer(tracer.get());
    }
    callbacks.onProgress = [&meter](const engine::PhaseProgress&) { meter.sample(); };
    auto result = e.generate(o.request, callbacks);
    const engine::PeakRss peak = meter.finish();
    if (tracer) e.model().collectGpuActivity();  // the GPU's kernels and copies, tied to the ops
    e.model().setTracer(nullptr);
    if (tracer) {
        if (const engine::Status written = engine::writeChromeTrace(*tracer, o.trace, e.model().deviceNames()); !written)
            return failWith(written.error().message);
    }
    if (!result) {
        if (!o.json) std::fputc('\n', stdout);
        return failWith(result.error().message);
    }
    if (o.json) {
        nlohmann::json j = resultJson(o, e, *result, peak);
        if (o.chat) j["chat_format"] = chatFormat.empty() ? nlohmann::json(nullptr) : nlohmann::json(chatFormat);
        const std::string text = jsonText(j, 1);
        std::printf("%s\n", text.c_str());
    } else {
        const engine::GenerateTimings& t = result->timings;
        std::printf("\n");
        std::fprintf(stderr, "prompt %zu tokens, generated %zu (%s); ttft %.2f ms, prefill %.1f tok/s, decode %.1f tok/s\n",
                     result->promptTokens.size(), result->tokens.size(), engine::stopReasonName(result->stop),
                     t.ttftMs, t.prefillTokPerS, t.decodeTokPerS);
    }
    return 0;
}

}  // namespace cli
