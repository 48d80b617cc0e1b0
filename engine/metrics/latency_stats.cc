#include "engine/metrics/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sys/resource.h>
#include <unistd.h>

namespace engine {

double ttftMs(double startMs, double firstTokenMs)
{
    return firstTokenMs - startMs;
}

std::vector<double> interTokenLatenciesMs(std::span<const double> tokenMs)
{
    std::vector<double> gaps;
    for (size_t i = 1; i < tokenMs.size(); ++i) gaps.push_back(tokenMs[i] - tokenMs[i - 1]);
    return gaps;
}

std::optional<double> tpotMs(double e2eMs, double ttft, int64_t tokens)
{
    if (tokens < 2) return std::nullopt;  // one token has no "per output token" after the first
    return (e2eMs - ttft) / static_cast<double>(tokens - 1);
}

RequestMetrics requestMetrics(const RequestTimeline& r)
{
    RequestMetrics m;
    m.e2eMs = r.endMs - r.startMs;
    if (r.tokenMs.empty()) return m;
    m.ttftMs = ttftMs(r.startMs, r.tokenMs.front());
    m.itlMs = interTokenLatenciesMs(r.tokenMs);
    m.tpotMs = tpotMs(m.e2eMs, m.ttftMs, static_cast<int64_t>(r.tokenMs.size()));
    return m;
}

namespace {

double percentileSorted(const std::vector<double>& v, double p)
{
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(rank));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (rank - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

std::optional<double> percentile(std::span<const double> values, double p)
{
    if (values.empty()) return std::nullopt;
    std::vector<double> v(values.begin(), values.end());
    std::sort(v.begin(), v.end());
    return percentileSorted(v, p);
}

LatencySummary summarize(std::span<const double> values)
{
    LatencySummary s;
    if (values.empty()) return s;
    std::vector<double> v(values.begin(), values.end());
    std::sort(v.begin(), v.end());
    s.count = static_cast<int64_t>(v.size());
    s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    s.p50 = percentileSorted(v, 50.0);
    s.p90 = percentileSorted(v, 90.0);
    s.p99 = percentileSorted(v, 99.0);
    s.min = v.front();
    s.max = v.back();
    return s;
}

Throughput throughput(std::span<const RequestTimeline> requests)
{
    Throughput t;
    if (requests.empty()) return t;
    double prefillTokens = 0.0, prefillMs = 0.0, decodeTokens = 0.0, decodeMs = 0.0, outputTokens = 0.0;
    double first = std::numeric_limits<double>::infinity();
    double last = -std::numeric_limits<double>::infinity();
    for (const RequestTimeline& r : requests) {
        first = std::min(first, r.startMs);
        last = std::max(last, r.endMs);
        outputTokens += static_cast<double>(r.tokenMs.size());
        if (r.tokenMs.empty()) continue;
        prefillTokens += static_cast<double>(r.promptTokens);
        prefillMs += r.tokenMs.front() - r.startMs;
        decodeTokens += static_cast<double>(r.tokenMs.size() - 1);
        decodeMs += r.endMs - r.tokenMs.front();
    }
    const double wallMs = last - first;
    if (prefillMs > 0.0) t.prefillTokPerS = 1000.0 * prefillTokens / prefillMs;
    if (decodeMs > 0.0) t.decodeTokPerS = 1000.0 * decodeTokens / decodeMs;
    if (wallMs > 0.0) {
        t.outputTokPerS = 1000.0 * outputTokens / wallMs;
        t.requestsPerS = 1000.0 * static_cast<double>(requests.size()) / wallMs;
    }
    return t;
}

RunSummary summarizeRun(std::span<const RequestTimeline> requests)
{
    RunSummary s;
    if (requests.empty()) return s;
    std::vector<double> ttft, itl, tpot, e2e;
    double first = std::numeric_limits<double>::infinity();
    double last = -std::numeric_limits<double>::infinity();
    for (const RequestTimeline& r : requests) {
        const RequestMetrics m = requestMetrics(r);
        s.promptTokens += r.promptTokens;
        s.outputTokens += static_cast<int64_t>(r.tokenMs.size());
        first = std::min(first, r.startMs);
        last = std::max(last, r.endMs);
        e2e.push_back(m.e2eMs);
        if (r.tokenMs.empty()) continue;  // no first token: no TTFT
        ttft.push_back(m.ttftMs);
        itl.insert(itl.end(), m.itlMs.begin(), m.itlMs.end());
        if (m.tpotMs) tpot.push_back(*m.tpotMs);
    }
    s.requests = static_cast<int64_t>(requests.size());
    s.wallMs = last - first;
    s.ttftMs = summarize(ttft);
    s.itlMs = summarize(itl);
    s.tpotMs = summarize(tpot);
    s.e2eMs = summarize(e2e);
    s.throughput = throughput(requests);
    return s;
}

uint64_t peakRssBytes()
{
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    const uint64_t peak = static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
    // The kernel updates its high-water mark lazily, so it can trail the
    // current reading by a few pages; a peak is never below the present.
    return std::max(peak, currentRssBytes());
}

uint64_t currentRssBytes()
{
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long size = 0, resident = 0;
    const int read = std::fscanf(f, "%llu %llu", &size, &resident);
    std::fclose(f);
    if (read != 2) return 0;
    return static_cast<uint64_t>(resident) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace engine
