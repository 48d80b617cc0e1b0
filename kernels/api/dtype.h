#pragma once
// Tensor element types. The numeric values of the GGUF types are the ggml type
// ids stored in GGUF tensor infos, so a file's type field maps 1:1 onto DType.
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
    Count  // one past the largest GGUF id we know
};

struct DTypeTraits {
    std::string_view name;  // GGUF spelling, e.g. "Q4_K"
    uint32_t blockSize;     // elements per block (1 for plain types)
    uint32_t blockBytes;    // bytes per block
    bool quantized;         // block-quantized (needs a dequantizer)
};

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
