#pragma once
// Tensor element types. The numeric values of the GGUF types are the ggml type
// ids stored in GGUF tensor infos, so a file's type field maps 1:1 onto DType.
//
// Ids from kProjectTypeFirst (100) up are InferScope's own grouped block
// formats (layouts in kernels/ref/grouped_layouts.h): int8/int4 weights with
// group size 32, 64 or 128, symmetric or asymmetric, for the combinations GGUF
// has no type for (Q8_0, Q4_0 and Q4_1 cover the group-32 ones). ggml's own ids
// stay far below 100, so the ranges cannot meet; GGUF files holding these ids
// load in InferScope only, not in other GGUF tools.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kernels {

enum class DType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    BF16 = 30,
    // InferScope grouped formats. IS_Q8_Gn: int8 symmetric; IS_Q8A_Gn: int8
    // asymmetric; IS_Q4_Gn / IS_Q4A_Gn: the same for int4. n = group size.
    IsQ8G64 = 100,
    IsQ8G128 = 101,
    IsQ8AG32 = 102,
    IsQ8AG64 = 103,
    IsQ8AG128 = 104,
    IsQ4G64 = 105,
    IsQ4G128 = 106,
    IsQ4AG64 = 107,
    IsQ4AG128 = 108,
    Count  // one past the largest id we know
};

// First id of the project range (ggml ids are below it).
inline constexpr uint32_t kProjectTypeFirst = 100;

// True for the InferScope-specific grouped formats (ids >= kProjectTypeFirst):
// tensors other GGUF tools cannot load.
inline bool isProjectType(DType type)
{
    return static_cast<uint32_t>(type) >= kProjectTypeFirst && type != DType::Count;
}

struct DTypeTraits {
    std::string_view name;  // GGUF spelling, e.g. "Q4_K"
    uint32_t blockSize;     // elements per block (1 for plain types)
    uint32_t blockBytes;    // bytes per block
    bool quantized;         // block-quantized (needs a dequantizer)
};

// How a fast backend multiplies a weight of this type: not at all (the
// matmul dequantizes row by row), on floats, or by integer dot products
// against activations quantized to 8 bits.
enum class FusedDot { None, Float, Int8Acts };

// What the kernels can do with a type: one table (dtype.cc) that the
// reference (de)quantizers and the CPU matmul dispatch answer from.
struct DTypeCaps {
    bool dequantize = false;  // kernels::ref::dequantizeRow handles it
    bool quantize = false;    // kernels::ref::quantizeRow handles it
    FusedDot fused = FusedDot::None;
};
DTypeCaps capsOf(DType type);  // all false for an unknown id

// Traits of a known type; std::nullopt for ids the engine does not know.
std::optional<DTypeTraits> dtypeTraits(uint32_t ggmlTypeId);
DTypeTraits traitsOf(DType type);  // type must be known
std::string_view dtypeName(DType type);
std::optional<DType> dtypeFromName(std::string_view name);  // case-insensitive

// Bytes needed for `elements` values (elements must be a multiple of the block size).
inline uint64_t bytesFor(DType type, uint64_t elements)
{
    const DTypeTraits t = traitsOf(type);
    return elements / t.blockSize * t.blockBytes;
}

// Sizes of the GGUF block layouts (all little-endian, packed).
inline constexpr int kQK4_0 = 32;   // Q4_0: f16 d; u8 qs[16]
inline constexpr int kQK4_1 = 32;   // Q4_1: f16 d, m; u8 qs[16]
inline constexpr int kQK5_0 = 32;   // Q5_0: f16 d; u8 qh[4]; u8 qs[16]
inline constexpr int kQK5_1 = 32;   // Q5_1: f16 d, m; u8 qh[4]; u8 qs[16]
inline constexpr int kQK8_0 = 32;   // Q8_0: f16 d; i8 qs[32]
inline constexpr int kQK_K = 256;   // K-quant super-block size

}  // namespace kernels
