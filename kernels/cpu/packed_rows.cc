#include "kernels/cpu/packed_rows.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "kernels/cpu/cpu_device.h"
#include "kernels/ref/grouped_layouts.h"

namespace kernels::cpu {

namespace {

constexpr int64_t kBlock = 32;

// The 32-value nibble formats, as stored: fp16 fields (d, and m where the
// format has one), the fifth bits as a little-endian 32-bit word where it has
// them, 16 bytes of nibbles (byte j: value j low, value j + 16 high).
struct NibbleFormat {
    size_t stored;  // bytes per block
    int fields;     // fp16 fields at the start: 1 (d) or 2 (d, m)
    int qh;         // offset of the fifth bits, -1 without
    int qs;         // offset of the nibbles
};

bool isNibbleFormat(DType type)
{
    return type == DType::Q4_0 || type == DType::Q4_1 || type == DType::Q5_0 || type == DType::Q5_1;
}

NibbleFormat nibbleFormat(DType type)
{
    switch (type) {
    case DType::Q4_1: return {20, 2, -1, 4};
    case DType::Q5_0: return {22, 1, 2, 6};
    case DType::Q5_1: return {24, 2, 4, 8};
    default: return {18, 1, -1, 2};  // Q4_0
    }
}

uint8_t storedNibbleCode(const NibbleFormat& f, const uint8_t* blk, int64_t v)
{
    const uint8_t byte = blk[f.qs + v % 16];
    uint8_t code = v < 16 ? byte & 0x0F : byte >> 4;
    if (f.qh >= 0) {
        uint32_t bits;
        std::memcpy(&bits, blk + f.qh, 4);
        code = static_cast<uint8_t>(code | ((bits >> v) & 1) << 4);
    }
    return code;
}

// Where a code of a packed block or group lies: its low four bits at `shift`
// in byte `byte` of the nibble chunks, its higher bits at `topShift` in byte
// `topByte` (of the fifth bits' chunk, or of Q6_K's top-bit chunks).
struct CodePlace {
    int64_t byte;
    int shift;
    int64_t topByte;
    int topShift;
};

// Row i's value v (0..31) in the nibble layout, with Q5's fifth bits.
CodePlace nibblePlaceOf(int64_t i, int64_t v)
{
    const int64_t c = v % 16 / 4, b = v % 4;
    const bool upper = v >= 16;
    return {32 * c + 4 * i + b, upper ? 4 : 0, 128 + 4 * i + b, static_cast<int>(c + (upper ? 4 : 0))};
}

// One block of eight rows (packed_rows.h has the layout).
void packNibbleBlock(const NibbleFormat& f, const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    uint8_t* codes = out + 16 * f.fields;
    std::memset(codes, 0, f.qh >= 0 ? 160 : 128);
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * f.stored;
        for (int field = 0; field < f.fields; ++field) std::memcpy(out + 16 * field + 2 * i, blk + 2 * field, 2);
        for (int64_t v = 0; v < kBlock; ++v) {
            const uint8_t code = storedNibbleCode(f, blk, v);
            const CodePlace at = nibblePlaceOf(i, v);
            codes[at.byte] = static_cast<uint8_t>(codes[at.byte] | (code & 0x0F) << at.shift);
            if (f.qh >= 0) codes[at.topByte] = static_cast<uint8_t>(codes[at.topByte] | (code >> 4) << at.topShift);
        }
    }
}

void unpackNibbleBlock(const NibbleFormat& f, const uint8_t* in, int64_t i, uint8_t* out)
{
    std::memset(out, 0, f.stored);
    for (int field = 0; field < f.fields; ++field) std::memcpy(out + 2 * field, in + 16 * field + 2 * i, 2);
    const uint8_t* codes = in + 16 * f.fields;
    uint32_t bits = 0;
    for (int64_t v = 0; v < kBlock; ++v) {
        const CodePlace at = nibblePlaceOf(i, v);
        const uint8_t low = codes[at.byte] >> at.shift & 0x0F;
        out[f.qs + v % 16] = static_cast<uint8_t>(out[f.qs + v % 16] | low << (v < 16 ? 0 : 4));
        if (f.qh >= 0) bits |= static_cast<uint32_t>(codes[at.topByte] >> at.topShift & 1) << v;
    }
    if (f.qh >= 0) std::memcpy(out + f.qh, &bits, 4);
}

void packQ8_0Block(const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    constexpr size_t kStored = 34;  // fp16 d + 32 signed codes
    uint8_t* chunks = out + 2 * kPackRows;
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * kStored;
        std::memcpy(out + 2 * i, blk, 2);
        for (int64_t c = 0; c < 8; ++c)
            for (int64_t b = 0; b < 4; ++b) chunks[32 * c + 4 * i + b] = blk[2 + 4 * c + b] ^ 0x80;  // code + 128
    }
}

