#include "engine/sweep/sweep_select.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/common/message_catalog.h"

namespace engine::sweep {

Stat summarize(const std::vector<double>& samples)
{
    Stat s;
    s.n = int32_t(samples.size());
    if (samples.empty()) return s;
    double sum = 0.0;
    for (double v : samples) sum += v;
    s.mean = sum / double(s.n);
    if (s.n < 2) return s;
    double squares = 0.0;
    for (double v : samples) squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / double(s.n - 1));
    s.ci95 = tQuantile975(s.n - 1) * s.sd / std::sqrt(double(s.n));
    return s;
}

double tQuantile975(int32_t dof)
{
    // Student's t, two-sided 95 % (upper 0.975 quantile), dof 1..30, then a
    // few larger ones; between those the next smaller dof's (conservative) value.
    static const double kSmall[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                    2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                    2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (dof < 1) return 0.0;
    if (dof <= 30) return kSmall[dof - 1];
    if (dof < 40) return 2.042;
    if (dof < 60) return 2.021;
    if (dof < 120) return 2.000;
    return 1.980;
}

const std::vector<MetricInfo>& metrics()
{
    static const std::vector<MetricInfo> kMetrics = {
        {"pp_tok_s", Better::Higher, "prompt processing, tokens/s (one prefill of -p tokens)"},
        {"tg_tok_s", Better::Higher, "decode, tokens/s (-n single-token steps)"},
        {"ttft_ms", Better::Lower, "time to the first token: the prefill, ms"},
        {"itl_ms", Better::Lower, "mean time per decode step, ms"},
        {"ttft_p50_ms", Better::Lower, "serving: median time to the first token over the workload's requests, ms"},
        {"ttft_p99_ms", Better::Lower, "serving: 99th percentile time to the first token, ms"},
        {"itl_p50_ms", Better::Lower, "serving: median inter-token latency over every gap of every request, ms"},
        {"itl_p99_ms", Better::Lower, "serving: 99th percentile inter-token latency, ms"},
        {"e2e_p50_ms", Better::Lower, "serving: median request latency, arrival to last token, ms"},
        {"e2e_p99_ms", Better::Lower, "serving: 99th percentile request latency, ms"},
        {"output_tok_s", Better::Higher, "serving: output tokens/s over the workload's wall span"},
        {"req_s", Better::Higher, "serving: requests/s over the workload's wall span"},
        {"mean_batch", Better::Higher, "serving: mean sequences per forward pass"},
        {"preempted_sequences", Better::Lower, "serving: sequences preempted because the paged pool ran out"},
        {"kv_peak_bytes", Better::Lower, "serving: most KV cache bytes in use at once"},
        {"weights_bytes", Better::Lower, "weights as the model runs them"},
        {"kv_bytes", Better::Lower, "KV cache allocated (-p + -n tokens, or the scheduler's cache when serving)"},
        {"workspace_bytes", Better::Lower, "activation workspace of every device"},
        {"memory_bytes", Better::Lower, "weights + KV + workspace"},
        {"load_ms", Better::Lower, "model load with the point's weight passes, ms"},
        {"kld_mean", Better::Lower, "mean KL divergence from the unoptimised model, nats"},
        {"kld_median", Better::Lower, "median KL divergence, nats"},
        {"kld_p99", Better::Lower, "99th percentile KL divergence, nats"},
        {"kld_p99_9", Better::Lower, "99.9th percentile KL divergence, nats"},
        {"kld_max", Better::Lower, "largest KL divergence, nats"},
        {"rms_dp", Better::Lower, "RMS change of the right token's probability"},
        {"top1", Better::Higher, "share of positions whose most likely token is the unoptimised model's"},
        {"top1_stderr", Better::Lower, "standard error of top1"},
        {"ppl", Better::Lower, "perplexity over the quality text"},
        {"ppl_ratio", Better::Lower, "perplexity / the unoptimised model's"},
        {"ppl_ratio_stderr", Better::Lower, "standard error of ppl_ratio"},
    };
    return kMetrics;
}

const MetricInfo* findMetric(std::string_view name)
{
    for (const MetricInfo& m : metrics())
        if (m.name == name) return &m;
    return nullptr;
}

bool isServingMetric(std::string_view name)
{
    const MetricInfo* m = findMetric(name);
    return m && m->description.substr(0, 9) == "serving: ";
}

bool isPpTgMetric(std::string_view name)
{
    return name == "pp_tok_s" || name == "tg_tok_s" || name == "ttft_ms" || name == "itl_ms";
}

std::optional<Message> metricUnavailableMessage(std::string_view metric, bool serving)
{
    if (serving && isPpTgMetric(metric))
        return msg("sweep.metric_needs_pptg", {{"metric", std::string(metric)}});
    if (!serving && isServingMetric(metric)) return msg("sweep.metric_needs_workload", {{"metric", std::string(metric)}});
    return std::nullopt;
}

std::string metricUnavailable(std::string_view metric, bool serving)
{
    const std::optional<Message> why = metricUnavailableMessage(metric, serving);
    return why ? englishText(*why) : std::string();
}

bool Constraint::holds(double v) const
{
    switch (op) {
    case Op::Le: return v <= value;
    case Op::Lt: return v < value;
    case Op::Ge: return v >= value;
    case Op::Gt: return v > value;
    }
    return false;
}

Message metricMessage(const std::string& name)
{
    const std::string id = "metric." + name;
    if (messageTemplate(id).empty()) return plainMessage(name);
    return Message{id, {}, {}};
}

Expected<Constraint> parseConstraint(std::string_view expr)
{
    const auto bad = [&](Message why) {
        return makeError(ErrorCode::InvalidArgument,
                         msg("sweep.bad_constraint", {{"constraint", expr}, {"cause", std::move(why)}}));
    };
    const size_t at = expr.find_first_of("<>");
    if (at == std::string_view::npos || at == 0) return bad(msg("sweep.constraint_syntax"));
    Constraint c;
    c.text = std::string(expr);
    c.metric = std::string(expr.substr(0, at));
    if (!findMetric(c.metric)) return bad(msg("sweep.unknown_metric", {{"metric", c.metric}}));
    const bool orEqual = at + 1 < expr.size() && expr[at + 1] == '=';
    c.op = expr[at] == '<' ? (orEqual ? Constraint::Op::Le : Constraint::Op::Lt)
                           : (orEqual ? Constraint::Op::Ge : Constraint::Op::Gt);
    std::string value(expr.substr(at + (orEqual ? 2 : 1)));
    double scale = 1.0;
    for (const auto& [suffix, factor] : {std::pair{"GiB", 1073741824.0}, std::pair{"MiB", 1048576.0},
                                         std::pair{"KiB", 1024.0}, std::pair{"%", 0.01}}) {
        const std::string s = suffix;
        if (value.size() > s.size() && value.compare(value.size() - s.size(), s.size(), s) == 0) {
            value.resize(value.size() - s.size());
            scale = factor;
            break;
        }
    }
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(v))
        return bad(msg("sweep.not_a_number", {{"value", value}}));
    c.value = v * scale;
    return c;
}

