#pragma once
// The optimisation profile: InferScope's tuned-configuration document.
//
// One JSON document ("schema": "inferscope.profile/1") holds every knob of a
// run: weights, pruning, kv_cache, batching, devices, sampling. Every section
// and every key inside a section is optional: a missing one means "unchanged
// from the model file / engine default", so a profile only says what it changes
// and round-trips exactly.
//
// Each section has ONE field visitor, visitFields(visitor, section), listing its
// keys with their constraints. Parsing and validation (profile_validator.cc),
// serialization (profile.cc) and the key listing for documentation all walk
// that same list, so a new key is added in exactly one place.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/common/expected.h"

namespace engine {

inline constexpr std::string_view kProfileSchema = "inferscope.profile/1";

// ---- enums -----------------------------------------------------------------

enum class WeightDType { F32, F16, BF16, Int8, Int4, Count };
enum class PruningMethod { None, Magnitude, Wanda, NM, Structured, Count };
enum class PruningScope { All, Attention, Ffn, Count };
enum class KvCacheMode { Off, Contiguous, Paged, Count };
enum class KvDType { F32, F16, Int8, Count };
enum class BatchingPolicy { Static, Continuous, Count };
enum class SplitMode { None, Pipeline, Tensor, Count };

// The spelling used in profile files ("int4", "paged", "nm", ...).
const char* enumName(WeightDType value);
const char* enumName(PruningMethod value);
const char* enumName(PruningScope value);
const char* enumName(KvCacheMode value);
const char* enumName(KvDType value);
const char* enumName(BatchingPolicy value);
const char* enumName(SplitMode value);

template <typename E>
std::optional<E> enumFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(E::Count); ++i) {
        if (name == enumName(static_cast<E>(i))) return static_cast<E>(i);
    }
    return std::nullopt;
}

// "off, contiguous, paged": the accepted spellings, for messages and docs.
template <typename E>
std::string enumChoices()
{
    std::string out;
    for (int i = 0; i < static_cast<int>(E::Count); ++i) {
        if (i > 0) out += ", ";
        out += enumName(static_cast<E>(i));
    }
    return out;
}

// ---- field constraints (used by the visitors below) ---------------------------

inline constexpr uint64_t kNoMax = std::numeric_limits<uint64_t>::max();

struct NoCheck {};
// Integer in [min, max]; max == kNoMax means "no upper bound".
struct IntRange {
    int64_t min = 0;
    uint64_t max = kNoMax;
};
struct IntChoices {
    std::span<const int32_t> values;
};
// Real in [min, max] (or open at either end); max = +inf means no upper bound.
struct RealRange {
    double min = 0.0;
    double max = std::numeric_limits<double>::infinity();
    bool minOpen = false;
    bool maxOpen = false;
};
// A tensor-name glob: '*' matches any run of characters, '?' one; non-empty.
struct PatternCheck {};

inline constexpr int32_t kGroupSizes[] = {32, 64, 128};
inline constexpr int32_t kKvBlockSizes[] = {8, 16, 32};

// Engine defaults for keys a profile leaves out (the export mappings use them
// too, so an exported command line means what the engine would have done).
inline constexpr int32_t kDefaultGroupSize = 32;
inline constexpr bool kDefaultSymmetric = true;
inline constexpr int32_t kDefaultPruneN = 2;
inline constexpr int32_t kDefaultPruneM = 4;
inline constexpr int32_t kDefaultKvBlockSize = 16;

// ---- sections ----------------------------------------------------------------

struct WeightOverride {
    std::string pattern;  // tensor-name glob, e.g. "blk.*.attn_*" or "output.weight"
    WeightDType dtype = WeightDType::F16;
    bool operator==(const WeightOverride&) const = default;
};

struct WeightsConfig {
    std::optional<WeightDType> dtype;
    std::optional<int32_t> groupSize;  // int8 / int4 only: 32, 64, 128
    std::optional<bool> symmetric;     // int8 / int4 only
    std::optional<std::vector<WeightOverride>> overrides;  // first match wins
    bool operator==(const WeightsConfig&) const = default;
};

struct PruningConfig {
    std::optional<PruningMethod> method;
    std::optional<double> ratio;  // fraction of weights removed, [0, 0.9]; not with nm
    std::optional<int32_t> n;     // nm: keep n of every m
    std::optional<int32_t> m;
    std::optional<PruningScope> scope;
    std::optional<std::vector<std::string>> exclude;  // tensor-name globs left dense
    bool operator==(const PruningConfig&) const = default;
};

