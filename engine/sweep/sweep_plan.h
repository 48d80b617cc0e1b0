#pragma once
// Sweeps over knob grids: the plan. A grid is one or more axes, each a
// profile path ("weights.dtype", "kv_cache.mode", "devices.threads") with the
// values to try; the points are every combination, applied to a base profile.
// A point the profile validator refuses is kept in the plan, skipped, with the
// validator's words as its reason.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"

namespace engine::sweep {

struct Axis {
    std::string key;                    // a profile path: "weights.group_size"
    std::vector<nlohmann::json> values;  // numbers, booleans or strings as written
};

// "KEY=V1,V2,...": numbers and true/false become JSON numbers / booleans,
// anything else a string. Errors say what is missing.
Expected<Axis> parseAxis(std::string_view spec);
// A knob value as text: strings bare, the rest as JSON ("int8", "4", "true").
std::string valueText(const nlohmann::json& value);

struct Point {
    int32_t index = 0;
    std::vector<std::pair<std::string, nlohmann::json>> settings;  // one per axis, in axis order
    nlohmann::json profile;       // the base with the settings applied
    std::optional<Profile> parsed;
    std::string skipReason;       // set: the validator refused the point; it is not run

    // "weights.dtype=int8 · kv_cache.mode=paged"
    std::string label() const;
    // What decides the weights the point runs (weights, pruning, devices,
    // batching.max_batch): points with equal keys share one loaded model.
    std::string loadKey() const;
};

// Every combination of the axes' values (the last axis varies fastest),
// applied to `base` (a profile document; {} for none). At most kMaxPoints.
inline constexpr size_t kMaxPoints = 4096;
Expected<std::vector<Point>> expandGrid(const nlohmann::json& base, const std::vector<Axis>& axes);

}  // namespace engine::sweep
