#include "app/bridge/phase_progress.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include "engine/common/progress.h"

namespace {

// The translation context of this file's free functions.
struct PhaseProgressText {
    Q_DECLARE_TR_FUNCTIONS(PhaseProgress)
};

RunPhase runPhaseOf(engine::Phase phase)
{
    switch (phase) {
    case engine::Phase::Loading: return RunPhase::Loading;
    case engine::Phase::Pruning: return RunPhase::Pruning;
    case engine::Phase::Requantizing: return RunPhase::Requantizing;
    case engine::Phase::Prefill: return RunPhase::Prefill;
    case engine::Phase::Decode: return RunPhase::Decode;
    case engine::Phase::Quality: return RunPhase::Quality;
    case engine::Phase::Count: break;
    }
    return RunPhase::Other;
}

QString bytesText(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeIecFormat);
}

// "tensor 87/226, 38 %, about 40 s left"
QString passText(const ProgressInfo& p)
{
    QStringList parts{PhaseProgressText::tr("tensor %1/%2").arg(p.done).arg(p.total)};
    if (p.fraction >= 0)
        parts << QStringLiteral("%1 %").arg(qFloor(p.fraction * 100.0));
    const QString left = timeLeftText(p.etaSeconds);
    if (!left.isEmpty())
        parts << left;
    //: Between the parts of a progress sentence: "tensor 87/226, 38 %, about 40 s left"
    return parts.join(PhaseProgressText::tr(", "));
}

QString sentence(const ProgressInfo& p, const engine::PhaseProgress& e, const QString& subject)
{
    const QLocale locale;
    switch (p.phase) {
    case RunPhase::Loading:
        return p.done < p.total ? PhaseProgressText::tr("Loading %1: %2 tensors, %3").arg(subject).arg(p.total).arg(bytesText(e.bytesTotal))
                                : PhaseProgressText::tr("Loaded %1: %2 tensors, %3").arg(subject).arg(p.total).arg(bytesText(e.bytesTotal));
    case RunPhase::Pruning:
        return PhaseProgressText::tr("Pruning %1: %2").arg(subject, passText(p));
    case RunPhase::Requantizing:
        return PhaseProgressText::tr("Re-quantizing %1: %2").arg(subject, passText(p));
    case RunPhase::Prefill:
        return PhaseProgressText::tr("Prefill: %n-token prompt, layer %1/%2", nullptr, int(p.tokens)).arg(p.done).arg(p.total);
    case RunPhase::Decode:
        return PhaseProgressText::tr("Generating: token %1/%2").arg(p.done).arg(p.total);
    case RunPhase::Quality:
        return PhaseProgressText::tr("Measuring quality against the baseline: layer %1/%2 of the passes over the evaluation text")
            .arg(p.done)
            .arg(p.total);
    case RunPhase::Serving:
    case RunPhase::Other:
    case RunPhase::Cancelling:
    case RunPhase::Count: break;
    }
    return runPhaseName(p.phase);
}

}  // namespace

QString timeLeftText(double seconds)
{
    if (seconds < 0)
        return {};
    if (seconds < 1.0)
        return PhaseProgressText::tr("under a second left");
    if (seconds < 90.0)
        return PhaseProgressText::tr("about %1 s left").arg(qRound(seconds));
    return PhaseProgressText::tr("about %n min left", nullptr, qRound(seconds / 60.0));
}

ProgressInfo progressInfoOf(quint64 job, const engine::PhaseProgress& e, const QString& subject)
{
    ProgressInfo p;
    p.job = job;
    p.phase = runPhaseOf(e.phase);
    p.done = e.done;
    p.total = e.total;
    p.tokens = e.tokens;
    p.etaSeconds = e.etaSeconds;
    p.fraction = e.fraction();
    p.what = sentence(p, e, subject);
    return p;
}

ProgressInfo servingProgressInfo(quint64 job, qint64 finished, qint64 requests, qint64 tokens)
{
    ProgressInfo p;
    p.job = job;
    p.phase = RunPhase::Serving;
    p.done = finished;
    p.total = requests;
    p.tokens = tokens;
    p.fraction = requests > 0 ? double(finished) / double(requests) : -1.0;
    p.what = PhaseProgressText::tr("Serving: %1/%2 requests done, %n token(s) generated", nullptr, int(tokens))
                 .arg(finished)
                 .arg(requests);
    return p;
}

bool ProgressThrottle::pass(const ProgressInfo& info)
{
    const bool edge = info.phase != m_phase || info.done == 0 || (info.total > 0 && info.done >= info.total);
    if (!edge && m_since.elapsed() < m_intervalMs)
        return false;
    m_phase = info.phase;
    m_since.restart();
    return true;
}
