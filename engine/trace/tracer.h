#pragma once
// Tracer: records timed spans (one per op call of a forward pass) and counters
// (memory over time) into preallocated ring buffers. Recording never
// allocates; when a buffer is full the oldest entry is overwritten and counted
// as dropped. Several threads may record (the devices of a split model each
// run on their own thread): recording takes an uncontended lock when only
// one does. The helper threads of an op (a thread pool's workers) record their
// share of it as a span marked workerShare, inside the op's own span. Tracing
// off costs nothing beyond a null check: code holds a `Tracer*` that is
// nullptr when off, and ScopedSpan does nothing for nullptr.
//
//   ScopedSpan span(tracer, OpId::KvReserve);
// The model's ops are traced by a decorator around each device's ops
// (engine/trace/traced_ops.h), not by spans in the model code.
#include <atomic>
#include <chrono>
#include <mutex>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/trace/op_id.h"

namespace engine {

// Names are static strings (op names are literals), so a span stays a small
// trivially copyable value and recording one never allocates.
struct Span {
    const char* name = "";  // opInfo(op).name for engine ops
    OpId op = OpId::Other;
    SpanCategory category = SpanCategory::Other;
    int32_t layer = -1;    // -1: not inside a transformer layer
    int32_t device = 0;    // the device (rank) that ran it: 0 unless the model is split
    uint32_t thread = 0;   // the recording thread, numbered by the tracer
    int64_t startNs = 0;   // Tracer::nowNs(): ns since the tracer was created
    int64_t durationNs = 0;
    uint64_t bytes = 0;    // bytes read (weights), 0 if unknown
    uint64_t flops = 0;    // floating-point operations, 0 if unknown
    // A helper thread's share of an op whose own span is on the calling thread:
    // shown on its thread's track, left out of time sums (it is inside the op's time).
    bool workerShare = false;
    SpanKind kind = SpanKind::HostOp;
    // The device's stream for device-side spans (kernels, copies, memsets); -1 on host threads.
    int32_t stream = -1;
    // The op call: a host op's own number (Tracer::nextCorrelation()), and for
    // GPU work the number of the host op that launched it (0: not tied to an op).
    uint64_t correlation = 0;
    int32_t grid[3] = {0, 0, 0};  // kernels: launch configuration
    int32_t block[3] = {0, 0, 0};
};

// Stable storage for names that are not literals (kernel names): interned
// once, the pointer stays valid for the owner's lifetime.
class SpanNames {
public:
    const char* intern(std::string_view name);

private:
    std::mutex m_mutex;
    std::unordered_set<std::string> m_names;  // node-based: element addresses never move
};

// A span of `op` (its name and category from the op table), not yet timed.
inline Span opSpan(OpId op, int32_t layer, int32_t device)
{
    Span s;
    s.op = op;
    s.name = opInfo(op).name;
    s.category = opInfo(op).category;
    s.layer = layer;
    s.device = device;
    return s;
}

struct Counter {
    const char* name = "";
    double value = 0.0;
    int64_t timeNs = 0;  // Tracer::nowNs()
};

class Tracer {
public:
    explicit Tracer(size_t spanCapacity = 1 << 16, size_t counterCapacity = 4096);

    // Nanoseconds since this tracer was created: from the CPU's invariant
    // time-stamp counter where there is one (calibrated against the steady
    // clock), else from the steady clock.
    int64_t nowNs() const;

    void record(const Span& span);
    void recordCounter(const char* name, double value);
    void recordCounter(const Counter& counter);

    // The retained entries, oldest first.
    std::vector<Span> spans() const;
    std::vector<Counter> counters() const;
    size_t spanCapacity() const { return m_spans.size(); }
    uint64_t droppedSpans() const { return m_spanTotal > m_spans.size() ? m_spanTotal - m_spans.size() : 0; }
    uint64_t droppedCounters() const;
    void clear();

    // A fresh op-call number for GPU correlation (never 0).
    uint64_t nextCorrelation() { return ++m_correlations; }
    // Names of GPU work (kernel names), kept as long as the tracer.
    SpanNames& names() { return m_names; }
    // Records GPU activity lost before it reached the tracer (CUPTI's dropped records).
    void addDroppedGpuRecords(uint64_t count);
    uint64_t droppedGpuRecords() const;

    // A small stable id for the calling thread (0 for the first thread seen).
    uint32_t threadId();

private:
    uint32_t lookupThreadId();

    mutable std::mutex m_mutex;  // guards the rings and the thread list
    std::vector<Span> m_spans;
    uint64_t m_spanTotal = 0;  // spans ever recorded
    size_t m_spanNext = 0;     // m_spanTotal % capacity, kept without a division per span
    std::vector<Counter> m_counters;
    uint64_t m_counterTotal = 0;
    uint64_t m_droppedGpu = 0;
    std::atomic<uint64_t> m_correlations{0};
    SpanNames m_names;
    std::vector<size_t> m_threadHashes;  // index = tracer thread id
    uint64_t m_serial;                   // tells this tracer from a later one at the same address
    std::chrono::steady_clock::time_point m_origin;
    uint64_t m_tscOrigin = 0;
    double m_nsPerTick = 0.0;  // 0: the steady clock is used
};

// Times its scope and records it into `tracer` on destruction; a no-op for nullptr.
class ScopedSpan {
public:
    ScopedSpan(Tracer* tracer, const char* name, SpanCategory category, int32_t layer = -1, int32_t device = 0)
        : m_tracer(tracer)
    {
        if (!m_tracer) return;
        m_span.name = name;
        m_span.category = category;
        m_span.layer = layer;
        m_span.device = device;
        m_span.startNs = m_tracer->nowNs();
    }
    ScopedSpan(Tracer* tracer, OpId op, int32_t layer = -1, int32_t device = 0) : m_tracer(tracer)
    {
        if (!m_tracer) return;
        m_span = opSpan(op, layer, device);
        m_span.startNs = m_tracer->nowNs();
    }
    ~ScopedSpan()
    {
        if (!m_tracer) return;
        m_span.durationNs = m_tracer->nowNs() - m_span.startNs;
        m_span.thread = m_tracer->threadId();
        m_tracer->record(m_span);
    }
    ScopedSpan(const ScopedSpan&) = delete;
    ScopedSpan& operator=(const ScopedSpan&) = delete;

    void setWork(uint64_t bytes, uint64_t flops)
    {
        m_span.bytes = bytes;
        m_span.flops = flops;
    }

private:
    Tracer* m_tracer;
    Span m_span;
};

}  // namespace engine
