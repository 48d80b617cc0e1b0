#pragma once
// Byte layouts of the GGUF block-quantized types, as stored in a file: every
// field little-endian, blocks packed back to back with no padding. Float16
// fields are kept as raw uint16_t bits (convert with kernels/api/half.h).
//
// The member order gives each struct its on-disk size with natural alignment,
// which the static_asserts pin down. Tensor data is only guaranteed 2-byte
// aligned per block, so readers copy a block out with loadBlock() rather than
// casting the pointer.
#include <bit>
#include <cstdint>
#include <cstring>

#include "kernels/api/dtype.h"

namespace kernels::blocks {

// GGUF is little-endian; the structs hold its bytes as they are.
static_assert(std::endian::native == std::endian::little, "block layouts assume a little-endian host");

// 32 values: x = (q - 8) * d, q the 4-bit code. Byte j holds value j in its low
// nibble and value j + 16 in its high nibble.
struct BlockQ4_0 {
    uint16_t d;
    uint8_t qs[kQK4_0 / 2];
};

// 32 values: x = q * d + m, nibbles as in Q4_0.
struct BlockQ4_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qs[kQK4_1 / 2];
};

// 32 values: x = (q - 16) * d, q = nibble | (bit j of qh) << 4, where qh is the
// 32-bit little-endian word and bit j belongs to value j.
struct BlockQ5_0 {
    uint16_t d;
    uint8_t qh[4];
    uint8_t qs[kQK5_0 / 2];
};

// 32 values: x = q * d + m, 5-bit codes as in Q5_0.
struct BlockQ5_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qh[4];
    uint8_t qs[kQK5_1 / 2];
};

// 32 values: x = q * d, q a signed byte.
struct BlockQ8_0 {
    uint16_t d;
    int8_t qs[kQK8_0];
};

// 256 values in 16 groups of 16. scales[i]: low nibble = group scale, high
// nibble = group min; x = d * sc * q - dmin * mn with 2-bit q.
struct BlockQ2_K {
    uint8_t scales[kQK_K / 16];
    uint8_t qs[kQK_K / 4];
    uint16_t d;
    uint16_t dmin;
};

// 256 values in 16 groups of 16, 3-bit codes: 2 low bits in qs, the high bit
// in hmask. 16 signed 6-bit scales (biased by 32) packed into 12 bytes.
struct BlockQ3_K {
    uint8_t hmask[kQK_K / 8];
    uint8_t qs[kQK_K / 4];
    uint8_t scales[12];
    uint16_t d;
};

// 256 values in 8 groups of 32, 4-bit codes; 8 pairs of 6-bit (scale, min)
// packed into 12 bytes. x = d * sc * q - dmin * mn.
struct BlockQ4_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[12];
    uint8_t qs[kQK_K / 2];
};

// As Q4_K with a fifth bit per value in qh.
struct BlockQ5_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[12];
    uint8_t qh[kQK_K / 8];
    uint8_t qs[kQK_K / 2];
};

// 256 values in 16 groups of 16, 6-bit codes (4 low bits in ql, 2 high in qh),
// biased by 32; one signed 8-bit scale per group. x = d * sc * (q - 32).
struct BlockQ6_K {
    uint8_t ql[kQK_K / 2];
    uint8_t qh[kQK_K / 4];
    int8_t scales[kQK_K / 16];
    uint16_t d;
};

// 256 values: x = d * q with an fp32 d. bsums (sums of each 16 codes) only
// serve dot products.
struct BlockQ8_K {
    float d;
    int8_t qs[kQK_K];
    int16_t bsums[kQK_K / 16];
};

static_assert(sizeof(BlockQ4_0) == 18);
static_assert(sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22);
static_assert(sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ2_K) == 84);
static_assert(sizeof(BlockQ3_K) == 110);
static_assert(sizeof(BlockQ4_K) == 144);
static_assert(sizeof(BlockQ5_K) == 176);
static_assert(sizeof(BlockQ6_K) == 210);
static_assert(sizeof(BlockQ8_K) == 292);

// Copies block `index` out of a possibly unaligned byte stream.
template <typename Block>
inline Block loadBlock(const void* base, int64_t index)
{
    Block b;
    std::memcpy(&b, static_cast<const uint8_t*>(base) + index * static_cast<int64_t>(sizeof(Block)), sizeof(Block));
    return b;
}

template <typename Block>
inline void storeBlock(void* base, int64_t index, const Block& b)
{
    std::memcpy(static_cast<uint8_t*>(base) + index * static_cast<int64_t>(sizeof(Block)), &b, sizeof(Block));
}

}  // namespace kernels::blocks
