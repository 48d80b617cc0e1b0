#pragma once
#include <span>
// KvCache: the cache of ONE sequence, for the single-sequence forward pass
// (generation, evaluation, benchmarks). It owns a one-sequence KvStore
// (engine/kv/kv_store.h) in any mode and precision; the default is the
// contiguous fp32 cache. Multi-sequence serving uses a KvStore directly.
#include <cstdint>

#include "engine/common/expected.h"
#include "engine/kv/kv_store.h"
#include "engine/model/model_config.h"

namespace engine {

// Marks the model's sliding-window layers in a cache spec (window and
// per-layer flags), so that the store holds only their window.
void setKvWindows(KvStoreSpec& spec, const ModelConfig& config);

class KvCache {
public:
    // A contiguous fp32 cache of `capacity` positions, rows of kvDim floats.
    static Expected<KvCache> create(int64_t nLayers, int64_t capacity, int64_t kvDim);
    // Any mode / precision; spec.maxSequences is forced to 1 and spec.capacityTokens
    // is the positions the sequence may reach (also with mode off, where nothing is stored).
    // shardOps: the ops of the devices that hold the shards (KvStore::create).
    static Expected<KvCache> create(KvStoreSpec spec, std::span<const kernels::Ops* const> shardOps = {});

    int64_t capacity() const { return m_capacity; }
    int64_t kvDim() const { return m_store.kvDim(); }
    int64_t layers() const { return m_store.layers(); }
    // Bytes reserved for the cache.
    uint64_t bytes() const { return m_store.stats().allocatedBytes; }

    KvStore& store() { return m_store; }
    const KvStore& store() const { return m_store; }
    int32_t sequence() const { return m_sequence; }

private:
    KvCache(KvStore store, int32_t sequence, int64_t capacity)
        : m_store(std::move(store)), m_sequence(sequence), m_capacity(capacity)
    {
    }

    KvStore m_store;
    int32_t m_sequence = 0;
    int64_t m_capacity = 0;
};

}  // namespace engine
