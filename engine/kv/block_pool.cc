#include "engine/kv/block_pool.h"

#include "engine/common/message_catalog.h"

#include <string>

namespace engine {

BlockPool::BlockPool(int64_t blocks) : m_total(blocks)
{
    // Pushed in reverse so that a fresh pool hands out 0, 1, 2, ...
    m_free.reserve(static_cast<size_t>(blocks));
    for (int64_t b = blocks - 1; b >= 0; --b) m_free.push_back(static_cast<int32_t>(b));
}

Expected<std::vector<int32_t>> BlockPool::allocate(int64_t count)
{
    if (count < 0) return makeError(ErrorCode::InvalidArgument, "block pool: negative block count");
    if (count > freeCount())
        return makeError(ErrorCode::OutOfRange,
                         msg("kv.pool_blocks", {{"count", count}, {"free", freeCount()}, {"total", m_total}}));
    std::vector<int32_t> out(m_free.rbegin(), m_free.rbegin() + count);
    m_free.resize(m_free.size() - static_cast<size_t>(count));
    return out;
}

void BlockPool::release(const std::vector<int32_t>& blocks)
{
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) release(*it);
}

void BlockPool::release(int32_t block)
{
    m_free.push_back(block);
}

}  // namespace engine
