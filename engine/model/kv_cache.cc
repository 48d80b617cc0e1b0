#include "engine/model/kv_cache.h"

#include "engine/common/message_catalog.h"

#include <algorithm>

namespace engine {

void setKvWindows(KvStoreSpec& spec, const ModelConfig& config)
{
    spec.window = config.slidingWindow;
    spec.windowed.assign(static_cast<size_t>(std::max<int64_t>(spec.layers, 0)), false);
    if (config.slidingWindow <= 0) return;
    for (int64_t l = 0; l < spec.layers; ++l) spec.windowed[static_cast<size_t>(l)] = config.isLocal(l);
}

Expected<KvCache> KvCache::create(int64_t nLayers, int64_t capacity, int64_t kvDim)
{
    KvStoreSpec spec;
    spec.layers = nLayers;
    spec.kvHeads = 1;  // the head split only matters for int8 scales
    spec.headDim = kvDim;
    spec.capacityTokens = capacity;
    return create(spec);
}

Expected<KvCache> KvCache::create(KvStoreSpec spec, std::span<const kernels::Ops* const> shardOps)
{
    spec.maxSequences = 1;
    if (spec.capacityTokens <= 0)
        return makeError(ErrorCode::InvalidArgument, msg("kv.needs_capacity", {{"capacity", spec.capacityTokens}}));
    auto store = KvStore::create(spec, shardOps);
    if (!store) return store.error();
    auto seq = store->addSequence();
    if (!seq) return seq.error();
    return KvCache(std::move(*store), *seq, spec.capacityTokens);
}

}  // namespace engine
