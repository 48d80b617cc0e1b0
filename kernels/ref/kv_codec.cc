// The KV cache row formats of kernels/api/kv.h: the one encoder and decoder
// every backend's KV ops use.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/api/half.h"
#include "kernels/api/kv.h"

namespace kernels {

const char* kvFormatName(KvFormat format)
{
    switch (format) {
    case KvFormat::F32: return "f32";
    case KvFormat::F16: return "f16";
    case KvFormat::Int8: return "int8";
    case KvFormat::Count: break;
    }
    return "?";
}

uint64_t kvRowBytes(KvFormat format, int64_t kvHeads, int64_t headDim)
{
    const auto values = static_cast<uint64_t>(kvHeads * headDim);
    switch (format) {
    case KvFormat::F32: return values * sizeof(float);
    case KvFormat::F16: return values * sizeof(uint16_t);
    case KvFormat::Int8: return values + static_cast<uint64_t>(kvHeads) * sizeof(float);
    case KvFormat::Count: break;
    }
    return 0;
}

namespace ref {

void encodeKvRow(KvFormat format, const float* src, uint8_t* dst, int64_t kvHeads, int64_t headDim)
{
    const int64_t n = kvHeads * headDim;
    switch (format) {
    case KvFormat::F32: std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); return;
    case KvFormat::F16:
        for (int64_t i = 0; i < n; ++i) {
            const uint16_t h = fp32ToFp16(src[i]);
            std::memcpy(dst + 2 * i, &h, sizeof h);
        }
        return;
    case KvFormat::Int8: {
        auto* codes = reinterpret_cast<int8_t*>(dst);
        uint8_t* scales = dst + n;
        for (int64_t h = 0; h < kvHeads; ++h) {
            const float* x = src + h * headDim;
            float amax = 0.0f;
            for (int64_t i = 0; i < headDim; ++i) amax = std::max(amax, std::fabs(x[i]));
            const float scale = amax / 127.0f;
            const float inv = scale > 0.0f ? 1.0f / scale : 0.0f;
            for (int64_t i = 0; i < headDim; ++i) {
                const float q = std::nearbyint(x[i] * inv);
                codes[h * headDim + i] = static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f));
            }
            std::memcpy(scales + h * sizeof(float), &scale, sizeof scale);
        }
        return;
    }
    case KvFormat::Count: return;
    }
}

void decodeKvHead(KvFormat format, const uint8_t* row, int64_t head, float* dst, int64_t kvHeads, int64_t headDim)
{
    const int64_t at = head * headDim;
    switch (format) {
    case KvFormat::F32: std::memcpy(dst, row + at * sizeof(float), static_cast<size_t>(headDim) * sizeof(float)); return;
    case KvFormat::F16:
        for (int64_t i = 0; i < headDim; ++i) {
            uint16_t h = 0;
            std::memcpy(&h, row + 2 * (at + i), sizeof h);
            dst[i] = fp16ToFp32(h);
        }
        return;
    case KvFormat::Int8: {
        const auto* codes = reinterpret_cast<const int8_t*>(row);
        float scale = 0.0f;
        std::memcpy(&scale, row + kvHeads * headDim + head * static_cast<int64_t>(sizeof(float)), sizeof scale);
        for (int64_t i = 0; i < headDim; ++i) dst[i] = static_cast<float>(codes[at + i]) * scale;
        return;
    }
    case KvFormat::Count: return;
    }
}

void decodeKvRow(KvFormat format, const uint8_t* src, float* dst, int64_t kvHeads, int64_t headDim)
{
    for (int64_t h = 0; h < kvHeads; ++h) decodeKvHead(format, src, h, dst + h * headDim, kvHeads, headDim);
}

}  // namespace ref

}  // namespace kernels
