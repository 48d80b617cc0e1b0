#include "engine/passes/prune_pass.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <set>
#include <thread>

#include "engine/common/message_catalog.h"
#include "engine/formats/stored_rows.h"
#include "engine/model/model_card.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/passes/tensor_storage.h"
#include "kernels/cpu/cpu_ops.h"

namespace engine {

namespace {

using kernels::DType;


// ---- which matrix is which ---------------------------------------------------

enum class Role { Q, K, V, O, Gate, Up, Down, Other, Count };

struct Slot {
    Role role = Role::Other;
    int64_t layer = -1;
};

// A file tensor's role, from the engine's one tensor list (weights.h); the
// matrices pruning does not touch (and fused ones) are Other.
Slot classify(const std::string& name)
{
    const auto found = classifyTensor(name);
    if (!found) return {};
    switch (found->first) {
    case TensorRole::Q: return {Role::Q, found->second};
    case TensorRole::K: return {Role::K, found->second};
    case TensorRole::V: return {Role::V, found->second};
    case TensorRole::AttnOutput: return {Role::O, found->second};
    case TensorRole::Gate: return {Role::Gate, found->second};
    case TensorRole::Up: return {Role::Up, found->second};
    case TensorRole::Down: return {Role::Down, found->second};
    default: return {};
    }
}

bool isAttention(Role r) { return r == Role::Q || r == Role::K || r == Role::V || r == Role::O; }
bool isFfn(Role r) { return r == Role::Gate || r == Role::Up || r == Role::Down; }

bool inScope(Role r, PruningScope scope)
{
    switch (scope) {
    case PruningScope::All: return isAttention(r) || isFfn(r);
    case PruningScope::Attention: return isAttention(r);
    case PruningScope::Ffn: return isFfn(r);
    case PruningScope::Count: break;
    }
    return false;
}

bool isExcluded(const PruningConfig& cfg, const std::string& name)
{
    if (!cfg.exclude) return false;
    return std::any_of(cfg.exclude->begin(), cfg.exclude->end(),
                       [&](const std::string& p) { return matchesPattern(p, name); });
}

bool isMatrix(const TensorInfo& t) { return t.shape.size() == 2 && t.shape[1] > 1; }

// A pruned matrix is stored as F32, or as its own F16/BF16 type, which holds
// the kept values and the zeros exactly.
DType floatTypeFor(DType source)
{
    return source == DType::F16 || source == DType::BF16 ? source : DType::F32;
}

std::string fmtNumber(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// ---- float access to matrices -------------------------------------------------

// The whole matrix as rows x cols floats, dequantized.
Expected<std::vector<float>> readMatrix(const TensorInfo& t)
{
    const int64_t cols = static_cast<int64_t>(t.shape[0]);
    const int64_t rows = static_cast<int64_t>(t.rows());
    if (!kernels::ref::canDequantize(t.type))
        return makeError(ErrorCode::Unsupported,
                         msg("prune.no_dequantizer", {{"name", t.name}, {"type", kernels::dtypeName(t.type)}}));
    const uint64_t rowBytes = kernels::bytesFor(t.type, static_cast<uint64_t>(cols));
    if (!t.data || rowBytes * static_cast<uint64_t>(rows) > t.bytes)
        return makeError(ErrorCode::Format, msg("pass.data_short", {{"name", t.name}, {"shape", t.shapeString()}}));
    std::vector<float> out(static_cast<size_t>(rows * cols));
    std::vector<uint8_t> scratch;
    for (int64_t r = 0; r < rows; ++r) {
        const uint8_t* src = storedRow(t, static_cast<uint64_t>(r), scratch);
        float* dst = out.data() + r * cols;
        if (t.type == DType::F32) std::memcpy(dst, src, static_cast<size_t>(cols) * sizeof(float));
        else kernels::ref::dequantizeRow(t.type, src, dst, cols);
    }
    return out;
}

// L2 norm of every row (rows x cols matrix).
std::vector<double> rowNorms(const std::vector<float>& m, int64_t rows, int64_t cols)
{
    std::vector<double> out(static_cast<size_t>(rows), 0.0);
    for (int64_t r = 0; r < rows; ++r) {
        double s = 0.0;
        for (int64_t c = 0; c < cols; ++c) s += double(m[r * cols + c]) * double(m[r * cols + c]);
        out[static_cast<size_t>(r)] = std::sqrt(s);
    }
    return out;
}

// L2 norm of every column.
std::vector<double> colNorms(const std::vector<float>& m, int64_t rows, int64_t cols)
{
    std::vector<double> out(static_cast<size_t>(cols), 0.0);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) out[static_cast<size_t>(c)] += double(m[r * cols + c]) * double(m[r * cols + c]);
    for (double& v : out) v = std::sqrt(v);
    return out;
}

// ---- structured: which channels and heads stay --------------------------------

struct LayerKeep {
    std::vector<int64_t> ffn;     // kept FFN channels: rows of gate/up, columns of down
    std::vector<int64_t> qRows;   // kept rows of attn_q = kept columns of attn_output
    std::vector<int64_t> kvRows;  // kept rows of attn_k / attn_v
};

// Indices 0..n-1 minus the `remove` with the lowest (score, index), ascending.
std::vector<int64_t> keepMostImportant(const std::vector<double>& score, int64_t remove)
{
    std::vector<int64_t> order(score.size());
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return score[static_cast<size_t>(a)] < score[static_cast<size_t>(b)]; });
    std::vector<int64_t> keep(order.begin() + remove, order.end());
    std::sort(keep.begin(), keep.end());
    return keep;
}