struct KvCacheConfig {
    std::optional<KvCacheMode> mode;
    std::optional<int32_t> blockSize;       // tokens per block, paged only
    std::optional<int64_t> capacityTokens;  // the whole cache, all sequences together
    std::optional<KvDType> dtype;
    bool operator==(const KvCacheConfig&) const = default;
};

struct BatchingConfig {
    std::optional<BatchingPolicy> policy;
    std::optional<int32_t> maxBatch;      // tokens in one forward pass (prompt chunks + decodes)
    std::optional<int32_t> maxSequences;  // sequences running at once, each with its KV cache
    bool operator==(const BatchingConfig&) const = default;
};

struct DevicesConfig {
    std::optional<int32_t> threads;  // 0 = all cores
    std::optional<SplitMode> split;
    std::optional<std::vector<int32_t>> gpus;  // device ordinals; empty = CPU only
    // The CPU presented as this many devices (1-16), each with its own
    // threads, workspace, weight share and KV shard; 1 = not split.
    std::optional<int32_t> virtualCpus;
    // Pipeline: relative share of the layers per device (one entry per device).
    std::optional<std::vector<int32_t>> layerWeights;
    // With one GPU: its first N layers (and the embedding) run on it, the rest
    // on the CPU, like llama.cpp's -ngl; N >= the model's layers puts the
    // whole model on the GPU, 0 the whole model on the CPU.
    std::optional<int32_t> offloadLayers;
    bool operator==(const DevicesConfig&) const = default;
};

struct SamplingConfig {
    std::optional<double> temperature;  // 0 = greedy
    std::optional<int32_t> topK;        // 0 = off
    std::optional<double> topP;         // 1 = off
    std::optional<double> minP;         // 0 = off
    std::optional<double> repeatPenalty;  // 1 = off
    std::optional<int32_t> repeatLastN;   // penalty window in tokens
    std::optional<uint64_t> seed;
    std::optional<int32_t> maxTokens;
    bool operator==(const SamplingConfig&) const = default;
};

struct Profile {
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<WeightsConfig> weights;
    std::optional<PruningConfig> pruning;
    std::optional<KvCacheConfig> kvCache;
    std::optional<BatchingConfig> batching;
    std::optional<DevicesConfig> devices;
    std::optional<SamplingConfig> sampling;
    bool operator==(const Profile&) const = default;
};

// ---- the field visitors: the single source of truth -------------------------
// A visitor has `field(key, member, constraint)`; a member of type
// std::optional<T> is an optional key, a plain T a required one. `Self` is the
// section type, const or not, so readers and writers share one list.

template <typename S, typename T>
concept SectionOf = std::is_same_v<std::remove_const_t<S>, T>;

template <typename V, SectionOf<WeightOverride> S>
void visitFields(V& v, S& s)
{
    v.field("pattern", s.pattern, PatternCheck{});
    v.field("dtype", s.dtype, NoCheck{});
}

template <typename V, SectionOf<WeightsConfig> S>
void visitFields(V& v, S& s)
{
    v.field("dtype", s.dtype, NoCheck{});
    v.field("group_size", s.groupSize, IntChoices{kGroupSizes});
    v.field("symmetric", s.symmetric, NoCheck{});
    v.field("overrides", s.overrides, NoCheck{});
}

template <typename V, SectionOf<PruningConfig> S>
void visitFields(V& v, S& s)
{
    v.field("method", s.method, NoCheck{});
    v.field("ratio", s.ratio, RealRange{0.0, 0.9});
    v.field("n", s.n, IntRange{1, 63});
    v.field("m", s.m, IntRange{2, 64});
    v.field("scope", s.scope, NoCheck{});
    v.field("exclude", s.exclude, PatternCheck{});
}

template <typename V, SectionOf<KvCacheConfig> S>
void visitFields(V& v, S& s)
{
    v.field("mode", s.mode, NoCheck{});
    v.field("block_size", s.blockSize, IntChoices{kKvBlockSizes});
    v.field("capacity_tokens", s.capacityTokens, IntRange{1, kNoMax});
    v.field("dtype", s.dtype, NoCheck{});
}

