#pragma once
// Quality against the unoptimised baseline: when the workbench measures it
// without being asked, the one sentence that says why it did not, and what
// measuring it anyway would cost. Every place that shows a skipped quality (the
// run's record, the Profile page, the Compare page) shows the text made here.
#include <QString>

#include "app/bridge/engine_types.h"

// Above this many parameters a run's quality is not measured automatically:
// the comparison loads a second copy of the model and evaluates both.
constexpr quint64 kQualityParameterLimit = 500'000'000ull;
// Tokens of the evaluation text the comparison scores.
constexpr int kQualityEvalTokens = 256;

// Skipped because the model has more than `limit` parameters.
QualityMetrics qualitySkippedForSize(quint64 parameters, quint64 limit);
// Skipped because the run itself was cancelled after `tokens` tokens.
QualityMetrics qualitySkippedForCancelledRun(int tokens);
// Skipped because the measurement was cancelled.
QualityMetrics qualitySkippedCancelled();
// Being measured: the run's other results are in, this one follows.
QualityMetrics qualityPending();
// Skipped for another reason, said in `why` (a full sentence).
QualityMetrics qualitySkipped(const QString& why);

// A skipped measurement that "Measure quality anyway" can still take.
bool canMeasureQualityAnyway(const QualityMetrics& quality);

// One line for a run's quality: the measured numbers, the reason it was
// skipped, or that a run without a profile is its own baseline.
QString qualitySummary(const QualityMetrics& quality);

struct QualityCost {
    double seconds = -1.0;  // < 0: unknown (the run measured no prefill rate)
    quint64 extraBytes = 0;  // memory on top of the run's model
};

struct QualityCostInputs {
    quint64 storedWeightBytes = 0;  // the baseline: the model file's tensors as stored
    qint64 vocab = 0;
    int evalTokens = kQualityEvalTokens;
    double prefillTokPerS = 0.0;  // the run's: how fast this model reads a prompt
    bool changesWeights = true;   // false: one pass over the text, no second copy
    double reloadMs = 0.0;        // re-applying the run's profile first, when needed
};
// Two passes over the text (baseline and run) at the run's prefill rate, plus
// any reload; the baseline's weights plus both models' logits for the text.
QualityCost estimateQualityCost(const QualityCostInputs& inputs);
// The inputs for `run` when `loaded` is the engine's model (its stored size
// and vocabulary; zero when another model is loaded, then the file's size on
// disk stands in). Re-applying the profile is counted at the run's load time.
QualityCostInputs qualityCostInputs(const RunResult& run, const ModelInfo& loaded);
// "about 40 s and 2.3 GiB more memory".
QString qualityCostText(const QualityCost& cost);
