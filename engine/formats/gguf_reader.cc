// GGUF reader. Layout (all little-endian):
//   "GGUF" | u32 version | u64 tensor_count | u64 kv_count
//   kv_count x (string key | u32 type | value)       string = u64 length + bytes
//   tensor_count x (string name | u32 n_dims | u64 dims[n_dims] | u32 type | u64 offset)
//   padding to general.alignment (default 32) | tensor data (offsets relative to here)
// Every read is bounds-checked; errors name the byte offset and the key or tensor.
#include "engine/formats/gguf_reader.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "engine/common/cancel.h"
#include "engine/common/message_catalog.h"
#include "engine/formats/mapped_file.h"

namespace engine {
namespace {

constexpr uint64_t kMaxDims = 4;          // ggml tensors have at most 4 dimensions
constexpr int kMaxArrayNesting = 8;       // arrays of arrays deeper than this are rejected
constexpr uint64_t kMinKvBytes = 8 + 4;   // empty key + type
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 4 + 8;
// Array items and tensor entries read between two polls of the cancel flag (a
// vocabulary of 150k tokens is read in a few hundred milliseconds).
constexpr uint64_t kItemsPerCancelPoll = 1024;

class Cursor {
public:
    Cursor(const uint8_t* data, uint64_t size, std::string path, const std::atomic<bool>* cancel)
        : m_data(data), m_size(size), m_path(std::move(path)), m_cancel(cancel) {}

    uint64_t offset() const { return m_pos; }
    uint64_t remaining() const { return m_size - m_pos; }
    const std::string& path() const { return m_path; }
    bool cancelled() const { return cancelRequested(m_cancel); }

    Error error(Message what, uint64_t at) const
    {
        return makeError(ErrorCode::Format, msg("gguf.at_offset", {{"path", m_path}, {"what", std::move(what)}, {"offset", at}}));
    }
    Error truncated(Message what) const
    {
        return makeError(ErrorCode::Format,
                         msg("gguf.truncated", {{"path", m_path}, {"what", std::move(what)}, {"offset", m_pos}, {"size", m_size}}));
    }

