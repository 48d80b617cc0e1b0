#include "engine/passes/quantize_pass.h"

#include "engine/common/message_catalog.h"
#include "engine/kv/kv_store.h"
#include "engine/model/model_card.h"

#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>

#include "engine/formats/gguf_writer.h"
#include "engine/formats/mapped_file.h"
#include "engine/formats/stored_rows.h"
#include "engine/passes/tensor_storage.h"
#include "kernels/api/ops.h"
#include "kernels/ref/grouped_layouts.h"

namespace engine {

namespace {

using kernels::DType;

// Admission counts each new tensor rounded up to its alignment (TensorStorage).
constexpr uint64_t kTensorAlign = static_cast<uint64_t>(TensorStorage::kAlign);

// The profile dtype asked for `name`: the first matching override, else the
// section dtype (the rule documented for weights.overrides).
std::optional<WeightDType> requestedDType(const WeightsConfig& cfg, const std::string& name)
{
    if (cfg.overrides) {
        for (const WeightOverride& o : *cfg.overrides) {
            if (matchesPattern(o.pattern, name)) return o.dtype;
        }
    }
    return cfg.dtype;
}

// Rows between progress reports inside one tensor.
constexpr int64_t kRowsPerReport = 4096;

// Converts one tensor row by row into `dst` (bytesFor(target, elements) bytes).
// `cancel` is polled every 256 rows: one tensor of a large model (an 8B
// embedding is 128k rows) takes seconds, and a cancel must not wait for it.
// For the same reason `onRows` is told the source bytes converted so far every
// kRowsPerReport rows.
Status convertTensor(const TensorInfo& t, DType target, uint8_t* dst, const std::atomic<bool>* cancel,
                     const std::function<void(uint64_t sourceBytesDone)>& onRows)
{
    const int64_t cols = static_cast<int64_t>(t.shape.empty() ? 1 : t.shape[0]);
    const int64_t rows = static_cast<int64_t>(t.rows());
    const uint64_t srcRow = kernels::bytesFor(t.type, static_cast<uint64_t>(cols));
    const uint64_t dstRow = kernels::bytesFor(target, static_cast<uint64_t>(cols));
    if (srcRow * static_cast<uint64_t>(rows) > t.bytes || !t.data)
        return makeError(ErrorCode::Format, msg("pass.data_short", {{"name", t.name}, {"shape", t.shapeString()}}));
    std::vector<float> row(static_cast<size_t>(cols));
    std::vector<uint8_t> scratch;
    for (int64_t r = 0; r < rows; ++r) {
        if (cancel && r % 256 == 0 && cancel->load())
            return makeError(ErrorCode::Cancelled, msg("pass.quantize_cancelled"));
        const uint8_t* src = storedRow(t, static_cast<uint64_t>(r), scratch);
        if (t.type == DType::F32) std::memcpy(row.data(), src, srcRow);
        else kernels::ref::dequantizeRow(t.type, src, row.data(), cols);
        kernels::ref::quantizeRow(target, row.data(), dst + static_cast<uint64_t>(r) * dstRow, cols);
        if (onRows && (r + 1) % kRowsPerReport == 0 && r + 1 < rows) onRows(static_cast<uint64_t>(r + 1) * srcRow);
    }
    return okStatus();
}

std::string jsonString(const std::string& s)
{
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace

Expected<DType> targetTypeFor(WeightDType dtype, const WeightsConfig& cfg)
{
    switch (dtype) {
    case WeightDType::F32: return DType::F32;
    case WeightDType::F16: return DType::F16;
    case WeightDType::BF16: return DType::BF16;
    case WeightDType::Int8:
    case WeightDType::Int4: break;
    case WeightDType::Count: return makeError(ErrorCode::InvalidArgument, msg("pass.invalid_value", {{"key", "weights.dtype"}}));
    }
    const int32_t group = cfg.groupSize.value_or(kDefaultGroupSize);
    const bool symmetric = cfg.symmetric.value_or(kDefaultSymmetric);
    const auto type = kernels::blocks::groupedTypeFor(dtype == WeightDType::Int8 ? 8 : 4, group, !symmetric);
    if (!type)
        return makeError(ErrorCode::InvalidArgument, msg("pass.group_size", {{"group", group}}));
    return *type;
}

namespace {

// Bits, group size and symmetry of an int8/int4 block type, GGUF or project.
std::optional<kernels::blocks::GroupedFormat> groupingOf(DType type)
{
    switch (type) {
    case DType::Q8_0: return kernels::blocks::GroupedFormat{8, 32, false};
    case DType::Q4_0: return kernels::blocks::GroupedFormat{4, 32, false};
    case DType::Q4_1: return kernels::blocks::GroupedFormat{4, 32, true};
    default: return kernels::blocks::groupedFormatOf(type);
    }
}

}  // namespace

EffectiveType effectiveTypeFor(DType requested, uint64_t cols, DType source)
{
    const uint32_t block = kernels::traitsOf(requested).blockSize;
    if (cols % block == 0) return {requested, {}};
    const std::string why = std::to_string(cols) + " columns is not a multiple of ";
    if (const auto g = groupingOf(requested)) {
        // The largest smaller group of the same precision and symmetry that fits.
        for (int group = g->group / 2; group >= 32; group /= 2) {
            if (cols % static_cast<uint64_t>(group) != 0) continue;
            const auto smaller = kernels::blocks::groupedTypeFor(g->bits, group, g->asymmetric);
            if (smaller)
                return {*smaller, why + "group size " + std::to_string(g->group) + "; group size " +
                                      std::to_string(group) + " used",
                        true};
        }
    }
    return {kernels::traitsOf(source).quantized ? source : DType::F16, why + "block size " + std::to_string(block)};
}

Expected<TensorQuantPlan> planTensorQuant(const TensorInfo& t, const WeightsConfig& cfg)
{
    TensorQuantPlan plan;
    plan.target = t.type;
    const std::optional<WeightDType> requested = requestedDType(cfg, t.name);
    const bool matrix = t.shape.size() == 2 && t.shape[1] > 1;
    if (!matrix) {
        // Norm vectors and other 1-D tensors: the model reads them as fp32.
        plan.target = DType::F32;
        return plan;
    }
    if (!requested) return plan;
    plan.requestedName = enumName(*requested);
    const Expected<DType> mapped = targetTypeFor(*requested, cfg);
    if (!mapped) return mapped.error();
    EffectiveType effective = effectiveTypeFor(*mapped, t.shape[0], t.type);
    plan.target = effective.type;
    plan.keptHigher = !effective.reason.empty() && !effective.smallerGroup;
    plan.reason = std::move(effective.reason);
    return plan;
}

std::optional<uint32_t> fileTypeFor(DType type)
{
    switch (type) {
    case DType::F32: return 0;
    case DType::F16: return 1;
    case DType::Q4_0: return 2;
    case DType::Q4_1: return 3;
    case DType::Q8_0: return 7;
    case DType::BF16: return 32;
    default: return std::nullopt;
    }
}

Expected<std::vector<Adjustment>> plannedAdjustments(const ModelFile& source, const WeightsConfig& cfg)
{
    std::vector<Adjustment> out;
    for (const TensorInfo& t : source.tensors) {
        auto plan = planTensorQuant(t, cfg);
        if (!plan) return plan.error();
        if (!plan->reason.empty())
            out.push_back(Adjustment{"weights.dtype", t.name, plan->requestedName,
                                     std::string(kernels::dtypeName(plan->target)), plan->reason});
    }
    return out;
}

Expected<QuantizedModel> quantizeWeights(const ModelFile& source, const WeightsConfig& cfg,
                                         const QuantProgress& progress, const std::atomic<bool>* cancel,
                                         const PackRowsInPlace& packRows)
{
    // Validate the section (and every override) up front, so a bad group size
    // fails before any work and even when no tensor would use it.
    if (cfg.dtype) ENGINE_TRY(targetTypeFor(*cfg.dtype, cfg));
    if (cfg.overrides) {
        for (const WeightOverride& o : *cfg.overrides) ENGINE_TRY(targetTypeFor(o.dtype, cfg));
    }

    QuantizedModel out;
    out.file = source;
    QuantReport& report = out.report;
    std::vector<TensorQuantPlan> plans;
    plans.reserve(source.tensors.size());
    uint64_t total = 0;
    for (const TensorInfo& t : source.tensors) {
        Expected<TensorQuantPlan> planned = planTensorQuant(t, cfg);
        if (!planned) return planned.error();
        TensorQuantPlan plan = std::move(*planned);
        if (plan.target != t.type) {
            if (!kernels::ref::canDequantize(t.type))
                return makeError(ErrorCode::Unsupported, msg("pass.no_dequantizer", {{"path", source.path},
                                                                                     {"name", t.name},
                                                                                     {"type", kernels::dtypeName(t.type)}}));
            if (!kernels::ref::canQuantize(plan.target))
                return makeError(ErrorCode::Internal, "no quantizer for " + std::string(kernels::dtypeName(plan.target)));
            total = (total + kTensorAlign - 1) / kTensorAlign * kTensorAlign;
            total += kernels::bytesFor(plan.target, t.elements());
        }
        plans.push_back(std::move(plan));
    }

    // Admission: the converted tensors are new memory on top of what is held
    // now; refused with both numbers rather than failing (or swapping) half-way.
    if (const uint64_t available = memAvailableBytes(); available > 0 && total > available)
        return makeError(ErrorCode::OutOfRange,
                         msg("pass.convert_memory", {{"bytes", formatBytes(total)}, {"available", formatBytes(available)}}));
    // One allocation per converted tensor, made as the pass reaches it.
    auto storage = std::make_shared<TensorStorage>(source);
    const StorageReleaseGuard releaseOnEarlyReturn(storage);

    // The work is measured in source bytes converted (the tensors kept as
    // they are cost nothing), which is what the time left is computed from.
    uint64_t workBytes = 0;
    for (size_t i = 0; i < source.tensors.size(); ++i)
        if (plans[i].target != source.tensors[i].type) workBytes += source.tensors[i].bytes;
    const EtaClock clock(workBytes);
    uint64_t bytesDone = 0;
    const auto tell = [&](size_t tensorsDone, uint64_t bytes, const std::string& name) {
        if (!progress) return;
        PhaseProgress p;
        p.phase = Phase::Requantizing;
        p.done = static_cast<int64_t>(tensorsDone);
        p.total = static_cast<int64_t>(source.tensors.size());
        p.bytesDone = bytes;
        p.bytesTotal = workBytes;
        p.etaSeconds = clock.secondsLeft(bytes);
        p.item = name;
        progress(p);
    };
    tell(0, 0, {});

    std::set<DType> requantizedFrom;
    std::set<DType> projectTypes;
    for (size_t i = 0; i < source.tensors.size(); ++i) {
        if (cancel && cancel->load()) return makeError(ErrorCode::Cancelled, msg("pass.quantize_cancelled"));
        const TensorInfo& src = source.tensors[i];
        TensorInfo& dst = out.file.tensors[i];
        const TensorQuantPlan& plan = plans[i];
        if (plan.target != src.type) {
            const uint64_t bytes = kernels::bytesFor(plan.target, src.elements());
            uint8_t* data = storage->allocate(bytes);
            if (!data)
                return makeError(ErrorCode::OutOfRange,
                                 msg("pass.convert_allocate", {{"bytes", formatBytes(bytes)}, {"name", src.name}}));
            ENGINE_TRY(convertTensor(src, plan.target, data, cancel,
                                     [&](uint64_t rowsBytes) { tell(i, bytesDone + rowsBytes, src.name); }));
            // The model reads the converted copy only: the source's pages need not stay resident.
            if (source.mapping) source.mapping->dropPages(src.data, src.bytes);
            bytesDone += src.bytes;
            dst.type = plan.target;
            dst.data = data;
            dst.bytes = bytes;
            dst.fileOffset = 0;
            dst.layout = RowLayout::Stored;
            if (packRows && packsInPlace(dst) && packRows(dst)) packInPlace(dst, data);
            if (kernels::traitsOf(src.type).quantized) requantizedFrom.insert(src.type);
        }
        if (kernels::isProjectType(dst.type)) projectTypes.insert(dst.type);
        TensorQuantRecord rec{src.name, src.type, dst.type, src.shape, src.bytes, dst.bytes, plan.reason};
        report.bytesBefore += rec.bytesBefore;
        report.bytesAfter += rec.bytesAfter;
        if (!plan.reason.empty())
            report.adjustments.push_back(Adjustment{"weights.dtype", src.name, plan.requestedName,
                                                    std::string(kernels::dtypeName(dst.type)), plan.reason});
        report.tensors.push_back(std::move(rec));
        tell(i + 1, bytesDone, src.name);
    }
    for (const DType t : requantizedFrom)
        report.notes.push_back("source is " + std::string(kernels::dtypeName(t)) +
                               ": dequantized to f32 first, then requantized");
    if (!projectTypes.empty()) {
        std::string names;
        for (const DType t : projectTypes) names += (names.empty() ? "" : ", ") + std::string(kernels::dtypeName(t));
        report.notes.push_back("tensors of type " + names +
                               " use InferScope-specific block formats (GGUF type ids >= 100): InferScope loads "
                               "them, other GGUF tools (llama.cpp, ggml) cannot");
    }

    if (cfg.dtype) {
        const DType mainType = *targetTypeFor(*cfg.dtype, cfg);  // validated above
        report.fileType = fileTypeFor(mainType);
        if (report.fileType) {
            out.file.setMeta("general.file_type", MetaValue::u32(*report.fileType));
        } else {
            // No GGUF file type describes a project format: drop the source's
            // (it would name the old precision) and record ours by name.
            out.file.eraseMeta("general.file_type");
            out.file.setMeta("inferscope.weights.type", MetaValue::string(std::string(kernels::dtypeName(mainType))));
        }
        if (kernels::traitsOf(mainType).quantized)
            out.file.setMeta("general.quantization_version", MetaValue::u32(2));
    }
    out.file.ownedStorage = std::move(storage);
    out.file.dataOffset = 0;
    out.file.rebuildIndex();
    return out;
}

Status writeModelGguf(const ModelFile& file, const std::string& path)
{
    // A GGUF source keeps its alignment; llama2.c checkpoints (packed floats)
    // get the GGUF default.
    const uint64_t alignment = file.format == ModelFormat::Gguf && file.alignment >= 8 ? file.alignment : 32;
    GgufWriter writer(path, alignment);
    for (const auto& [key, value] : file.metadata) ENGINE_TRY(writer.addMeta(key, value));
    for (const TensorInfo& t : file.tensors) ENGINE_TRY(writer.addTensor(t.name, t.type, t.shape));
    ENGINE_TRY(writer.writeHeader());
    std::vector<uint8_t> scratch;
    for (const TensorInfo& t : file.tensors) {
        if (!t.data) return makeError(ErrorCode::Internal, "tensor '" + t.name + "' has no data");
        if (t.layout == RowLayout::Stored) {
            ENGINE_TRY(writer.writeTensorData(t.name, t.data, t.bytes));
            continue;
        }
        for (uint64_t r = 0; r < t.rows(); ++r)  // packed for the CPU: written back as stored
            ENGINE_TRY(writer.appendTensorData(storedRow(t, r, scratch), storedRowBytes(t)));
    }
    return writer.finish();
}

std::string formatQuantReport(const QuantReport& report)
{
    std::ostringstream os;
    for (const TensorQuantRecord& r : report.tensors) {
        os << r.name << "  " << kernels::dtypeName(r.sourceType) << " -> " << kernels::dtypeName(r.targetType) << "  "
           << r.bytesBefore << " -> " << r.bytesAfter << " bytes";
        if (!r.reason.empty()) os << "  (kept: " << r.reason << ")";
        os << '\n';
    }
    os << "total: " << report.bytesBefore << " -> " << report.bytesAfter << " bytes";
    if (report.bytesBefore > 0)
        os << " (" << (100.0 * static_cast<double>(report.bytesAfter) / static_cast<double>(report.bytesBefore)) << "%)";
    os << '\n';
    if (report.fileType) os << "general.file_type: " << *report.fileType << '\n';
    for (const Adjustment& a : report.adjustments) os << "adjustment: " << a.describe() << '\n';
    for (const std::string& n : report.notes) os << "note: " << n << '\n';
    return os.str();
}

std::string quantReportJson(const QuantReport& report)
{
    std::ostringstream os;
    os << "{\n  \"tensors\": [";
    for (size_t i = 0; i < report.tensors.size(); ++i) {
        const TensorQuantRecord& r = report.tensors[i];
        os << (i ? ",\n    " : "\n    ") << "{\"name\": " << jsonString(r.name) << ", \"source_type\": "
           << jsonString(std::string(kernels::dtypeName(r.sourceType))) << ", \"target_type\": "
           << jsonString(std::string(kernels::dtypeName(r.targetType))) << ", \"bytes_before\": " << r.bytesBefore
           << ", \"bytes_after\": " << r.bytesAfter;
        if (!r.reason.empty()) os << ", \"reason\": " << jsonString(r.reason);
        os << "}";
    }
    os << "\n  ],\n  \"bytes_before\": " << report.bytesBefore << ",\n  \"bytes_after\": " << report.bytesAfter;
    if (report.fileType) os << ",\n  \"file_type\": " << *report.fileType;
    os << ",\n  \"adjustments\": [";
    for (size_t i = 0; i < report.adjustments.size(); ++i)
        os << (i ? ", " : "") << jsonString(report.adjustments[i].describe());
    os << "],\n  \"notes\": [";
    for (size_t i = 0; i < report.notes.size(); ++i) os << (i ? ", " : "") << jsonString(report.notes[i]);
    os << "]\n}\n";
    return os.str();
}

}  // namespace engine
