#pragma once
// KvCache: the contiguous fp32 key/value cache the attention reads. For each
// layer, keys and values are (capacity, kvDim) row-major: row p holds the
// rotated key (or the value) of the token at position p.
#include <cstdint>
#include <vector>

#include "engine/common/expected.h"

namespace engine {

class KvCache {
public:
    // Fails with OutOfRange (naming the bytes asked for) when the memory is not there.
    static Expected<KvCache> create(int64_t nLayers, int64_t capacity, int64_t kvDim);

    int64_t capacity() const { return m_capacity; }
    int64_t kvDim() const { return m_kvDim; }
    int64_t layers() const { return m_layers; }
    uint64_t bytes() const { return m_storage.size() * sizeof(float); }

    float* keys(int64_t layer) { return m_storage.data() + offset(layer, 0); }
    float* values(int64_t layer) { return m_storage.data() + offset(layer, 1); }
    const float* keys(int64_t layer) const { return m_storage.data() + offset(layer, 0); }
    const float* values(int64_t layer) const { return m_storage.data() + offset(layer, 1); }

private:
    KvCache(int64_t nLayers, int64_t capacity, int64_t kvDim);
    size_t offset(int64_t layer, int which) const
    {
        return static_cast<size_t>((layer * 2 + which) * m_capacity * m_kvDim);
    }

    int64_t m_layers = 0;
    int64_t m_capacity = 0;
    int64_t m_kvDim = 0;
    std::vector<float> m_storage;
};

}  // namespace engine