// Units removed for `ratio` of `total` (at least one kept), with an Adjustment
// when whole units cannot give exactly that ratio.
int64_t unitsToRemove(double ratio, int64_t total, const std::string& what, std::vector<Adjustment>& adjustments)
{
    int64_t remove = std::llround(ratio * double(total));
    remove = std::clamp<int64_t>(remove, 0, total - 1);
    const double effective = double(remove) / double(total);
    if (std::fabs(effective - ratio) > 1e-9)
        adjustments.push_back(Adjustment{"pruning.ratio", what, fmtNumber(ratio), fmtNumber(effective),
                                         std::to_string(total) + " per layer: " + std::to_string(remove) +
                                             " removed (whole units, at least one kept)"});
    return remove;
}

struct StructuredPlan {
    bool ffn = false;
    bool attention = false;
    ModelConfig config;
    StructuredShape shape;
    std::vector<LayerKeep> layers;
};

const TensorInfo* layerTensor(const ModelFile& f, int64_t layer, const char* kind)
{
    return f.findTensor("blk." + std::to_string(layer) + "." + kind + ".weight");
}

// Importance of the FFN channels of one layer (see the header).
Expected<std::vector<double>> ffnImportance(const ModelFile& f, int64_t layer, const ModelConfig& c,
                                            const ActivationStats* stats)
{
    const TensorInfo* down = layerTensor(f, layer, "ffn_down");
    if (!down)
        return makeError(ErrorCode::NotFound, msg("prune.missing_tensor", {{"path", f.path},
                                                                          {"name", "blk." + std::to_string(layer) +
                                                                                       ".ffn_down.weight"}}));
    auto downM = readMatrix(*down);
    if (!downM) return downM.error();
    std::vector<double> score = colNorms(*downM, c.dim, c.hiddenDim);
    const std::vector<double> x = stats ? stats->columnNorms(down->name) : std::vector<double>{};
    if (x.size() == score.size()) {
        for (size_t j = 0; j < score.size(); ++j) score[j] *= x[j];
        return score;
    }
    for (const char* kind : {"ffn_gate", "ffn_up"}) {
        const TensorInfo* t = layerTensor(f, layer, kind);
        if (!t)
            return makeError(ErrorCode::NotFound,
                             msg("prune.missing_tensor",
                                 {{"path", f.path}, {"name", "blk." + std::to_string(layer) + "." + kind + ".weight"}}));
        auto m = readMatrix(*t);
        if (!m) return m.error();
        const std::vector<double> n = rowNorms(*m, c.hiddenDim, c.dim);
        for (size_t j = 0; j < score.size(); ++j) score[j] *= n[j];
    }
    return score;
}

