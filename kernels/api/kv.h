#pragma once
// A KV cache as the ops see it: one layer's keys (or values) of one sequence,
// row p holding position p's kvHeads x headDim values in the cache's format.
// Rows live in blocks: position p is row p % blockTokens of block
// blockTable[p / blockTokens] (a paged cache's block table, or a contiguous
// slot as a one-entry table). The ops write rows (encoding) and attention
// reads them in place (decoding on the fly), so no cache is ever gathered.
// A sliding-window layer's table maps many blocks onto a ring of a few (block
// b -> ring[b mod R]) and holds -1 for blocks before the window of the pass's
// first query: attention reads only positions pos - window + 1 .. pos.
//
// Formats (little-endian, per row):
//   F32   kvHeads * headDim floats
//   F16   kvHeads * headDim IEEE binary16
//   Int8  kvHeads * headDim int8 codes, then one float scale per kv head:
//         code = round(x / s), s = max|x| / 127 over the head's values (0 for
//         an all-zero head). Per head, so a head-sharded cache stores the same
//         numbers as a whole one.
#include <cstdint>

namespace kernels {

enum class KvFormat : uint8_t { F32, F16, Int8, Count };

// "f32", "f16", "int8": the profile's spelling.
const char* kvFormatName(KvFormat format);

// Bytes of one row.
uint64_t kvRowBytes(KvFormat format, int64_t kvHeads, int64_t headDim);

struct KvRows {
    KvFormat format = KvFormat::F32;
    uint8_t* data = nullptr;             // row 0 of block 0 (of this layer's keys or values)
    const int32_t* blockTable = nullptr;
    int64_t blockTokens = 0;
    uint64_t blockStride = 0;            // bytes from one block to the next
    uint64_t rowBytes = 0;
    int64_t kvHeads = 0;
    int64_t headDim = 0;

    uint8_t* row(int64_t p) const
    {
        return data + static_cast<uint64_t>(blockTable[p / blockTokens]) * blockStride +
               static_cast<uint64_t>(p % blockTokens) * rowBytes;
    }
};

namespace ref {

// One row: kvHeads * headDim floats <-> the format's bytes.
void encodeKvRow(KvFormat format, const float* src, uint8_t* dst, int64_t kvHeads, int64_t headDim);
void decodeKvRow(KvFormat format, const uint8_t* src, float* dst, int64_t kvHeads, int64_t headDim);
// One head of a row (headDim floats).
void decodeKvHead(KvFormat format, const uint8_t* row, int64_t head, float* dst, int64_t kvHeads, int64_t headDim);

}  // namespace ref

}  // namespace kernels
