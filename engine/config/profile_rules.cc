#include "engine/config/profile_rules.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/common/message_catalog.h"

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

    void error(const std::string& key, Message message) { add(key, std::move(message), IssueSeverity::Error); }
    void warning(const std::string& key, Message message) { add(key, std::move(message), IssueSeverity::Warning); }

private:
    void add(const std::string& key, Message message, IssueSeverity severity)
    {
        std::string english = englishText(message);
        m_issues.push_back({key.empty() ? m_prefix : m_prefix + "." + key, std::move(english), severity,
                            std::move(message)});
    }

    std::string m_prefix;
    Issues& m_issues;
};

template <typename E>
Message describeSetting(const char* what, const std::optional<E>& value)
{
    if (!value) return msg("rule.setting_unset", {{"key", what}});
    return msg("rule.setting_is", {{"key", what}, {"value", enumName(*value)}});
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
        const Message why = msg("rule.only_quantized", {{"dtype", enumName(*w.dtype)}});
        if (w.groupSize) sink.warning("group_size", why);
        if (w.symmetric) sink.warning("symmetric", why);
    }
    if (!w.overrides) return;
    const auto& overrides = *w.overrides;
    for (size_t i = 0; i < overrides.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (overrides[j].pattern == overrides[i].pattern && !overrides[i].pattern.empty()) {
                sink.warning("overrides[" + std::to_string(i) + "]",
                             msg("rule.pattern_repeated", {{"pattern", overrides[i].pattern}, {"first", j}}));
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
            sink.error("ratio", msg("rule.ratio_with_nm", {{"fraction", numberText(1.0 - static_cast<double>(n) / m)},
                                                           {"n", n},
                                                           {"m", m}}));
        }
        if (m <= n) {
            const auto value = [](int32_t v, bool set) {
                return set ? msg("rule.value", {{"value", v}}) : msg("rule.value_by_default", {{"value", v}});
            };
            sink.error("m", msg("rule.m_not_above_n", {{"n", value(n, p.n.has_value())}, {"m", value(m, p.m.has_value())}}));
        }
    } else {
        const Message why = msg("rule.only_nm", {{"setting", describeSetting("method", p.method)}});
        if (p.n) sink.warning("n", why);
        if (p.m) sink.warning("m", why);
        if (prunes && !p.ratio) sink.error("ratio", msg("rule.ratio_required", {{"method", enumName(*p.method)}}));
    }
    if (!prunes) {
        const Message why = msg("rule.no_effect", {{"setting", describeSetting("pruning.method", p.method)}});
        if (p.ratio) sink.warning("ratio", why);
        if (p.scope) sink.warning("scope", why);
        if (p.exclude) sink.warning("exclude", why);
    }
}

void checkKvCache(const KvCacheConfig& kv, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "kv_cache", issues);
    if (kv.blockSize && kv.mode != KvCacheMode::Paged)
        sink.warning("block_size", msg("rule.only_paged", {{"setting", describeSetting("mode", kv.mode)}}));
    if (kv.mode == KvCacheMode::Off) {
        const Message why = msg("rule.no_cache_when_off");
        if (kv.capacityTokens) sink.warning("capacity_tokens", why);
        if (kv.dtype) sink.warning("dtype", why);
    }
    if (kv.mode == KvCacheMode::Paged && kv.capacityTokens) {
        const int64_t block = kv.blockSize.value_or(kDefaultKvBlockSize);
        const int64_t capacity = *kv.capacityTokens;
        if (capacity % block != 0) {
            const int64_t blocks = capacity / block;
            sink.warning("capacity_tokens", msg("rule.capacity_not_block_multiple", {{"capacity", capacity},
                                                                                       {"block", block},
                                                                                       {"blocks", blocks},
                                                                                       {"tokens", blocks * block}}));
        }
    }
}

void checkBatching(const Profile& profile, const std::string& base, Issues& issues)
{
    if (!profile.batching) return;
    const BatchingConfig& b = *profile.batching;
    RuleSink sink(base, "batching", issues);
    if (b.maxBatch && b.maxSequences && *b.maxBatch < *b.maxSequences) {
        sink.warning("max_batch", msg("rule.batch_below_sequences", {{"batch", *b.maxBatch}, {"sequences", *b.maxSequences}}));
    }
    const KvCacheConfig* kv = profile.kvCache ? &*profile.kvCache : nullptr;
    if (kv && kv->capacityTokens && kv->mode != KvCacheMode::Off && b.maxSequences &&
        *kv->capacityTokens < *b.maxSequences) {
        sink.warning("max_sequences", msg("rule.sequences_above_capacity", {{"sequences", *b.maxSequences},
                                                                            {"capacity", *kv->capacityTokens}}));
    }
}

void checkDevices(const DevicesConfig& d, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "devices", issues);
    const size_t gpuCount = d.gpus ? d.gpus->size() : 0;
    const int32_t cpus = d.virtualCpus.value_or(1);
    const SplitMode split = d.split.value_or(SplitMode::None);
    if (gpuCount > 0 && cpus > 1)
        sink.error("virtual_cpus", msg("rule.cpus_with_gpus", {{"cpus", cpus}, {"gpus", gpuCount}}));
    if (gpuCount > 0 && split == SplitMode::Tensor && gpuCount < 2)
        sink.error("split", msg("rule.tensor_needs_two_gpus", {{"gpus", gpuCount}}));
    if (gpuCount == 0 && split != SplitMode::None && cpus < 2)
        sink.error("split", split == SplitMode::Tensor ? msg("rule.tensor_needs_devices", {{"cpus", cpus}})
                                                       : msg("rule.pipeline_needs_devices", {{"cpus", cpus}}));
    if (cpus > 1 && split == SplitMode::None)
        sink.error("virtual_cpus", msg("rule.cpus_need_split", {{"cpus", cpus}}));
    if (d.layerWeights) {
        const size_t devices = gpuCount > 0 ? gpuCount : static_cast<size_t>(cpus);
        if (split != SplitMode::Pipeline)
            sink.warning("layer_weights", msg("rule.layer_weights_pipeline_only"));
        else if (d.layerWeights->size() != devices)
            sink.error("layer_weights", msg("rule.layer_weights_count", {{"entries", d.layerWeights->size()}, {"devices", devices}}));
    }
    if (d.gpus) {
        for (size_t i = 0; i < d.gpus->size(); ++i) {
            const auto first = std::find(d.gpus->begin(), d.gpus->begin() + i, (*d.gpus)[i]);
            if (first != d.gpus->begin() + i)
                sink.error("gpus[" + std::to_string(i) + "]", msg("rule.gpu_twice", {{"gpu", (*d.gpus)[i]}}));
        }
    }
    if (d.offloadLayers) {
        if (gpuCount == 0)
            sink.warning("offload_layers", msg("rule.offload_needs_gpu"));
        else if (gpuCount > 1 || split != SplitMode::None)
            sink.error("offload_layers", msg("rule.offload_own_split"));
    }
    if (gpuCount > 1 && split == SplitMode::None) {
        sink.warning("gpus", msg("rule.gpus_without_split", {{"gpus", gpuCount}, {"first", d.gpus->front()}}));
    }
}

void checkSampling(const SamplingConfig& s, const std::string& base, Issues& issues)
{
    RuleSink sink(base, "sampling", issues);
    if (s.temperature && *s.temperature == 0.0) {
        const Message why = msg("rule.greedy_no_effect");
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
