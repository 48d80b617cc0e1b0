#pragma once
// The pruning pass: applies a profile's `pruning` section to a model file and
// returns a new, self-contained ModelFile (tensors in owned memory, untouched
// ones still viewing the source) plus a report. It runs on the float weights,
// before the quantization pass: a pruned matrix is written as F32 (F16 and BF16
// sources keep their type, which holds the kept values and the zeros exactly);
// a block-quantized source is dequantized to F32 first and the report says so.
//
// Which matrices: pruning.scope picks the linear layers of the blocks:
// "attention" = attn_q, attn_k, attn_v, attn_output; "ffn" = ffn_gate, ffn_up,
// ffn_down; "all" (the default) both. token_embd and output are never pruned
// (they are lookups and the classifier, where zeroed weights remove whole
// tokens). pruning.exclude globs leave matching matrices dense; they are listed
// in the report.
//
// Methods (ties broken by the lower column index, so results are deterministic):
//   magnitude   unstructured: in every output row, the round(ratio x cols)
//               weights with the smallest |W_ij| become zero.
//   wanda       unstructured, activation-aware: as magnitude but scored by
//               |W_ij| x ||X_j||_2, the L2 norm of input feature j over the
//               calibration tokens (see calibration.h). Needs ActivationStats.
//   nm          semi-structured N:M (default 2:4): in every group of m
//               consecutive inputs of a row the n largest |W_ij| are kept. A
//               row tail shorter than m stays dense (an Adjustment says so).
//   structured  removes whole FFN channels (rows of ffn_gate/ffn_up and the
//               matching columns of ffn_down) and whole attention KV groups
//               (a kv head with the query heads that read it: rows of attn_q,
//               attn_k, attn_v and the matching columns of attn_output), so the
//               matrices really shrink. The same count is removed in every
//               layer (the model has one feed_forward_length and one
//               head_count): round(ratio x units), at least one unit kept; an
//               Adjustment records any rounding. Each layer drops its own least
//               important units. Importance from the weights alone (when
//               pruneWeights gets no ActivationStats):
//                 FFN channel j:  ||gate_j|| x ||up_j|| x ||down_:,j||
//                 KV group g:     ||V_g||_F x ||O_:,heads(g)||_F
//               or, with ActivationStats (pruneModel calibrates), from what the unit writes into the
//               residual stream: ||X_j|| x ||down_:,j|| per channel and
//               sqrt(sum_c (||X_c|| x ||O_:,c||)^2) over a group's attn_output
//               columns. The metadata follows (feed_forward_length,
//               head_count, head_count_kv, key_length and value_length, so the
//               head size stays right when heads x head size != width).
//               An exclude glob matching some of a layer's FFN (attention)
//               matrices keeps the FFN (attention) of every layer whole, with
//               an Adjustment, since the counts must stay uniform.
//
// Memory and speed: unstructured and N:M pruning change quality only; the dense
// kernels still multiply the zeros, so weight memory and decode speed are
// unchanged. Structured pruning makes the matrices smaller, which reduces
// weight memory and decode time.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "engine/passes/calibration.h"
#include "kernels/api/dtype.h"
#include "kernels/api/ops.h"

namespace engine {

enum class PruneState {
    Pruned,      // selected and pruned
    Excluded,    // in scope but matched pruning.exclude: left dense
    OutOfScope,  // a block matrix the scope does not select
    Kept,        // never pruned (token_embd, output, other matrices)
    Count
};
const char* pruneStateName(PruneState state);

struct TensorPruneRecord {
    std::string name;
    PruneState state = PruneState::Kept;
    kernels::DType sourceType = kernels::DType::F32;
    kernels::DType targetType = kernels::DType::F32;
    std::vector<uint64_t> shapeBefore;
    std::vector<uint64_t> shapeAfter;
    uint64_t bytesBefore = 0;
    uint64_t bytesAfter = 0;
    uint64_t elements = 0;  // after pruning
    uint64_t zeros = 0;     // weights exactly zero after pruning (counted for pruned tensors only)