// Q4_K super-blocks (144 bytes per row: d, dmin, 12 bytes of eight 6-bit
// (scale, min) pairs, 128 bytes of nibbles; group g of 32 values sits in the
// low (even g) or high (odd g) nibbles of bytes 32 * (g / 2) ...).
constexpr size_t kQ4KStored = 144;
constexpr size_t kQ5KStored = 176;

// The stored 12-byte scale field <-> the eight (scale, min) pairs.
void unpackQ4KScales(const uint8_t* s, uint8_t scale[8], uint8_t min[8])
{
    for (int j = 0; j < 4; ++j) {
        scale[j] = s[j] & 63;
        min[j] = s[j + 4] & 63;
        scale[j + 4] = static_cast<uint8_t>((s[j + 8] & 0x0F) | (s[j] >> 6) << 4);
        min[j + 4] = static_cast<uint8_t>((s[j + 8] >> 4) | (s[j + 4] >> 6) << 4);
    }
}
void repackQ4KScales(const uint8_t scale[8], const uint8_t min[8], uint8_t* s)
{
    for (int j = 0; j < 4; ++j) {
        s[j] = static_cast<uint8_t>(scale[j] | (scale[j + 4] >> 4) << 6);
        s[j + 4] = static_cast<uint8_t>(min[j] | (min[j + 4] >> 4) << 6);
        s[j + 8] = static_cast<uint8_t>((scale[j + 4] & 0x0F) | (min[j + 4] & 0x0F) << 4);
    }
}

// One super-block of eight rows (packed_rows.h has the layout); kFiveBit:
// Q5_K, whose stored rows have qh[32] before the nibbles (bit g of qh[l] is
// the fifth bit of group g's value l) and whose packed groups end in a
// 32-byte chunk of fifth bits.
template <bool kFiveBit>
void packQ45KBlock(const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    constexpr size_t kStored = kFiveBit ? kQ5KStored : kQ4KStored;
    constexpr int64_t kGroupBytes = kFiveBit ? 160 : 128;
    std::memset(out + 96, 0, 32 + 8 * kGroupBytes);  // top-bit words and codes are OR-ed in below
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * kStored;
        std::memcpy(out + 2 * i, blk, 2);
        std::memcpy(out + 16 + 2 * i, blk + 2, 2);
        uint8_t scale[8], min[8];
        unpackQ4KScales(blk + 4, scale, min);
        for (int g = 0; g < 8; ++g) {
            out[32 + 8 * g + i] = static_cast<uint8_t>((scale[g] & 0x0F) | (min[g] & 0x0F) << 4);
            out[96 + 4 * g + i / 2] |= static_cast<uint8_t>(((scale[g] >> 4) | (min[g] >> 4) << 2) << (4 * (i % 2)));
        }
    }
    for (int g = 0; g < 8; ++g) {
        uint8_t* chunks = out + 128 + kGroupBytes * g;
        for (int64_t i = 0; i < kPackRows; ++i) {
            const uint8_t* blk = rows[i] + static_cast<size_t>(k) * kStored;
            const uint8_t* qs = blk + (kFiveBit ? 48 : 16) + 32 * (g / 2);
            for (int64_t v = 0; v < kBlock; ++v) {
                const CodePlace at = nibblePlaceOf(i, v);
                chunks[at.byte] = static_cast<uint8_t>(chunks[at.byte] | (qs[v] >> (4 * (g % 2)) & 0x0F) << at.shift);
                if constexpr (kFiveBit)  // bit g of qh[v] (stored at 16)
                    chunks[at.topByte] = static_cast<uint8_t>(chunks[at.topByte] | (blk[16 + v] >> g & 1) << at.topShift);
            }
        }
    }
}

