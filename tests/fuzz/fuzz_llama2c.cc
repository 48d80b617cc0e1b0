// llama2.c: a checkpoint and its tokenizer.bin. The first 4 bytes of the input
// (little-endian) say where the checkpoint ends; the rest is the tokenizer.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "engine/tokenizer/tokenizer.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 4) return 0;
    uint32_t split = 0;
    std::memcpy(&split, data, 4);
    data += 4;
    size -= 4;
    split = static_cast<uint32_t>(split % (size + 1));
    const fuzzing::MemoryFile checkpoint(data, split), tokenizer(data + split, size - split);
    auto file = engine::openModelFile(checkpoint.path(), tokenizer.path());
    if (!file) return 0;
    (void)engine::ModelConfig::fromModelFile(*file);
    if (auto tok = engine::Tokenizer::fromModel(*file)) (void)(*tok)->decode((*tok)->encode("Once upon a time", true));
    return 0;
}