// Importance of the KV groups of one layer (see the header).
Expected<std::vector<double>> groupImportance(const ModelFile& f, int64_t layer, const ModelConfig& c,
                                              const ActivationStats* stats)
{
    const TensorInfo* o = layerTensor(f, layer, "attn_output");
    const TensorInfo* v = layerTensor(f, layer, "attn_v");
    if (!o || !v)
        return makeError(ErrorCode::NotFound, msg("prune.missing_attention", {{"path", f.path}, {"layer", layer}}));
    auto oM = readMatrix(*o);
    if (!oM) return oM.error();
    const std::vector<double> oCol = colNorms(*oM, c.dim, c.qDim());
    const std::vector<double> x = stats ? stats->columnNorms(o->name) : std::vector<double>{};
    const int64_t groupCols = c.kvGroup() * c.headDim;  // attn_output columns of one kv group
    std::vector<double> score(static_cast<size_t>(c.nKvHeads), 0.0);
    for (int64_t g = 0; g < c.nKvHeads; ++g) {
        double s = 0.0;
        for (int64_t col = g * groupCols; col < (g + 1) * groupCols; ++col) {
            const double term = oCol[static_cast<size_t>(col)] * (x.empty() ? 1.0 : x[static_cast<size_t>(col)]);
            s += term * term;
        }
        score[static_cast<size_t>(g)] = std::sqrt(s);
    }
    if (!x.empty() && static_cast<int64_t>(x.size()) == c.qDim()) return score;
    auto vM = readMatrix(*v);
    if (!vM) return vM.error();
    const std::vector<double> vRow = rowNorms(*vM, c.kvDim(), c.dim);
    for (int64_t g = 0; g < c.nKvHeads; ++g) {
        double s = 0.0;
        for (int64_t r = g * c.headDim; r < (g + 1) * c.headDim; ++r) s += vRow[static_cast<size_t>(r)] * vRow[static_cast<size_t>(r)];
        score[static_cast<size_t>(g)] *= std::sqrt(s);
    }
    return score;
}

LayerKeep attentionRows(const std::vector<int64_t>& keptGroups, const ModelConfig& c)
{
    LayerKeep k;
    const int64_t group = c.kvGroup();
    for (const int64_t g : keptGroups) {
        for (int64_t r = g * c.headDim; r < (g + 1) * c.headDim; ++r) k.kvRows.push_back(r);
        for (int64_t h = g * group; h < (g + 1) * group; ++h)
            for (int64_t r = h * c.headDim; r < (h + 1) * c.headDim; ++r) k.qRows.push_back(r);
    }
    return k;
}

// Decides which parts are pruned (scope, exclude) and how many units each
// layer keeps, from the shape and tensor names alone; `layers` stays empty.
Expected<StructuredPlan> planStructuredCounts(const ModelConfig& c, const std::vector<TensorInfo>& tensors,
                                              const std::string& path, const PruningConfig& cfg, PruneReport& report)
{
    StructuredPlan plan;
    if (c.qkvBias && *cfg.scope != PruningScope::Ffn)
        return makeError(ErrorCode::Unsupported, msg("prune.biases", {{"path", path}, {"arch", c.architecture}}));
    plan.config = c;
    plan.ffn = *cfg.scope != PruningScope::Attention;
    plan.attention = *cfg.scope != PruningScope::Ffn;

    // An exclude that hits part of a group keeps that group whole everywhere.
    for (const TensorInfo& t : tensors) {
        const Slot slot = classify(t.name);
        if (!inScope(slot.role, *cfg.scope) || !isExcluded(cfg, t.name)) continue;
        report.excluded.push_back(t.name);
        bool& part = isFfn(slot.role) ? plan.ffn : plan.attention;
        if (!part) continue;
        part = false;
        const bool allOfThem = std::all_of(tensors.begin(), tensors.end(), [&](const TensorInfo& u) {
            const Slot s = classify(u.name);
            return isFfn(s.role) != isFfn(slot.role) || !isExcluded(cfg, u.name) || !inScope(s.role, *cfg.scope);
        });
        if (!allOfThem)
            report.adjustments.push_back(Adjustment{
                "pruning.exclude", t.name, "leave " + t.name + " dense",
                std::string(isFfn(slot.role) ? "FFN" : "attention") + " left whole in every layer",
                "structured pruning keeps one channel and head count for all layers"});
    }

    StructuredShape& s = plan.shape;
    s.ffnBefore = s.ffnAfter = c.hiddenDim;
    s.headsBefore = s.headsAfter = c.nHeads;
    s.kvHeadsBefore = s.kvHeadsAfter = c.nKvHeads;
    s.headDim = c.headDim;
    const double ratio = *cfg.ratio;
    const int64_t ffnRemove = plan.ffn ? unitsToRemove(ratio, c.hiddenDim, "FFN channels", report.adjustments) : 0;
    const int64_t kvRemove =
        plan.attention ? unitsToRemove(ratio, c.nKvHeads,
                                       "attention KV groups (" + std::to_string(c.kvGroup()) + " query heads each)",
                                       report.adjustments)
                       : 0;
    s.ffnAfter = c.hiddenDim - ffnRemove;
    s.kvHeadsAfter = c.nKvHeads - kvRemove;
    s.headsAfter = s.kvHeadsAfter * c.kvGroup();
    return plan;
}

