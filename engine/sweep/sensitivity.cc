#include "engine/sweep/sensitivity.h"

#include <algorithm>
#include <map>
#include <memory>

#include "engine/common/message_catalog.h"
#include "engine/eval/compare.h"
#include "engine/model/llama_model.h"
#include "engine/passes/quantize_pass.h"

namespace engine::sweep {
namespace {

// The unit a matrix belongs to: itself, or its layer ("blk.3") — the token
// embedding and the output matrix are units of their own either way.
std::string unitOf(const std::string& tensor, SensitivityUnit unit)
{
    if (unit == SensitivityUnit::Layer && tensor.rfind("blk.", 0) == 0) return tensor.substr(0, tensor.find('.', 4));
    return tensor;
}

std::string patternOf(const std::string& unit) { return unit.rfind("blk.", 0) == 0 && unit.find('.', 4) == std::string::npos ? unit + ".*" : unit; }

// Per tensor of the whole model converted under `cfg` (from the pass's report).
Expected<std::map<std::string, TensorQuantRecord>> recordsPerTensor(const ModelFile& source, const WeightsConfig& cfg)
{
    auto q = quantizeWeights(source, cfg);
    if (!q) return q.error();
    std::map<std::string, TensorQuantRecord> out;
    for (TensorQuantRecord& r : q->report.tensors) out[r.name] = std::move(r);
    return out;
}

}  // namespace

Expected<WeightsQuality> measureWeights(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                                        const WeightsConfig& weights, const std::vector<int32_t>& tokens,
                                        const EvalOptions& eval)
{
    auto q = quantizeWeights(source, weights);
    if (!q) return q.error();
    const uint64_t bytes = q->report.bytesAfter;
    auto model = LlamaModel::create(std::make_shared<const ModelFile>(std::move(q->file)), ops);
    if (!model) return model.error();
    auto cmp = compareModels(baseline, **model, tokens, eval);
    if (!cmp) return cmp.error();
    return WeightsQuality{bytes, cmp->meanKld, cmp->top1Agreement};
}

Expected<SensitivityReport> measureSensitivity(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                                               const SensitivityOptions& o)
{
    if (!o.target.dtype) return makeError(ErrorCode::InvalidArgument, msg("sensitivity.no_target"));
    auto atTarget = recordsPerTensor(source, o.target);
    if (!atTarget) return atTarget.error();
    WeightsConfig keepCfg = o.target;
    keepCfg.dtype = o.keep;
    auto atKeep = recordsPerTensor(source, keepCfg);
    if (!atKeep) return atKeep.error();

    // Units in file order; a unit is the matrices (2-D tensors) it holds.
    SensitivityReport report;
    std::vector<SensitivityEntry> units;
    std::map<std::string, size_t> index;
    for (const TensorInfo* t : source.distinctTensors()) {
        if (t->shape.size() != 2) {
            report.otherBytes += t->bytes;
            continue;
        }
        const std::string unit = unitOf(t->name, o.unit);
        auto [it, fresh] = index.try_emplace(unit, units.size());
        if (fresh) {
            SensitivityEntry entry;
            entry.unit = unit;
            entry.pattern = patternOf(unit);
            units.push_back(std::move(entry));
        }
        SensitivityEntry& e = units[it->second];
        e.bytesStored += t->bytes;
        const TensorQuantRecord& target = (*atTarget)[t->name];
        e.bytesTarget += target.bytesAfter;
        e.bytesKeep += (*atKeep)[t->name].bytesAfter;
        if (!target.reason.empty() && e.note.find(target.reason) == std::string::npos)
            e.note += (e.note.empty() ? "" : "; ") + target.reason;
    }
    for (size_t i = 0; i < units.size(); ++i) {
        if (o.cancel && o.cancel->load()) return makeError(ErrorCode::Cancelled, msg("sensitivity.cancelled"));
        if (o.onProgress) o.onProgress(i, units.size(), units[i].unit);
        WeightsConfig one = o.target;
        one.dtype.reset();  // everything else as stored
        one.overrides = std::vector<WeightOverride>{{units[i].pattern, *o.target.dtype}};
        EvalOptions eval = o.eval;
        eval.cancel = o.cancel;
        auto measured = measureWeights(source, baseline, ops, one, o.tokens, eval);
        if (!measured) return measured.error();
        units[i].kldMean = measured->kldMean;
        units[i].top1 = measured->top1;
    }
    if (o.onProgress) o.onProgress(units.size(), units.size(), "");
    std::stable_sort(units.begin(), units.end(),
                     [](const SensitivityEntry& a, const SensitivityEntry& b) { return a.kldMean > b.kldMean; });
    report.ranking = std::move(units);
    return report;
}

MixedPrecisionPlan proposeMixedPrecision(const SensitivityReport& report, const WeightsConfig& target,
                                         WeightDType keep, uint64_t budgetBytes)
{
    MixedPrecisionPlan plan;
    plan.weights = target;
    plan.bytes = report.otherBytes;
    for (const SensitivityEntry& e : report.ranking) plan.bytes += e.bytesTarget;
    std::vector<WeightOverride> overrides;
    for (const SensitivityEntry& e : report.ranking) {
        if (e.bytesKeep <= e.bytesTarget) continue;  // nothing to gain
        const uint64_t grown = plan.bytes - e.bytesTarget + e.bytesKeep;
        if (grown > budgetBytes) continue;
        plan.bytes = grown;
        plan.kept.push_back(e.unit);
        overrides.push_back({e.pattern, keep});
    }
    if (!overrides.empty()) plan.weights.overrides = overrides;
    plan.fits = plan.bytes <= budgetBytes;
    return plan;
}

}  // namespace engine::sweep
