#pragma once
// BlockPool: the bookkeeping of a fixed set of equally sized KV blocks. It
// owns no memory (the KvStore does); it hands out block ids from a free list
// and takes them back. allocate() is all or nothing: when fewer blocks are
// free than asked for, nothing is taken.
#include <cstdint>
#include <vector>

#include "engine/common/expected.h"

namespace engine {

class BlockPool {
public:
    BlockPool() = default;
    explicit BlockPool(int64_t blocks);

    int64_t total() const { return m_total; }
    int64_t freeCount() const { return static_cast<int64_t>(m_free.size()); }
    int64_t usedCount() const { return m_total - freeCount(); }

    // `count` block ids, or OutOfRange ("needs N blocks, M of T are free")
    // leaving the pool untouched.
    Expected<std::vector<int32_t>> allocate(int64_t count);
    // Returns blocks to the pool; the most recently freed is handed out first.
    void release(const std::vector<int32_t>& blocks);
    void release(int32_t block);

private:
    int64_t m_total = 0;
    std::vector<int32_t> m_free;  // a stack: back() is handed out next
};

}  // namespace engine
