#include "engine/model/kv_cache.h"

#include <new>

namespace engine {

KvCache::KvCache(int64_t nLayers, int64_t capacity, int64_t kvDim)
    : m_layers(nLayers), m_capacity(capacity), m_kvDim(kvDim)
{
}

Expected<KvCache> KvCache::create(int64_t nLayers, int64_t capacity, int64_t kvDim)
{
    if (nLayers <= 0 || capacity <= 0 || kvDim <= 0)
        return makeError(ErrorCode::InvalidArgument, "KV cache needs positive layers, capacity and width (got " +
                                                         std::to_string(nLayers) + ", " + std::to_string(capacity) +
                                                         ", " + std::to_string(kvDim) + ")");
    KvCache cache(nLayers, capacity, kvDim);
    const uint64_t floats = 2ull * static_cast<uint64_t>(nLayers * capacity * kvDim);
    try {
        cache.m_storage.assign(floats, 0.0f);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfRange, "KV cache of " + std::to_string(capacity) + " tokens needs " +
                                                    std::to_string(floats * sizeof(float)) +
                                                    " bytes, which could not be allocated");
    }
    return cache;
}

}  // namespace engine
