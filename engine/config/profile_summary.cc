#include "engine/config/profile_summary.h"

#include <cmath>
#include <vector>

namespace engine {
namespace {

std::string upper(std::string s)
{
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string percent(double ratio)
{
    return std::to_string(int(std::lround(ratio * 100.0))) + " %";
}

void weightsPart(const WeightsConfig& w, std::vector<std::string>& parts)
{
    if (w.dtype) {
        std::string s = upper(enumName(*w.dtype));
        const bool grouped = *w.dtype == WeightDType::Int8 || *w.dtype == WeightDType::Int4;
        if (grouped && w.groupSize) s += " g" + std::to_string(*w.groupSize);
        if (grouped && w.symmetric == false) s += " asym";
        parts.push_back(s);
    }
    if (w.overrides && !w.overrides->empty())
        parts.push_back(std::to_string(w.overrides->size()) + " override" + (w.overrides->size() > 1 ? "s" : ""));
}

void pruningPart(const PruningConfig& p, std::vector<std::string>& parts)
{
    if (!p.method || *p.method == PruningMethod::None) return;
    if (*p.method == PruningMethod::NM) {
        parts.push_back(std::to_string(p.n.value_or(kDefaultPruneN)) + ":" + std::to_string(p.m.value_or(kDefaultPruneM)));
        return;
    }
    std::string name = enumName(*p.method);
    if (!name.empty()) name[0] = char(std::toupper(static_cast<unsigned char>(name[0])));
    parts.push_back(p.ratio ? name + " " + percent(*p.ratio) : name);
}

void kvPart(const KvCacheConfig& kv, std::vector<std::string>& parts)
{
    std::string s;
    if (kv.dtype && *kv.dtype != KvDType::F32) s = upper(enumName(*kv.dtype)) + " ";
    if (kv.mode == KvCacheMode::Off) parts.push_back("KV off");
    else if (kv.mode == KvCacheMode::Paged) parts.push_back(s + "paged KV");
    else if (!s.empty()) parts.push_back(s + "KV");
}

void devicesPart(const DevicesConfig& d, std::vector<std::string>& parts)
{
    if (d.gpus && !d.gpus->empty()) {
        std::string s = "GPU";
        if (d.offloadLayers) s += " (" + std::to_string(*d.offloadLayers) + " layers)";
        parts.push_back(s);
    }
    if (d.split && *d.split != SplitMode::None && d.virtualCpus)
        parts.push_back(std::string(enumName(*d.split)) + " \xC3\x97" + std::to_string(*d.virtualCpus));
    if (d.threads && *d.threads > 0) parts.push_back(std::to_string(*d.threads) + " threads");
}

}  // namespace

std::string describeProfileChanges(const Profile& profile)
{
    std::vector<std::string> parts;
    if (profile.weights) weightsPart(*profile.weights, parts);
    if (profile.pruning) pruningPart(*profile.pruning, parts);
    if (profile.kvCache) kvPart(*profile.kvCache, parts);
    if (profile.batching && profile.batching->maxSequences && *profile.batching->maxSequences > 1)
        parts.push_back("batch " + std::to_string(*profile.batching->maxSequences));
    if (profile.devices) devicesPart(*profile.devices, parts);
    if (parts.empty()) return "as stored";
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : " \xC2\xB7 ") + p;
    return out;
}

}  // namespace engine