// planStructuredCounts, then what each layer keeps: its most important units.
Expected<StructuredPlan> planStructured(const ModelFile& f, const PruningConfig& cfg, const PruneOptions& options,
                                        PruneReport& report)
{
    auto config = ModelConfig::fromModelFile(f);
    if (!config) return config.error();
    const ModelConfig& c = *config;
    auto counts = planStructuredCounts(c, f.tensors, f.path, cfg, report);
    if (!counts) return counts.error();
    StructuredPlan plan = std::move(*counts);
    const int64_t ffnRemove = plan.shape.ffnBefore - plan.shape.ffnAfter;
    const int64_t kvRemove = plan.shape.kvHeadsBefore - plan.shape.kvHeadsAfter;
    plan.layers.resize(static_cast<size_t>(c.nLayers));
    for (int64_t l = 0; l < c.nLayers; ++l) {
        if (options.cancel && options.cancel->load()) return makeError(ErrorCode::Cancelled, msg("prune.cancelled"));
        LayerKeep& keep = plan.layers[static_cast<size_t>(l)];
        if (plan.ffn) {
            auto score = ffnImportance(f, l, c, options.calibration);
            if (!score) return score.error();
            keep.ffn = keepMostImportant(*score, ffnRemove);
        }
        if (plan.attention) {
            auto score = groupImportance(f, l, c, options.calibration);
            if (!score) return score.error();
            const LayerKeep rows = attentionRows(keepMostImportant(*score, kvRemove), c);
            keep.qRows = rows.qRows;
            keep.kvRows = rows.kvRows;
        }
    }
    return plan;
}

// ---- per tensor ------------------------------------------------------------------

struct TensorPlan {
    PruneState state = PruneState::Kept;
    bool rewrite = false;  // written anew into owned storage
    DType target = DType::F32;
    int64_t rows = 0;
    int64_t cols = 0;
    const std::vector<int64_t>* keepRows = nullptr;  // nullptr: all
    const std::vector<int64_t>* keepCols = nullptr;
};

TensorPlan planStructuredTensor(const TensorInfo& t, const StructuredPlan& sp)
{
    TensorPlan p;
    const Slot slot = classify(t.name);
    if (slot.layer < 0 || slot.layer >= static_cast<int64_t>(sp.layers.size()) || !isMatrix(t)) return p;
    const LayerKeep& k = sp.layers[static_cast<size_t>(slot.layer)];
    const bool pruned = (isFfn(slot.role) && sp.ffn) || (isAttention(slot.role) && sp.attention);
    if (!pruned) return p;
    p.state = PruneState::Pruned;
    p.rewrite = true;
    switch (slot.role) {
    case Role::Q: p.keepRows = &k.qRows; break;
    case Role::K:
    case Role::V: p.keepRows = &k.kvRows; break;
    case Role::O: p.keepCols = &k.qRows; break;
    case Role::Gate:
    case Role::Up: p.keepRows = &k.ffn; break;
    case Role::Down: p.keepCols = &k.ffn; break;
    default: break;
    }
    return p;
}

// What happens to each tensor (state, new type and size); the unstructured
// exclusions are listed in the report.
std::vector<TensorPlan> planTensors(const std::vector<TensorInfo>& tensors, const PruningConfig& cfg,
                                    const StructuredPlan* structured, PruneReport& report)
{
    std::vector<TensorPlan> plans(tensors.size());
    for (size_t i = 0; i < tensors.size(); ++i) {
        const TensorInfo& t = tensors[i];
        TensorPlan& p = plans[i];
        if (!isMatrix(t)) continue;
        const Slot slot = classify(t.name);
        if (structured) {
            p = planStructuredTensor(t, *structured);
            if (p.state != PruneState::Pruned && inScope(slot.role, *cfg.scope))
                p.state = isExcluded(cfg, t.name) ? PruneState::Excluded : PruneState::OutOfScope;
        } else if (inScope(slot.role, *cfg.scope)) {
            const bool excluded = isExcluded(cfg, t.name);
            p.state = excluded ? PruneState::Excluded : PruneState::Pruned;
            p.rewrite = !excluded;
            if (excluded) report.excluded.push_back(t.name);
        } else if (slot.role != Role::Other) {
            p.state = PruneState::OutOfScope;
        }
        if (!p.rewrite) continue;
        p.target = floatTypeFor(t.type);
        p.cols = p.keepCols ? static_cast<int64_t>(p.keepCols->size()) : static_cast<int64_t>(t.shape[0]);
        p.rows = p.keepRows ? static_cast<int64_t>(p.keepRows->size()) : static_cast<int64_t>(t.rows());
    }
    return plans;
}

