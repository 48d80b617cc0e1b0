#pragma once
// Progress of the engine's long jobs, phase by phase: what is being done, how
// far along it is in the phase's own unit, and (where the work is measured in
// bytes) when it should end. One value type for the passes, the load and the
// generation, so the CLI and the GUI describe every phase the same way.
//
//   EtaClock clock(totalBytes);
//   ... convert one tensor ...
//   report(PhaseProgress{Phase::Requantizing, i + 1, n, bytesDone, totalBytes, clock.secondsLeft(bytesDone), name});
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace engine {

enum class Phase {
    Loading,       // opening the file, binding the tensors (done/total: tensors)
    Pruning,       // the pruning pass (tensors)
    Requantizing,  // the quantization pass (tensors; bytes of source tensor data)
    Prefill,       // the prompt's forward pass (done/total: layers of the pass)
    Decode,        // generating (tokens generated / max tokens)
    Quality,       // the comparison against the baseline (layers of its passes)
    Count
};
const char* phaseName(Phase phase);  // "loading", "requantizing", ...

struct PhaseProgress {
    Phase phase = Phase::Loading;
    int64_t done = 0;   // in the phase's unit (see Phase)
    int64_t total = 0;  // 0: unknown
    uint64_t bytesDone = 0;   // the bytes of work behind `done`, where the work is bytes (passes, loading)
    uint64_t bytesTotal = 0;  // 0: not measured in bytes
    double etaSeconds = -1.0;  // time left, from the rate so far; < 0 unknown
    int64_t tokens = 0;        // Prefill: the prompt's length in tokens
    std::string item;          // the tensor just done, when there is one

    // bytesDone / bytesTotal when measured in bytes, else done / total; < 0 unknown.
    double fraction() const;
};

using ProgressFn = std::function<void(const PhaseProgress&)>;

// Time left for a job of `total` units from the rate so far. Unknown (< 0)
// until a little work is done, so the first, noisy tensors give no estimate.
class EtaClock {
public:
    explicit EtaClock(uint64_t total);
    double secondsLeft(uint64_t done) const;
    double elapsedSeconds() const;

private:
    std::chrono::steady_clock::time_point m_start;
    uint64_t m_total;
};

}  // namespace engine
