#pragma once
// Summary numbers of one run's token latencies, as the Profile and Compare pages
// show them. ITL (inter-token latency) is every gap after the first token; the
// first latency is the TTFT and is kept apart.
#include <QVector>

struct LatencyStats {
    int count = 0;        // inter-token gaps
    double p50Ms = 0.0;
    double p90Ms = 0.0;
    double p99Ms = 0.0;
    double meanMs = 0.0;
    double tpotMs = 0.0;  // (e2e - TTFT) / (tokens - 1)
    double e2eMs = 0.0;   // sum of all latencies (TTFT included)
};

// Linear interpolation between closest ranks; `sorted` ascending, q in [0, 1].
double percentile(const QVector<double>& sorted, double q);
LatencyStats latencyStats(const QVector<double>& tokenLatenciesMs);
