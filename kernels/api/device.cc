#include "kernels/api/device.h"

#include <array>
#include <cstdio>

namespace kernels {

Buffer::~Buffer() = default;
Event::~Event() = default;
Stream::~Stream() = default;
Device::~Device() = default;

std::string_view deviceKindName(DeviceKind kind)
{
    switch (kind) {
    case DeviceKind::Cpu: return "cpu";
    case DeviceKind::Cuda: return "cuda";
    case DeviceKind::Count: break;
    }
    return "unknown";
}

std::string_view opKindName(OpKind kind)
{
    static constexpr std::array<std::string_view, static_cast<size_t>(OpKind::Count)> kNames = {
        "matmul", "rmsnorm", "rope", "softmax", "silu_mul", "attention", "embedding"};
    const auto i = static_cast<size_t>(kind);
    return i < kNames.size() ? kNames[i] : std::string_view("unknown");
}

OpDesc OpDesc::matMul(DType weight, int64_t tokens, int64_t inFeatures, int64_t outFeatures)
{
    OpDesc op;
    op.kind = OpKind::MatMul;
    op.weightType = weight;
    op.tokens = tokens;
    op.inFeatures = inFeatures;
    op.outFeatures = outFeatures;
    return op;
}

OpDesc OpDesc::rowWise(OpKind kind, int64_t tokens, int64_t rowLength)
{
    OpDesc op;
    op.kind = kind;
    op.tokens = tokens;
    op.inFeatures = rowLength;
    return op;
}

OpDesc OpDesc::rope(int64_t tokens, int64_t heads, int64_t headDim)
{
    OpDesc op;
    op.kind = OpKind::Rope;
    op.tokens = tokens;
    op.heads = heads;
    op.headDim = headDim;
    return op;
}

OpDesc OpDesc::attention(int64_t tokens, int64_t heads, int64_t kvHeads, int64_t headDim,
                         int64_t contextLength, std::optional<KvFormat> kvFormat)
{
    OpDesc op;
    op.kind = OpKind::Attention;
    op.tokens = tokens;
    op.heads = heads;
    op.kvHeads = kvHeads;
    op.headDim = headDim;
    op.contextLength = contextLength;
    op.kvFormat = kvFormat;
    return op;
}

OpDesc OpDesc::embedding(DType table, int64_t tokens, int64_t vocab, int64_t dim)
{
    OpDesc op;
    op.kind = OpKind::Embedding;
    op.weightType = table;
    op.tokens = tokens;
    op.inFeatures = dim;
    op.outFeatures = vocab;
    return op;
}

std::string OpDesc::describe() const
{
    const std::string name(opKindName(kind));
    const std::string t = std::to_string(tokens);
    switch (kind) {
    case OpKind::MatMul:
        return name + " " + std::string(dtypeName(weightType)) + " [" + t + " x " + std::to_string(inFeatures) +
               "] x [" + std::to_string(inFeatures) + " -> " + std::to_string(outFeatures) + "]";
    case OpKind::Embedding:
        return name + " " + std::string(dtypeName(weightType)) + " [" + t + " of " +
               std::to_string(outFeatures) + " x " + std::to_string(inFeatures) + "]";
    case OpKind::Rope:
        return name + " [" + t + " x " + std::to_string(heads) + " heads x " + std::to_string(headDim) + "]";
    case OpKind::Attention:
        return name + " [" + t + " x " + std::to_string(heads) + "/" + std::to_string(kvHeads) + " heads x " +
               std::to_string(headDim) + ", context " + std::to_string(contextLength) + "]" +
               (kvFormat ? " over a KV cache of " + std::string(kvFormatName(*kvFormat)) : "");
    case OpKind::RmsNorm:
    case OpKind::Softmax:
    case OpKind::SiluMul:
    case OpKind::Count:
        break;
    }
    return name + " [" + t + " x " + std::to_string(inFeatures) + "]";
}

std::string Device::id() const
{
    return std::string(deviceKindName(kind())) + ":" + std::to_string(index());
}

std::string Device::property(std::string_view key) const
{
    for (const Property& p : properties())
        if (p.key == key) return p.value;
    return {};
}

Reasons checkBufferRange(const Buffer& buffer, size_t offset, size_t bytes, std::string_view what)
{
    if (offset <= buffer.size() && bytes <= buffer.size() - offset) return {};
    return because("The " + std::string(what) + " of " + std::to_string(bytes) + " bytes at offset " +
                   std::to_string(offset) + " does not fit in the " + std::to_string(buffer.size()) +
                   "-byte buffer on " + buffer.device().id() + ".");
}

std::string formatBytes(uint64_t bytes)
{
    static constexpr std::array<const char*, 5> kUnits = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < kUnits.size()) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    if (unit == 0)
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
    else
        std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return text;
}

}  // namespace kernels
