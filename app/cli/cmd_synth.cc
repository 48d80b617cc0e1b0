// inferscope-cli synth --shape SHAPE --dtype TYPE --seed N --out FILE.gguf:
// writes a GGUF model of a real shape with seeded random weights.
#include <cstdio>
#include <string>
#include <unistd.h>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "engine/model/model_card.h"
#include "engine/model/synth.h"

namespace cli {

namespace {

constexpr const char* kUsage = "synth --shape tiny|15m|110m|1b|8b|qwen2-0.5b|phi3-mini|gemma2-2b --dtype f32|f16|bf16|q8_0|q4_0 --seed N --out FILE.gguf";

// Progress on stderr in whole percents, when stderr is a terminal; --quiet
// turns it off there too.
engine::SynthProgress progressPrinter(bool quiet)
{
    if (quiet || !::isatty(STDERR_FILENO)) return {};
    return [last = -1](uint64_t done, uint64_t total) mutable {
        const int percent = total ? int(done * 100 / total) : 100;
        if (percent != last) {
            last = percent;
            std::fprintf(stderr, "\rsynth: %3d%%", percent);
            if (percent == 100) std::fprintf(stderr, "\n");
            std::fflush(stderr);
        }
        return true;
    };
}

}  // namespace

int runSynth(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {"--shape", "--dtype", "--seed", "--out"}, {"--quiet"}, error);
    if (!error.empty()) return failWith("synth: " + error);
    if (!args.positional().empty()) return failWith("synth: unexpected argument '" + args.positional()[0] + "' (usage: " + kUsage + ")");

    engine::SynthOptions options;
    const std::string shapeName = args.valueOr("--shape", "tiny");
    const auto shape = engine::synthShapeFromName(shapeName);
    if (!shape) return failWith("synth: unknown --shape '" + shapeName + "' (choose " + engine::synthShapeNames() + ")");
    options.shape = *shape;
    const std::string dtypeName = args.valueOr("--dtype", "f32");
    const auto dtype = kernels::dtypeFromName(dtypeName);
    if (!dtype || !engine::isSynthDType(*dtype))
        return failWith("synth: unsupported --dtype '" + dtypeName + "' (choose f32, f16, bf16, q8_0 or q4_0)");
    options.dtype = *dtype;
    const long long seed = args.intOr("--seed", 0, error);
    if (!error.empty()) return failWith("synth: " + error);
    if (seed < 0) return failWith("synth: --seed must be non-negative");
    options.seed = static_cast<uint64_t>(seed);
    const auto out = args.value("--out");
    if (!out || out->empty()) return failWith("synth: --out FILE.gguf is required (usage: " + std::string(kUsage) + ")");
    options.outPath = *out;

    auto status = engine::synthesizeModel(options, progressPrinter(args.has("--quiet")));
    if (!status) return failWith(status.error().message);
    const engine::SynthShapeSpec& spec = engine::synthShapeSpec(options.shape);
    std::printf("wrote %s: %s-shaped (%s), %s weights, seed %llu\n", options.outPath.c_str(),
                std::string(spec.name).c_str(), std::string(spec.modelOf).c_str(), dtypeName.c_str(),
                static_cast<unsigned long long>(options.seed));
    return 0;
}

}  // namespace cli
