#include "engine/session/profile_options.h"

namespace engine {

LoadOptions applyProfileToLoad(const Profile& profile, LoadOptions base)
{
    if (profile.devices && profile.devices->threads) base.threads = *profile.devices->threads;
    if (profile.devices) base.devices = *profile.devices;
    if (profile.weights) base.weights = profile.weights;
    if (profile.pruning) base.pruning = profile.pruning;
    if (profile.batching && profile.batching->maxBatch) base.maxBatchTokens = *profile.batching->maxBatch;
    if (profile.kvCache && profile.kvCache->dtype) base.kvDType = *profile.kvCache->dtype;
    return base;
}

void applyProfileToRequest(const Profile& profile, GenerateRequest& request)
{
    if (profile.kvCache) request.kv = *profile.kvCache;
    if (!profile.sampling) return;
    const SamplingConfig& s = *profile.sampling;
    SamplerParams& p = request.sampler;
    if (s.temperature) p.temperature = static_cast<float>(*s.temperature);
    if (s.topK) p.topK = *s.topK;
    if (s.topP) p.topP = static_cast<float>(*s.topP);
    if (s.minP) p.minP = static_cast<float>(*s.minP);
    if (s.repeatPenalty) p.repeatPenalty = static_cast<float>(*s.repeatPenalty);
    if (s.repeatLastN) p.repeatLastN = *s.repeatLastN;
    if (s.seed) request.seed = *s.seed;
    if (s.maxTokens) request.maxTokens = *s.maxTokens;
}

bool profileChangesWeights(const Profile& profile)
{
    const bool quantizes = profile.weights && (profile.weights->dtype || profile.weights->overrides);
    const bool prunes = profile.pruning && profile.pruning->method && *profile.pruning->method != PruningMethod::None;
    return quantizes || prunes;
}

}  // namespace engine
