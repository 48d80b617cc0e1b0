// Reference quantizers and dequantizers of the project grouped formats; the
// layouts and the scale rules are documented in grouped_layouts.h.
#include "kernels/ref/grouped_quant.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/api/half.h"
#include "kernels/ref/grouped_layouts.h"

namespace kernels::ref::detail {
namespace {

using blocks::GroupedFormat;

// Rounds half away from zero and clamps into [lo, hi]; NaN becomes 0 (clamped).
inline int roundClamp(float v, int lo, int hi)
{
    if (std::isnan(v)) return lo > 0 ? lo : (hi < 0 ? hi : 0);
    if (v <= static_cast<float>(lo)) return lo;
    if (v >= static_cast<float>(hi)) return hi;
    return static_cast<int>(std::round(v));
}

inline float inverse(float d)
{
    return d != 0.0f ? 1.0f / d : 0.0f;
}

inline void putU16(uint8_t* p, uint16_t v)
{
    std::memcpy(p, &v, 2);
}

// Position of value j of a group inside its int4 code bytes: chunk j / 32,
// byte j % 16 of the chunk, high nibble for the second 16 values of a chunk.
inline void putNibble(uint8_t* qs, int j, int code)
{
    const int chunk = j / 32, within = j % 32;
    uint8_t& byte = qs[16 * chunk + within % 16];
    if (within < 16) byte = static_cast<uint8_t>((byte & 0xF0) | code);
    else byte = static_cast<uint8_t>((byte & 0x0F) | code << 4);
}

inline int getNibble(const uint8_t* qs, int j)
{
    const int chunk = j / 32, within = j % 32;
    const uint8_t byte = qs[16 * chunk + within % 16];
    return within < 16 ? (byte & 0x0F) : (byte >> 4);
}

inline void putCode(const GroupedFormat& f, uint8_t* codes, int j, int code)
{
    if (f.bits == 8) codes[j] = static_cast<uint8_t>(code);  // int8 codes as their two's-complement byte
    else putNibble(codes, j, code);
}

void quantizeSymmetric(const GroupedFormat& f, const float* x, uint8_t* blk)
{
    float amax = 0.0f, signedMax = 0.0f;
    for (int j = 0; j < f.group; ++j) {
        if (std::fabs(x[j]) > amax) {
            amax = std::fabs(x[j]);
            signedMax = x[j];
        }
    }
    // int8: codes -127..127 around zero. int4: the largest magnitude maps to
    // code 0 (value -8 d) exactly, so the wider side of -8..7 takes it.
    const float d = fp16ToFp32(fp32ToFp16(f.bits == 8 ? amax / 127.0f : signedMax / -8.0f));
    putU16(blk, fp32ToFp16(d));
    const float id = inverse(d);
    uint8_t* codes = blk + f.headerBytes();
    for (int j = 0; j < f.group; ++j) {
        const float v = x[j] * id;
        putCode(f, codes, j, f.bits == 8 ? roundClamp(v, -127, 127) : roundClamp(v, -8, 7) + 8);
    }
}

void quantizeAsymmetric(const GroupedFormat& f, const float* x, uint8_t* blk)
{
    float min = std::numeric_limits<float>::max(), max = -std::numeric_limits<float>::max();
    for (int j = 0; j < f.group; ++j) {
        min = std::fmin(min, x[j]);
        max = std::fmax(max, x[j]);
    }
    const int maxCode = (1 << f.bits) - 1;
    const float m = fp16ToFp32(fp32ToFp16(min));
    const float d = fp16ToFp32(fp32ToFp16((max - min) / static_cast<float>(maxCode)));
    putU16(blk, fp32ToFp16(d));
    putU16(blk + 2, fp32ToFp16(m));
    const float id = inverse(d);
    uint8_t* codes = blk + f.headerBytes();
    for (int j = 0; j < f.group; ++j) putCode(f, codes, j, roundClamp((x[j] - m) * id, 0, maxCode));
}

void dequantizeBlock(const GroupedFormat& f, const uint8_t* blk, float* dst)
{
    const float d = fp16ToFp32(readU16(blk));
    const float m = f.asymmetric ? fp16ToFp32(readU16(blk + 2)) : 0.0f;
    const uint8_t* codes = blk + f.headerBytes();
    for (int j = 0; j < f.group; ++j) {
        int q = 0;
        if (f.bits == 8) q = f.asymmetric ? static_cast<int>(codes[j]) : static_cast<int>(static_cast<int8_t>(codes[j]));
        else q = getNibble(codes, j) - (f.asymmetric ? 0 : 8);
        dst[j] = f.asymmetric ? static_cast<float>(q) * d + m : static_cast<float>(q) * d;
    }
}

}  // namespace

bool quantizeGrouped(DType type, const float* src, void* dst, int64_t n)
{
    const auto f = blocks::groupedFormatOf(type);
    if (!f) return false;
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t b = 0; b < n / f->group; ++b) {
        uint8_t* blk = out + b * f->blockBytes();
        std::memset(blk, 0, static_cast<size_t>(f->blockBytes()));
        if (f->asymmetric) quantizeAsymmetric(*f, src + b * f->group, blk);
        else quantizeSymmetric(*f, src + b * f->group, blk);
    }
    return true;
}

bool dequantizeGrouped(DType type, const void* src, float* dst, int64_t n)
{
    const auto f = blocks::groupedFormatOf(type);
    if (!f) return false;
    const auto* in = static_cast<const uint8_t*>(src);
    for (int64_t b = 0; b < n / f->group; ++b) dequantizeBlock(*f, in + b * f->blockBytes(), dst + b * f->group);
    return true;
}

}  // namespace kernels::ref::detail
