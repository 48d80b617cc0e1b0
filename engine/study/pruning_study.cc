#include "engine/study/pruning_study.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "engine/common/message_catalog.h"
#include "engine/eval/compare.h"
#include "engine/passes/calibration.h"
#include "engine/passes/prune_pass.h"
#include "engine/session/bench.h"
#include "engine/session/engine.h"

namespace engine {

namespace {

// The pruning section for one variant; nullopt when the method cannot reach
// `sparsity` (N:M only knows multiples of 1/4 here).
std::optional<PruningConfig> variantConfig(PruningMethod method, double sparsity)
{
    PruningConfig cfg;
    cfg.method = method;
    if (method != PruningMethod::NM) {
        cfg.ratio = sparsity;
        return cfg;
    }
    const double kept = (1.0 - sparsity) * 4.0;
    if (std::abs(kept - std::round(kept)) > 1e-9 || kept < 1.0 || kept > 3.0) return std::nullopt;
    cfg.n = static_cast<int32_t>(std::lround(kept));
    cfg.m = 4;
    return cfg;
}

std::string percent(double fraction)
{
    return std::to_string(static_cast<int>(std::lround(fraction * 100.0))) + " %";
}

std::string variantLabel(const PruningConfig& cfg, double sparsity)
{
    std::string label = enumName(*cfg.method);
    if (cfg.n) return label + " " + std::to_string(*cfg.n) + ":" + std::to_string(*cfg.m);
    return label + " " + percent(sparsity);
}

// What the pruning removed: for unstructured / N:M the zeros among the pruned
// matrices' weights, for structured the share of those weights that are gone.
double achievedSparsity(const PruneReport& report)
{
    if (!report.structured) return report.sparsity();
    uint64_t before = 0, after = 0;
    for (const TensorPruneRecord& t : report.tensors) {
        if (t.state != PruneState::Pruned) continue;
        uint64_t n = 1;
        for (uint64_t d : t.shapeBefore) n *= d;
        before += n;
        after += t.elements;
    }
    return before ? 1.0 - double(after) / double(before) : 0.0;
}

class StudyRunner {
public:
    StudyRunner(Engine& dense, const PruningStudyOptions& options) : m_dense(dense), m_options(options) {}

    Expected<PruningStudy> run();

private:
    Status calibrate();
    Expected<PruningPoint> measure(LlamaModel& model, uint64_t weightBytes);
    void told(const std::string& what)
    {
        ++m_done;
        if (m_options.onProgress) m_options.onProgress(m_done, m_total, what);
    }

    Engine& m_dense;
    const PruningStudyOptions& m_options;
    std::optional<ActivationStats> m_stats;
    size_t m_done = 0;
    size_t m_total = 0;
};

Status StudyRunner::calibrate()
{
    std::string text = m_options.calibrationText;
    if (text.empty()) {
        auto bundled = readBundledEvalText("english.txt");
        if (!bundled) return bundled.error();
        text = std::move(*bundled);
    }
    CalibrationOptions calibration;
    calibration.cancel = m_options.cancel;
    auto stats = calibrateOnText(std::make_shared<const ModelFile>(m_dense.file()), text, m_dense.ops(), calibration);
    if (!stats) return stats.error();
    m_stats = std::move(*stats);
    return okStatus();
}

// Quality against the dense model and decode speed of `model`.
Expected<PruningPoint> StudyRunner::measure(LlamaModel& model, uint64_t weightBytes)
{
    EvalOptions eval;
    eval.cancel = m_options.cancel;
    auto quality = compareModels(m_dense.model(), model, m_options.evalTokens, eval);
    if (!quality) return quality.error();
    auto speed = benchDecode(model, m_options.decodeTokens, m_options.repetitions, 1, m_options.cancel);
    if (!speed) return speed.error();
    PruningPoint p;
    p.kldMean = quality->meanKld;
    p.top1 = quality->top1Agreement;
    // The best repetition: on a busy machine the others measure the load, not the model.
    p.decodeTokPerS = speed->samplesTokPerS.empty()
                          ? speed->meanTokPerS
                          : *std::max_element(speed->samplesTokPerS.begin(), speed->samplesTokPerS.end());
    p.weightBytes = weightBytes;
    return p;
}

Expected<PruningStudy> StudyRunner::run()
{
    if (m_options.evalTokens.size() < 2)
        return makeError(ErrorCode::InvalidArgument, msg("study.pruning_text_too_short"));
    m_total = 1 + m_options.methods.size() * m_options.sparsities.size();
    ENGINE_TRY(calibrate());
    PruningStudy study;
    auto dense = measure(m_dense.model(), m_dense.weightsBytes());
    if (!dense) return dense.error();
    told("dense");
    for (PruningMethod method : m_options.methods) {
        for (double sparsity : m_options.sparsities) {
            if (sparsity <= 0.0) {  // the dense model itself
                PruningPoint p = *dense;
                p.method = method;
                p.label = std::string(enumName(method)) + " 0 %";
                study.points.push_back(p);
                told(p.label);
                continue;
            }
            const auto cfg = variantConfig(method, sparsity);
            if (!cfg) {
                told(std::string(enumName(method)) + " " + percent(sparsity) + " (skipped)");
                continue;
            }
            PruneOptions prune;
            prune.calibration = &*m_stats;
            prune.cancel = m_options.cancel;
            auto pruned = pruneWeights(m_dense.file(), *cfg, prune);
            if (!pruned) return pruned.error();
            const double achieved = achievedSparsity(pruned->report);
            const uint64_t bytes = pruned->report.bytesAfter;
            auto model = LlamaModel::create(std::make_shared<const ModelFile>(std::move(pruned->file)), m_dense.ops());
            if (!model) return model.error();
            auto p = measure(**model, bytes);
            if (!p) return p.error();
            p->method = method;
            p->target = sparsity;
            p->achieved = achieved;
            p->label = variantLabel(*cfg, sparsity);
            study.points.push_back(*p);
            told(p->label);
        }
    }
    study.evalPositions = static_cast<int64_t>(m_options.evalTokens.size()) - 1;
    return study;
}

}  // namespace

Expected<PruningStudy> runPruningStudy(Engine& dense, const PruningStudyOptions& options)
{
    StudyRunner runner(dense, options);
    return runner.run();
}

}  // namespace engine