template <bool kFiveBit>
void unpackQ45KBlock(const uint8_t* in, int64_t i, uint8_t* out)
{
    constexpr int64_t kGroupBytes = kFiveBit ? 160 : 128;
    std::memcpy(out, in + 2 * i, 2);
    std::memcpy(out + 2, in + 16 + 2 * i, 2);
    uint8_t scale[8], min[8];
    for (int g = 0; g < 8; ++g) {
        const uint8_t low = in[32 + 8 * g + i];
        const uint8_t top = static_cast<uint8_t>(in[96 + 4 * g + i / 2] >> (4 * (i % 2)));
        scale[g] = static_cast<uint8_t>((low & 0x0F) | (top & 3) << 4);
        min[g] = static_cast<uint8_t>((low >> 4) | ((top >> 2) & 3) << 4);
    }
    repackQ4KScales(scale, min, out + 4);
    uint8_t* qs = out + (kFiveBit ? 48 : 16);
    std::memset(out + 16, 0, kFiveBit ? 160 : 128);
    for (int g = 0; g < 8; ++g) {
        const uint8_t* chunks = in + 128 + kGroupBytes * g;
        for (int64_t v = 0; v < kBlock; ++v) {
            const CodePlace at = nibblePlaceOf(i, v);
            const uint8_t code = chunks[at.byte] >> at.shift & 0x0F;
            qs[32 * (g / 2) + v] |= static_cast<uint8_t>(code << (4 * (g % 2)));
            if constexpr (kFiveBit) out[16 + v] |= static_cast<uint8_t>((chunks[at.topByte] >> at.topShift & 1) << g);
        }
    }
}

// Q3_K super-blocks (110 bytes per row: hmask[32], qs[64], 12 bytes of
// sixteen 6-bit scales, fp16 d): value v = 32g + u of group g has its low two
// bits at 2(g % 4) in qs[32(g / 4) + u] and its third bit (set: the code as
// is, clear: 4 less) at bit g of hmask[u]; its scale is scale[2g + u / 16] - 32.
constexpr size_t kQ3KStored = 110;

// The stored 12-byte field <-> the sixteen 6-bit scales: scale j's low four
// bits in byte j % 8 (low nibble for j < 8), its top two at 2(j / 4) in byte 8 + j % 4.
void unpackQ3KScales(const uint8_t* s, uint8_t scale[16])
{
    for (int j = 0; j < 16; ++j)
        scale[j] = static_cast<uint8_t>((s[j % 8] >> (j < 8 ? 0 : 4) & 0x0F) | (s[8 + j % 4] >> (2 * (j / 4)) & 3) << 4);
}
void repackQ3KScales(const uint8_t scale[16], uint8_t* s)
{
    std::memset(s, 0, 12);
    for (int j = 0; j < 16; ++j) {
        s[j % 8] = static_cast<uint8_t>(s[j % 8] | (scale[j] & 0x0F) << (j < 8 ? 0 : 4));
        s[8 + j % 4] = static_cast<uint8_t>(s[8 + j % 4] | (scale[j] >> 4) << (2 * (j / 4)));
    }
}

// Where row i's value u (0..31) of a packed Q3_K group lies: its two low bits
// at `shift` in byte `byte` of the two 2-bit chunks (chunk u / 16, crumb
// u % 16 / 4), its third bit at `topShift` in byte `topByte` of the chunk after them.
CodePlace q3PlaceOf(int64_t i, int64_t u)
{
    const int64_t p = u / 16, q = u % 16 / 4, b = u % 4;
    return {32 * p + 4 * i + b, static_cast<int>(2 * q), 64 + 4 * i + b, static_cast<int>(4 * p + q)};
}

