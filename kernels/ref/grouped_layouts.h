#pragma once
// Byte layouts of InferScope's own grouped weight formats (DType ids 100..108,
// see kernels/api/dtype.h). They complete the profile's weight knobs (int8 /
// int4, group size 32 / 64 / 128, symmetric or asymmetric) where GGUF has no
// type; GGUF's Q8_0, Q4_0 and Q4_1 stay in use for the group-32 cases they
// cover. Like the GGUF formats: every field little-endian, blocks of one group
// packed back to back with no padding, fp16 fields as raw uint16_t bits.
//
// One block = one group of G values (G = 32, 64 or 128):
//
//   IS_Q8_G<G>   (symmetric int8)    f16 d;         i8 q[G]     x = d * q
//   IS_Q8A_G<G>  (asymmetric int8)   f16 d; f16 m;  u8 q[G]     x = d * q + m
//   IS_Q4_G<G>   (symmetric int4)    f16 d;         u8 qs[G/2]  x = d * (q - 8)
//   IS_Q4A_G<G>  (asymmetric int4)   f16 d; f16 m;  u8 qs[G/2]  x = d * q + m
//
// int4 codes (0..15) are stored as G/32 chunks of 16 bytes; chunk c covers the
// values 32c .. 32c+31, and its byte j holds value 32c+j in the low nibble and
// value 32c+j+16 in the high nibble (Q4_0's order, repeated per 32 values), so
// the SIMD kernels unpack any group size 32 values at a time.
//
// Quantizers (kernels/ref/grouped_quant.cc), all round-to-nearest:
//   symmetric int8:  d = max|x| / 127,           q = round(x / d)      in -127..127
//   symmetric int4:  d = (signed max|x|) / -8,   q = round(x / d) + 8  in 0..15
//                    (the largest magnitude lands on code 0 exactly, as in Q4_0)
//   asymmetric:      m = min, d = (max - min) / (2^bits - 1),
//                    q = round((x - m) / d)                            in 0..2^bits-1
// d and m are rounded to fp16 first and the codes computed from the rounded
// values, so dequantization reconstructs each value to within half a step
// (plus the fp16 rounding of the extremes).
#include <cstdint>
#include <optional>

#include "kernels/api/dtype.h"

namespace kernels::blocks {

struct GroupedFormat {
    int bits = 8;           // 8 or 4
    int group = 32;         // values per block: 32, 64 or 128
    bool asymmetric = false;

    constexpr int headerBytes() const { return asymmetric ? 4 : 2; }
    constexpr int codeBytes() const { return bits == 8 ? group : group / 2; }
    constexpr int blockBytes() const { return headerBytes() + codeBytes(); }
};

// The layout of a project grouped type; std::nullopt for every other type.
constexpr std::optional<GroupedFormat> groupedFormatOf(DType type)
{
    switch (type) {
    case DType::IsQ8G64: return GroupedFormat{8, 64, false};
    case DType::IsQ8G128: return GroupedFormat{8, 128, false};
    case DType::IsQ8AG32: return GroupedFormat{8, 32, true};
    case DType::IsQ8AG64: return GroupedFormat{8, 64, true};
    case DType::IsQ8AG128: return GroupedFormat{8, 128, true};
    case DType::IsQ4G64: return GroupedFormat{4, 64, false};
    case DType::IsQ4G128: return GroupedFormat{4, 128, false};
    case DType::IsQ4AG64: return GroupedFormat{4, 64, true};
    case DType::IsQ4AG128: return GroupedFormat{4, 128, true};
    default: return std::nullopt;
    }
}

// The block type for (bits, group, asymmetric): GGUF's Q8_0 / Q4_0 / Q4_1
// where one exists, else the project type; std::nullopt for combinations
// outside bits 8|4 x group 32|64|128.
constexpr std::optional<DType> groupedTypeFor(int bits, int group, bool asymmetric)
{
    if (bits == 8) {
        switch (group) {
        case 32: return asymmetric ? DType::IsQ8AG32 : DType::Q8_0;
        case 64: return asymmetric ? DType::IsQ8AG64 : DType::IsQ8G64;
        case 128: return asymmetric ? DType::IsQ8AG128 : DType::IsQ8G128;
        default: return std::nullopt;
        }
    }
    if (bits == 4) {
        switch (group) {
        case 32: return asymmetric ? DType::Q4_1 : DType::Q4_0;
        case 64: return asymmetric ? DType::IsQ4AG64 : DType::IsQ4G64;
        case 128: return asymmetric ? DType::IsQ4AG128 : DType::IsQ4G128;
        default: return std::nullopt;
        }
    }
    return std::nullopt;
}

static_assert(GroupedFormat{8, 128, false}.blockBytes() == 130);
static_assert(GroupedFormat{8, 32, true}.blockBytes() == 36);
static_assert(GroupedFormat{4, 64, false}.blockBytes() == 34);
static_assert(GroupedFormat{4, 128, true}.blockBytes() == 68);

}  // namespace kernels::blocks
