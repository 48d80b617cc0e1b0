// GGUF: the reader, then everything a load derives from the file before any
// weight is computed with (config, tensor binding, tokenizer, model card).
#include <cstddef>
#include <cstdint>

#include "engine/formats/model_file.h"
#include "fuzz_model.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const fuzzing::MemoryFile input(data, size);
    auto file = engine::openModelFile(input.path());
    if (!file) return 0;
    fuzzing::exerciseModel(*file);
    return 0;
}
