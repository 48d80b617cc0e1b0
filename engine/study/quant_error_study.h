#pragma once
// Quantization error study (teaching data): the model's weights converted to
// one format by the quantization pass, and per layer
//   - the distribution of the weight error (dequantized - original) over
//     every weight of the layer's matrices, as a histogram on one shared,
//     symmetric range so layers can be compared;
//   - its sensitivity: the mean KL divergence from the model as stored when
//     only that layer is converted (engine/sweep/sensitivity.h), which ranks
//     the layers that matter most.
// Units are the blocks ("blk.3", all their matrices) plus the token embedding
// and the output matrix, each a unit of its own.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"

namespace kernels {
class Ops;
}

namespace engine {

class LlamaModel;
struct ModelFile;

struct QuantErrorStudyOptions {
    WeightsConfig target;             // e.g. int4, group 32, symmetric (Q4_0)
    std::vector<int32_t> evalTokens;  // the quality text, tokenized
    int32_t bins = 41;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(size_t done, size_t total, const std::string& what)> onProgress;
};

struct LayerQuantError {
    std::string unit;           // "blk.0", "token_embd.weight", "output.weight"
    std::string types;          // the storage types its matrices got, e.g. "Q4_0" or "Q4_0, F16"
    uint64_t weights = 0;       // weights counted
    double rms = 0.0;           // root mean square error
    double maxAbs = 0.0;
    std::vector<uint64_t> histogram;  // `bins` counts over [-range, range]
    double kldMean = 0.0;       // only this unit converted: mean KLD vs the stored model (nats)
    double top1 = 1.0;
    bool measured = false;      // the sensitivity pass measured this unit
};

struct QuantErrorStudy {
    std::string format;  // the target as a storage type name, e.g. "Q4_0"
    double range = 0.0;  // histograms span [-range, range]
    std::vector<LayerQuantError> layers;  // in model order
    std::vector<size_t> ranking;          // indices into layers, most sensitive (highest KLD) first
};

Expected<QuantErrorStudy> runQuantErrorStudy(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                                             const QuantErrorStudyOptions& options);

}  // namespace engine
