// The prune pass's report as text (the CLI) and as JSON.
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/passes/prune_pass.h"

namespace engine {

namespace {

std::string percent(double fraction)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * fraction);
    return buf;
}

}  // namespace

const char* pruneStateName(PruneState state)
{
    switch (state) {
    case PruneState::Pruned: return "pruned";
    case PruneState::Excluded: return "excluded";
    case PruneState::OutOfScope: return "out of scope";
    case PruneState::Kept: return "kept";
    case PruneState::Count: break;
    }
    return "?";
}

std::string formatPruneReport(const PruneReport& r)
{
    std::ostringstream os;
    os << "pruning: " << enumName(r.method) << '\n';
    for (const TensorPruneRecord& t : r.tensors) {
        os << t.name << "  " << pruneStateName(t.state);
        if (t.state == PruneState::Pruned && !r.structured) os << "  " << percent(t.sparsity()) << " zeros";
        TensorInfo before{t.name, t.sourceType, t.shapeBefore}, after{t.name, t.targetType, t.shapeAfter};
        os << "  " << before.shapeString() << " -> " << after.shapeString() << "  "
           << kernels::dtypeName(t.sourceType) << " -> " << kernels::dtypeName(t.targetType) << "  " << t.bytesBefore
           << " -> " << t.bytesAfter << " bytes\n";
    }
    if (r.prunedElements && !r.structured) os << "sparsity of the pruned matrices: " << percent(r.sparsity()) << '\n';
    if (r.structured) {
        const StructuredShape& s = *r.structured;
        os << "ffn channels " << s.ffnBefore << " -> " << s.ffnAfter << ", heads " << s.headsBefore << "/"
           << s.kvHeadsBefore << " -> " << s.headsAfter << "/" << s.kvHeadsAfter << " (head " << s.headDim << ")\n";
    }
    os << "total: " << r.bytesBefore << " -> " << r.bytesAfter << " bytes";
    if (r.bytesBefore > 0) os << " (" << percent(double(r.bytesAfter) / double(r.bytesBefore)) << ")";
    os << '\n';
    for (const std::string& e : r.excluded) os << "excluded: " << e << '\n';
    for (const Adjustment& a : r.adjustments) os << "adjustment: " << a.describe() << '\n';
    for (const std::string& n : r.notes) os << "note: " << n << '\n';
    return os.str();
}

std::string pruneReportJson(const PruneReport& r)
{
    nlohmann::json j;
    j["method"] = enumName(r.method);
    nlohmann::json tensors = nlohmann::json::array();
    for (const TensorPruneRecord& t : r.tensors) {
        nlohmann::json e = {{"name", t.name},
                            {"state", pruneStateName(t.state)},
                            {"source_type", std::string(kernels::dtypeName(t.sourceType))},
                            {"target_type", std::string(kernels::dtypeName(t.targetType))},
                            {"shape_before", t.shapeBefore},
                            {"shape_after", t.shapeAfter},
                            {"bytes_before", t.bytesBefore},
                            {"bytes_after", t.bytesAfter}};
        if (t.state == PruneState::Pruned) e["sparsity"] = t.sparsity();
        tensors.push_back(std::move(e));
    }
    j["tensors"] = std::move(tensors);
    j["bytes_before"] = r.bytesBefore;
    j["bytes_after"] = r.bytesAfter;
    j["sparsity"] = r.sparsity();
    if (r.structured) {
        const StructuredShape& s = *r.structured;
        j["structured"] = {{"ffn_before", s.ffnBefore},       {"ffn_after", s.ffnAfter},
                           {"heads_before", s.headsBefore},   {"heads_after", s.headsAfter},
                           {"kv_heads_before", s.kvHeadsBefore}, {"kv_heads_after", s.kvHeadsAfter},
                           {"head_dim", s.headDim}};
    }
    if (r.calibrationTokens > 0) j["calibration"] = {{"tokens", r.calibrationTokens}, {"source", r.calibrationSource}};
    j["excluded"] = r.excluded;
    nlohmann::json adjustments = nlohmann::json::array();
    for (const Adjustment& a : r.adjustments) adjustments.push_back(a.describe());
    j["adjustments"] = std::move(adjustments);
    j["notes"] = r.notes;
    return j.dump(2) + "\n";
}

}  // namespace engine