// Activation statistics are kept per matrix as the model binds them; a fused
// matrix is bound as several views, so they would not add up.
Status checkCalibratable(const ModelConfig& c, const std::string& path, PruningMethod method)
{
    if (c.fusedQkv || c.fusedGateUp)
        return makeError(ErrorCode::Unsupported,
                         msg("prune.fused", {{"path", path}, {"method", enumName(method)}, {"arch", c.architecture}}));
    return okStatus();
}

struct Method {
    PruningMethod kind = PruningMethod::None;
    double ratio = 0.0;
    int32_t n = kDefaultPruneN;
    int32_t m = kDefaultPruneM;
    const ActivationStats* stats = nullptr;
};

// Writes one planned tensor into `dst`, pruning its rows as `method` says, and
// counts the zeros of the result.
Status writeTensor(const TensorInfo& t, const TensorPlan& p, const Method& method, uint8_t* dst, uint64_t& zeros)
{
    auto m = readMatrix(t);
    if (!m) return m.error();
    const int64_t srcCols = static_cast<int64_t>(t.shape[0]);
    std::vector<double> scale;
    if (method.kind == PruningMethod::Wanda) {
        scale = method.stats->columnNorms(t.name);
        if (static_cast<int64_t>(scale.size()) != srcCols)
            return makeError(ErrorCode::InvalidArgument, msg("prune.no_statistics", {{"name", t.name}}));
    }
    const int64_t k = std::llround(method.ratio * double(p.cols));
    const uint64_t dstRowBytes = kernels::bytesFor(p.target, static_cast<uint64_t>(p.cols));
    std::vector<float> row(static_cast<size_t>(p.cols));
    for (int64_t r = 0; r < p.rows; ++r) {
        const int64_t srcRow = p.keepRows ? (*p.keepRows)[static_cast<size_t>(r)] : r;
        const float* src = m->data() + srcRow * srcCols;
        for (int64_t c = 0; c < p.cols; ++c) row[static_cast<size_t>(c)] = src[p.keepCols ? (*p.keepCols)[static_cast<size_t>(c)] : c];
        switch (method.kind) {
        case PruningMethod::Magnitude: pruneRowSmallest(row.data(), nullptr, p.cols, k); break;
        case PruningMethod::Wanda: pruneRowSmallest(row.data(), scale.data(), p.cols, k); break;
        case PruningMethod::NM: pruneRowNM(row.data(), p.cols, method.n, method.m); break;
        default: break;
        }
        zeros += static_cast<uint64_t>(std::count(row.begin(), row.end(), 0.0f));
        kernels::ref::quantizeRow(p.target, row.data(), dst + static_cast<uint64_t>(r) * dstRowBytes, p.cols);
    }
    return okStatus();
}

// Per-tensor adjustments of the unstructured methods: rounding to whole weights
// per row, or an N:M tail left dense.
void noteRowRounding(const TensorInfo& t, const Method& method, int64_t cols, std::vector<Adjustment>& adjustments)
{
    if (method.kind == PruningMethod::NM) {
        const int64_t tail = cols % method.m;
        if (tail != 0)
            adjustments.push_back(Adjustment{"pruning.m", t.name, std::to_string(method.n) + ":" + std::to_string(method.m),
                                             "last " + std::to_string(tail) + " columns dense",
                                             std::to_string(cols) + " columns is not a multiple of m = " +
                                                 std::to_string(method.m)});
        return;
    }
    const int64_t k = std::llround(method.ratio * double(cols));
    const double effective = double(k) / double(cols);
    if (std::fabs(effective - method.ratio) > 0.005)
        adjustments.push_back(Adjustment{"pruning.ratio", t.name, fmtNumber(method.ratio), fmtNumber(effective),
                                         "rows of " + std::to_string(cols) + " weights: " + std::to_string(k) +
                                             " zeroed per row"});
}

const char* methodStatement(PruningMethod method)
{
    if (method == PruningMethod::Structured)
        return "structured pruning removed whole channels and heads: the matrices are smaller, so weight memory and "
               "decode time drop";
    return "unstructured and N:M pruning change quality only: the dense kernels still multiply the zeros, so weight "
           "memory and decode speed are unchanged";
}

}  // namespace

