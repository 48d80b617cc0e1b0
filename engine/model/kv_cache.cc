#include "engine/model/kv_cache.h"

namespace engine {

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
        return makeError(ErrorCode::InvalidArgument, "KV cache needs a positive capacity, got " +
                                                         std::to_string(spec.capacityTokens) + " tokens");
    auto store = KvStore::create(spec, shardOps);
    if (!store) return store.error();
    auto seq = store->addSequence();
    if (!seq) return seq.error();
    return KvCache(std::move(*store), *seq, spec.capacityTokens);
}

}  // namespace engine