    template <typename T>
    Expected<T> read(const Message& what)
    {
        if (remaining() < sizeof(T)) return truncated(what);
        T v;
        std::memcpy(&v, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return v;
    }

    Expected<std::string> readString(const Message& what)
    {
        const uint64_t at = m_pos;
        auto len = read<uint64_t>(msg("gguf.part.length_of", {{"what", what}}));
        if (!len) return len.error();
        if (*len > remaining())
            return error(msg("gguf.string_too_long", {{"what", what}, {"length", *len}}), at);
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), *len);
        m_pos += *len;
        return s;
    }

private:
    const uint8_t* m_data;
    uint64_t m_size;
    uint64_t m_pos = 0;
    std::string m_path;
    const std::atomic<bool>* m_cancel;
};

bool isKnownMetaType(uint32_t t)
{
    return t < static_cast<uint32_t>(MetaType::Count);
}

// Smallest number of bytes one value of type t can occupy (used to reject absurd array counts).
uint64_t minValueBytes(MetaType t)
{
    switch (t) {
    case MetaType::U8: case MetaType::I8: case MetaType::Bool: return 1;
    case MetaType::U16: case MetaType::I16: return 2;
    case MetaType::U32: case MetaType::I32: case MetaType::F32: return 4;
    case MetaType::U64: case MetaType::I64: case MetaType::F64: case MetaType::String: return 8;
    case MetaType::Array: return 12;
    case MetaType::Count: break;
    }
    return 1;
}

Expected<MetaValue> readValue(Cursor& c, MetaType type, const std::string& key, int depth);

Expected<MetaValue> readArray(Cursor& c, const std::string& key, int depth)
{
    const uint64_t at = c.offset();
    if (depth >= kMaxArrayNesting) return c.error(msg("gguf.nested_too_deeply", {{"key", key}}), at);
    auto elemType = c.read<uint32_t>(msg("gguf.part.array_type_of", {{"key", key}}));
    if (!elemType) return elemType.error();
    if (!isKnownMetaType(*elemType))
        return c.error(msg("gguf.unknown_array_type", {{"key", key}, {"type", *elemType}}), at);
    auto count = c.read<uint64_t>(msg("gguf.part.array_length_of", {{"key", key}}));
    if (!count) return count.error();
    const MetaType et = static_cast<MetaType>(*elemType);
    if (*count > c.remaining() / minValueBytes(et))
        return c.error(msg("gguf.array_too_long", {{"key", key}, {"count", *count}, {"bytes", c.remaining()}}), at);
    MetaArray array;
    array.elementType = et;
    array.items.reserve(*count);
    for (uint64_t i = 0; i < *count; ++i) {
        if (i % kItemsPerCancelPoll == kItemsPerCancelPoll - 1 && c.cancelled()) return loadCancelled();
        auto item = readValue(c, et, key, depth + 1);
        if (!item) return item.error();
        array.items.push_back(std::move(*item));
    }
    return MetaValue{MetaType::Array, std::move(array)};
}

template <typename T, typename Stored>
Expected<MetaValue> readScalar(Cursor& c, MetaType type, const std::string& key)
{
    auto v = c.read<T>(msg("gguf.part.value_of", {{"key", key}}));
    if (!v) return v.error();
    return MetaValue{type, static_cast<Stored>(*v)};
}

Expected<MetaValue> readValue(Cursor& c, MetaType type, const std::string& key, int depth)
{
    switch (type) {
    case MetaType::U8: return readScalar<uint8_t, uint64_t>(c, type, key);
    case MetaType::I8: return readScalar<int8_t, int64_t>(c, type, key);
    case MetaType::U16: return readScalar<uint16_t, uint64_t>(c, type, key);
    case MetaType::I16: return readScalar<int16_t, int64_t>(c, type, key);
    case MetaType::U32: return readScalar<uint32_t, uint64_t>(c, type, key);
    case MetaType::I32: return readScalar<int32_t, int64_t>(c, type, key);
    case MetaType::U64: return readScalar<uint64_t, uint64_t>(c, type, key);
    case MetaType::I64: return readScalar<int64_t, int64_t>(c, type, key);
    case MetaType::F32: return readScalar<float, double>(c, type, key);
    case MetaType::F64: return readScalar<double, double>(c, type, key);
    case MetaType::Bool: {
        const uint64_t at = c.offset();
        auto v = c.read<uint8_t>(msg("gguf.part.value_of", {{"key", key}}));
        if (!v) return v.error();
        if (*v > 1) return c.error(msg("gguf.bad_bool", {{"key", key}, {"value", *v}}), at);
        return MetaValue::boolean(*v != 0);
    }
    case MetaType::String: {
        auto s = c.readString(msg("gguf.part.string_value_of", {{"key", key}}));
        if (!s) return s.error();
        return MetaValue::string(std::move(*s));
    }
    case MetaType::Array: return readArray(c, key, depth);
    case MetaType::Count: break;
    }
    return makeError(ErrorCode::Internal, "unreachable metadata type");
}

Status readHeader(Cursor& c, ModelFile& model, uint64_t& tensorCount, uint64_t& kvCount)
{
    auto magic = c.read<uint32_t>(msg("gguf.part.magic"));
    if (!magic) return magic.error();
    if (std::memcmp(&*magic, "GGUF", 4) != 0) return c.error(msg("gguf.bad_magic"), 0);
    auto version = c.read<uint32_t>(msg("gguf.part.version"));
    if (!version) return version.error();
    if (*version == 1)
        return makeError(ErrorCode::Unsupported, msg("gguf.version_1", {{"path", c.path()}}));
    if (*version != 2 && *version != 3)
        return makeError(ErrorCode::Unsupported, msg("gguf.unknown_version", {{"path", c.path()}, {"version", *version}}));
    model.version = *version;
    auto tc = c.read<uint64_t>(msg("gguf.part.tensor_count"));
    if (!tc) return tc.error();
    auto kc = c.read<uint64_t>(msg("gguf.part.metadata_count"));
    if (!kc) return kc.error();
    if (*kc > c.remaining() / kMinKvBytes)
        return c.error(msg("gguf.metadata_count_too_large", {{"count", *kc}, {"bytes", c.remaining()}}), 16);
    if (*tc > c.remaining() / kMinTensorInfoBytes)
        return c.error(msg("gguf.tensor_count_too_large", {{"count", *tc}, {"bytes", c.remaining()}}), 8);
    tensorCount = *tc;
    kvCount = *kc;
    return okStatus();
}

Status readMetadata(Cursor& c, ModelFile& model, uint64_t kvCount)
{
    std::set<std::string> seen;
    for (uint64_t i = 0; i < kvCount; ++i) {
        if (c.cancelled()) return loadCancelled();
        const uint64_t at = c.offset();
        auto key = c.readString(msg("gguf.part.metadata_key", {{"index", i}}));
        if (!key) return key.error();
        if (!seen.insert(*key).second) return c.error(msg("gguf.duplicate_key", {{"key", *key}}), at);
        const uint64_t typeAt = c.offset();
        auto type = c.read<uint32_t>(msg("gguf.part.type_of", {{"key", *key}}));
        if (!type) return type.error();
        if (!isKnownMetaType(*type))
            return c.error(msg("gguf.unknown_value_type", {{"key", *key}, {"type", *type}}), typeAt);
        auto value = readValue(c, static_cast<MetaType>(*type), *key, 0);
        if (!value) return value.error();
        model.metadata.emplace_back(std::move(*key), std::move(*value));
    }
    return okStatus();
}

Expected<uint64_t> tensorByteSize(const Cursor& c, const TensorInfo& t, const kernels::DTypeTraits& traits,
                                  uint64_t at)
{
    uint64_t elements = 1;
    for (uint64_t d : t.shape) {
        if (d == 0) return c.error(msg("gguf.zero_dimension", {{"name", t.name}}), at);
        if (elements > UINT64_MAX / d) return c.error(msg("gguf.dimensions_overflow", {{"name", t.name}}), at);
        elements *= d;
    }
    if (t.shape[0] % traits.blockSize != 0)
        return c.error(msg("gguf.row_not_blocks", {{"name", t.name},
                                                   {"length", t.shape[0]},
                                                   {"type", traits.name},
                                                   {"block", traits.blockSize}}),
                       at);
    const uint64_t blocks = elements / traits.blockSize;
    if (blocks > UINT64_MAX / traits.blockBytes) return c.error(msg("gguf.tensor_too_large", {{"name", t.name}}), at);
    return blocks * traits.blockBytes;
}

Expected<TensorInfo> readTensorInfo(Cursor& c, uint64_t index)
{
    const uint64_t at = c.offset();
    TensorInfo t;
    auto name = c.readString(msg("gguf.part.tensor_name", {{"index", index}}));
    if (!name) return name.error();
    t.name = std::move(*name);
    auto nDims = c.read<uint32_t>(msg("gguf.part.dimension_count", {{"name", t.name}}));
    if (!nDims) return nDims.error();
    if (*nDims == 0 || *nDims > kMaxDims)
        return c.error(msg("gguf.bad_dimension_count", {{"name", t.name}, {"dims", *nDims}}), at);
    for (uint32_t d = 0; d < *nDims; ++d) {
        auto dim = c.read<uint64_t>(msg("gguf.part.dimensions", {{"name", t.name}}));
        if (!dim) return dim.error();
        t.shape.push_back(*dim);
    }
    const uint64_t typeAt = c.offset();
    auto type = c.read<uint32_t>(msg("gguf.part.tensor_type", {{"name", t.name}}));
    if (!type) return type.error();
    // Known ids: ggml's types plus InferScope's grouped formats (100..108,
    // kernels/api/dtype.h), which only InferScope writes and reads. Anything
    // else, including ids between the two ranges, is refused.
    const auto traits = kernels::dtypeTraits(*type);
    if (!traits)
        return makeError(ErrorCode::Unsupported,
                         msg("gguf.unknown_tensor_type", {{"path", c.path()}, {"name", t.name}, {"type", *type}, {"offset", typeAt}}));
    t.type = static_cast<kernels::DType>(*type);
    auto offset = c.read<uint64_t>(msg("gguf.part.data_offset", {{"name", t.name}}));
    if (!offset) return offset.error();
    t.fileOffset = *offset;  // relative for now; made absolute once the data section is known
    auto bytes = tensorByteSize(c, t, *traits, at);
    if (!bytes) return bytes.error();
    t.bytes = *bytes;
    return t;
}

Expected<uint64_t> readAlignment(const ModelFile& model, const std::string& path)
{
    const MetaValue* v = model.find("general.alignment");
    if (!v) return uint64_t{32};
    const auto a = v->asInt();
    if (!a || *a <= 0 || (*a & (*a - 1)) != 0)
        return makeError(ErrorCode::Format, msg("gguf.bad_alignment", {{"path", path}, {"value", v->toDisplayString()}}));
    return static_cast<uint64_t>(*a);
}

// Places tensors in the data section and checks bounds, alignment and overlap.
Status placeTensors(ModelFile& model, const MappedFile& file)
{
    const std::string& path = file.path();
    std::vector<const TensorInfo*> order;
    for (TensorInfo& t : model.tensors) {
        if (t.fileOffset % model.alignment != 0)
            return makeError(ErrorCode::Format, msg("gguf.unaligned_tensor", {{"path", path},
                                                                              {"name", t.name},
                                                                              {"offset", t.fileOffset},
                                                                              {"alignment", model.alignment}}));
        const uint64_t start = model.dataOffset + t.fileOffset;
        if (t.fileOffset > file.size() || start > file.size() || t.bytes > file.size() - start)
            return makeError(ErrorCode::Format, msg("gguf.tensor_past_end", {{"path", path},
                                                                             {"name", t.name},
                                                                             {"start", start},
                                                                             {"end", start + t.bytes},
                                                                             {"size", file.size()}}));
        t.fileOffset = start;
        t.data = file.data() + start;
        order.push_back(&t);
    }
    std::sort(order.begin(), order.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->fileOffset < b->fileOffset; });
    for (size_t i = 1; i < order.size(); ++i) {
        if (order[i - 1]->fileOffset + order[i - 1]->bytes > order[i]->fileOffset)
            return makeError(ErrorCode::Format,
                             msg("gguf.tensors_overlap", {{"path", path}, {"first", order[i - 1]->name}, {"second", order[i]->name}}));
    }
    return okStatus();
}

}  // namespace

