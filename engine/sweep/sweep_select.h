#pragma once
// Sweeps: statistics over repetitions, constraints, the Pareto frontier and
// the recommended point.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/expected.h"

namespace engine::sweep {

// Mean, sample standard deviation and the half-width of the 95 % confidence
// interval of the mean (Student's t with n - 1 degrees of freedom; 0 for one sample).
struct Stat {
    int32_t n = 0;
    double mean = 0.0;
    double sd = 0.0;
    double ci95 = 0.0;
};
Stat summarize(const std::vector<double>& samples);
// Student's t 0.975 quantile for `dof` degrees of freedom (dof >= 1).
double tQuantile975(int32_t dof);

enum class Better { Lower, Higher };

struct MetricInfo {
    std::string_view name;  // as in results and constraints: "tg_tok_s"
    Better better;
    std::string_view description;
};
// Every metric a sweep point can carry.
const std::vector<MetricInfo>& metrics();
const MetricInfo* findMetric(std::string_view name);
// A metric's name for people: catalogued as "metric.<name>" (its English is the
// identifier itself, as the CLI prints it); an unknown name as it is.
Message metricMessage(const std::string& name);
// Metrics only a serving workload measures (ttft_p99_ms, output_tok_s, ...),
// and those only the pp / tg measurement does (pp_tok_s, tg_tok_s, ttft_ms, itl_ms).
bool isServingMetric(std::string_view name);
bool isPpTgMetric(std::string_view name);
// Why `metric` cannot be measured by a sweep with (serving) or without a
// workload; empty when it can.
std::string metricUnavailable(std::string_view metric, bool serving);
// The same as a catalogued message; nullopt when the metric can be measured.
std::optional<Message> metricUnavailableMessage(std::string_view metric, bool serving);

struct Constraint {
    std::string metric;
    enum class Op { Le, Lt, Ge, Gt } op = Op::Le;
    double value = 0.0;
    std::string text;  // as written: "kld_mean<=0.01"

    bool holds(double v) const;
};
// "kld_mean<=0.01", "weights_bytes<=400MiB" (KiB, MiB, GiB), "top1>=99%" (% divides by 100).
Expected<Constraint> parseConstraint(std::string_view expr);

// A point's summarized metrics (means are compared); only points that ran.
struct PointMetrics {
    int32_t index = 0;
    std::string label;
    std::map<std::string, Stat> metrics;

    std::optional<double> mean(const std::string& metric) const;
};

// Indices of the points no other point dominates over `objectives` (at least
// as good in every objective and better in one); points lacking an objective
// metric are left out.
std::vector<int32_t> paretoFrontier(const std::vector<PointMetrics>& points, const std::vector<std::string>& objectives);

// The point that satisfies every constraint with the best `objective` (ties:
// the lower index); nullopt when none does.
std::optional<int32_t> bestPoint(const std::vector<PointMetrics>& points, const std::vector<Constraint>& constraints,
                                 const std::string& objective);

// One paragraph on why `best` was chosen, set against `reference` (the first
// point of the grid): "weights.dtype=int8: best tg_tok_s (…); against
// weights.dtype=f32: 3.50x less weight memory, 1.80x faster decode; kld_mean
// 0.0007 meets kld_mean<=0.01." When the next best point under the
// constraints (`runnerUp`) is within the noise — the 95 % intervals of the two
// means overlap — it says so: the pick is then a tie, not a finding.
Message recommendationMessage(const PointMetrics& best, const PointMetrics& reference,
                              const std::vector<Constraint>& constraints, const std::string& objective,
                              const PointMetrics* runnerUp = nullptr);
std::string recommendation(const PointMetrics& best, const PointMetrics& reference,
                           const std::vector<Constraint>& constraints, const std::string& objective,
                           const PointMetrics* runnerUp = nullptr);

// What a finished (or growing) sweep says, for the CLI and the workbench alike:
// the frontier over the objective, weights_bytes and (with quality) kld_mean;
// the best point under the constraints; and why it was chosen, against the
// grid's first point and with the runner-up's noise considered. No best: an
// empty reason.
struct Selection {
    std::vector<std::string> objectives;
    std::vector<int32_t> frontier;
    std::optional<int32_t> best;
    std::string reason;  // English
    Message why;         // the reason as data, for the app to translate

    bool onFrontier(int32_t index) const;
};
Selection selectPoints(const std::vector<PointMetrics>& points, const std::vector<Constraint>& constraints,
                       const std::string& objective, bool withQuality);

// Whether the means of `metric` of a and b differ by less than the sum of their 95 % half-intervals.
bool withinNoise(const PointMetrics& a, const PointMetrics& b, const std::string& metric);

}  // namespace engine::sweep