Expected<PruningConfig> resolvePruningConfig(const PruningConfig& cfg)
{
    PruningConfig r = cfg;
    const PruningMethod method = cfg.method.value_or(PruningMethod::None);
    if (method == PruningMethod::Count) return makeError(ErrorCode::InvalidArgument, msg("pass.invalid_value", {{"key", "pruning.method"}}));
    r.method = method;
    r.scope = cfg.scope.value_or(PruningScope::All);
    if (*r.scope == PruningScope::Count) return makeError(ErrorCode::InvalidArgument, msg("pass.invalid_value", {{"key", "pruning.scope"}}));
    if (method == PruningMethod::None) return r;
    if (method == PruningMethod::NM) {
        if (cfg.ratio)
            return makeError(ErrorCode::InvalidArgument, msg("prune.ratio_with_nm"));
        r.n = cfg.n.value_or(kDefaultPruneN);
        r.m = cfg.m.value_or(kDefaultPruneM);
        if (*r.n < 1 || *r.m < 2 || *r.m > 64 || *r.n >= *r.m)
            return makeError(ErrorCode::InvalidArgument, msg("prune.bad_nm", {{"n", *r.n}, {"m", *r.m}}));
        return r;
    }
    if (!cfg.ratio)
        return makeError(ErrorCode::InvalidArgument, msg("prune.ratio_required", {{"method", enumName(method)}}));
    if (!(*cfg.ratio >= 0.0 && *cfg.ratio <= 0.9))
        return makeError(ErrorCode::InvalidArgument, msg("prune.ratio_range", {{"ratio", fmtNumber(*cfg.ratio)}}));
    return r;
}

bool pruningNeedsCalibration(const PruningConfig& cfg)
{
    return cfg.method == PruningMethod::Wanda || cfg.method == PruningMethod::Structured;
}

void pruneRowSmallest(float* row, const double* scale, int64_t cols, int64_t k)
{
    if (k <= 0) return;
    if (k >= cols) {
        std::fill(row, row + cols, 0.0f);
        return;
    }
    std::vector<double> score(static_cast<size_t>(cols));
    for (int64_t j = 0; j < cols; ++j) score[static_cast<size_t>(j)] = std::fabs(double(row[j])) * (scale ? scale[j] : 1.0);
    std::vector<int64_t> idx(static_cast<size_t>(cols));
    std::iota(idx.begin(), idx.end(), int64_t{0});
    const auto less = [&](int64_t a, int64_t b) {
        const double sa = score[static_cast<size_t>(a)], sb = score[static_cast<size_t>(b)];
        return sa < sb || (sa == sb && a < b);
    };
    std::nth_element(idx.begin(), idx.begin() + (k - 1), idx.end(), less);
    for (int64_t i = 0; i < k; ++i) row[idx[static_cast<size_t>(i)]] = 0.0f;
}

void pruneRowNM(float* row, int64_t cols, int32_t n, int32_t m)
{
    if (n >= m || m <= 0) return;
    std::vector<int32_t> idx(static_cast<size_t>(m));
    for (int64_t g = 0; g + m <= cols; g += m) {
        float* group = row + g;
        std::iota(idx.begin(), idx.end(), 0);
        // Largest |w| first; ties keep the lower index.
        std::stable_sort(idx.begin(), idx.end(),
                         [&](int32_t a, int32_t b) { return std::fabs(group[a]) > std::fabs(group[b]); });
        for (int32_t i = n; i < m; ++i) group[idx[static_cast<size_t>(i)]] = 0.0f;
    }
}

