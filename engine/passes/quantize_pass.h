#pragma once
// The weight-quantization pass: applies a profile's `weights` section to a
// model file and returns a new, self-contained ModelFile whose tensors live in
// owned memory, ready for LlamaModel::create or for writing out as GGUF.
//
// Profile dtypes map onto block formats the kernels run (fused matmuls):
//   f32 -> F32, f16 -> F16, bf16 -> BF16,
//   int8 symmetric group 32 -> Q8_0, int4 symmetric / asymmetric group 32 ->
//   Q4_0 / Q4_1 (GGUF types, loadable by other GGUF tools), and every other
//   (int8|int4, group 32|64|128, symmetric|asymmetric) combination -> one of
//   InferScope's grouped types IS_Q8_G64 ... IS_Q4A_G128 (ids >= 100, layouts in
//   kernels/ref/grouped_layouts.h). Files holding those load back in InferScope
//   only; the report says so in a note.
// Only 2-D matrices are converted; 1-D vectors (norms) stay F32. A matrix whose
// row length is not a multiple of the group size gets the largest smaller group
// size (64, then 32) of the same precision and symmetry that divides it; when
// none does it is kept at F16 (or at its source type when that is already a
// block format). Either way it is recorded as an Adjustment.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/common/progress.h"
#include "engine/config/profile.h"
#include "engine/formats/model_file.h"
#include "kernels/api/dtype.h"

namespace engine {

struct TensorQuantRecord {
    std::string name;
    kernels::DType sourceType = kernels::DType::F32;
    kernels::DType targetType = kernels::DType::F32;
    std::vector<uint64_t> shape;
    uint64_t bytesBefore = 0;
    uint64_t bytesAfter = 0;
    std::string reason;  // why the tensor did not get the requested type; empty otherwise
};

struct QuantReport {
    std::vector<TensorQuantRecord> tensors;  // in file order
    uint64_t bytesBefore = 0;  // all tensor data of the source
    uint64_t bytesAfter = 0;   // all tensor data of the result: packed values + block scales
    std::vector<std::string> notes;
    std::vector<Adjustment> adjustments;  // tensors kept off the requested type
    std::optional<uint32_t> fileType;     // general.file_type written, when dtype was given
};

struct QuantizedModel {
    ModelFile file;  // tensors point into file.ownedStorage (or the source mapping, kept alive)
    QuantReport report;
};

// Phase::Requantizing progress: after each tensor (done / total tensors, the
// tensor's name) and every few thousand rows inside a large one, with the
// bytes of source data converted so far and the time left from that rate.
using QuantProgress = ProgressFn;

// The tensor type a profile dtype maps to under `cfg` (group size, symmetry),
// or an InvalidArgument error naming the field (a group size outside 32/64/128).
Expected<kernels::DType> targetTypeFor(WeightDType dtype, const WeightsConfig& cfg);

// The type a matrix of `cols` columns and type `source` really gets when
// `requested` is asked for (the group-size fallback described above), and why
// it differs from `requested` (empty when it does not).
struct EffectiveType {
    kernels::DType type = kernels::DType::F32;
    std::string reason;
    bool smallerGroup = false;  // same precision and symmetry, a smaller group (else F16 or the source type)
};
EffectiveType effectiveTypeFor(kernels::DType requested, uint64_t cols, kernels::DType source);

// The pass's decision for one tensor, from its name, type and shape alone (no
// data is read): what quantizeWeights stores it as and why that differs from
// the request. The estimate before a run uses the same decision.
struct TensorQuantPlan {
    kernels::DType target = kernels::DType::F32;
    std::string reason;         // non-empty: kept off the requested type
    std::string requestedName;  // profile spelling of what was asked; empty: no dtype applies
    bool keptHigher = false;    // no group of the requested precision fits: F16 or the source type
};
Expected<TensorQuantPlan> planTensorQuant(const TensorInfo& t, const WeightsConfig& cfg);

// GGUF general.file_type for a whole-model dtype (0 F32, 1 F16, 32 BF16, 7 Q8_0,
// 2 Q4_0, 3 Q4_1); std::nullopt for the project types, which have no GGUF file type.
std::optional<uint32_t> fileTypeFor(kernels::DType type);

// The tensors `cfg` would keep off their requested type (and why), without
// converting anything: what the pass's report will say, for exports.
Expected<std::vector<Adjustment>> plannedAdjustments(const ModelFile& source, const WeightsConfig& cfg);

// Which converted matrices to repack where they lie for the CPU matmul
// (TensorInfo::layout CpuPacked), so the converted model is held once and
// still runs the packed kernels. Only the caller knows whether every reader
// of the result can take that layout (engine.cc: every device a CPU running
// the SIMD kernels on whole rows); none is packed without it.
using PackRowsInPlace = std::function<bool(const TensorInfo&)>;

// Applies `cfg` to every tensor of `source`. Pure: the source is not modified.
Expected<QuantizedModel> quantizeWeights(const ModelFile& source, const WeightsConfig& cfg,
                                         const QuantProgress& progress = {},
                                         const std::atomic<bool>* cancel = nullptr,
                                         const PackRowsInPlace& packRows = {});

// Writes `file` (metadata in order, then every tensor) as a GGUF at `path`,
// streaming one tensor at a time.
Status writeModelGguf(const ModelFile& file, const std::string& path);

// "blk.0.attn_q.weight  F32 -> Q8_0  16384 -> 4352 bytes" lines plus totals and notes.
std::string formatQuantReport(const QuantReport& report);
std::string quantReportJson(const QuantReport& report);

}  // namespace engine
