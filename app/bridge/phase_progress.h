#pragma once
// From the engine's phase progress (engine/common/progress.h) to the
// workbench's ProgressInfo with its sentence, and a throttle so a fast phase
// does not flood the GUI thread. Runs on the engine thread.
#include <QElapsedTimer>
#include <QString>

#include "app/bridge/engine_types.h"

namespace engine {
struct PhaseProgress;
}

// `subject` completes the sentence where the phase needs it: the file being
// loaded, the conversion being made ("weights to int8 (group 32)").
ProgressInfo progressInfoOf(quint64 job, const engine::PhaseProgress& progress, const QString& subject = {});
// A serving run: requests finished of the workload's, output tokens so far.
ProgressInfo servingProgressInfo(quint64 job, qint64 finished, qint64 requests, qint64 tokens);
// "about 40 s left", "about 3 min left"; empty when unknown.
QString timeLeftText(double seconds);

// Passes a report on when the phase changed, when it is the phase's first or
// last, or when `intervalMs` passed since the last one.
class ProgressThrottle {
public:
    explicit ProgressThrottle(int intervalMs) : m_intervalMs(intervalMs) { m_since.start(); }
    bool pass(const ProgressInfo& info);

private:
    int m_intervalMs;
    QElapsedTimer m_since;
    RunPhase m_phase = RunPhase::Count;
};