std::optional<double> PointMetrics::mean(const std::string& metric) const
{
    const auto it = metrics.find(metric);
    if (it == metrics.end() || it->second.n == 0) return std::nullopt;
    return it->second.mean;
}

namespace {

// a is at least as good as b on `metric`: -1 worse, 0 equal, 1 better.
int compareOn(const PointMetrics& a, const PointMetrics& b, const std::string& metric)
{
    const double x = *a.mean(metric), y = *b.mean(metric);
    if (x == y) return 0;
    const bool higher = findMetric(metric)->better == Better::Higher;
    return (x > y) == higher ? 1 : -1;
}

bool hasAll(const PointMetrics& p, const std::vector<std::string>& names)
{
    return std::all_of(names.begin(), names.end(), [&](const std::string& m) { return p.mean(m).has_value(); });
}

std::string ratioText(double ratio)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fx", ratio);
    return buf;
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

}  // namespace

std::vector<int32_t> paretoFrontier(const std::vector<PointMetrics>& points, const std::vector<std::string>& objectives)
{
    std::vector<int32_t> out;
    for (const PointMetrics& p : points) {
        if (!hasAll(p, objectives)) continue;
        bool dominated = false;
        for (const PointMetrics& q : points) {
            if (&q == &p || !hasAll(q, objectives)) continue;
            bool noWorse = true, better = false;
            for (const std::string& m : objectives) {
                const int c = compareOn(q, p, m);
                noWorse = noWorse && c >= 0;
                better = better || c > 0;
            }
            if (noWorse && better) {
                dominated = true;
                break;
            }
        }
        if (!dominated) out.push_back(p.index);
    }
    return out;
}

std::optional<int32_t> bestPoint(const std::vector<PointMetrics>& points, const std::vector<Constraint>& constraints,
                                 const std::string& objective)
{
    const PointMetrics* best = nullptr;
    for (const PointMetrics& p : points) {
        if (!p.mean(objective)) continue;
        const bool ok = std::all_of(constraints.begin(), constraints.end(), [&](const Constraint& c) {
            const auto v = p.mean(c.metric);
            return v && c.holds(*v);
        });
        if (ok && (!best || compareOn(p, *best, objective) > 0)) best = &p;
    }
    return best ? std::optional<int32_t>(best->index) : std::nullopt;
}

