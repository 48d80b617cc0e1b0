#pragma once
// Pruning study (teaching data): the model pruned by each method at each
// sparsity, every variant really built by the pruning pass and run, with
//   - quality: mean KL divergence of its next-token distributions from the
//     dense model over the same tokens (engine/eval/compare.h);
//   - speed: decode tokens/s of tg<N> (engine/session/bench.h), the best of
//     the repetitions.
// Unstructured (magnitude, wanda) and N:M pruning only zero weights that the
// dense kernels still multiply, so their speed stays that of the dense model;
// structured pruning shrinks the matrices and decodes faster. The study
// measures this rather than assuming it.
//
// N:M has no free ratio: a target sparsity s maps to (1 - s) x 4 kept of
// every 4 (25 % -> 3:4, 50 % -> 2:4, 75 % -> 1:4); other sparsities are
// skipped for it. Sparsity 0 is the dense model itself (KLD exactly 0),
// measured once and reported for every method.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"

namespace engine {

class Engine;

struct PruningStudyOptions {
    std::vector<PruningMethod> methods{PruningMethod::Magnitude, PruningMethod::Wanda, PruningMethod::NM,
                                       PruningMethod::Structured};
    std::vector<double> sparsities{0.0, 0.25, 0.5, 0.75};  // each in [0, 0.9]
    std::vector<int32_t> evalTokens;  // the quality text, tokenized (at least 2 tokens)
    // Activation-aware methods (wanda, structured) calibrate once on this text
    // (the text itself; empty: the bundled resources/eval/english.txt).
    std::string calibrationText;
    int32_t decodeTokens = 64;        // tg<N> for the speed
    int32_t repetitions = 5;
    const std::atomic<bool>* cancel = nullptr;
    // After each variant: (done, total, what was measured, e.g. "wanda 50 %").
    std::function<void(size_t done, size_t total, const std::string& what)> onProgress;
};

struct PruningPoint {
    PruningMethod method = PruningMethod::None;
    double target = 0.0;        // requested sparsity
    double achieved = 0.0;      // zeros / weights of the pruned matrices (structured: removed share)
    std::string label;          // "magnitude 50 %", "nm 2:4"
    double kldMean = 0.0;       // nats, against the dense model
    double top1 = 1.0;          // top-1 agreement with the dense model
    double decodeTokPerS = 0.0;  // best repetition of tg<decodeTokens>
    uint64_t weightBytes = 0;   // tensor data as the variant runs
};

struct PruningStudy {
    std::vector<PruningPoint> points;  // by method (options order), then sparsity
    int64_t evalPositions = 0;
};

// `dense` is the model as stored; each variant is pruned from its file and
// runs on its ops.
Expected<PruningStudy> runPruningStudy(Engine& dense, const PruningStudyOptions& options);

}  // namespace engine