template <typename V, SectionOf<BatchingConfig> S>
void visitFields(V& v, S& s)
{
    v.field("policy", s.policy, NoCheck{});
    v.field("max_batch", s.maxBatch, IntRange{1, 1024});
    v.field("max_sequences", s.maxSequences, IntRange{1, 4096});
}

template <typename V, SectionOf<DevicesConfig> S>
void visitFields(V& v, S& s)
{
    v.field("threads", s.threads, IntRange{0, 1024});
    v.field("split", s.split, NoCheck{});
    v.field("gpus", s.gpus, IntRange{0, 1023});
    v.field("virtual_cpus", s.virtualCpus, IntRange{1, 16});
    v.field("layer_weights", s.layerWeights, IntRange{1, 1000});
    v.field("offload_layers", s.offloadLayers, IntRange{0, 100000});
}

template <typename V, SectionOf<SamplingConfig> S>
void visitFields(V& v, S& s)
{
    v.field("temperature", s.temperature, RealRange{0.0});
    v.field("top_k", s.topK, IntRange{0, kNoMax});
    v.field("top_p", s.topP, RealRange{0.0, 1.0, true, false});
    v.field("min_p", s.minP, RealRange{0.0, 1.0, false, true});
    v.field("repeat_penalty", s.repeatPenalty, RealRange{0.0, std::numeric_limits<double>::infinity(), true});
    v.field("repeat_last_n", s.repeatLastN, IntRange{0, kNoMax});
    v.field("seed", s.seed, IntRange{0, kNoMax});
    v.field("max_tokens", s.maxTokens, IntRange{1, kNoMax});
}

// The document itself ("schema" is handled by the reader and writer, first).
template <typename V, SectionOf<Profile> S>
void visitFields(V& v, S& s)
{
    v.field("name", s.name, NoCheck{});
    v.field("description", s.description, NoCheck{});
    v.field("weights", s.weights, NoCheck{});
    v.field("pruning", s.pruning, NoCheck{});
    v.field("kv_cache", s.kvCache, NoCheck{});
    v.field("batching", s.batching, NoCheck{});
    v.field("devices", s.devices, NoCheck{});
    v.field("sampling", s.sampling, NoCheck{});
}

// ---- effective configuration ------------------------------------------------
// What a run really did beside what the profile asked for. The passes append an
// Adjustment wherever they deviate, e.g. {path "weights.dtype", target
// "blk.3.ffn_down.weight", requested "int4", effective "f16", reason "172
// columns is not a multiple of group size 32"}.

inline constexpr std::string_view kEffectiveSchema = "inferscope.effective/1";

struct Adjustment {
    std::string path;    // profile key, e.g. "weights.dtype"
    std::optional<std::string> target;  // tensor, layer or device it applies to
    std::string requested;
    std::string effective;
    std::string reason;
    bool operator==(const Adjustment&) const = default;

    // "blk.3.ffn_down.weight: weights.dtype int4 -> f16 (172 columns is not ...)"
    std::string describe() const;
};

template <typename V, SectionOf<Adjustment> S>
void visitFields(V& v, S& s)
{
    v.field("path", s.path, NoCheck{});
    v.field("target", s.target, NoCheck{});
    v.field("requested", s.requested, NoCheck{});
    v.field("effective", s.effective, NoCheck{});
    v.field("reason", s.reason, NoCheck{});
}

struct EffectiveConfig {
    Profile requested;
    std::vector<Adjustment> adjustments;
    bool operator==(const EffectiveConfig&) const = default;
};

// ---- text form ----------------------------------------------------------------

// Canonical JSON: "schema" first, then the visitor order, 2-space indent, a
// trailing newline, doubles in shortest round-trip form. parseProfile of this
// text gives back an equal Profile, and for canonical text serializeProfile
// reproduces it byte for byte.
std::string serializeProfile(const Profile& profile);
std::string serializeEffectiveConfig(const EffectiveConfig& config);

// Every key path a profile may contain, in visitor order ("weights.dtype",
// "weights.overrides[].pattern", ...). Documentation is checked against it.
std::vector<std::string> profileKeyPaths();

// Glob match used by weights.overrides and pruning.exclude: '*' any run of
// characters (dots included), '?' any one character, everything else literal.
bool matchesPattern(std::string_view pattern, std::string_view name);

}  // namespace engine