void packQ3KBlock(const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    std::memset(out + 80, 0, 32 + 8 * 96);  // top-bit words and codes are OR-ed in below
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * kQ3KStored;
        std::memcpy(out + 2 * i, blk + 108, 2);
        uint8_t scale[16];
        unpackQ3KScales(blk + 96, scale);
        for (int g = 0; g < 8; ++g) {
            out[16 + 8 * g + i] = static_cast<uint8_t>((scale[2 * g] & 0x0F) | (scale[2 * g + 1] & 0x0F) << 4);
            out[80 + 4 * g + i / 2] |=
                static_cast<uint8_t>(((scale[2 * g] >> 4) | (scale[2 * g + 1] >> 4) << 2) << (4 * (i % 2)));
            uint8_t* codes = out + 112 + 96 * g;
            for (int64_t u = 0; u < kBlock; ++u) {
                const CodePlace at = q3PlaceOf(i, u);
                const uint8_t low = blk[32 + 32 * (g / 4) + u] >> (2 * (g % 4)) & 3;
                codes[at.byte] = static_cast<uint8_t>(codes[at.byte] | low << at.shift);
                codes[at.topByte] = static_cast<uint8_t>(codes[at.topByte] | (blk[u] >> g & 1) << at.topShift);
            }
        }
    }
}

void unpackQ3KBlock(const uint8_t* in, int64_t i, uint8_t* out)
{
    std::memset(out, 0, 96);  // hmask and qs are OR-ed in below
    uint8_t scale[16];
    for (int g = 0; g < 8; ++g) {
        const uint8_t low = in[16 + 8 * g + i];
        const uint8_t top = static_cast<uint8_t>(in[80 + 4 * g + i / 2] >> (4 * (i % 2)));
        scale[2 * g] = static_cast<uint8_t>((low & 0x0F) | (top & 3) << 4);
        scale[2 * g + 1] = static_cast<uint8_t>((low >> 4) | (top >> 2 & 3) << 4);
        const uint8_t* codes = in + 112 + 96 * g;
        for (int64_t u = 0; u < kBlock; ++u) {
            const CodePlace at = q3PlaceOf(i, u);
            out[32 + 32 * (g / 4) + u] |= static_cast<uint8_t>((codes[at.byte] >> at.shift & 3) << (2 * (g % 4)));
            out[u] |= static_cast<uint8_t>((codes[at.topByte] >> at.topShift & 1) << g);
        }
    }
    repackQ3KScales(scale, out + 96);
    std::memcpy(out + 108, in + 2 * i, 2);
}

// Q2_K super-blocks (84 bytes per row: 16 scale bytes, qs[64], fp16 d and
// dmin): value 32g + u has its code at 2(g % 4) in qs[32(g / 4) + u]; scale
// byte 2g + u / 16 holds its scale (low nibble) and min (high nibble).
constexpr size_t kQ2KStored = 84;

void packQ2KBlock(const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    std::memset(out + 160, 0, 8 * 64);  // codes are OR-ed in below
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * kQ2KStored;
        std::memcpy(out + 2 * i, blk + 80, 2);
        std::memcpy(out + 16 + 2 * i, blk + 82, 2);
        for (int g = 0; g < 8; ++g) {
            out[32 + 16 * g + i] = blk[2 * g];
            out[32 + 16 * g + 8 + i] = blk[2 * g + 1];
            uint8_t* codes = out + 160 + 64 * g;
            for (int64_t u = 0; u < kBlock; ++u) {
                const CodePlace at = q3PlaceOf(i, u);  // Q3_K's low two bits, without the third
                codes[at.byte] |= static_cast<uint8_t>((blk[16 + 32 * (g / 4) + u] >> (2 * (g % 4)) & 3) << at.shift);
            }
        }
    }
}

void unpackQ2KBlock(const uint8_t* in, int64_t i, uint8_t* out)
{
    std::memset(out + 16, 0, 64);  // qs is OR-ed in below
    for (int g = 0; g < 8; ++g) {
        out[2 * g] = in[32 + 16 * g + i];
        out[2 * g + 1] = in[32 + 16 * g + 8 + i];
        const uint8_t* codes = in + 160 + 64 * g;
        for (int64_t u = 0; u < kBlock; ++u) {
            const CodePlace at = q3PlaceOf(i, u);
            out[16 + 32 * (g / 4) + u] |= static_cast<uint8_t>((codes[at.byte] >> at.shift & 3) << (2 * (g % 4)));
        }
    }
    std::memcpy(out + 80, in + 2 * i, 2);
    std::memcpy(out + 82, in + 16 + 2 * i, 2);
}

