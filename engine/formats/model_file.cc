#include "engine/formats/model_file.h"

#include <cstring>
#include <limits>
#include <filesystem>
#include <set>
#include <sstream>

#include "engine/common/cancel.h"
#include "engine/common/message_catalog.h"
#include "engine/formats/gguf_reader.h"
#include "engine/formats/llama2c_reader.h"
#include "engine/formats/hf_folder.h"
#include "engine/formats/mapped_file.h"

namespace engine {

const char* metaTypeName(MetaType type)
{
    switch (type) {
    case MetaType::U8: return "u8";
    case MetaType::I8: return "i8";
    case MetaType::U16: return "u16";
    case MetaType::I16: return "i16";
    case MetaType::U32: return "u32";
    case MetaType::I32: return "i32";
    case MetaType::F32: return "f32";
    case MetaType::Bool: return "bool";
    case MetaType::String: return "string";
    case MetaType::Array: return "array";
    case MetaType::U64: return "u64";
    case MetaType::I64: return "i64";
    case MetaType::F64: return "f64";
    case MetaType::Count: break;
    }
    return "?";
}

const char* modelFormatName(ModelFormat format)
{
    switch (format) {
    case ModelFormat::Gguf: return "gguf";
    case ModelFormat::Llama2c: return "llama2.c";
    case ModelFormat::HuggingFace: return "hugging face folder";
    case ModelFormat::Count: break;
    }
    return "?";
}

std::optional<int64_t> MetaValue::asInt() const
{
    if (const auto* u = std::get_if<uint64_t>(&value)) {
        if (*u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
        return static_cast<int64_t>(*u);
    }
    if (const auto* i = std::get_if<int64_t>(&value)) return *i;
    if (const auto* b = std::get_if<bool>(&value)) return *b ? 1 : 0;
    return std::nullopt;
}

std::optional<double> MetaValue::asFloat() const
{
    if (const auto* d = std::get_if<double>(&value)) return *d;
    if (const auto* u = std::get_if<uint64_t>(&value)) return static_cast<double>(*u);
    if (const auto* i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
    return std::nullopt;
}

std::optional<bool> MetaValue::asBool() const
{
    if (const auto* b = std::get_if<bool>(&value)) return *b;
    if (auto i = asInt()) return *i != 0;
    return std::nullopt;
}

const std::string* MetaValue::asString() const
{
    return std::get_if<std::string>(&value);
}

const MetaArray* MetaValue::asArray() const
{
    return std::get_if<MetaArray>(&value);
}

std::string MetaValue::toDisplayString(size_t maxItems) const
{
    std::ostringstream out;
    if (const auto* u = std::get_if<uint64_t>(&value)) out << *u;
    else if (const auto* i = std::get_if<int64_t>(&value)) out << *i;
    else if (const auto* d = std::get_if<double>(&value)) out << *d;
    else if (const auto* b = std::get_if<bool>(&value)) out << (*b ? "true" : "false");
    else if (const auto* s = std::get_if<std::string>(&value)) {
        if (s->size() > 80) out << '"' << s->substr(0, 77) << "...\"";
        else out << '"' << *s << '"';
    } else if (const auto* a = std::get_if<MetaArray>(&value)) {
        out << '[';
        for (size_t k = 0; k < a->items.size() && k < maxItems; ++k)
            out << (k ? ", " : "") << a->items[k].toDisplayString(maxItems);
        if (a->items.size() > maxItems) out << ", ... (" << a->items.size() << " items)";
        out << ']';
    }
    return out.str();
}

uint64_t TensorInfo::elements() const
{
    uint64_t n = 1;
    for (uint64_t d : shape) n *= d;
    return shape.empty() ? 0 : n;
}

std::string TensorInfo::shapeString() const
{
    std::string s;
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? " x " : "") + std::to_string(shape[i]);
    return s;
}

const MetaValue* ModelFile::find(const std::string& key) const
{
    auto it = m_metaIndex.find(key);
    return it == m_metaIndex.end() ? nullptr : &metadata[it->second].second;
}

const TensorInfo* ModelFile::findTensor(const std::string& name) const
{
    auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &tensors[it->second];
}

std::optional<int64_t> ModelFile::getInt(const std::string& key) const
{
    const MetaValue* v = find(key);
    return v ? v->asInt() : std::nullopt;
}

std::optional<double> ModelFile::getFloat(const std::string& key) const
{
    const MetaValue* v = find(key);
    return v ? v->asFloat() : std::nullopt;
}

std::optional<std::string> ModelFile::getString(const std::string& key) const
{
    const MetaValue* v = find(key);
    const std::string* s = v ? v->asString() : nullptr;
    return s ? std::optional<std::string>(*s) : std::nullopt;
}

std::string ModelFile::architecture() const
{
    return getString("general.architecture").value_or("");
}

std::vector<const TensorInfo*> ModelFile::distinctTensors() const
{
    std::set<std::pair<const uint8_t*, uint64_t>> seen;
    std::vector<const TensorInfo*> out;
    for (const TensorInfo& t : tensors)
        if (!t.data || seen.insert({t.data, t.bytes}).second) out.push_back(&t);
    return out;
}

uint64_t ModelFile::tensorDataBytes() const
{
    uint64_t total = 0;
    for (const TensorInfo* t : distinctTensors()) total += t->bytes;
    return total;
}

uint64_t ModelFile::parameterCount() const
{
    uint64_t total = 0;
    for (const TensorInfo* t : distinctTensors()) total += t->elements();
    return total;
}

void ModelFile::setMeta(const std::string& key, MetaValue value)
{
    if (auto it = m_metaIndex.find(key); it != m_metaIndex.end()) {
        metadata[it->second].second = std::move(value);
        return;
    }
    m_metaIndex.emplace(key, metadata.size());
    metadata.emplace_back(key, std::move(value));
}

void ModelFile::eraseMeta(const std::string& key)
{
    if (std::erase_if(metadata, [&](const auto& kv) { return kv.first == key; }) > 0) rebuildIndex();
}

void ModelFile::rebuildIndex()
{
    m_metaIndex.clear();
    m_tensorIndex.clear();
    for (size_t i = 0; i < metadata.size(); ++i) m_metaIndex.emplace(metadata[i].first, i);
    for (size_t i = 0; i < tensors.size(); ++i) m_tensorIndex.emplace(tensors[i].name, i);
}

Expected<ModelFile> openModelFile(const std::string& path, const std::string& tokenizerPath,
                                  const std::atomic<bool>* cancel)
{
    if (cancelRequested(cancel)) return loadCancelled();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        if (isHuggingFaceFolder(path)) return readHuggingFaceFolder(path, cancel);
        return makeError(ErrorCode::NotFound, msg("model.folder_without_config", {{"path", path}}));
    }
    auto mapped = MappedFile::open(path);
    if (!mapped) return mapped.error();
    const std::shared_ptr<MappedFile>& file = *mapped;
    if (file->size() >= 4 && std::memcmp(file->data(), "GGUF", 4) == 0) return readGguf(file, cancel);
    if (file->size() >= 4 && (std::memcmp(file->data(), "FUGG", 4) == 0))
        return makeError(ErrorCode::Format, msg("model.big_endian_gguf", {{"path", path}}));
    if (looksLikeLlama2c(*file)) return readLlama2c(file, tokenizerPath);
    return makeError(ErrorCode::Format, msg("model.unknown_format", {{"path", path}}));
}

}  // namespace engine
