#include "engine/sweep/sweep_grid.h"

#include <cmath>
#include <map>

#include "engine/sweep/sweep_runner.h"

namespace engine::sweep {

using nlohmann::json;

MetricGrid metricGrid(const std::vector<Axis>& axes, const std::vector<json>& lines, const std::string& metric,
                      size_t third)
{
    MetricGrid grid;
    grid.metric = metric;
    if (axes.empty()) return grid;
    for (const json& v : axes[0].values) grid.xValues.push_back(valueText(v));
    if (axes.size() > 1)
        for (const json& v : axes[1].values) grid.yValues.push_back(valueText(v));
    const size_t nx = grid.xValues.size(), ny = std::max<size_t>(1, grid.yValues.size());
    const size_t nz = axes.size() > 2 ? axes[2].values.size() : 1;
    if (third >= nz) third = 0;

    std::map<int32_t, const json*> pointLines;
    for (const json& line : lines)
        if (line.value("kind", "") == "point" && line.contains("index")) pointLines[line.value("index", -1)] = &line;
    std::map<int32_t, PointMetrics> measured;
    for (PointMetrics& p : aggregate(lines)) measured[p.index] = std::move(p);

    grid.cells.resize(nx * ny);
    for (size_t y = 0; y < ny; ++y)
        for (size_t x = 0; x < nx; ++x) {
            // expandGrid's order: the last axis varies fastest.
            GridCell& c = grid.cells[y * nx + x];
            c.index = int32_t((x * ny + y) * nz + third);
            if (const auto it = pointLines.find(c.index); it != pointLines.end()) {
                const std::string status = it->second->value("status", "");
                c.state = status == "skipped" ? CellState::Skipped : status == "failed" ? CellState::Failed
                                                                                        : CellState::Measured;
                c.reason = it->second->value("reason", "");
            }
            if (const auto m = measured.find(c.index); m != measured.end()) {
                const auto s = m->second.metrics.find(metric);
                if (s != m->second.metrics.end() && s->second.n > 0) c.stat = s->second;
            }
        }

    const MetricInfo* info = findMetric(metric);
    GridCell* best = nullptr;
    for (GridCell& c : grid.cells) {
        if (!c.stat) continue;
        const bool better = !best || (info && info->better == Better::Higher ? c.stat->mean > best->stat->mean
                                                                             : c.stat->mean < best->stat->mean);
        if (better) best = &c;
    }
    if (!best) return grid;
    best->best = true;
    for (GridCell& c : grid.cells)
        if (c.stat && !c.best)
            c.withinNoiseOfBest = std::abs(c.stat->mean - best->stat->mean) <= c.stat->ci95 + best->stat->ci95;
    return grid;
}

}  // namespace engine::sweep