bool Selection::onFrontier(int32_t index) const
{
    return std::find(frontier.begin(), frontier.end(), index) != frontier.end();
}

Selection selectPoints(const std::vector<PointMetrics>& points, const std::vector<Constraint>& constraints,
                       const std::string& objective, bool withQuality)
{
    Selection s;
    s.objectives = {objective};
    for (const char* m : {"weights_bytes", "kld_mean"})
        if (objective != m && (std::string(m) != "kld_mean" || withQuality)) s.objectives.push_back(m);
    s.frontier = paretoFrontier(points, s.objectives);
    s.best = bestPoint(points, constraints, objective);
    if (!s.best) return s;
    const auto byIndex = [](const std::vector<PointMetrics>& list, std::optional<int32_t> index) {
        const auto it = std::find_if(list.begin(), list.end(),
                                     [&](const PointMetrics& p) { return index && p.index == *index; });
        return it == list.end() ? nullptr : &*it;
    };
    std::vector<PointMetrics> others;
    for (const PointMetrics& p : points)
        if (p.index != *s.best) others.push_back(p);
    s.why = recommendationMessage(*byIndex(points, s.best), points.front(), constraints, objective,
                                  byIndex(others, bestPoint(others, constraints, objective)));
    s.reason = englishText(s.why);
    return s;
}

bool withinNoise(const PointMetrics& a, const PointMetrics& b, const std::string& metric)
{
    const auto x = a.metrics.find(metric), y = b.metrics.find(metric);
    if (x == a.metrics.end() || y == b.metrics.end()) return false;
    return std::abs(x->second.mean - y->second.mean) < x->second.ci95 + y->second.ci95;
}

namespace {

// "3.50x less weight memory, 2.10x faster decode": how far the best point is
// from the reference, either way; nullopt when nothing differs.
std::optional<Message> ratiosAgainst(const PointMetrics& best, const PointMetrics& reference)
{
    std::optional<Message> out;
    const auto ratio = [&](const char* metric, MessageId less, MessageId more) {
        const auto a = best.mean(metric), b = reference.mean(metric);
        if (!a || !b || *a <= 0.0 || *b <= 0.0 || *a == *b) return;
        Message item = msg(*a < *b ? less : more, {{"ratio", ratioText(*a > *b ? *a / *b : *b / *a)}});
        out = out ? msg("context.comma_pair", {{"first", std::move(*out)}, {"second", std::move(item)}}) : item;
    };
    ratio("weights_bytes", "sweep.less_weight_memory", "sweep.more_weight_memory");
    ratio("tg_tok_s", "sweep.slower_decode", "sweep.faster_decode");
    ratio("pp_tok_s", "sweep.slower_prompt", "sweep.faster_prompt");
    ratio("output_tok_s", "sweep.lower_serving_throughput", "sweep.higher_serving_throughput");
    ratio("ttft_p99_ms", "sweep.lower_ttft_p99", "sweep.higher_ttft_p99");
    return out;
}

}  // namespace

Message recommendationMessage(const PointMetrics& best, const PointMetrics& reference,
                              const std::vector<Constraint>& constraints, const std::string& objective,
                              const PointMetrics* runnerUp)
{
    std::vector<Message> parts;
    parts.push_back(msg("sweep.best", {{"label", best.label},
                                       {"metric", metricMessage(objective)},
                                       {"value", number(*best.mean(objective))}}));
    if (best.index != reference.index) {
        if (std::optional<Message> ratios = ratiosAgainst(best, reference))
            parts.push_back(msg("sweep.against", {{"label", reference.label}, {"changes", std::move(*ratios)}}));
    }
    for (const Constraint& c : constraints)
        if (const auto v = best.mean(c.metric))
            parts.push_back(msg("sweep.meets", {{"metric", metricMessage(c.metric)}, {"value", number(*v)}, {"constraint", c.text}}));
    Message list = msg("context.list", {{"items", std::move(parts)}});
    if (runnerUp && withinNoise(best, *runnerUp, objective))
        return msg("sweep.within_noise", {{"recommendation", std::move(list)},
                                          {"label", runnerUp->label},
                                          {"value", number(*runnerUp->mean(objective))}});
    return msg("context.sentence", {{"text", std::move(list)}});
}

std::string recommendation(const PointMetrics& best, const PointMetrics& reference,
                           const std::vector<Constraint>& constraints, const std::string& objective,
                           const PointMetrics* runnerUp)
{
    return englishText(recommendationMessage(best, reference, constraints, objective, runnerUp));
}

}  // namespace engine::sweep
