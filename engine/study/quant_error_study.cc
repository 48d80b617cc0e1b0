#include "engine/study/quant_error_study.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/common/message_catalog.h"
#include "engine/formats/model_file.h"
#include "engine/formats/stored_rows.h"
#include "engine/passes/quantize_pass.h"
#include "engine/sweep/sensitivity.h"
#include "kernels/api/ops.h"

namespace engine {

namespace {

std::string unitOf(const std::string& tensor)
{
    if (tensor.rfind("blk.", 0) == 0) return tensor.substr(0, tensor.find('.', 4));
    return tensor;
}

// One matrix's errors, row by row: dequantized converted - dequantized source.
Expected<std::vector<float>> matrixErrors(const TensorInfo& source, const TensorInfo& converted)
{
    if (!kernels::ref::canDequantize(source.type) || !kernels::ref::canDequantize(converted.type))
        return makeError(ErrorCode::Unsupported, msg("study.cannot_dequantize", {{"tensor", source.name}}));
    const auto cols = static_cast<int64_t>(source.shape[0]);
    const uint64_t rows = source.rows();
    std::vector<float> errors(rows * static_cast<uint64_t>(cols));
    std::vector<float> original(static_cast<size_t>(cols));
    std::vector<uint8_t> scratch;
    for (uint64_t r = 0; r < rows; ++r) {
        float* out = errors.data() + r * static_cast<uint64_t>(cols);
        kernels::ref::dequantizeRow(source.type, storedRow(source, r, scratch), original.data(), cols);
        kernels::ref::dequantizeRow(converted.type, storedRow(converted, r, scratch), out, cols);
        for (int64_t c = 0; c < cols; ++c) out[c] -= original[static_cast<size_t>(c)];
    }
    return errors;
}

struct UnitErrors {
    std::vector<float> errors;
    std::set<std::string> types;
};

Status addSensitivity(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                      const QuantErrorStudyOptions& options, QuantErrorStudy& study)
{
    sweep::SensitivityOptions s;
    s.target = options.target;
    s.unit = sweep::SensitivityUnit::Layer;
    s.tokens = options.evalTokens;
    s.eval.cancel = options.cancel;
    s.cancel = options.cancel;
    s.onProgress = [&options](size_t done, size_t total, const std::string& unit) {
        if (options.onProgress) options.onProgress(1 + done, 1 + total, "sensitivity of " + unit);
    };
    auto report = sweep::measureSensitivity(source, baseline, ops, s);
    if (!report) return report.error();
    for (const sweep::SensitivityEntry& e : report->ranking) {
        for (size_t i = 0; i < study.layers.size(); ++i) {
            if (study.layers[i].unit != e.unit) continue;
            study.layers[i].kldMean = e.kldMean;
            study.layers[i].top1 = e.top1;
            study.layers[i].measured = true;
            study.ranking.push_back(i);
        }
    }
    return okStatus();
}

}  // namespace

Expected<QuantErrorStudy> runQuantErrorStudy(const ModelFile& source, LlamaModel& baseline, const kernels::Ops& ops,
                                             const QuantErrorStudyOptions& options)
{
    if (!options.target.dtype) return makeError(ErrorCode::InvalidArgument, msg("study.quant_no_target"));
    if (options.bins < 1) return makeError(ErrorCode::InvalidArgument, msg("study.quant_bins"));
    auto converted = quantizeWeights(source, options.target, {}, options.cancel);
    if (!converted) return converted.error();
    auto type = targetTypeFor(*options.target.dtype, options.target);
    if (!type) return type.error();

    QuantErrorStudy study;
    study.format = std::string(kernels::dtypeName(*type));
    std::vector<std::string> order;
    std::map<std::string, UnitErrors> units;
    for (const TensorInfo* t : source.distinctTensors()) {
        if (t->shape.size() != 2) continue;  // norms stay F32
        const TensorInfo* c = converted->file.findTensor(t->name);
        if (!c) continue;
        auto errors = matrixErrors(*t, *c);
        if (!errors) return errors.error();
        const std::string unit = unitOf(t->name);
        if (!units.count(unit)) order.push_back(unit);
        UnitErrors& u = units[unit];
        u.errors.insert(u.errors.end(), errors->begin(), errors->end());
        u.types.insert(std::string(kernels::dtypeName(c->type)));
        if (options.cancel && options.cancel->load()) return makeError(ErrorCode::Cancelled, msg("study.cancelled"));
    }
    for (const std::string& name : order) {
        const UnitErrors& u = units[name];
        LayerQuantError layer;
        layer.unit = name;
        for (const std::string& t : u.types) {
            if (!layer.types.empty()) layer.types += ", ";
            layer.types += t;
        }
        layer.weights = u.errors.size();
        double squares = 0.0;
        for (float e : u.errors) {
            squares += double(e) * double(e);
            layer.maxAbs = std::max(layer.maxAbs, double(std::fabs(e)));
        }
        layer.rms = layer.weights ? std::sqrt(squares / double(layer.weights)) : 0.0;
        study.range = std::max(study.range, layer.maxAbs);
        study.layers.push_back(std::move(layer));
    }
    const double range = study.range > 0.0 ? study.range : 1.0;
    for (LayerQuantError& layer : study.layers) {
        layer.histogram.assign(static_cast<size_t>(options.bins), 0);
        for (float e : units[layer.unit].errors) {
            const double f = (double(e) + range) / (2.0 * range);
            const auto bin = std::clamp<int64_t>(static_cast<int64_t>(f * options.bins), 0, options.bins - 1);
            ++layer.histogram[static_cast<size_t>(bin)];
        }
    }
    if (options.onProgress) options.onProgress(1, 1 + study.layers.size(), "weight errors");
    ENGINE_TRY(addSensitivity(source, baseline, ops, options, study));
    return study;
}

}  // namespace engine
