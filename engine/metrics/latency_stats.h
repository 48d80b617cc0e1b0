#pragma once
// Serving metrics as pure functions over timestamps. The definitions, once:
//
//   TTFT  time to first token   = firstToken - start            (request start -> first token out)
//   ITL   inter-token latency   = t[i] - t[i-1] for i = 1..n-1   (every gap between consecutive tokens)
//   TPOT  time per output token = (e2e - TTFT) / (n - 1)         (undefined for n = 1: std::nullopt)
//   e2e   end-to-end latency    = end - start
//
// where t[0..n-1] are the times the n output tokens were produced, and all
// times are milliseconds on one clock. Over a set of requests:
//
//   prefill tok/s  = sum(prompt tokens) / sum(TTFT)
//   decode tok/s   = sum(output tokens - 1) / sum(end - first token)
//   output tok/s   = sum(output tokens) / wall span (earliest start -> latest end)
//   requests/s     = requests / wall span
//
// A run summary (summarizeRun) pools these over its requests: TTFT, TPOT and
// e2e are one value per request (TPOT only for requests with >= 2 tokens); ITL
// is every gap of every request, so long requests weigh more, as in vLLM's and
// llama.cpp's serving benchmarks.
//
// Percentiles use linear interpolation between closest ranks (numpy's default
// "linear" method): sort the n values v[0..n-1]; rank r = p/100 * (n - 1);
// result = v[floor(r)] + (r - floor(r)) * (v[floor(r)+1] - v[floor(r)]).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace engine {

// The timeline of one request, in ms on one clock.
struct RequestTimeline {
    double startMs = 0.0;
    std::vector<double> tokenMs;  // when each output token was produced
    double endMs = 0.0;           // when the request finished (>= the last token)
    int64_t promptTokens = 0;
};

struct RequestMetrics {
    double ttftMs = 0.0;
    std::vector<double> itlMs;     // n - 1 gaps
    std::optional<double> tpotMs;  // nullopt for fewer than 2 tokens
    double e2eMs = 0.0;
};

struct LatencySummary {
    double mean = 0.0;
    double p50 = 0.0;
    double p90 = 0.0;
    double p99 = 0.0;
    double min = 0.0;
    double max = 0.0;
    int64_t count = 0;  // 0: every other field is 0
};

struct Throughput {
    double prefillTokPerS = 0.0;
    double decodeTokPerS = 0.0;
    double outputTokPerS = 0.0;
    double requestsPerS = 0.0;
};

double ttftMs(double startMs, double firstTokenMs);
std::vector<double> interTokenLatenciesMs(std::span<const double> tokenMs);
std::optional<double> tpotMs(double e2eMs, double ttftMs, int64_t tokens);
RequestMetrics requestMetrics(const RequestTimeline& timeline);

// p in [0, 100]; nullopt for an empty list.
std::optional<double> percentile(std::span<const double> values, double p);
LatencySummary summarize(std::span<const double> values);

Throughput throughput(std::span<const RequestTimeline> requests);

struct RunSummary {
    int64_t requests = 0;
    int64_t promptTokens = 0;
    int64_t outputTokens = 0;
    double wallMs = 0.0;  // earliest start -> latest end
    LatencySummary ttftMs;
    LatencySummary itlMs;
    LatencySummary tpotMs;
    LatencySummary e2eMs;
    Throughput throughput;
};
RunSummary summarizeRun(std::span<const RequestTimeline> requests);

// Process memory: peak resident set since the process started (getrusage
// ru_maxrss; a run's own peak is PeakRssMeter's, engine/metrics/memory_meter.h)
// and current resident set (/proc/self/statm); 0 when unavailable.
uint64_t peakRssBytes();
uint64_t currentRssBytes();

}  // namespace engine
