#include "engine/common/progress.h"

namespace engine {

namespace {

// Below this share of the work (or this much time) the rate is too noisy to extrapolate.
constexpr double kMinFractionForEta = 0.02;
constexpr double kMinSecondsForEta = 0.25;

}  // namespace

const char* phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Loading: return "loading";
    case Phase::Pruning: return "pruning";
    case Phase::Requantizing: return "requantizing";
    case Phase::Prefill: return "prefill";
    case Phase::Decode: return "decode";
    case Phase::Quality: return "quality";
    case Phase::Count: break;
    }
    return "?";
}

double PhaseProgress::fraction() const
{
    if (bytesTotal > 0) return static_cast<double>(bytesDone) / static_cast<double>(bytesTotal);
    if (total > 0) return static_cast<double>(done) / static_cast<double>(total);
    return -1.0;
}

EtaClock::EtaClock(uint64_t total) : m_start(std::chrono::steady_clock::now()), m_total(total) {}

double EtaClock::elapsedSeconds() const
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

double EtaClock::secondsLeft(uint64_t done) const
{
    if (m_total == 0 || done == 0) return -1.0;
    if (done >= m_total) return 0.0;
    const double fraction = static_cast<double>(done) / static_cast<double>(m_total);
    const double elapsed = elapsedSeconds();
    if (fraction < kMinFractionForEta && elapsed < kMinSecondsForEta) return -1.0;
    return elapsed * (1.0 - fraction) / fraction;
}

}  // namespace engine
