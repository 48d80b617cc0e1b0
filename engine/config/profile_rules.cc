#include "engine/config/profile_rules.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace engine {
namespace {

using Issues = std::vector<ProfileIssue>;

// Adds issues under one section's path.
class RuleSink {
public:
    RuleSink(const std::string& base, const char* section, Issues& issues)
        : m_prefix((base.empty() ? std::string() : base + ".") + section), m_issues(issues)
    {
    }

    void error(const std::string& key, std::string message) { add(key, std::move(message), IssueSeverity::Error); }
    void warning(const std::string& key, std::string message) { add(key, std::move(message), IssueSeverity::Warning); }

private:
    void add(const std::string& key, std::string message, IssueSeverity severity)
    {
        m_issues.push_back({key.empty() ? m_prefix : m_prefix + "." + key, std::move(message), severity});
    }

    std::string m_prefix;
    Issues& m_issues;
};

template <typename E>
std::string describeSetting(const char* what, const std::optional<E>& value)
{
    if (!value) return std::string(what) + " is not set";
    return std::string(what) + " is \"" + enumName(*value) + "\"";
}

std::string numberText(double value)
{
    return nlohmann::json(value).dump();
}

bool isQuantized(WeightDType dtype)
{
    return dtype == WeightDType::Int8 || dtype == WeightDType::Int4;
}

void checkWeights(const WeightsConfig& w, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "weights", issues);
    const bool anyQuantized = (w.dtype && isQuantized(*w.dtype)) ||
                              (w.overrides && std::any_of(w.overrides->begin(), w.overrides->end(),
                                                          [](const WeightOverride& o) { return isQuantized(o.dtype); }));
    if (w.dtype && !anyQuantized) {
        const std::string why = std::string("only used by int8 and int4 weights (dtype is \"") + enumName(*w.dtype) + "\")";
        if (w.groupSize) sink.warning("group_size", why);
        if (w.symmetric) sink.warning("symmetric", why);
    }
    if (!w.overrides) return;
    const auto& overrides = *w.overrides;
    for (size_t i = 0; i < overrides.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (overrides[j].pattern == overrides[i].pattern && !overrides[i].pattern.empty()) {
                sink.warning("overrides[" + std::to_string(i) + "]",
                             "pattern \"" + overrides[i].pattern + "\" already appears at overrides[" +
                                 std::to_string(j) + "]; only the first match applies");
                break;
            }
        }
    }
}

void checkPruning(const PruningConfig& p, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "pruning", issues);
    const bool isNm = p.method == PruningMethod::NM;
    const bool prunes = p.method && *p.method != PruningMethod::None;
    if (isNm) {
        const int32_t n = p.n.value_or(kDefaultPruneN);
        const int32_t m = p.m.value_or(kDefaultPruneM);
        if (p.ratio) {
            sink.error("ratio", "cannot be combined with pruning.method \"nm\": N:M pruning removes exactly 1 - n/m of "
                                "the weights (" + numberText(1.0 - static_cast<double>(n) / m) + " for " +
                                    std::to_string(n) + ":" + std::to_string(m) + ")");
        }
        if (m <= n) {
            sink.error("m", "must be greater than pruning.n (n = " + std::to_string(n) + (p.n ? "" : " by default") +
                                ", m = " + std::to_string(m) + (p.m ? "" : " by default") + ")");
        }
    } else {
        const std::string why = "only used when pruning.method is \"nm\" (" + describeSetting("method", p.method) + ")";
        if (p.n) sink.warning("n", why);
        if (p.m) sink.warning("m", why);
        if (prunes && !p.ratio) sink.error("ratio", std::string("required when pruning.method is \"") + enumName(*p.method) + "\"");
    }
    if (!prunes) {
        const std::string why = "has no effect: " + describeSetting("pruning.method", p.method);
        if (p.ratio) sink.warning("ratio", why);
        if (p.scope) sink.warning("scope", why);
        if (p.exclude) sink.warning("exclude", why);
    }
}

void checkKvCache(const KvCacheConfig& kv, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "kv_cache", issues);
    if (kv.blockSize && kv.mode != KvCacheMode::Paged)
        sink.warning("block_size", "only used when kv_cache.mode is \"paged\" (" + describeSetting("mode", kv.mode) + ")");
    if (kv.mode == KvCacheMode::Off) {
        const std::string why = "has no effect: no cache is kept when kv_cache.mode is \"off\"";
        if (kv.capacityTokens) sink.warning("capacity_tokens", why);
        if (kv.dtype) sink.warning("dtype", why);
    }
    if (kv.mode == KvCacheMode::Paged && kv.capacityTokens) {
        const int64_t block = kv.blockSize.value_or(kDefaultKvBlockSize);
        const int64_t capacity = *kv.capacityTokens;
        if (capacity % block != 0) {
            const int64_t blocks = capacity / block;
            sink.warning("capacity_tokens", std::to_string(capacity) + " is not a multiple of the block size " +
                                                std::to_string(block) + "; the cache holds " + std::to_string(blocks) +
                                                " blocks (" + std::to_string(blocks * block) + " tokens)");
        }
    }
}

