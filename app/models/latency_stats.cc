#include "app/models/latency_stats.h"

#include <algorithm>
#include <numeric>

double percentile(const QVector<double>& sorted, double q)
{
    if (sorted.isEmpty())
        return 0.0;
    const double rank = std::clamp(q, 0.0, 1.0) * double(sorted.size() - 1);
    const auto lo = static_cast<qsizetype>(rank);
    const qsizetype hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - double(lo));
}

LatencyStats latencyStats(const QVector<double>& tokenLatenciesMs)
{
    LatencyStats s;
    if (tokenLatenciesMs.isEmpty())
        return s;
    s.e2eMs = std::accumulate(tokenLatenciesMs.begin(), tokenLatenciesMs.end(), 0.0);
    QVector<double> itl(tokenLatenciesMs.begin() + 1, tokenLatenciesMs.end());
    s.count = static_cast<int>(itl.size());
    if (itl.isEmpty())
        return s;
    std::sort(itl.begin(), itl.end());
    s.p50Ms = percentile(itl, 0.50);
    s.p90Ms = percentile(itl, 0.90);
    s.p99Ms = percentile(itl, 0.99);
    s.meanMs = std::accumulate(itl.begin(), itl.end(), 0.0) / double(itl.size());
    s.tpotMs = (s.e2eMs - tokenLatenciesMs.first()) / double(itl.size());
    return s;
}
