#pragma once
// Calibration for activation-aware passes (Wanda pruning): runs the dense
// model over a text and records, for every weight matrix, the sum of squares
// of each input feature over all calibration tokens:
//
//   sumSquares[name][j] = sum over tokens t of x[t][j]^2
//
// so that ||X_j||_2 = sqrt(sumSquares[name][j]) is the L2 norm of input
// column j of that matrix's activations. The model runs on a recording
// kernels::Ops decorator that forwards every call to the real ops and, in
// matmul, accumulates x^2 per column keyed by the weight's data pointer.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/common/text_file.h"
#include "engine/formats/model_file.h"
#include "kernels/api/ops.h"

namespace engine {

struct ActivationStats {
    int64_t tokens = 0;  // calibration tokens run through the model
    // GGUF tensor name -> per input column sum of x^2 (length = the matrix's cols).
    std::map<std::string, std::vector<double>, std::less<>> sumSquares;

    // ||X_j||_2 per column of `name`, or an empty vector when not recorded.
    std::vector<double> columnNorms(const std::string& name) const;
};

struct CalibrationOptions {
    // Cap on the calibration tokens (the text is cut after this many); each
    // window of at most the model context runs from position 0.
    // 512 tokens rank channels and weights well on the bundled texts and keep
    // the calibration of a 1B model near a minute on two cores.
    int64_t maxTokens = 512;
    const std::atomic<bool>* cancel = nullptr;
};

// Runs `file` (a llama model) over `tokens` on `ops` and records the input
// statistics of every weight matrix. `tokens` are split into windows of at most
// the model's context; each window runs from position 0.
Expected<ActivationStats> collectActivationStats(std::shared_ptr<const ModelFile> file,
                                                 std::span<const int32_t> tokens, const kernels::Ops& ops,
                                                 const CalibrationOptions& options = {});

// Tokenizes `text` with the model's own tokenizer (BOS first) and calls
// collectActivationStats.
Expected<ActivationStats> calibrateOnText(std::shared_ptr<const ModelFile> file, const std::string& text,
                                          const kernels::Ops& ops, const CalibrationOptions& options = {});

// The bundled evaluation texts ("stories.txt", "english.txt") live in
// resources/eval/ of the source tree or share/inferscope/eval/ of an install;
// searched from the executable's folder upwards, then from the working folder.
// NotFound names where it looked.
Expected<std::string> locateBundledEvalText(const std::string& name);

// The contents of a bundled evaluation text (see locateBundledEvalText).
Expected<std::string> readBundledEvalText(const std::string& name);

}  // namespace engine
