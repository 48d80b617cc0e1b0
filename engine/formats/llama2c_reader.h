#pragma once
// llama2.c legacy checkpoints (7 x int32 header, then fp32 tensors) and their
// tokenizer.bin, presented as a ModelFile with GGUF names and keys.
#include <memory>
#include <string>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"

namespace engine {

class MappedFile;

// Cheap header plausibility check used to pick the reader.
bool looksLikeLlama2c(const MappedFile& file);

Expected<ModelFile> readLlama2c(std::shared_ptr<const MappedFile> file, const std::string& tokenizerPath);

}  // namespace engine