// Q6_K super-blocks (210 bytes per row: ql[128], qh[64], 16 int8 scales, d):
// value v = 128h + 32r + j has its low four bits in ql[64h + 32(r % 2) + j]
// (low nibble for r < 2, high for r >= 2) and its top two in bits 2r of
// qh[32h + j]; the code is those six bits, w = d * scale[v / 16] * (code - 32).
constexpr size_t kQ6KStored = 210;

uint8_t q6Code(const uint8_t* blk, int64_t v)
{
    const int64_t h = v / 128, r = v % 128 / 32, j = v % 32;
    const uint8_t low = blk[64 * h + 32 * (r % 2) + j] >> (r < 2 ? 0 : 4) & 0x0F;
    const uint8_t top = blk[128 + 32 * h + j] >> (2 * r) & 3;
    return static_cast<uint8_t>(low | top << 4);
}

void setQ6Code(uint8_t* blk, int64_t v, uint8_t code)  // into zeroed ql, qh
{
    const int64_t h = v / 128, r = v % 128 / 32, j = v % 32;
    blk[64 * h + 32 * (r % 2) + j] |= static_cast<uint8_t>((code & 0x0F) << (r < 2 ? 0 : 4));
    blk[128 + 32 * h + j] |= static_cast<uint8_t>((code >> 4) << (2 * r));
}

// Row i's value u (0..31) of a packed Q6_K group: the nibble layout, top
// bits in the two top-bit chunks (packed_rows.h).
CodePlace q6PlaceOf(int64_t i, int64_t u)
{
    CodePlace at = nibblePlaceOf(i, u);
    const int64_t c = u % 16 / 4;
    at.topByte = 128 + 32 * (c / 2) + 4 * i + u % 4;
    at.topShift = static_cast<int>(4 * (c % 2) + (u >= 16 ? 2 : 0));
    return at;
}

void packQ6KBlock(const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    std::memset(out + 144, 0, 8 * 192);
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * kQ6KStored;
        std::memcpy(out + 2 * i, blk + 208, 2);
        for (int g = 0; g < 8; ++g) {
            out[16 + 16 * g + i] = blk[192 + 2 * g];
            out[16 + 16 * g + 8 + i] = blk[192 + 2 * g + 1];
            uint8_t* group = out + 144 + 192 * g;
            for (int64_t u = 0; u < 32; ++u) {
                const uint8_t code = q6Code(blk, 32 * g + u);
                const CodePlace at = q6PlaceOf(i, u);
                group[at.byte] |= static_cast<uint8_t>((code & 0x0F) << at.shift);
                group[at.topByte] |= static_cast<uint8_t>((code >> 4) << at.topShift);
            }
        }
    }
}

void unpackQ6KBlock(const uint8_t* in, int64_t i, uint8_t* out)
{
    std::memset(out, 0, 192);
    for (int g = 0; g < 8; ++g) {
        out[192 + 2 * g] = in[16 + 16 * g + i];
        out[192 + 2 * g + 1] = in[16 + 16 * g + 8 + i];
        const uint8_t* group = in + 144 + 192 * g;
        for (int64_t u = 0; u < 32; ++u) {
            const CodePlace at = q6PlaceOf(i, u);
            const uint8_t low = group[at.byte] >> at.shift & 0x0F;
            const uint8_t top = group[at.topByte] >> at.topShift & 3;
            setQ6Code(out, 32 * g + u, static_cast<uint8_t>(low | top << 4));
        }
    }
    std::memcpy(out + 208, in + 2 * i, 2);
}

// Where row `row`'s value v of a packed Q8_0 block lies in its chunks.
int64_t q8PlaceOf(int64_t row, int64_t v)
{
    return 32 * (v / 4) + 4 * row + v % 4;
}

// The project's grouped formats (kernels/ref/grouped_layouts.h), one group
// of G values of eight rows (packed_rows.h has the layout).
constexpr int64_t subBlockBytes(const blocks::GroupedFormat& f)
{
    return f.bits == 8 ? 256 : 128;
}

// Byte of a grouped int8 code as packed: symmetric codes plus 128 (as Q8_0),
// asymmetric ones (unsigned already) as stored.
uint8_t packedInt8(const blocks::GroupedFormat& f, uint8_t stored)
{
    return f.asymmetric ? stored : stored ^ 0x80;
}