Expected<std::vector<TensorInfo>> plannedPrunedTensors(const ModelConfig& config, const std::vector<TensorInfo>& tensors,
                                                       const PruningConfig& requested, const std::string& path)
{
    auto resolved = resolvePruningConfig(requested);
    if (!resolved) return resolved.error();
    const PruningConfig& cfg = *resolved;
    std::vector<TensorInfo> out = tensors;
    for (TensorInfo& t : out) t.data = nullptr;
    if (*cfg.method == PruningMethod::None) return out;
    if (pruningNeedsCalibration(cfg)) ENGINE_TRY(checkCalibratable(config, path, *cfg.method));
    PruneReport report;
    std::optional<StructuredPlan> structured;
    if (*cfg.method == PruningMethod::Structured) {
        if (config.nLayers < 1 || config.hiddenDim < 1 || config.nKvHeads < 1 || config.nHeads % config.nKvHeads != 0)
            return makeError(ErrorCode::InvalidArgument, msg("prune.structured_shape", {{"path", path}}));
        auto counts = planStructuredCounts(config, tensors, path, cfg, report);
        if (!counts) return counts.error();
        structured = std::move(*counts);
        // Which units go needs the weights; how many (all the shape depends on) does not.
        LayerKeep keep;
        keep.ffn.resize(static_cast<size_t>(structured->shape.ffnAfter));
        std::iota(keep.ffn.begin(), keep.ffn.end(), int64_t{0});
        std::vector<int64_t> groups(static_cast<size_t>(structured->shape.kvHeadsAfter));
        std::iota(groups.begin(), groups.end(), int64_t{0});
        const LayerKeep rows = attentionRows(groups, config);
        keep.qRows = rows.qRows;
        keep.kvRows = rows.kvRows;
        structured->layers.assign(static_cast<size_t>(config.nLayers), keep);
    }
    const std::vector<TensorPlan> plans = planTensors(tensors, cfg, structured ? &*structured : nullptr, report);
    for (size_t i = 0; i < out.size(); ++i) {
        const TensorPlan& p = plans[i];
        if (!p.rewrite) continue;
        out[i].type = p.target;
        out[i].shape = {static_cast<uint64_t>(p.cols), static_cast<uint64_t>(p.rows)};
        out[i].bytes = kernels::bytesFor(p.target, static_cast<uint64_t>(p.rows * p.cols));
    }
    return out;
}

Expected<PrunedModel> pruneWeights(const ModelFile& source, const PruningConfig& requested, const PruneOptions& options)
{
    auto resolved = resolvePruningConfig(requested);
    if (!resolved) return resolved.error();
    const PruningConfig& cfg = *resolved;
    Method method;
    method.kind = *cfg.method;
    method.ratio = cfg.ratio.value_or(0.0);
    method.n = cfg.n.value_or(kDefaultPruneN);
    method.m = cfg.m.value_or(kDefaultPruneM);
    method.stats = options.calibration;
    if (method.kind == PruningMethod::Wanda && !method.stats)
        return makeError(ErrorCode::InvalidArgument, msg("prune.wanda_needs_activations"));

    if (pruningNeedsCalibration(cfg)) {
        auto arch = ModelConfig::fromModelFile(source);
        if (arch) ENGINE_TRY(checkCalibratable(*arch, source.path, method.kind));
    }

    PrunedModel out;
    out.file = source;
    PruneReport& report = out.report;
    report.method = method.kind;
    for (const TensorInfo& t : source.tensors) report.bytesBefore += t.bytes;
    if (method.kind == PruningMethod::None) {
        report.bytesAfter = report.bytesBefore;
        report.notes.push_back("pruning.method none: weights unchanged");
        return out;
    }

    std::optional<StructuredPlan> structured;
    if (method.kind == PruningMethod::Structured) {
        auto sp = planStructured(source, cfg, options, report);
        if (!sp) return sp.error();
        structured = std::move(*sp);
        report.structured = structured->shape;
        if (options.calibration) report.calibrationTokens = options.calibration->tokens;
    }
    if (method.kind == PruningMethod::Wanda) report.calibrationTokens = method.stats->tokens;

    // Plan every tensor, then write each rewritten one into its own allocation.
    const std::vector<TensorPlan> plans = planTensors(source.tensors, cfg, structured ? &*structured : nullptr, report);
    auto storage = std::make_shared<TensorStorage>(source);
    const StorageReleaseGuard releaseOnEarlyReturn(storage);

    std::set<DType> dequantizedFrom;
    for (size_t i = 0; i < source.tensors.size(); ++i) {
        if (options.cancel && options.cancel->load()) return makeError(ErrorCode::Cancelled, msg("prune.cancelled"));
        const TensorInfo& src = source.tensors[i];
        TensorInfo& dst = out.file.tensors[i];
        const TensorPlan& p = plans[i];
        TensorPruneRecord rec;
        rec.name = src.name;
        rec.state = p.state;
        rec.sourceType = rec.targetType = src.type;
        rec.shapeBefore = rec.shapeAfter = src.shape;
        rec.bytesBefore = rec.bytesAfter = src.bytes;
        rec.elements = src.elements();
        if (p.rewrite) {
            const uint64_t bytes = kernels::bytesFor(p.target, static_cast<uint64_t>(p.rows * p.cols));
            uint8_t* data = storage->allocate(bytes);
            if (!data)
                return makeError(ErrorCode::OutOfRange,
                                 msg("prune.allocate", {{"bytes", formatBytes(bytes)}, {"name", src.name}}));
            ENGINE_TRY(writeTensor(src, p, method, data, rec.zeros));
            dst.type = p.target;
            dst.shape = {static_cast<uint64_t>(p.cols), static_cast<uint64_t>(p.rows)};
            dst.data = data;
            dst.bytes = bytes;
            dst.fileOffset = 0;
            dst.layout = RowLayout::Stored;
            rec.targetType = dst.type;
            rec.shapeAfter = dst.shape;
            rec.bytesAfter = dst.bytes;
            rec.elements = dst.elements();
            report.prunedElements += rec.elements;
            report.prunedZeros += rec.zeros;
            if (kernels::traitsOf(src.type).quantized) dequantizedFrom.insert(src.type);
            if (!structured) noteRowRounding(src, method, p.cols, report.adjustments);
        }
        report.bytesAfter += dst.bytes;
        if (isMatrix(src)) report.tensors.push_back(std::move(rec));
        if (options.progress) options.progress(i + 1, source.tensors.size());
    }

    for (const DType t : dequantizedFrom)
        report.notes.push_back("source is " + std::string(kernels::dtypeName(t)) +
                               ": the pruned matrices were dequantized to F32 first (quantize again after pruning)");
    report.notes.push_back(methodStatement(method.kind));
    if (structured) {
        const std::string p = source.architecture() + ".";
        const StructuredShape& s = structured->shape;
        out.file.setMeta(p + "feed_forward_length", MetaValue::u32(static_cast<uint32_t>(s.ffnAfter)));
        out.file.setMeta(p + "attention.head_count", MetaValue::u32(static_cast<uint32_t>(s.headsAfter)));
        out.file.setMeta(p + "attention.head_count_kv", MetaValue::u32(static_cast<uint32_t>(s.kvHeadsAfter)));
        out.file.setMeta(p + "attention.key_length", MetaValue::u32(static_cast<uint32_t>(s.headDim)));
        out.file.setMeta(p + "attention.value_length", MetaValue::u32(static_cast<uint32_t>(s.headDim)));
    }
    out.file.ownedStorage = std::move(storage);
    out.file.dataOffset = 0;
    out.file.rebuildIndex();
    return out;
}

