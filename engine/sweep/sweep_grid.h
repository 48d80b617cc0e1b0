#pragma once
// Sweeps: one metric laid out over the grid, for line charts (one knob) and
// heat maps (two knobs, the third fixed at one of its values). Each cell says
// what became of its point (measured, skipped, failed, not yet measured), its
// summary, and whether it is the best cell or within the noise of the best
// (the 95 % intervals of the two means overlap or touch; equal means are a
// tie): such a cell is not shown to be worse.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/sweep/sweep_plan.h"
#include "engine/sweep/sweep_select.h"

namespace engine::sweep {

enum class CellState { Pending, Measured, Skipped, Failed, Count };

struct GridCell {
    int32_t index = 0;  // the point
    CellState state = CellState::Pending;
    std::optional<Stat> stat;  // Measured with the metric
    std::string reason;        // Skipped / Failed: why
    bool best = false;
    bool withinNoiseOfBest = false;  // not the best, but not distinguishable from it
};

struct MetricGrid {
    std::string metric;
    std::vector<std::string> xValues;  // the first knob's values as text
    std::vector<std::string> yValues;  // the second knob's; empty for a one-knob grid
    std::vector<GridCell> cells;       // row-major: cells[y * xValues.size() + x]

    const GridCell& at(size_t x, size_t y) const { return cells[y * xValues.size() + x]; }
};

// `metric` over axes[0] (x) and axes[1] (y), with axes[2] (if any) fixed at
// value index `third`; `lines` are a sweep's point and sample lines.
MetricGrid metricGrid(const std::vector<Axis>& axes, const std::vector<nlohmann::json>& lines,
                      const std::string& metric, size_t third = 0);

}  // namespace engine::sweep
