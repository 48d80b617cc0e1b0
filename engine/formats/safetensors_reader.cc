#include "engine/formats/safetensors_reader.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "engine/common/json_error.h"
#include "engine/common/message_catalog.h"
#include "engine/formats/mapped_file.h"

namespace engine {
namespace {

using nlohmann::json;

Error formatError(Message what)
{
    return makeError(ErrorCode::Format, std::move(what));
}

struct DTypeName {
    const char* name;
    kernels::DType type;
    bool supported;
};

// Every dtype the format defines; only the float types a transformer's
// weights come in are read (quantized checkpoints are converted to GGUF first).
constexpr DTypeName kDTypes[] = {
    {"F32", kernels::DType::F32, true},   {"F16", kernels::DType::F16, true},  {"BF16", kernels::DType::BF16, true},
    {"F64", kernels::DType::F32, false},  {"I64", kernels::DType::F32, false}, {"I32", kernels::DType::F32, false},
    {"I16", kernels::DType::F32, false},  {"I8", kernels::DType::F32, false},  {"U8", kernels::DType::F32, false},
    {"U16", kernels::DType::F32, false},  {"U32", kernels::DType::F32, false}, {"U64", kernels::DType::F32, false},
    {"BOOL", kernels::DType::F32, false}, {"F8_E4M3", kernels::DType::F32, false},
    {"F8_E5M2", kernels::DType::F32, false},
};

Expected<kernels::DType> parseDType(const std::string& path, const std::string& tensor, const json& value)
{
    if (!value.is_string()) return formatError(msg("safetensors.dtype_not_string", {{"path", path}, {"name", tensor}}));
    const std::string name = value.get<std::string>();
    for (const DTypeName& d : kDTypes) {
        if (name != d.name) continue;
        if (!d.supported)
            return makeError(ErrorCode::Unsupported,
                             msg("safetensors.dtype_unsupported", {{"path", path}, {"name", tensor}, {"dtype", name}}));
        return d.type;
    }
    return formatError(msg("safetensors.dtype_unknown", {{"path", path}, {"name", tensor}, {"dtype", name}}));
}

Expected<std::vector<uint64_t>> parseUnsignedArray(const std::string& path, const std::string& tensor,
                                                   const json& value, const char* field)
{
    const auto bad = [&] {
        return formatError(msg("safetensors.not_unsigned_array", {{"path", path}, {"name", tensor}, {"field", field}}));
    };
    if (!value.is_array()) return bad();
    std::vector<uint64_t> out;
    for (const json& v : value) {
        if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) return bad();
        out.push_back(v.get<uint64_t>());
    }
    return out;
}

// Bytes of `shape` elements of `type`, or nullopt on overflow.
std::optional<uint64_t> shapeBytes(const std::vector<uint64_t>& shape, kernels::DType type)
{
    uint64_t elements = 1;
    for (uint64_t d : shape) {
        if (d != 0 && elements > UINT64_MAX / d) return std::nullopt;
        elements *= d;
    }
    const uint64_t size = kernels::bytesFor(type, 1);
    if (elements > UINT64_MAX / size) return std::nullopt;
    return elements * size;
}

Expected<SafetensorsTensor> parseEntry(const std::string& path, const std::string& name, const json& entry,
                                       uint64_t dataStart, uint64_t dataBytes)
{
    if (!entry.is_object()) return formatError(msg("safetensors.entry_not_object", {{"path", path}, {"name", name}}));
    for (const char* field : {"dtype", "shape", "data_offsets"})
        if (!entry.contains(field)) return formatError(msg("safetensors.entry_missing", {{"path", path}, {"name", name}, {"field", field}}));
    SafetensorsTensor t;
    t.name = name;
    auto type = parseDType(path, name, entry["dtype"]);
    if (!type) return type.error();
    t.type = *type;
    auto shape = parseUnsignedArray(path, name, entry["shape"], "shape");
    if (!shape) return shape.error();
    t.shape = *shape;
    auto offsets = parseUnsignedArray(path, name, entry["data_offsets"], "data_offsets");
    if (!offsets) return offsets.error();
    if (offsets->size() != 2) return formatError(msg("safetensors.offsets_not_pair", {{"path", path}, {"name", name}}));
    const uint64_t begin = (*offsets)[0], end = (*offsets)[1];
    if (end < begin)
        return formatError(
            msg("safetensors.end_before_begin", {{"path", path}, {"name", name}, {"end", end}, {"begin", begin}}));
    if (end > dataBytes)
        return formatError(msg("safetensors.data_past_end",
                               {{"path", path}, {"name", name}, {"begin", begin}, {"end", end}, {"size", dataBytes}}));
    const auto expected = shapeBytes(t.shape, t.type);
    if (!expected || *expected != end - begin)
        return formatError(expected ? msg("safetensors.size_mismatch", {{"path", path},
                                                                         {"name", name},
                                                                         {"need", *expected},
                                                                         {"have", end - begin}})
                                    : msg("safetensors.size_overflow", {{"path", path}, {"name", name}, {"have", end - begin}}));
    t.fileOffset = dataStart + begin;
    t.bytes = end - begin;
    return t;
}

Status checkNoOverlap(const std::string& path, std::vector<SafetensorsTensor>& tensors)
{
    std::sort(tensors.begin(), tensors.end(),
              [](const SafetensorsTensor& a, const SafetensorsTensor& b) { return a.fileOffset < b.fileOffset; });
    for (size_t i = 1; i < tensors.size(); ++i) {
        const SafetensorsTensor& prev = tensors[i - 1];
        if (tensors[i].fileOffset < prev.fileOffset + prev.bytes)
            return formatError(msg("safetensors.overlap", {{"path", path},
                                                           {"first", prev.name},
                                                           {"second", tensors[i].name},
                                                           {"offset", tensors[i].fileOffset}}));
    }
    return okStatus();
}

}  // namespace

Expected<SafetensorsFile> readSafetensors(std::shared_ptr<const MappedFile> file)
{
    const std::string& path = file->path();
    if (file->size() < 8) return formatError(msg("safetensors.too_short", {{"path", path}, {"size", file->size()}}));
    uint64_t headerBytes = 0;
    std::memcpy(&headerBytes, file->data(), 8);
    if (headerBytes > kMaxSafetensorsHeaderBytes)
        return formatError(msg("safetensors.header_too_large",
                               {{"path", path}, {"bytes", headerBytes}, {"limit", kMaxSafetensorsHeaderBytes}}));
    if (headerBytes > file->size() - 8)
        return formatError(msg("safetensors.header_past_end",
                               {{"path", path}, {"bytes", headerBytes}, {"size", file->size()}}));
    const auto* text = reinterpret_cast<const char*>(file->data() + 8);
    json header;
    try {
        header = json::parse(text, text + headerBytes);
    } catch (const json::exception& e) {
        return formatError(msg("safetensors.header_not_json", {{"path", path}, {"detail", jsonErrorMessage(e.what())}}));
    }
    if (!header.is_object()) return formatError(msg("safetensors.header_not_object", {{"path", path}}));

    const uint64_t dataStart = 8 + headerBytes;
    const uint64_t dataBytes = file->size() - dataStart;
    SafetensorsFile out;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") continue;
        auto tensor = parseEntry(path, name, entry, dataStart, dataBytes);
        if (!tensor) return tensor.error();
        tensor->data = file->data() + tensor->fileOffset;
        out.tensors.push_back(std::move(*tensor));
    }
    ENGINE_TRY(checkNoOverlap(path, out.tensors));
    out.mapping = std::move(file);
    return out;
}

}  // namespace engine
