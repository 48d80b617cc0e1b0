#include "app/bridge/quality_policy.h"

#include <QCoreApplication>
#include <QLocale>

#include <QFileInfo>

#include <algorithm>

#include "engine/config/profile_validator.h"
#include "engine/session/profile_options.h"

namespace {

// The translation context of this file's free functions.
struct QualityPolicyText {
    Q_DECLARE_TR_FUNCTIONS(QualityPolicy)
};

QualityMetrics skippedWith(QualityMetrics::Skip skip, const QString& why)
{
    QualityMetrics q;
    q.state = QualityMetrics::State::Skipped;
    q.skip = skip;
    q.note = why;
    return q;
}

QString durationText(double seconds)
{
    if (seconds < 1.0)
        return QualityPolicyText::tr("under a second");
    if (seconds < 90.0)
        return QualityPolicyText::tr("about %1 s").arg(qRound(seconds));
    const int minutes = qRound(seconds / 60.0);
    return QualityPolicyText::tr("about %n min", nullptr, minutes);
}

}  // namespace

QualityMetrics qualitySkippedForSize(quint64 parameters, quint64 limit)
{
    QualityMetrics q = skippedWith(
        QualityMetrics::Skip::ModelTooLarge,
        QualityPolicyText::tr("Quality not measured: the model has %1 M parameters, above the %2 M up to which it is measured "
           "automatically (the comparison loads a second copy of the model and evaluates both). Use \"Measure "
           "quality anyway\" on the Profile page.")
            .arg(QLocale().toString(double(parameters) / 1e6, 'f', 0),
                 QLocale().toString(double(limit) / 1e6, 'f', 0)));
    q.parameters = parameters;
    q.parameterLimit = limit;
    return q;
}

QualityMetrics qualitySkippedForCancelledRun(int tokens)
{
    return skippedWith(QualityMetrics::Skip::RunCancelled,
                       QualityPolicyText::tr("Quality not measured: the run was cancelled after %n token(s).", nullptr, tokens));
}

QualityMetrics qualitySkippedCancelled()
{
    return skippedWith(QualityMetrics::Skip::Cancelled, QualityPolicyText::tr("Quality not measured: the measurement was cancelled."));
}

QualityMetrics qualityPending()
{
    QualityMetrics q;
    q.state = QualityMetrics::State::Pending;
    return q;
}

QualityMetrics qualitySkipped(const QString& why)
{
    return skippedWith(QualityMetrics::Skip::Other, why);
}

bool canMeasureQualityAnyway(const QualityMetrics& quality)
{
    return quality.state == QualityMetrics::State::Skipped &&
           (quality.skip == QualityMetrics::Skip::ModelTooLarge || quality.skip == QualityMetrics::Skip::Cancelled);
}

QString qualitySummary(const QualityMetrics& q)
{
    const QLocale locale;
    switch (q.state) {
    case QualityMetrics::State::Measured:
        return QualityPolicyText::tr("Quality against the unoptimised model: KLD mean %1 nats (p99 %2, max %3), top-1 agreement %4 %, "
                  "perplexity %5 vs %6 (ΔPPL %7); %8.")
            .arg(locale.toString(q.meanKld, 'g', 4), locale.toString(q.p99Kld, 'g', 4),
                 locale.toString(q.maxKld, 'g', 4), locale.toString(q.top1Agreement * 100.0, 'f', 1),
                 locale.toString(q.ppl, 'f', 3), locale.toString(q.basePpl, 'f', 3),
                 locale.toString(q.deltaPpl, 'f', 4), q.note);
    case QualityMetrics::State::Skipped: return q.note;
    case QualityMetrics::State::Pending:
        return QualityPolicyText::tr("Measuring the quality against the unoptimised model… the numbers appear here "
                                     "when it is done (Cancel stops it and keeps the run).");
    case QualityMetrics::State::NotRequested:
    case QualityMetrics::State::Count: break;
    }
    return QualityPolicyText::tr("This run used the model as stored: it is its own baseline (no profile, so no quality comparison).");
}

QualityCost estimateQualityCost(const QualityCostInputs& in)
{
    QualityCost cost;
    const int passes = in.changesWeights ? 2 : 1;
    if (in.prefillTokPerS > 0.0)
        cost.seconds = passes * double(in.evalTokens) / in.prefillTokPerS + in.reloadMs / 1000.0;
    // Every position's logits of both models are kept for the comparison.
    const quint64 logits = quint64(passes) * quint64(in.evalTokens) * quint64(std::max<qint64>(in.vocab, 0)) * 4u;
    cost.extraBytes = (in.changesWeights ? in.storedWeightBytes : 0) + logits;
    return cost;
}

QualityCostInputs qualityCostInputs(const RunResult& run, const ModelInfo& loaded)
{
    QualityCostInputs in;
    const bool same = loaded.isValid() && QFileInfo(loaded.path) == QFileInfo(run.modelPath);
    in.storedWeightBytes = same ? loaded.weightBytes : quint64(std::max<qint64>(QFileInfo(run.modelPath).size(), 0));
    in.vocab = same ? loaded.vocabSize : 0;
    in.prefillTokPerS = run.prefillTokPerS;
    in.changesWeights = true;
    if (!run.profileJson.trimmed().isEmpty()) {
        const auto profile = engine::parseProfile(run.profileJson.toStdString());
        if (profile)
            in.changesWeights = engine::profileChangesWeights(*profile);
    }
    in.reloadMs = in.changesWeights ? run.loadMs : 0.0;
    return in;
}

QString qualityCostText(const QualityCost& cost)
{
    const QString memory = QLocale().formattedDataSize(qint64(cost.extraBytes), 1, QLocale::DataSizeIecFormat);
    if (cost.seconds < 0)
        return QualityPolicyText::tr("time unknown (the run measured no prefill rate), about %1 more memory").arg(memory);
    return QualityPolicyText::tr("%1 and about %2 more memory").arg(durationText(cost.seconds), memory);
}
