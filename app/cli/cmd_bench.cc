// inferscope-cli bench: llama-bench-style throughput (pp<N> prompt processing,
// tg<N> generation) with a roofline: decode reads every weight once per token,
// so tokens/s can never exceed memory-read bandwidth / bytes read per token.
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "engine/session/bench.h"
#include "engine/session/engine.h"
#include "kernels/cpu/bandwidth.h"
#include "kernels/cpu/cpu_device.h"
#include "kernels/cpu/cpu_ops.h"

namespace cli {
namespace {

struct ModelFootprint {
    uint64_t params = 0;
    uint64_t weightBytes = 0;        // all tensors as stored
    double bytesPerDecodeToken = 0;  // weights a decode step reads (excl. KV)
    std::string dtype;               // dominant matrix type, or "mixed"
};

// Bytes a single decode step must read: every matrix once, except the token
// embedding of which only one row is read (unless it doubles as the output).
ModelFootprint footprintOf(const engine::ModelFile& file)
{
    ModelFootprint f;
    std::map<std::string, uint64_t> bytesByType;
    const bool tiedOutput = file.findTensor("output.weight") == nullptr;
    for (const engine::TensorInfo& t : file.tensors) {
        f.params += t.elements();
        f.weightBytes += t.bytes;
        if (t.shape.size() >= 2) bytesByType[std::string(kernels::dtypeName(t.type))] += t.bytes;
        if (t.name == "token_embd.weight" && !tiedOutput)
            f.bytesPerDecodeToken += static_cast<double>(t.bytes) / static_cast<double>(t.rows());
        else
            f.bytesPerDecodeToken += static_cast<double>(t.bytes);
    }
    uint64_t best = 0, total = 0;
    for (const auto& [name, bytes] : bytesByType) {
        total += bytes;
        if (bytes > best) {
            best = bytes;
            f.dtype = name;
        }
    }
    if (best * 10 < total * 9) f.dtype = "mixed (mostly " + f.dtype + ")";
    return f;
}

// Average KV-cache bytes read per decode step over positions 0..n-1 (fp32 cache).
double kvBytesPerDecodeToken(const engine::ModelConfig& c, int32_t n)
{
    const double avgPositions = (n + 1) / 2.0;
    return 2.0 * static_cast<double>(c.nLayers) * static_cast<double>(c.kvDim()) * 4.0 * avgPositions;
}

std::string humanBytes(double b)
{
    char buf[32];
    if (b >= 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    else if (b >= 1024.0 * 1024) std::snprintf(buf, sizeof buf, "%.2f MiB", b / (1024.0 * 1024));
    else std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    return buf;
}

std::string humanCount(double n)
{
    char buf[32];
    if (n >= 1e9) std::snprintf(buf, sizeof buf, "%.2f B", n / 1e9);
    else if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", n / 1e6);
    else std::snprintf(buf, sizeof buf, "%.2f K", n / 1e3);
    return buf;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string s;
    for (const std::string& i : items) s += (s.empty() ? "" : ",") + i;
    return s;
}

}  // namespace

int runBench(const std::vector<std::string>& argv)
{
    std::string error;
    const Args args = Args::parse(argv, {"-p", "-n", "-r", "--threads", "-t", "--tokenizer", "--seed"},
                                  {"--json"}, error);
    if (!error.empty()) return failWith(error);
    if (args.positional().size() != 1) return failWith("bench needs exactly one MODEL argument");
    const long long promptTokens = args.intOr("-p", 512, error);
    const long long genTokens = args.intOr("-n", 128, error);
    const long long reps = args.intOr("-r", 5, error);
    const long long threadsArg = args.intOr("--threads", args.intOr("-t", 0, error), error);
    const long long seed = args.intOr("--seed", 1, error);
    if (!error.empty()) return failWith(error);
    if (promptTokens < 0 || genTokens < 0 || promptTokens + genTokens == 0)
        return failWith("-p and -n must be >= 0 and not both 0");
    if (reps < 1 || reps > 1000) return failWith("-r must be between 1 and 1000");
    if (threadsArg < 0 || threadsArg > 1024) return failWith("--threads must be between 0 (all cores) and 1024");

    engine::LoadOptions options;
    options.threads = static_cast<int32_t>(threadsArg);
    auto loaded = engine::Engine::load(args.positional()[0], args.valueOr("--tokenizer", ""), options);
    if (!loaded) return failWith(loaded.error().message);
    engine::Engine& eng = **loaded;
    const engine::ModelConfig& cfg = eng.config();
    if (promptTokens > cfg.contextLength || genTokens > cfg.contextLength)
        return failWith("-p " + std::to_string(promptTokens) + " / -n " + std::to_string(genTokens) +
                        " exceed the model context of " + std::to_string(cfg.contextLength) + " tokens");

    engine::BenchOptions bo;
    bo.promptTokens = static_cast<int32_t>(promptTokens);
    bo.genTokens = static_cast<int32_t>(genTokens);
    bo.repetitions = static_cast<int32_t>(reps);
    bo.seed = static_cast<uint64_t>(seed);
    auto stats = engine::runBench(eng.model(), bo);
    if (!stats) return failWith(stats.error().message);

    const ModelFootprint fp = footprintOf(eng.file());
    const double bandwidthGBs = kernels::measureReadBandwidthGBs(eng.threads());
    const kernels::CpuInfo& cpu = kernels::cpuInfo();
    const std::vector<std::string> simd = kernels::cpuSimdTargets();

    nlohmann::json results = nlohmann::json::array();
    for (const engine::BenchStat& s : *stats) {
        nlohmann::json r{{"test", s.name},
                         {"tokens", s.tokens},
                         {"mean_tok_s", s.meanTokPerS},
                         {"stddev_tok_s", s.stddevTokPerS},
                         {"mean_ms", s.meanMs},
                         {"samples_tok_s", s.samplesTokPerS}};
        if (s.name.rfind("tg", 0) == 0) {
            const double bytesPerToken = fp.bytesPerDecodeToken + kvBytesPerDecodeToken(cfg, s.tokens);
            const double roofline = bandwidthGBs * 1e9 / bytesPerToken;
            r["bytes_per_token"] = bytesPerToken;
            r["roofline_tok_s"] = roofline;
            r["roofline_pct"] = 100.0 * s.meanTokPerS / roofline;
        } else {
            // Prefill is compute-bound: report achieved GFLOP/s (2 FLOPs per weight per token).
            r["gflop_s"] = 2.0 * static_cast<double>(fp.params) * s.meanTokPerS / 1e9;
        }
        results.push_back(r);
    }

    if (args.has("--json")) {
        nlohmann::json out{{"model", args.positional()[0]},
                           {"size_bytes", fp.weightBytes},
                           {"params", fp.params},
                           {"dtype", fp.dtype},
                           {"threads", eng.threads()},
                           {"cpu", cpu.modelName},
                           {"cpu_features", cpu.features},
                           {"simd_targets", simd},
                           {"bandwidth_gb_s", bandwidthGBs},
                           {"decode_weight_bytes_per_token", fp.bytesPerDecodeToken},
                           {"repetitions", reps},
                           {"results", results}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }

    std::printf("model: %s\n", args.positional()[0].c_str());
    std::printf("cpu: %s, %d threads, features %s, SIMD %s\n", cpu.modelName.c_str(), eng.threads(),
                joined(cpu.features).c_str(), joined(simd).c_str());
    std::printf("memory read bandwidth: %.1f GB/s (measured); decode reads %s of weights per token\n\n",
                bandwidthGBs, humanBytes(fp.bytesPerDecodeToken).c_str());
    std::printf("| %-10s | %-10s | %-18s | %7s | %6s | %18s | %12s |\n", "size", "params", "dtype", "threads",
                "test", "t/s", "roofline");
    std::printf("|------------|------------|--------------------|---------|--------|--------------------|---------"
                "-----|\n");
    for (const nlohmann::json& r : results) {
        char tps[64], roof[64];
        std::snprintf(tps, sizeof tps, "%.2f ± %.2f", r["mean_tok_s"].get<double>(),
                      r["stddev_tok_s"].get<double>());
        if (r.contains("roofline_pct"))
            std::snprintf(roof, sizeof roof, "%.0f%% of %.1f", r["roofline_pct"].get<double>(),
                          r["roofline_tok_s"].get<double>());
        else
            std::snprintf(roof, sizeof roof, "%.1f GFLOP/s", r["gflop_s"].get<double>());
        std::printf("| %-10s | %-10s | %-18s | %7d | %6s | %18s | %12s |\n", humanBytes(fp.weightBytes).c_str(),
                    humanCount(fp.params).c_str(), fp.dtype.c_str(), eng.threads(),
                    r["test"].get<std::string>().c_str(), tps, roof);
    }
    return 0;
}

}  // namespace cli
