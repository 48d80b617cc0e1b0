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

#include "engine/formats/mapped_file.h"

namespace engine {
namespace {

constexpr uint64_t kMaxDims = 4;          // ggml tensors have at most 4 dimensions
constexpr int kMaxArrayNesting = 8;       // arrays of arrays deeper than this are rejected
constexpr uint64_t kMinKvBytes = 8 + 4;   // empty key + type
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 4 + 8;

class Cursor {
public:
    Cursor(const uint8_t* data, uint64_t size, std::string path)
        : m_data(data), m_size(size), m_path(std::move(path)) {}

    uint64_t offset() const { return m_pos; }
    uint64_t remaining() const { return m_size - m_pos; }
    const std::string& path() const { return m_path; }

    Error error(const std::string& what, uint64_t at) const
    {
        return makeError(ErrorCode::Format, m_path + ": " + what + " (at byte offset " + std::to_string(at) + ")");
    }
    Error truncated(const std::string& what) const
    {
        return makeError(ErrorCode::Format, m_path + ": file truncated while reading " + what + " at byte offset " +
                                                std::to_string(m_pos) + " (file is " + std::to_string(m_size) +
                                                " bytes)");
    }

    template <typename T>
    Expected<T> read(const std::string& what)
    {
        if (remaining() < sizeof(T)) return truncated(what);
        T v;
        std::memcpy(&v, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return v;
    }

    Expected<std::string> readString(const std::string& what)
    {
        const uint64_t at = m_pos;
        auto len = read<uint64_t>(what + " length");
        if (!len) return len.error();
        if (*len > remaining())
            return error(what + ": string length " + std::to_string(*len) + " runs past the end of the file", at);
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), *len);
        m_pos += *len;
        return s;
    }

private:
    const uint8_t* m_data;
    uint64_t m_size;
    uint64_t m_pos = 0;
    std::string m_path;
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
    if (depth >= kMaxArrayNesting) return c.error("metadata '" + key + "': arrays nested too deeply", at);
    auto elemType = c.read<uint32_t>("array element type of '" + key + "'");
    if (!elemType) return elemType.error();
    if (!isKnownMetaType(*elemType))
        return c.error("metadata '" + key + "': unknown array element type " + std::to_string(*elemType), at);
    auto count = c.read<uint64_t>("array length of '" + key + "'");
    if (!count) return count.error();
    const MetaType et = static_cast<MetaType>(*elemType);
    if (*count > c.remaining() / minValueBytes(et))
        return c.error("metadata '" + key + "': array length " + std::to_string(*count) +
                           " cannot fit in the remaining " + std::to_string(c.remaining()) + " bytes",
                       at);
    MetaArray array;
    array.elementType = et;
    array.items.reserve(*count);
    for (uint64_t i = 0; i < *count; ++i) {
        auto item = readValue(c, et, key, depth + 1);
        if (!item) return item.error();
        array.items.push_back(std::move(*item));
    }
    return MetaValue{MetaType::Array, std::move(array)};
}

template <typename T, typename Stored>
Expected<MetaValue> readScalar(Cursor& c, MetaType type, const std::string& key)
{
    auto v = c.read<T>("value of '" + key + "'");
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
        auto v = c.read<uint8_t>("value of '" + key + "'");
        if (!v) return v.error();
        if (*v > 1) return c.error("metadata '" + key + "': bool value " + std::to_string(*v) + " is not 0 or 1", at);
        return MetaValue::boolean(*v != 0);
    }
    case MetaType::String: {
        auto s = c.readString("string value of '" + key + "'");
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
    auto magic = c.read<uint32_t>("magic");
    if (!magic) return magic.error();
    if (std::memcmp(&*magic, "GGUF", 4) != 0) return c.error("bad magic: not a GGUF file", 0);
    auto version = c.read<uint32_t>("version");
    if (!version) return version.error();
    if (*version == 1)
        return makeError(ErrorCode::Unsupported,
                         c.path() + ": GGUF version 1 is not supported (only versions 2 and 3); re-convert the model");
    if (*version != 2 && *version != 3)
        return makeError(ErrorCode::Unsupported, c.path() + ": unknown GGUF version " + std::to_string(*version) +
                                                     " (supported: 2 and 3)");
    model.version = *version;
    auto tc = c.read<uint64_t>("tensor count");
    if (!tc) return tc.error();
    auto kc = c.read<uint64_t>("metadata count");
    if (!kc) return kc.error();
    if (*kc > c.remaining() / kMinKvBytes)
        return c.error("metadata count " + std::to_string(*kc) + " cannot fit in the remaining " +
                           std::to_string(c.remaining()) + " bytes (truncated or corrupt file)",
                       16);
    if (*tc > c.remaining() / kMinTensorInfoBytes)
        return c.error("tensor count " + std::to_string(*tc) + " cannot fit in the remaining " +
                           std::to_string(c.remaining()) + " bytes (truncated or corrupt file)",
                       8);
    tensorCount = *tc;
    kvCount = *kc;
    return okStatus();
}

Status readMetadata(Cursor& c, ModelFile& model, uint64_t kvCount)
{
    std::set<std::string> seen;
    for (uint64_t i = 0; i < kvCount; ++i) {
        const uint64_t at = c.offset();
        auto key = c.readString("metadata key #" + std::to_string(i));
        if (!key) return key.error();
        if (!seen.insert(*key).second) return c.error("duplicate metadata key '" + *key + "'", at);
        const uint64_t typeAt = c.offset();
        auto type = c.read<uint32_t>("type of '" + *key + "'");
        if (!type) return type.error();
        if (!isKnownMetaType(*type))
            return c.error("metadata '" + *key + "': unknown value type " + std::to_string(*type), typeAt);
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
        if (d == 0) return c.error("tensor '" + t.name + "' has a zero dimension", at);
        if (elements > UINT64_MAX / d) return c.error("tensor '" + t.name + "' dimensions overflow", at);
        elements *= d;
    }
    if (t.shape[0] % traits.blockSize != 0)
        return c.error("tensor '" + t.name + "': row length " + std::to_string(t.shape[0]) +
                           " is not a multiple of the " + std::string(traits.name) + " block size " +
                           std::to_string(traits.blockSize),
                       at);
    const uint64_t blocks = elements / traits.blockSize;
    if (blocks > UINT64_MAX / traits.blockBytes) return c.error("tensor '" + t.name + "' is too large", at);
    return blocks * traits.blockBytes;
}

Expected<TensorInfo> readTensorInfo(Cursor& c, uint64_t index)
{
    const uint64_t at = c.offset();
    TensorInfo t;
    auto name = c.readString("name of tensor #" + std::to_string(index));
    if (!name) return name.error();
    t.name = std::move(*name);
    auto nDims = c.read<uint32_t>("dimension count of tensor '" + t.name + "'");
    if (!nDims) return nDims.error();
    if (*nDims == 0 || *nDims > kMaxDims)
        return c.error("tensor '" + t.name + "' has " + std::to_string(*nDims) + " dimensions (1 to 4 allowed)", at);
    for (uint32_t d = 0; d < *nDims; ++d) {
        auto dim = c.read<uint64_t>("dimensions of tensor '" + t.name + "'");
        if (!dim) return dim.error();
        t.shape.push_back(*dim);
    }
    const uint64_t typeAt = c.offset();
    auto type = c.read<uint32_t>("type of tensor '" + t.name + "'");
    if (!type) return type.error();
    // Known ids: ggml's types plus InferScope's grouped formats (100..108,
    // kernels/api/dtype.h), which only InferScope writes and reads. Anything
    // else, including ids between the two ranges, is refused.
    const auto traits = kernels::dtypeTraits(*type);
    if (!traits)
        return makeError(ErrorCode::Unsupported, c.path() + ": tensor '" + t.name + "' has unknown or unsupported type id " +
                                                     std::to_string(*type) + " (at byte offset " +
                                                     std::to_string(typeAt) + ")");
    t.type = static_cast<kernels::DType>(*type);
    auto offset = c.read<uint64_t>("data offset of tensor '" + t.name + "'");
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
        return makeError(ErrorCode::Format,
                         path + ": general.alignment must be a positive power of two, got " + v->toDisplayString());
    return static_cast<uint64_t>(*a);
}

// Places tensors in the data section and checks bounds, alignment and overlap.
Status placeTensors(ModelFile& model, const MappedFile& file)
{
    const std::string& path = file.path();
    std::vector<const TensorInfo*> order;
    for (TensorInfo& t : model.tensors) {
        if (t.fileOffset % model.alignment != 0)
            return makeError(ErrorCode::Format, path + ": tensor '" + t.name + "' data offset " +
                                                    std::to_string(t.fileOffset) + " is not aligned to " +
                                                    std::to_string(model.alignment));
        const uint64_t start = model.dataOffset + t.fileOffset;
        if (t.fileOffset > file.size() || start > file.size() || t.bytes > file.size() - start)
            return makeError(ErrorCode::Format,
                             path + ": tensor '" + t.name + "' data [" + std::to_string(start) + ", " +
                                 std::to_string(start + t.bytes) + ") runs past the end of the file (" +
                                 std::to_string(file.size()) + " bytes)");
        t.fileOffset = start;
        t.data = file.data() + start;
        order.push_back(&t);
    }
    std::sort(order.begin(), order.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->fileOffset < b->fileOffset; });
    for (size_t i = 1; i < order.size(); ++i) {
        if (order[i - 1]->fileOffset + order[i - 1]->bytes > order[i]->fileOffset)
            return makeError(ErrorCode::Format, path + ": tensors '" + order[i - 1]->name + "' and '" +
                                                    order[i]->name + "' overlap in the data section");
    }
    return okStatus();
}

}  // namespace

Expected<ModelFile> readGguf(std::shared_ptr<const MappedFile> file)
{
    ModelFile model;
    model.format = ModelFormat::Gguf;
    model.path = file->path();
    model.fileSize = file->size();
    Cursor c(file->data(), file->size(), file->path());

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
        const uint64_t at = c.offset();
        auto t = readTensorInfo(c, i);
        if (!t) return t.error();
        if (!names.insert(t->name).second) return c.error("duplicate tensor name '" + t->name + "'", at);
        model.tensors.push_back(std::move(*t));
    }
    const uint64_t infoEnd = c.offset();
    model.dataOffset = (infoEnd + model.alignment - 1) / model.alignment * model.alignment;
    if (tensorCount > 0 && model.dataOffset > file->size())
        return c.truncated("padding before the tensor data section");
    ENGINE_TRY(placeTensors(model, *file));
    model.mapping = std::move(file);
    model.rebuildIndex();
    return model;
}

}  // namespace engine
