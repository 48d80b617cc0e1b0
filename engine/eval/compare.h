#pragma once
// Quality of a model against its unoptimised baseline, measured over the
// SAME tokens in the same run (the windows of perplexity.h):
//   - per scored position, KL(P_base || P_test) of the next-token
//     distributions: sum_i p_i (log p_i - log q_i), in double precision from
//     stable log-softmaxes, in nats;
//   - top-1 agreement: the argmax tokens are equal (ties go to the lowest id);
//   - perplexity of both and dPPL = PPL_test - PPL_base;
//   - for greedy generations from one prompt, the first token where they part.
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/common/expected.h"
#include "engine/eval/perplexity.h"

namespace engine {

class LlamaModel;

// KL(P || Q) from log-probabilities (e.g. logSoftmax outputs) of equal length.
// Gibbs' inequality makes it >= 0; rounding can leave a tiny negative sum,
// which is returned as 0. Identical inputs give exactly 0.
double klDivergence(std::span<const double> logP, std::span<const double> logQ);

// Nearest-rank percentile: with the n values sorted ascending as x_1 <= ... <= x_n,
// the p-th percentile (0 < p <= 100) is x_k with k = ceil(p / 100 * n), i.e. the
// smallest value that at least p% of the values do not exceed; p = 0 gives x_1.
// Always one of the values (no interpolation). Empty input gives 0.
double percentileNearestRank(std::vector<double> values, double p);

struct CompareResult {
    PerplexityResult base;
    PerplexityResult test;
    double deltaPpl = 0.0;        // test.ppl - base.ppl
    int64_t positions = 0;        // scored positions (= base.tokens = test.tokens)
    double meanKld = 0.0;         // nats
    double medianKld = 0.0;       // nearest-rank percentiles
    double p99Kld = 0.0;
    double p999Kld = 0.0;
    double maxKld = 0.0;
    // sqrt(mean((q(target) - p(target))^2)): how far the probability of the
    // right token moves (llama.cpp's "RMS Δp"), in probability units.
    double rmsDeltaP = 0.0;
    int64_t top1Matches = 0;
    double top1Agreement = 0.0;   // top1Matches / positions, in [0, 1]
    double top1StdErr = 0.0;      // sqrt(a (1 - a) / positions)
    double pplRatio = 0.0;        // test.ppl / base.ppl
    double pplRatioStdErr = 0.0;  // from the per-token NLL differences (delta method)
    std::vector<double> kld;      // per scored position, in sequence order (token 1 first)
};

// Runs both models window by window over `tokens`. The models must share the
// vocabulary size; the default window is the smaller of the two contexts.
// `base` and `test` may be the same instance.
Expected<CompareResult> compareModels(LlamaModel& base, LlamaModel& test, std::span<const int32_t> tokens,
                                      const EvalOptions& options = {});

// Index of the first position where `a` and `b` differ. When one is a proper
// prefix of the other that is the shorter length; equal sequences give -1.
int64_t firstDivergence(std::span<const int32_t> a, std::span<const int32_t> b);

// `count` tokens by argmax after `prompt` (not stopping at EOS, so two models
// always give sequences of the same length). prompt.size() + count - 1 must
// fit the model context.
Expected<std::vector<int32_t>> greedyGenerate(LlamaModel& model, std::span<const int32_t> prompt, int32_t count,
                                              const std::atomic<bool>* cancel = nullptr);

struct GreedyComparison {
    std::vector<int32_t> base;
    std::vector<int32_t> test;
    int64_t firstDivergent = -1;  // index into the generated tokens; -1: identical
};

Expected<GreedyComparison> compareGreedy(LlamaModel& base, LlamaModel& test, std::span<const int32_t> prompt,
                                         int32_t count, const std::atomic<bool>* cancel = nullptr);

}  // namespace engine