    double sparsity() const { return elements ? double(zeros) / double(elements) : 0.0; }
};

struct StructuredShape {
    int64_t ffnBefore = 0;     // feed_forward_length
    int64_t ffnAfter = 0;
    int64_t headsBefore = 0;   // query heads
    int64_t headsAfter = 0;
    int64_t kvHeadsBefore = 0;
    int64_t kvHeadsAfter = 0;
    int64_t headDim = 0;
};

struct PruneReport {
    PruningMethod method = PruningMethod::None;
    std::vector<TensorPruneRecord> tensors;  // every matrix, in file order
    uint64_t bytesBefore = 0;  // all tensor data of the source
    uint64_t bytesAfter = 0;   // all tensor data of the result
    uint64_t prunedElements = 0;  // weights of the pruned matrices (after)
    uint64_t prunedZeros = 0;     // of which zero
    std::vector<std::string> excluded;  // matrices left dense by pruning.exclude
    std::optional<StructuredShape> structured;
    int64_t calibrationTokens = 0;  // 0: no calibration used
    std::string calibrationSource;  // where the calibration text came from
    std::vector<std::string> notes;
    std::vector<Adjustment> adjustments;

    double sparsity() const { return prunedElements ? double(prunedZeros) / double(prunedElements) : 0.0; }
};

struct PrunedModel {
    ModelFile file;  // tensors point into file.ownedStorage (or the source, kept alive)
    PruneReport report;
};

struct PruneOptions {
    // Input statistics of the dense model: required by wanda, used by
    // structured for importance when given, ignored otherwise.
    const ActivationStats* calibration = nullptr;
    std::function<void(size_t done, size_t total)> progress;  // after each tensor
    const std::atomic<bool>* cancel = nullptr;
};

// The section with defaults filled in (scope all, n:m 2:4), or InvalidArgument
// naming the key (missing ratio, ratio out of [0, 0.9], ratio with nm, n >= m).
Expected<PruningConfig> resolvePruningConfig(const PruningConfig& cfg);

// True when pruneModel calibrates for `cfg`: wanda needs the activations, and
// structured ranks its channels and heads by them (on stories260K at 25 % the
// mean KLD to the dense model is 1.6 with activations against 2.4 from weight
// norms alone; see tst_prune_pass).
bool pruningNeedsCalibration(const PruningConfig& cfg);

// The tensors pruneWeights writes for `cfg` -- names, types, shapes and bytes,
// no data -- decided from the model's shape and tensor list alone (no weight is
// read): structured pruning's smaller matrices, the float type every pruned
// matrix is stored in. Fails where pruneWeights would on the section or the
// architecture (`path` names the model in those messages). What the Optimise
// page's estimate shows before a run.
Expected<std::vector<TensorInfo>> plannedPrunedTensors(const ModelConfig& config, const std::vector<TensorInfo>& tensors,
                                                       const PruningConfig& cfg, const std::string& path = {});

// Applies `cfg` to `source`. Pure: the source is not modified.
Expected<PrunedModel> pruneWeights(const ModelFile& source, const PruningConfig& cfg, const PruneOptions& options = {});

// The whole step as the engine and the CLI run it: calibrates on
// `calibrationText` (empty: the bundled resources/eval/stories.txt) when
// pruningNeedsCalibration, then prunes.
struct PruneRunOptions {
    std::string calibrationText;        // the text itself, not a path
    const kernels::Ops* ops = nullptr;  // for calibration; nullptr: CPU ops with `threads`
    int32_t threads = 0;                // 0: hardware concurrency
    CalibrationOptions calibration;     // its cancel is replaced by `cancel`
    const std::atomic<bool>* cancel = nullptr;  // polled per layer (calibration) and per tensor
    std::function<void(size_t done, size_t total)> progress;  // after each tensor pruned
};
Expected<PrunedModel> pruneModel(const ModelFile& source, const PruningConfig& cfg, const PruneRunOptions& options = {});

// Row rules, exposed for tests. Zero the `k` entries of `row` (length cols)
// with the smallest |row[j]| x scale[j] (scale nullptr: 1), ties to the lower j.
void pruneRowSmallest(float* row, const double* scale, int64_t cols, int64_t k);
// Keep the n largest |row[j]| of every full group of m; a shorter tail is left as is.
void pruneRowNM(float* row, int64_t cols, int32_t n, int32_t m);

// "blk.0.ffn_up.weight  pruned  50.0% zeros  64 x 172 -> 64 x 172  44032 -> 44032 bytes" lines, totals, notes.
std::string formatPruneReport(const PruneReport& report);
std::string pruneReportJson(const PruneReport& report);

}  // namespace engine
