#include "engine/passes/gguf_compat.h"

#include <algorithm>

namespace engine {

namespace {

using kernels::DType;

bool isInt8(DType t)
{
    return t == DType::IsQ8G64 || t == DType::IsQ8G128 || t == DType::IsQ8AG32 || t == DType::IsQ8AG64 ||
           t == DType::IsQ8AG128;
}

bool isAsymmetric(DType t)
{
    return t == DType::IsQ8AG32 || t == DType::IsQ8AG64 || t == DType::IsQ8AG128 || t == DType::IsQ4AG64 ||
           t == DType::IsQ4AG128;
}

// GGUF's own grouped types hold groups of 32: Q8_0 (int8, symmetric; GGUF has
// no asymmetric 8-bit type), Q4_0 (int4 symmetric) and Q4_1 (int4 with a minimum).
GgufNativeChoice nearestNative(DType own)
{
    GgufNativeChoice c;
    c.ownType = own;
    if (isInt8(own)) {
        c.nearest = DType::Q8_0;
        c.flags = "--weights int8 --group-size 32";
        c.profile = "\"weights\": {\"dtype\": \"int8\", \"group_size\": 32, \"symmetric\": true}";
    } else if (isAsymmetric(own)) {
        c.nearest = DType::Q4_1;
        c.flags = "--weights int4 --group-size 32 --asymmetric";
        c.profile = "\"weights\": {\"dtype\": \"int4\", \"group_size\": 32, \"symmetric\": false}";
    } else {
        c.nearest = DType::Q4_0;
        c.flags = "--weights int4 --group-size 32";
        c.profile = "\"weights\": {\"dtype\": \"int4\", \"group_size\": 32, \"symmetric\": true}";
    }
    return c;
}

std::string typeList(const std::vector<DType>& types)
{
    std::string out;
    for (const DType t : types) {
        if (!out.empty()) out += ", ";
        out += kernels::dtypeName(t);
    }
    return out;
}

}  // namespace

GgufCompatibility ggufCompatibility(const ModelFile& file)
{
    GgufCompatibility out;
    for (const TensorInfo& t : file.tensors)
        if (std::find(out.types.begin(), out.types.end(), t.type) == out.types.end()) out.types.push_back(t.type);
    for (const DType t : out.types)
        if (kernels::isProjectType(t)) out.choices.push_back(nearestNative(t));
    out.loadsInLlamaCpp = out.choices.empty();
    if (out.loadsInLlamaCpp) {
        out.lines.push_back("llama.cpp: every tensor is in a GGUF type of its own (" + typeList(out.types) +
                            "), so llama.cpp loads this file");
        return out;
    }
    for (const GgufNativeChoice& c : out.choices) {
        const std::string name(kernels::dtypeName(c.ownType));
        const std::string id = std::to_string(static_cast<uint32_t>(c.ownType));
        out.lines.push_back("llama.cpp: " + name + " is InferScope's own grouped format (GGUF tensor type " + id +
                            "); InferScope loads it, llama.cpp refuses the file (\"invalid ggml type " + id + "\")");
        out.lines.push_back("llama.cpp: nearest GGUF-native choice: " + std::string(kernels::dtypeName(c.nearest)) +
                            " (groups of 32), with export-model " + c.flags + " or a profile with " + c.profile);
    }
    return out;
}

}  // namespace engine
