#include "engine/trace/tracer.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

namespace engine {

const char* spanCategoryName(SpanCategory category)
{
    switch (category) {
    case SpanCategory::Embedding: return "embedding";
    case SpanCategory::Attention: return "attention";
    case SpanCategory::Matmul: return "matmul";
    case SpanCategory::Norm: return "norm";
    case SpanCategory::Kv: return "kv";
    case SpanCategory::Sampling: return "sampling";
    case SpanCategory::Communication: return "communication";
    case SpanCategory::Other: return "other";
    case SpanCategory::Count: break;
    }
    return "?";
}

Tracer::Tracer(size_t spanCapacity, size_t counterCapacity)
    : m_spans(std::max<size_t>(spanCapacity, 1)),
      m_counters(std::max<size_t>(counterCapacity, 1))
{
    static std::atomic<uint64_t> serials{0};
    m_serial = ++serials;
    m_origin = std::chrono::steady_clock::now();  // time zero once the buffers are allocated
}

int64_t Tracer::nowNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_origin).count();
}

void Tracer::record(const Span& span)
{
    m_spans[m_spanNext] = span;
    if (++m_spanNext == m_spans.size()) m_spanNext = 0;
    ++m_spanTotal;
}

void Tracer::recordCounter(const Counter& counter)
{
    m_counters[m_counterTotal % m_counters.size()] = counter;
    ++m_counterTotal;
}

void Tracer::recordCounter(const char* name, double value)
{
    recordCounter(Counter{name, value, nowNs()});
}

namespace {

// The retained entries of a ring that has seen `total` writes, oldest first.
template <typename T>
std::vector<T> unroll(const std::vector<T>& ring, uint64_t total)
{
    const size_t cap = ring.size();
    if (total <= cap) return {ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(total)};
    const auto head = static_cast<std::ptrdiff_t>(total % cap);  // the oldest retained entry
    std::vector<T> out(ring.begin() + head, ring.end());
    out.insert(out.end(), ring.begin(), ring.begin() + head);
    return out;
}

}  // namespace

std::vector<Span> Tracer::spans() const
{
    return unroll(m_spans, m_spanTotal);
}

std::vector<Counter> Tracer::counters() const
{
    return unroll(m_counters, m_counterTotal);
}

uint64_t Tracer::droppedCounters() const
{
    return m_counterTotal > m_counters.size() ? m_counterTotal - m_counters.size() : 0;
}

void Tracer::clear()
{
    m_spanTotal = 0;
    m_spanNext = 0;
    m_counterTotal = 0;
}

uint32_t Tracer::threadId()
{
    // Asked once per span: the answer is remembered per thread for the tracer
    // that asked last (identified by serial, as an address can be reused).
    struct Cached {
        uint64_t serial = 0;
        uint32_t id = 0;
    };
    thread_local Cached cached;
    if (cached.serial == m_serial) return cached.id;
    // A linear scan of a tiny list: cheaper than a map, allocates only the
    // first time a thread is seen.
    cached = Cached{m_serial, lookupThreadId()};
    return cached.id;
}

uint32_t Tracer::lookupThreadId()
{
    const size_t h = std::hash<std::thread::id>{}(std::this_thread::get_id());
    for (size_t i = 0; i < m_threadHashes.size(); ++i)
        if (m_threadHashes[i] == h) return static_cast<uint32_t>(i);
    m_threadHashes.push_back(h);
    return static_cast<uint32_t>(m_threadHashes.size() - 1);
}

}  // namespace engine
