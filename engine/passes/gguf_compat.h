#pragma once
// Whether a GGUF written by InferScope (export-model) loads in llama.cpp: a
// tensor in one of InferScope's grouped formats (GGUF type ids >= 100, e.g.
// IS_Q4A_G64 = 107 for int4 groups of 64 with a minimum) is refused there
// ("invalid ggml type 107"). For each such type this names the nearest type
// GGUF has itself and the export-model flags that produce it.
#include <string>
#include <vector>

#include "engine/formats/model_file.h"
#include "kernels/api/dtype.h"

namespace engine {

struct GgufNativeChoice {
    kernels::DType ownType = kernels::DType::F32;  // the InferScope type in the file
    kernels::DType nearest = kernels::DType::F32;  // Q8_0, Q4_0 or Q4_1
    std::string flags;    // "--weights int4 --group-size 32 --asymmetric"
    std::string profile;  // the same as profile keys: "weights.group_size 32 (weights.symmetric false)"
};

struct GgufCompatibility {
    bool loadsInLlamaCpp = true;
    std::vector<kernels::DType> types;      // every tensor type in the file, in first-seen order
    std::vector<GgufNativeChoice> choices;  // one per InferScope type in the file
    // Plain sentences for the report: either "loads in llama.cpp" with the
    // types, or which types llama.cpp refuses and the nearest native choice.
    std::vector<std::string> lines;
};

GgufCompatibility ggufCompatibility(const ModelFile& file);

}  // namespace engine
