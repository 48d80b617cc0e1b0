#pragma once
// ModelFile: the one in-memory view of a model file, whatever its format.
// GGUF files map onto it directly; llama2.c checkpoints are presented with the
// same GGUF tensor names ("blk.N.attn_q.weight") and metadata keys
// ("llama.embedding_length", "tokenizer.ggml.tokens"), so everything above the
// readers deals with one representation.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/common/expected.h"
#include "kernels/api/dtype.h"

namespace engine {

class MappedFile;

// GGUF metadata value types (ids as stored in the file).
enum class MetaType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
    String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
    Count
};
const char* metaTypeName(MetaType type);

struct MetaValue;
struct MetaArray {
    MetaType elementType = MetaType::U8;
    std::vector<MetaValue> items;
};

// One metadata value. Integers of every width are held as int64/uint64, floats
// as double; `type` keeps the stored type so a writer can round-trip it.
struct MetaValue {
    MetaType type = MetaType::U8;
    std::variant<uint64_t, int64_t, double, bool, std::string, MetaArray> value;

    std::optional<int64_t> asInt() const;     // any integer type (u64 > INT64_MAX: nullopt)
    std::optional<double> asFloat() const;    // float or integer types
    std::optional<bool> asBool() const;
    const std::string* asString() const;
    const MetaArray* asArray() const;
    std::string toDisplayString(size_t maxItems = 8) const;  // for `info`

    static MetaValue u32(uint32_t v) { return {MetaType::U32, uint64_t{v}}; }
    static MetaValue i32(int32_t v) { return {MetaType::I32, int64_t{v}}; }
    static MetaValue u64(uint64_t v) { return {MetaType::U64, v}; }
    static MetaValue f32(float v) { return {MetaType::F32, double{v}}; }
    static MetaValue boolean(bool v) { return {MetaType::Bool, v}; }
    static MetaValue string(std::string v) { return {MetaType::String, std::move(v)}; }
    static MetaValue array(MetaType elementType, std::vector<MetaValue> items)
    {
        return {MetaType::Array, MetaArray{elementType, std::move(items)}};
    }
};

enum class RowLayout { Stored, CpuPacked };

struct TensorInfo {
    std::string name;
    kernels::DType type = kernels::DType::F32;
    std::vector<uint64_t> shape;  // ggml order: shape[0] (ne0) is the contiguous row length
    uint64_t fileOffset = 0;      // absolute byte offset of the data in the file
    uint64_t bytes = 0;           // size of the data in bytes
    const uint8_t* data = nullptr;  // points into the mapping (or owned storage)
    // How `data` holds the rows. Stored: as the file format lays them out.
    // CpuPacked: a matrix converted at load whose whole groups of eight rows
    // were repacked where they lie for the CPU matmul (kernels/cpu/
    // packed_rows.h; rows past the last whole group stay as stored). Read
    // its rows through storedRow() (engine/formats/stored_rows.h), never
    // through `data` directly.
    RowLayout layout = RowLayout::Stored;

    uint64_t elements() const;
    uint64_t rows() const { return shape.empty() ? 0 : elements() / shape[0]; }
    std::string shapeString() const;  // e.g. "64 x 512"
};

enum class ModelFormat { Gguf, Llama2c, HuggingFace, Count };
const char* modelFormatName(ModelFormat format);

struct ModelFile {
    ModelFormat format = ModelFormat::Gguf;
    std::string path;
    uint64_t fileSize = 0;
    uint32_t version = 0;          // GGUF version; llama2.c: 0 (legacy)
    uint64_t alignment = 32;       // GGUF data alignment
    uint64_t dataOffset = 0;       // start of the tensor data section
    std::vector<std::pair<std::string, MetaValue>> metadata;  // in file order
    std::vector<TensorInfo> tensors;                          // in file order

    // Keep the mapping (and any storage the reader made) alive with the views.
    std::shared_ptr<const MappedFile> mapping;
    std::shared_ptr<const void> ownedStorage;

    const MetaValue* find(const std::string& key) const;
    const TensorInfo* findTensor(const std::string& name) const;
    std::optional<int64_t> getInt(const std::string& key) const;
    std::optional<double> getFloat(const std::string& key) const;
    std::optional<std::string> getString(const std::string& key) const;
    std::string architecture() const;  // "general.architecture" or ""

    // Tensors that share storage (a llama2.c shared classifier presented as both
    // token_embd.weight and output.weight) once each, in file order.
    std::vector<const TensorInfo*> distinctTensors() const;
    uint64_t tensorDataBytes() const;  // bytes of the distinct tensors as stored
    uint64_t parameterCount() const;   // elements of the distinct tensors

    // Passes that rewrite a model edit its metadata through these (the index
    // stays valid): set replaces a key's value in place or appends the key.
    void setMeta(const std::string& key, MetaValue value);
    void eraseMeta(const std::string& key);

    void rebuildIndex();  // readers call this after filling metadata/tensors

private:
    std::map<std::string, size_t, std::less<>> m_metaIndex;
    std::map<std::string, size_t, std::less<>> m_tensorIndex;
};

// Opens a GGUF or llama2.c file, chosen by its magic, or a Hugging Face
// folder (a directory with config.json). For llama2.c checkpoints
// the tokenizer.bin is `tokenizerPath`, or "tokenizer.bin"/"tok<vocab>.bin"
// found next to the model when empty. `cancel`, when raised while the file is
// read, ends the open with ErrorCode::Cancelled.
Expected<ModelFile> openModelFile(const std::string& path, const std::string& tokenizerPath = {},
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace engine
