#pragma once
// Weights repacked for the CPU matmul at load: rows in groups of eight,
// interleaved so that one 256-bit register holds the same four values of all
// eight rows. A block's eight integer dot products then come out in the eight
// lanes of one vector, and the int-to-float conversion, the scale product and
// the FMA are paid once per eight rows instead of once per row — the
// instructions that bound prefill and 4-bit decode in the row-at-a-time
// kernels (packed_tile-inl.h).
//
// Group g (rows 8g..8g+7) is 8 * bytesFor(type, cols) bytes, the same as the
// eight stored rows, so group g starts at packed + 8g * denseRowBytes; inside
// it, 32-value block k of all eight rows is one packed block:
//   Q4_0 (144 bytes): the eight rows' fp16 scales, then four 32-byte chunks;
//        byte 4i+b of chunk c holds row i's code 4c+b in its low nibble and
//        code 4(c+4)+b in its high nibble.
//   Q4_1 (160 bytes), Q5_0 (176), Q5_1 (192): the rows' fp16 d, then their
//        fp16 m (Q4_1, Q5_1), then Q4_0's four chunks of low nibbles, then
//        (Q5_0, Q5_1) a 32-byte chunk of fifth bits: bit c of byte 4i+b is
//        the fifth bit of the value in the low nibble of chunk c's byte
//        4i+b, bit 4 + c that of the value in its high nibble.
//   Q8_0 (272 bytes): the eight rows' fp16 scales, then eight 32-byte chunks;
//        byte 4i+b of chunk c is row i's code 4c+b plus 128, an unsigned
//        byte: the operand the 8-bit dot-product instructions want unsigned
//        (the kernels take 128 * sum(x) off, exactly).
//   Q4_K (1152 bytes per 256-value super-block): the eight rows' fp16 d,
//        then their fp16 dmin; then for each 32-value group g the rows'
//        6-bit (scale, min) pairs split in two: 8 bytes at 32 + 8g (byte i:
//        row i's scale low nibble | min low nibble << 4), 4 bytes at 96 + 4g
//        (bits 4i..4i+3: row i's scale top bits | min top bits << 2); then
//        group g's codes at 128 + 128g in the Q4_0 chunk layout.
//        Unpacked per group with a few vector instructions shared by every
//        token, so the 6-bit scale field is decoded once per eight rows.
//   Q5_K (1408 bytes): Q4_K's layout with Q5_0's 32-byte chunk of fifth bits
//        after each group's codes (groups at 128 + 160g).
//   Q6_K (1680 bytes per 256-value super-block): the eight rows' fp16 d;
//        for each group g of 32 values, 16 bytes at 16 + 16g: the rows' int8
//        scales of values 0..15, then of values 16..31; then group g at
//        144 + 192g: the codes' low four bits in the Q4_0 chunk layout
//        (128 bytes), then their top two bits in two 32-byte chunks: byte
//        4i+b of top chunk p holds, at bit 4q, the top bits of the value in
//        the low nibble of chunk 2p+q's byte 4i+b, at bit 4q+2 those of the
//        value in its high nibble.
//   Q3_K (880 bytes per 256-value super-block): the eight rows' fp16 d;
//        their sixteen 6-bit scales split as Q4_K's (scale, min) pairs are,
//        group g's two scales (values 0..15, 16..31) in place of the pair:
//        8 bytes at 16 + 8g, 4 bytes at 80 + 4g; then group g's codes at
//        112 + 96g: two 32-byte chunks of their low two bits (byte 4i+b of
//        chunk p holds, at bit 2q, row i's value 16p + 4q + b), then a
//        32-byte chunk of third bits (bit 4p + q of byte 4i+b).
//   Q2_K (672 bytes per 256-value super-block): the eight rows' fp16 d, then
//        their fp16 dmin; for each group g of 32 values, 16 bytes at 32 + 16g:
//        the rows' scale bytes (scale | min << 4) of values 0..15, then of
//        16..31; then group g's codes at 160 + 64g in Q3_K's two 2-bit chunks.
//   The grouped formats IS_Q8[A]_G<G>, IS_Q4[A]_G<G> (kernels/ref/
//        grouped_layouts.h), per group of G values: the eight rows' fp16 d,
//        then (asymmetric) their fp16 m, then G/32 sub-blocks of codes:
//        int4 as Q4_0's four nibble chunks (128 bytes), int8 as Q8_0's eight
//        chunks (256 bytes), symmetric codes plus 128 as Q8_0, asymmetric
//        (unsigned) codes as stored.
// Rows past the last full group are not packed: the kernels read them as
// stored (Tensor::data), and every other reader of a tensor reads `data` too.
//
// Float matrices (F32, F16, BF16) keep their layout: their "packed" copy is
// every row as stored, moved into memory the matmul streams faster (huge
// pages, see allocateWeights) than the file mapping's 4 KiB pages.
#include <cstddef>
#include <cstdint>

#include "kernels/api/tensor.h"

namespace kernels::cpu {

inline constexpr int64_t kPackRows = 8;

// True for the formats this layout covers (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, the
// K-quants Q2_K, Q3_K, Q4_K, Q5_K, Q6_K and the project's grouped formats).
bool packsRows(DType type);
// True for the formats copied as stored (F32, F16, BF16).
bool copiesRows(DType type);
// The rows of w that w.packed holds: its whole groups, every row of a float
// matrix, none when w is not packed.
int64_t packedRows(const Tensor& w);
// Bytes of `w`'s packed copy (its full groups); 0 when `w` is not packable:
// another format, fewer than eight rows, or columns not in whole blocks
// (super-blocks for the K-quants).
size_t packedBytes(const Tensor& w);
// Writes the packed copy of row groups [g0, g1) of host tensor `w` into
// `packed` (packedBytes(w) long), at the groups' places: whole groups only,
// except for float matrices, whose last group may be short.
void packRowGroups(const Tensor& w, uint8_t* packed, int64_t g0, int64_t g1);
// Row r (inside w's packed groups) in its stored layout, read back from
// w.packed into `stored` (bytesFor(type, cols) long): how a packed table
// serves the rows an embedding lookup reads.
void unpackRow(const Tensor& w, int64_t r, uint8_t* stored);

// One token's 8-bit activations as the packed kernels read them (see
// QuantizedActs: codes, per-block scales, per-block code sums).
struct PackedActs {
    const int8_t* q;
    const float* d;
    const int32_t* s;
};

// Whether the packed kernels run on the CPU's 8-bit dot-product instruction
// (AVX-512 VNNI on 256-bit vectors, packed_vnni.cc): built in and present on
// this CPU, and not switched off. The integer dots are exact either way, so
// both paths give the same bits; tests switch it off to check exactly that.
bool packedVnni();
void allowPackedVnni(bool allowed);

// The VNNI tile: out[8t + i] = row i of `group` . token t, for nTokens (1..4)
// tokens of `acts`, over nBlocks packed blocks of `type` (Q4_0 or Q8_0).
void packedTileVnni(DType type, const uint8_t* group, const PackedActs* acts, int nTokens, int64_t nBlocks,
                    float* out);

}  // namespace kernels::cpu
