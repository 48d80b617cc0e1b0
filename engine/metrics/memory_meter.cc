#include "engine/metrics/memory_meter.h"

#include <cstdio>
#include <cstring>

#include "engine/metrics/latency_stats.h"

namespace engine {

const char* peakRssMethodText(PeakRssMethod method)
{
    switch (method) {
    case PeakRssMethod::HighWaterMark: return "high-water mark, reset at run start";
    case PeakRssMethod::Sampled: return "largest reading sampled during the run";
    case PeakRssMethod::Unavailable: return "unavailable";
    case PeakRssMethod::Count: break;
    }
    return "?";
}

const char* peakRssMethodName(PeakRssMethod method)
{
    switch (method) {
    case PeakRssMethod::HighWaterMark: return "hwm";
    case PeakRssMethod::Sampled: return "sampled";
    case PeakRssMethod::Unavailable: return "unavailable";
    case PeakRssMethod::Count: break;
    }
    return "?";
}

uint64_t highWaterMarkBytes()
{
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    uint64_t kib = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, f)) {
        unsigned long long value = 0;
        if (std::strncmp(line, "VmHWM:", 6) == 0 && std::sscanf(line + 6, "%llu", &value) == 1) {
            kib = value;
            found = true;
        }
    }
    std::fclose(f);
    return found ? kib * 1024 : 0;
}

bool resetHighWaterMark()
{
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    // "5" resets the peak resident set size only (no page-table bits are touched).
    const bool wrote = std::fputs("5", f) >= 0;
    const bool closed = std::fclose(f) == 0;  // the kernel answers the write on flush
    return wrote && closed && highWaterMarkBytes() > 0;
}

PeakRssMeter::PeakRssMeter()
{
    m_resetWorked = resetHighWaterMark();
    m_start = currentRssBytes();
    m_sampledPeak.store(m_start);
}

void PeakRssMeter::sample()
{
    const uint64_t now = currentRssBytes();
    uint64_t peak = m_sampledPeak.load(std::memory_order_relaxed);
    while (now > peak && !m_sampledPeak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
}

PeakRss PeakRssMeter::finish()
{
    sample();
    PeakRss out;
    out.startBytes = m_start;
    const uint64_t sampled = m_sampledPeak.load();
    const uint64_t mark = m_resetWorked ? highWaterMarkBytes() : 0;
    if (mark > 0) {
        // The kernel's mark can trail the statm reading by a few pages.
        out.bytes = mark > sampled ? mark : sampled;
        out.method = PeakRssMethod::HighWaterMark;
    } else if (sampled > 0) {
        out.bytes = sampled;
        out.method = PeakRssMethod::Sampled;
    }
    return out;
}

}  // namespace engine
