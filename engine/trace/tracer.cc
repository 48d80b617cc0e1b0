#include "engine/trace/tracer.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <x86intrin.h>
#define INFERSCOPE_TRACE_TSC 1
#endif

namespace engine {

namespace {

// The time-stamp counter: reading it costs a third of a steady_clock::now()
// (measured about 23 vs 58 ns on a virtual machine), and a span reads the
// clock twice. Used only where the CPU promises a constant rate that keeps
// running in sleep states (invariant TSC); its ticks are converted to
// nanoseconds with a rate measured once per process against the steady clock.
struct TscClock {
    bool usable = false;
    double nsPerTick = 0.0;
};

#ifdef INFERSCOPE_TRACE_TSC
bool invariantTsc()
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(0x80000000u, &eax, &ebx, &ecx, &edx) || eax < 0x80000007u) return false;
    __get_cpuid(0x80000007u, &eax, &ebx, &ecx, &edx);
    return (edx >> 8) & 1u;
}

// A (steady ns, tsc) pair read as close together as possible: the tsc is the
// midpoint of two reads around the clock; the tightest of a few tries wins,
// so a preemption in between does not skew the rate.
std::pair<int64_t, uint64_t> clockPair()
{
    std::pair<int64_t, uint64_t> best{0, 0};
    uint64_t bestWidth = ~uint64_t{0};
    for (int i = 0; i < 8; ++i) {
        const uint64_t a = __rdtsc();
        const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now().time_since_epoch()).count();
        const uint64_t b = __rdtsc();
        if (b - a < bestWidth) {
            bestWidth = b - a;
            best = {ns, a + (b - a) / 2};
        }
    }
    return best;
}

TscClock calibrateTsc()
{
    TscClock clock;
    if (!invariantTsc()) return clock;
    const auto [ns0, tsc0] = clockPair();
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(10);
    while (std::chrono::steady_clock::now() < until) {
    }
    const auto [ns1, tsc1] = clockPair();
    if (tsc1 <= tsc0 || ns1 <= ns0) return clock;
    clock.nsPerTick = static_cast<double>(ns1 - ns0) / static_cast<double>(tsc1 - tsc0);
    clock.usable = clock.nsPerTick > 0.0;
    return clock;
}
#else
TscClock calibrateTsc()
{
    return {};
}
#endif

const TscClock& tscClock()
{
    static const TscClock clock = calibrateTsc();  // once per process (10 ms)
    return clock;
}

}  // namespace

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

const char* SpanNames::intern(std::string_view name)
{
    std::lock_guard lock(m_mutex);
    return m_names.emplace(name).first->c_str();
}

Tracer::Tracer(size_t spanCapacity, size_t counterCapacity)
    : m_spans(std::max<size_t>(spanCapacity, 1)),
      m_counters(std::max<size_t>(counterCapacity, 1))
{
    static std::atomic<uint64_t> serials{0};
    m_serial = ++serials;
    const TscClock& tsc = tscClock();
    m_nsPerTick = tsc.usable ? tsc.nsPerTick : 0.0;
    // Time zero once the buffers are allocated.
    m_origin = std::chrono::steady_clock::now();
#ifdef INFERSCOPE_TRACE_TSC
    m_tscOrigin = __rdtsc();
#endif
}

int64_t Tracer::nowNs() const
{
#ifdef INFERSCOPE_TRACE_TSC
    if (m_nsPerTick > 0.0)
        return static_cast<int64_t>(static_cast<double>(static_cast<int64_t>(__rdtsc() - m_tscOrigin)) * m_nsPerTick);
#endif
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_origin).count();
}

void Tracer::record(const Span& span)
{
    std::lock_guard lock(m_mutex);
    m_spans[m_spanNext] = span;
    if (++m_spanNext == m_spans.size()) m_spanNext = 0;
    ++m_spanTotal;
}

void Tracer::recordCounter(const Counter& counter)
{
    std::lock_guard lock(m_mutex);
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
    std::lock_guard lock(m_mutex);
    return unroll(m_spans, m_spanTotal);
}

std::vector<Counter> Tracer::counters() const
{
    std::lock_guard lock(m_mutex);
    return unroll(m_counters, m_counterTotal);
}

uint64_t Tracer::droppedCounters() const
{
    return m_counterTotal > m_counters.size() ? m_counterTotal - m_counters.size() : 0;
}

void Tracer::addDroppedGpuRecords(uint64_t count)
{
    std::lock_guard lock(m_mutex);
    m_droppedGpu += count;
}

uint64_t Tracer::droppedGpuRecords() const
{
    std::lock_guard lock(m_mutex);
    return m_droppedGpu;
}

void Tracer::clear()
{
    std::lock_guard lock(m_mutex);
    m_droppedGpu = 0;
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
    std::lock_guard lock(m_mutex);
    const size_t h = std::hash<std::thread::id>{}(std::this_thread::get_id());
    for (size_t i = 0; i < m_threadHashes.size(); ++i)
        if (m_threadHashes[i] == h) return static_cast<uint32_t>(i);
    m_threadHashes.push_back(h);
    return static_cast<uint32_t>(m_threadHashes.size() - 1);
}

}  // namespace engine