void packGroupedBlock(const blocks::GroupedFormat& f, const uint8_t* const rows[kPackRows], int64_t k, uint8_t* out)
{
    const int fields = f.asymmetric ? 2 : 1;
    uint8_t* codes = out + 16 * fields;
    const int64_t subs = f.group / kBlock;
    std::memset(codes, 0, static_cast<size_t>(subs * subBlockBytes(f)));
    for (int64_t i = 0; i < kPackRows; ++i) {
        const uint8_t* blk = rows[i] + static_cast<size_t>(k) * static_cast<size_t>(f.blockBytes());
        for (int field = 0; field < fields; ++field) std::memcpy(out + 16 * field + 2 * i, blk + 2 * field, 2);
        const uint8_t* q = blk + f.headerBytes();
        for (int64_t sub = 0; sub < subs; ++sub) {
            uint8_t* chunks = codes + sub * subBlockBytes(f);
            for (int64_t v = 0; v < kBlock; ++v) {
                if (f.bits == 8) {
                    chunks[q8PlaceOf(i, v)] = packedInt8(f, q[kBlock * sub + v]);
                    continue;
                }
                const uint8_t code = q[16 * sub + v % 16] >> (v < 16 ? 0 : 4) & 0x0F;
                const CodePlace at = nibblePlaceOf(i, v);
                chunks[at.byte] = static_cast<uint8_t>(chunks[at.byte] | code << at.shift);
            }
        }
    }
}

void unpackGroupedBlock(const blocks::GroupedFormat& f, const uint8_t* in, int64_t i, uint8_t* out)
{
    const int fields = f.asymmetric ? 2 : 1;
    std::memset(out, 0, static_cast<size_t>(f.blockBytes()));
    for (int field = 0; field < fields; ++field) std::memcpy(out + 2 * field, in + 16 * field + 2 * i, 2);
    uint8_t* q = out + f.headerBytes();
    for (int64_t sub = 0; sub < f.group / kBlock; ++sub) {
        const uint8_t* chunks = in + 16 * fields + sub * subBlockBytes(f);
        for (int64_t v = 0; v < kBlock; ++v) {
            if (f.bits == 8) {
                q[kBlock * sub + v] = packedInt8(f, chunks[q8PlaceOf(i, v)]);  // its own inverse
                continue;
            }
            const CodePlace at = nibblePlaceOf(i, v);
            const uint8_t code = chunks[at.byte] >> at.shift & 0x0F;
            q[16 * sub + v % 16] = static_cast<uint8_t>(q[16 * sub + v % 16] | code << (v < 16 ? 0 : 4));
        }
    }
}

std::atomic<bool> g_vnniAllowed{true};

bool cpuHas(const char* feature)
{
    const std::vector<std::string>& f = cpuInfo().features;
    return std::find(f.begin(), f.end(), feature) != f.end();
}

}  // namespace

// packed_vnni.cc: whether it was compiled with the VNNI kernels.
bool packedVnniBuilt();

bool packedVnni()
{
    static const bool present = packedVnniBuilt() && cpuHas("avx512_vnni") && cpuHas("avx512vl") && cpuHas("avx512bw");
    return present && g_vnniAllowed.load(std::memory_order_relaxed);
}

void allowPackedVnni(bool allowed)
{
    g_vnniAllowed.store(allowed, std::memory_order_relaxed);
}

bool packsRows(DType type)
{
    return isNibbleFormat(type) || type == DType::Q8_0 || type == DType::Q4_K || type == DType::Q5_K ||
           type == DType::Q6_K || type == DType::Q3_K || type == DType::Q2_K || blocks::groupedFormatOf(type).has_value();
}

bool copiesRows(DType type)
{
    return type == DType::F32 || type == DType::F16 || type == DType::BF16;
}

int64_t packedRows(const Tensor& w)
{
    if (!w.packed) return 0;
    return copiesRows(w.type) ? w.rows : w.rows / kPackRows * kPackRows;
}

size_t packedBytes(const Tensor& w)
{
    if (copiesRows(w.type) && w.rows > 0)
        return static_cast<size_t>(w.rows) * bytesFor(w.type, static_cast<uint64_t>(w.cols));
    const int64_t block = traitsOf(w.type).blockSize;
    if (!packsRows(w.type) || w.rows < kPackRows || w.cols % block != 0) return 0;
    const int64_t groups = w.rows / kPackRows;
    return static_cast<size_t>(groups * kPackRows) * bytesFor(w.type, static_cast<uint64_t>(w.cols));
}

