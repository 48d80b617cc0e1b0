#include "engine/split/communicator.h"

#include <chrono>
#include <cstring>

namespace engine {

LocalCommunicator::LocalCommunicator(int32_t size)
    : m_size(size), m_barrier(size), m_slots(static_cast<size_t>(size), nullptr),
      m_stats(new RankStats[static_cast<size_t>(size)])
{
}

int64_t LocalCommunicator::steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void LocalCommunicator::account(int32_t rank, uint64_t bytes, int64_t startNs, int64_t endNs, OpId op,
                                int32_t layer)
{
    RankStats& s = m_stats[static_cast<size_t>(rank)];
    s.bytes.fetch_add(bytes, std::memory_order_relaxed);
    s.ns.fetch_add(endNs - startNs, std::memory_order_relaxed);
    if (!m_tracer) return;
    Span span = opSpan(op, layer, rank);
    span.bytes = bytes;
    span.durationNs = endNs - startNs;
    span.startNs = m_tracer->nowNs() - span.durationNs;
    span.thread = m_tracer->threadId();
    m_tracer->record(span);
}

// Reduce-in-place into rank 0's buffer: rank r adds up its slice of the
// elements (reading every rank's buffer, in rank order), then every other rank
// copies the finished sum back. Three barriers keep the phases apart.
void LocalCommunicator::allReduceSum(int32_t rank, float* data, int64_t n, int32_t layer)
{
    throwIfFailed();
    const int64_t start = steadyNs();
    m_slots[static_cast<size_t>(rank)] = data;
    m_barrier.arrive_and_wait();
    throwIfFailed();  // a failed peer's slot may be stale: nobody reads it
    const int64_t begin = n * rank / m_size, end = n * (rank + 1) / m_size;
    float* sum = m_slots[0];
    for (int64_t i = begin; i < end; ++i) {
        float acc = sum[i];
        for (int32_t r = 1; r < m_size; ++r) acc += m_slots[static_cast<size_t>(r)][i];
        sum[i] = acc;
    }
    m_barrier.arrive_and_wait();
    if (rank != 0) std::memcpy(data, sum, static_cast<size_t>(n) * sizeof(float));
    m_barrier.arrive_and_wait();
    // A ring all-reduce moves 2 (N-1)/N of the buffer per rank; count that.
    const auto bytes = static_cast<uint64_t>(n) * sizeof(float) * 2 * static_cast<uint64_t>(m_size - 1) /
                       static_cast<uint64_t>(m_size);
    account(rank, bytes, start, steadyNs(), OpId::AllReduce, layer);
}

bool LocalCommunicator::agree(int32_t rank, bool value)
{
    throwIfFailed();
    if (rank == 0) m_agreed = value;
    m_barrier.arrive_and_wait();
    const bool agreed = m_agreed;
    m_barrier.arrive_and_wait();  // nobody overwrites m_agreed before all have read it
    throwIfFailed();
    return agreed;
}

void LocalCommunicator::barrier(int32_t)
{
    throwIfFailed();
    m_barrier.arrive_and_wait();
    throwIfFailed();
}

void LocalCommunicator::fail(int32_t)
{
    m_failed.store(true, std::memory_order_release);
    m_barrier.arrive_and_drop();  // the phases in progress and all later ones stop counting this rank
}

void LocalCommunicator::send(int32_t, int32_t to, const float* src, float* dst, int64_t n, int32_t layer)
{
    const int64_t start = steadyNs();
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
    account(to, static_cast<uint64_t>(n) * sizeof(float), start, steadyNs(), OpId::SendActivations, layer);
}

void LocalCommunicator::gatherColumns(int32_t rank, const float* src, int64_t rows, int64_t cols, float* dst,
                                      int64_t totalCols, int64_t col0)
{
    throwIfFailed();
    const int64_t start = steadyNs();
    for (int64_t r = 0; r < rows; ++r)
        std::memcpy(dst + r * totalCols + col0, src + r * cols, static_cast<size_t>(cols) * sizeof(float));
    m_barrier.arrive_and_wait();
    throwIfFailed();
    account(rank, static_cast<uint64_t>(rows * cols) * sizeof(float), start, steadyNs(), OpId::AllGatherLogits, -1);
}

CommStats LocalCommunicator::stats(int32_t rank) const
{
    const RankStats& s = m_stats[static_cast<size_t>(rank)];
    return CommStats{s.bytes.load(std::memory_order_relaxed), s.ns.load(std::memory_order_relaxed)};
}

void LocalCommunicator::resetStats()
{
    for (int32_t r = 0; r < m_size; ++r) {
        m_stats[static_cast<size_t>(r)].bytes = 0;
        m_stats[static_cast<size_t>(r)].ns = 0;
    }
}

}  // namespace engine
