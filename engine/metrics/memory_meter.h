#pragma once
// Peak resident memory of one run, not of the process's whole life.
//
// The kernel keeps one high-water mark per process (VmHWM; getrusage's
// ru_maxrss). Read at the end of a run it is the largest footprint since the
// process started: every run after the biggest one would report the same peak.
// On Linux the mark can be reset to the present footprint by writing "5" to
// /proc/self/clear_refs, so a meter started at the beginning of a run resets
// it and reads VmHWM at the end: the true peak of that run, every allocation
// included. Where that is not possible (another OS, a kernel that refuses the
// write) the meter falls back to the largest of the readings taken with
// sample() during the run, and says so: a peak between two samples is missed.
//
//   PeakRssMeter meter;           // at the start of the run
//   ... meter.sample() now and then (per token) ...
//   const PeakRss peak = meter.finish();
#include <atomic>
#include <cstdint>

namespace engine {

enum class PeakRssMethod {
    HighWaterMark,  // the kernel's high-water mark, reset at the start: exact
    Sampled,        // the largest reading taken during the run: a lower bound
    Unavailable,    // no reading at all (no /proc)
    Count
};
// "high-water mark (reset at run start)", "sampled during the run", "unavailable".
const char* peakRssMethodText(PeakRssMethod method);
// "hwm", "sampled", "unavailable" (JSON values).
const char* peakRssMethodName(PeakRssMethod method);

struct PeakRss {
    uint64_t bytes = 0;       // the peak resident set of the run; 0 when unavailable
    uint64_t startBytes = 0;  // the resident set when the run began
    PeakRssMethod method = PeakRssMethod::Unavailable;
};

class PeakRssMeter {
public:
    // Resets the process's high-water mark where the kernel allows and takes the first reading.
    PeakRssMeter();

    // Takes a reading of the present resident set (thread-safe, cheap: one read of /proc/self/statm).
    void sample();
    // The run's peak: the reset high-water mark, or the largest sample (a last one is taken here).
    PeakRss finish();

private:
    bool m_resetWorked = false;
    uint64_t m_start = 0;
    std::atomic<uint64_t> m_sampledPeak{0};
};

// The process's high-water mark as the kernel keeps it (VmHWM of
// /proc/self/status); 0 when unavailable.
uint64_t highWaterMarkBytes();
// Resets VmHWM to the present resident set; false where the kernel does not allow it.
bool resetHighWaterMark();

}  // namespace engine
