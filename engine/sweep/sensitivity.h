#pragma once
// Per-tensor (or per-layer) sensitivity: each unit alone converted to the
// target precision, everything else as stored, and the model's quality
// measured against the unoptimised one over the same tokens (mean KL
// divergence). The ranking says where precision matters; from it, a
// mixed-precision proposal under a memory budget: the target precision
// everywhere and the most sensitive units kept at a higher one while the
// budget allows, as a profile weights section (dtype + overrides).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/eval/perplexity.h"
#include "engine/formats/model_file.h"

namespace kernels {
class Ops;
}

namespace engine {
class LlamaModel;
}

namespace engine::sweep {

enum class SensitivityUnit { Tensor, Layer };

struct SensitivityOptions {
    WeightsConfig target;                // dtype (group size, symmetry) each unit is converted to
    WeightDType keep = WeightDType::Int8;  // the higher precision the proposal keeps units at
    SensitivityUnit unit = SensitivityUnit::Tensor;
    std::vector<int32_t> tokens;  // the quality text, tokenized
    EvalOptions eval;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(size_t done, size_t total, const std::string& unit)> onProgress;
};

struct SensitivityEntry {
    std::string unit;          // the tensor name, or "blk.N" for a layer
    std::string pattern;       // the weights.overrides pattern that selects it
    uint64_t bytesStored = 0;  // its matrices as stored
    uint64_t bytesTarget = 0;  // at the target precision
    uint64_t bytesKeep = 0;    // at the keep precision
    double kldMean = 0.0;      // quality with only this unit converted
    double top1 = 0.0;
    std::string note;          // why a matrix of it did not get the target type (the pass's reason)
};

struct SensitivityReport {
    std::vector<SensitivityEntry> ranking;  // most sensitive (highest kldMean) first
    uint64_t otherBytes = 0;                // tensors outside every unit (norms, ...), as stored
};

// `baseline` is the model as stored; `ops` run the converted models.
Expected<SensitivityReport> measureSensitivity(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                                               const SensitivityOptions& options);

struct WeightsQuality {
    uint64_t bytes = 0;  // all tensor data after the conversion
    double kldMean = 0.0;
    double top1 = 0.0;
};

// `weights` applied to `source`, run on `ops` and compared with `baseline`
// over `tokens` (what measureSensitivity does for each unit).
Expected<WeightsQuality> measureWeights(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                                        const WeightsConfig& weights, const std::vector<int32_t>& tokens,
                                        const EvalOptions& eval);

struct MixedPrecisionPlan {
    WeightsConfig weights;          // the target, with overrides keeping units at the keep precision
    std::vector<std::string> kept;  // units kept, most sensitive first
    uint64_t bytes = 0;             // estimated weight bytes of the plan
    bool fits = false;              // bytes <= the budget
};

// Greedy: every unit at the target; then, most sensitive first, a unit goes
// back to the keep precision when the total stays within `budgetBytes`.
MixedPrecisionPlan proposeMixedPrecision(const SensitivityReport& report, const WeightsConfig& target,
                                         WeightDType keep, uint64_t budgetBytes);

}  // namespace engine::sweep