void checkBatching(const Profile& profile, const std::string& base, Issues& issues)
{
    if (!profile.batching) return;
    const BatchingConfig& b = *profile.batching;
    RuleSink sink(base, "batching", issues);
    if (b.maxBatch && b.maxSequences && *b.maxBatch < *b.maxSequences) {
        sink.warning("max_batch", std::to_string(*b.maxBatch) + " tokens per step cannot advance all " +
                                      std::to_string(*b.maxSequences) +
                                      " running sequences (batching.max_sequences) at once");
    }
    const KvCacheConfig* kv = profile.kvCache ? &*profile.kvCache : nullptr;
    if (kv && kv->capacityTokens && kv->mode != KvCacheMode::Off && b.maxSequences &&
        *kv->capacityTokens < *b.maxSequences) {
        sink.warning("max_sequences", std::to_string(*b.maxSequences) + " sequences cannot all hold a token in a cache of " +
                                          std::to_string(*kv->capacityTokens) + " tokens (kv_cache.capacity_tokens)");
    }
}

void checkDevices(const DevicesConfig& d, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "devices", issues);
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    const int32_t cpus = d.virtualCpus.value_or(1);
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (gpuCount > 0 && cpus > 1)
        sink.error("virtual_cpus", std::to_string(cpus) + " virtual CPU devices cannot be combined with the " +
                                       std::to_string(gpuCount) + " GPUs in devices.gpus in one split");
    if (gpuCount > 0 && split == SplitMode::Tensor && gpuCount < 2)
        sink.error("split", "tensor parallel needs at least 2 GPUs in devices.gpus, got " + std::to_string(gpuCount));
    if (gpuCount == 0 && split != SplitMode::None && cpus < 2)
        sink.error("split", std::string(split == SplitMode::Tensor ? "tensor parallel" : "pipeline") +
                                " on the CPU needs devices.virtual_cpus of 2 or more (or at least " +
                                (split == SplitMode::Tensor ? "2 GPUs" : "1 GPU") + " in devices.gpus), got " +
                                std::to_string(cpus) + " device");
    if (cpus > 1 && split == SplitMode::None)
        sink.error("virtual_cpus", std::to_string(cpus) +
                                       " virtual CPU devices need devices.split \"pipeline\" or \"tensor\" (split is "
                                       "\"none\")");
    if (d.layerWeights) {
        const size_t devices = gpuCount > 0 ? gpuCount : static_cast<size_t>(cpus);
        if (split != SplitMode::Pipeline)
            sink.warning("layer_weights", "only the pipeline split uses layer shares");
        else if (d.layerWeights->size() != devices)
            sink.error("layer_weights", "has " + std::to_string(d.layerWeights->size()) + " entries for " +
                                            std::to_string(devices) + " devices");
    }
    if (d.gpus) {
        for (size_t i = 0; i < d.gpus->size(); ++i) {
            const auto first = std::find(d.gpus->begin(), d.gpus->begin() + i, (*d.gpus)[i]);
            if (first != d.gpus->begin() + i)
                sink.error("gpus[" + std::to_string(i) + "]", "GPU " + std::to_string((*d.gpus)[i]) + " is listed twice");
        }
    }
    if (d.offloadLayers) {
        if (gpuCount == 0)
            sink.warning("offload_layers", "has no effect without a GPU in devices.gpus");
        else if (gpuCount > 1 || split != SplitMode::None)
            sink.error("offload_layers", "is its own split (the first layers on one GPU, the rest on the CPU); it "
                                         "takes one GPU in devices.gpus and devices.split \"none\"");
    }
    if (gpuCount > 1 && split == SplitMode::None) {
        sink.warning("gpus", std::to_string(gpuCount) + " GPUs listed but devices.split is \"none\": only GPU " +
                                 std::to_string(d.gpus->front()) + " is used");
    }
}

void checkSampling(const SamplingConfig& s, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "sampling", issues);
    if (s.temperature && *s.temperature == 0.0) {
        const std::string why = "has no effect with temperature 0 (greedy decoding)";
        // Only a knob set to a value that filters anything: top_k 0, top_p 1
        // and min_p 0 are the "off" values a full profile writes out.
        if (s.topK && *s.topK > 0) sink.warning("top_k", why);
        if (s.topP && *s.topP < 1.0) sink.warning("top_p", why);
        if (s.minP && *s.minP > 0.0) sink.warning("min_p", why);
    }
}

}  // namespace

void checkProfileRules(const Profile& profile, const std::string& base, Issues& issues)
{
    if (profile.weights) checkWeights(*profile.weights, base, issues);
    if (profile.pruning) checkPruning(*profile.pruning, base, issues);
    if (profile.kvCache) checkKvCache(*profile.kvCache, base, issues);
    checkBatching(profile, base, issues);
    if (profile.devices) checkDevices(*profile.devices, base, issues);
    if (profile.sampling) checkSampling(*profile.sampling, base, issues);
}

}  // namespace engine