Expected<PrunedModel> pruneModel(const ModelFile& source, const PruningConfig& cfg, const PruneRunOptions& options)
{
    auto resolved = resolvePruningConfig(cfg);
    if (!resolved) return resolved.error();
    PruneOptions po;
    po.cancel = options.cancel;
    po.progress = options.progress;
    if (!pruningNeedsCalibration(*resolved)) return pruneWeights(source, *resolved, po);

    std::string text = options.calibrationText;
    std::string origin = "caller-given text (" + std::to_string(text.size()) + " bytes)";
    if (text.empty()) {
        auto path = locateBundledEvalText("stories.txt");
        if (!path)
            return makeError(ErrorCode::NotFound, msg("prune.needs_text", {{"method", enumName(*resolved->method)},
                                                                          {"cause", messageOf(path.error())}}));
        auto read = readTextFile(*path, "calibration text", kMaxTextFileBytes);
        if (!read) return read.error();
        text = std::move(*read);
        origin = *path;
    }
    std::unique_ptr<kernels::Ops> ownOps;
    const kernels::Ops* ops = options.ops;
    if (!ops) {
        const unsigned hw = std::thread::hardware_concurrency();
        ownOps = kernels::makeCpuOps(options.threads > 0 ? options.threads : static_cast<int>(hw ? hw : 1));
        ops = ownOps.get();
    }
    CalibrationOptions calibration = options.calibration;
    calibration.cancel = options.cancel;
    auto stats = calibrateOnText(std::make_shared<const ModelFile>(source), text, *ops, calibration);
    if (!stats) return makeError(stats.error().code, msg("prune.calibration", {{"cause", messageOf(stats.error())}}));
    po.calibration = &*stats;
    auto pruned = pruneWeights(source, *resolved, po);
    if (pruned) {
        pruned->report.calibrationSource = origin;
        pruned->report.notes.push_back(std::string(enumName(resolved->method.value_or(PruningMethod::None))) +
                                       " calibrated on " + std::to_string(stats->tokens) + " tokens of " + origin);
    }
    return pruned;
}

}  // namespace engine
