#include "kernels/api/dtype.h"

#include <array>
#include <cctype>
#include <cstdlib>

namespace kernels {
namespace {

struct Entry {
    DType type;
    DTypeTraits traits;
    DTypeCaps caps;
};

constexpr DTypeCaps kNone{false, false, FusedDot::None};
constexpr DTypeCaps kFloat{true, true, FusedDot::Float};         // plain floats
constexpr DTypeCaps kBlocks{true, true, FusedDot::Int8Acts};     // quantizable block types with a fused kernel
constexpr DTypeCaps kReadOnly{true, false, FusedDot::Int8Acts};  // K-quants with a fused kernel, no quantizer
constexpr DTypeCaps kDequantOnly{true, false, FusedDot::None};   // dequantized row by row

constexpr std::array kTypes = {
    Entry{DType::F32, {"F32", 1, 4, false}, kFloat},
    Entry{DType::F16, {"F16", 1, 2, false}, kFloat},
    Entry{DType::Q4_0, {"Q4_0", 32, 18, true}, kBlocks},
    Entry{DType::Q4_1, {"Q4_1", 32, 20, true}, kBlocks},
    Entry{DType::Q5_0, {"Q5_0", 32, 22, true}, kBlocks},
    Entry{DType::Q5_1, {"Q5_1", 32, 24, true}, kBlocks},
    Entry{DType::Q8_0, {"Q8_0", 32, 34, true}, kBlocks},
    Entry{DType::Q8_1, {"Q8_1", 32, 36, true}, kNone},
    // Q2_K's per-16 mins take the activations' 16-value sums, computed once
    // per matmul with the 8-bit activations (kernels/cpu QuantizedActs::s16).
    Entry{DType::Q2_K, {"Q2_K", 256, 84, true}, kReadOnly},
    Entry{DType::Q3_K, {"Q3_K", 256, 110, true}, kReadOnly},
    Entry{DType::Q4_K, {"Q4_K", 256, 144, true}, kReadOnly},
    Entry{DType::Q5_K, {"Q5_K", 256, 176, true}, kReadOnly},
    Entry{DType::Q6_K, {"Q6_K", 256, 210, true}, kReadOnly},
    Entry{DType::Q8_K, {"Q8_K", 256, 292, true}, kDequantOnly},
    Entry{DType::I8, {"I8", 1, 1, false}, kNone},
    Entry{DType::I16, {"I16", 1, 2, false}, kNone},
    Entry{DType::I32, {"I32", 1, 4, false}, kNone},
    Entry{DType::I64, {"I64", 1, 8, false}, kNone},
    Entry{DType::F64, {"F64", 1, 8, false}, kNone},
    Entry{DType::BF16, {"BF16", 1, 2, false}, kFloat},
    // Project range: header of fp16 fields (d; or d, m), then the codes.
    Entry{DType::IsQ8G64, {"IS_Q8_G64", 64, 2 + 64, true}, kBlocks},
    Entry{DType::IsQ8G128, {"IS_Q8_G128", 128, 2 + 128, true}, kBlocks},
    Entry{DType::IsQ8AG32, {"IS_Q8A_G32", 32, 4 + 32, true}, kBlocks},
    Entry{DType::IsQ8AG64, {"IS_Q8A_G64", 64, 4 + 64, true}, kBlocks},
    Entry{DType::IsQ8AG128, {"IS_Q8A_G128", 128, 4 + 128, true}, kBlocks},
    Entry{DType::IsQ4G64, {"IS_Q4_G64", 64, 2 + 32, true}, kBlocks},
    Entry{DType::IsQ4G128, {"IS_Q4_G128", 128, 2 + 64, true}, kBlocks},
    Entry{DType::IsQ4AG64, {"IS_Q4A_G64", 64, 4 + 32, true}, kBlocks},
    Entry{DType::IsQ4AG128, {"IS_Q4A_G128", 128, 4 + 64, true}, kBlocks},
};

}  // namespace

std::optional<DTypeTraits> dtypeTraits(uint32_t ggmlTypeId)
{
    for (const Entry& e : kTypes)
        if (static_cast<uint32_t>(e.type) == ggmlTypeId) return e.traits;
    return std::nullopt;
}

DTypeTraits traitsOf(DType type)
{
    auto t = dtypeTraits(static_cast<uint32_t>(type));
    if (!t) std::abort();  // programming error: DType values are only made from known ids
    return *t;
}

DTypeCaps capsOf(DType type)
{
    for (const Entry& e : kTypes)
        if (e.type == type) return e.caps;
    return kNone;
}

std::string_view dtypeName(DType type)
{
    return traitsOf(type).name;
}

std::optional<DType> dtypeFromName(std::string_view name)
{
    for (const Entry& e : kTypes) {
        if (e.traits.name.size() != name.size()) continue;
        bool same = true;
        for (size_t i = 0; i < name.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(name[i])) == e.traits.name[i];
        if (same) return e.type;
    }
    return std::nullopt;
}

}  // namespace kernels