void packRowGroups(const Tensor& w, uint8_t* packed, int64_t g0, int64_t g1)
{
    const size_t denseRow = bytesFor(w.type, static_cast<uint64_t>(w.cols));
    if (copiesRows(w.type)) {
        for (int64_t r = g0 * kPackRows; r < std::min(w.rows, g1 * kPackRows); ++r)
            std::memcpy(packed + static_cast<size_t>(r) * denseRow, w.row(r), denseRow);
        return;
    }
    const int64_t nBlocks = w.cols / traitsOf(w.type).blockSize;
    const size_t blockBytes = denseRow / static_cast<size_t>(nBlocks) * kPackRows;
    g1 = std::min(g1, w.rows / kPackRows);  // a short last group stays as stored
    for (int64_t g = g0; g < g1; ++g) {
        const uint8_t* rows[kPackRows];
        for (int64_t i = 0; i < kPackRows; ++i) rows[i] = w.row(g * kPackRows + i);
        uint8_t* group = packed + static_cast<size_t>(g * kPackRows) * denseRow;
        for (int64_t k = 0; k < nBlocks; ++k) {
            uint8_t* out = group + static_cast<size_t>(k) * blockBytes;
            if (const auto grouped = blocks::groupedFormatOf(w.type)) packGroupedBlock(*grouped, rows, k, out);
            else if (isNibbleFormat(w.type)) packNibbleBlock(nibbleFormat(w.type), rows, k, out);
            else if (w.type == DType::Q4_K) packQ45KBlock<false>(rows, k, out);
            else if (w.type == DType::Q5_K) packQ45KBlock<true>(rows, k, out);
            else if (w.type == DType::Q6_K) packQ6KBlock(rows, k, out);
            else if (w.type == DType::Q3_K) packQ3KBlock(rows, k, out);
            else if (w.type == DType::Q2_K) packQ2KBlock(rows, k, out);
            else packQ8_0Block(rows, k, out);
        }
    }
}

void unpackRow(const Tensor& w, int64_t r, uint8_t* stored)
{
    const size_t denseRow = bytesFor(w.type, static_cast<uint64_t>(w.cols));
    if (copiesRows(w.type)) {
        std::memcpy(stored, static_cast<const uint8_t*>(w.packed) + static_cast<size_t>(r) * denseRow, denseRow);
        return;
    }
    const int64_t nBlocks = w.cols / traitsOf(w.type).blockSize;
    const size_t blockBytes = denseRow / static_cast<size_t>(nBlocks) * kPackRows;
    const size_t storedBlock = denseRow / static_cast<size_t>(nBlocks);
    const int64_t i = r % kPackRows;
    const uint8_t* group = static_cast<const uint8_t*>(w.packed) + static_cast<size_t>(r - i) * denseRow;
    for (int64_t k = 0; k < nBlocks; ++k) {
        const uint8_t* in = group + static_cast<size_t>(k) * blockBytes;
        const uint8_t* chunks = in + 2 * kPackRows;
        uint8_t* out = stored + static_cast<size_t>(k) * storedBlock;
        if (const auto grouped = blocks::groupedFormatOf(w.type)) {
            unpackGroupedBlock(*grouped, in, i, out);
            continue;
        }
        if (traitsOf(w.type).blockSize == 256) {
            if (w.type == DType::Q4_K) unpackQ45KBlock<false>(in, i, out);
            else if (w.type == DType::Q5_K) unpackQ45KBlock<true>(in, i, out);
            else if (w.type == DType::Q3_K) unpackQ3KBlock(in, i, out);
            else if (w.type == DType::Q2_K) unpackQ2KBlock(in, i, out);
            else unpackQ6KBlock(in, i, out);
            continue;
        }
        if (isNibbleFormat(w.type)) {
            unpackNibbleBlock(nibbleFormat(w.type), in, i, out);
            continue;
        }
        std::memcpy(out, in + 2 * i, 2);  // Q8_0
        for (int64_t v = 0; v < kBlock; ++v) out[2 + v] = chunks[q8PlaceOf(i, v)] ^ 0x80;
    }
}

}  // namespace kernels::cpu