Expected<ModelFile> readGguf(std::shared_ptr<const MappedFile> file, const std::atomic<bool>* cancel)
{
    ModelFile model;
    model.format = ModelFormat::Gguf;
    model.path = file->path();
    model.fileSize = file->size();
    Cursor c(file->data(), file->size(), file->path(), cancel);

    uint64_t tensorCount = 0, kvCount = 0;
    ENGINE_TRY(readHeader(c, model, tensorCount, kvCount));
    ENGINE_TRY(readMetadata(c, model, kvCount));
    model.rebuildIndex();
    auto alignment = readAlignment(model, model.path);
    if (!alignment) return alignment.error();
    model.alignment = *alignment;

    std::set<std::string> names;
    model.tensors.reserve(tensorCount);
    for (uint64_t i = 0; i < tensorCount; ++i) {
        if (i % kItemsPerCancelPoll == 0 && c.cancelled()) return loadCancelled();
        const uint64_t at = c.offset();
        auto t = readTensorInfo(c, i);
        if (!t) return t.error();
        if (!names.insert(t->name).second) return c.error(msg("gguf.duplicate_tensor", {{"name", t->name}}), at);
        model.tensors.push_back(std::move(*t));
    }
    const uint64_t infoEnd = c.offset();
    model.dataOffset = (infoEnd + model.alignment - 1) / model.alignment * model.alignment;
    if (tensorCount > 0 && model.dataOffset > file->size())
        return c.truncated(msg("gguf.part.padding"));
    ENGINE_TRY(placeTensors(model, *file));
    model.mapping = std::move(file);
    model.rebuildIndex();
    return model;
}

}  // namespace engine
