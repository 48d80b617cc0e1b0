// GGUF: the reader, then everything a load derives from the file before any
// weight is computed with (config, tensor binding, tokenizer, model card).
#include <cstddef>
#include <cstdint>

#include "engine/formats/model_file.h"
#include "engine/model/model_card.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/tokenizer/tokenizer.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const fuzzing::MemoryFile input(data, size);
    auto file = engine::openModelFile(input.path());
    if (!file) return 0;
    auto config = engine::ModelConfig::fromModelFile(*file);
    if (config) (void)engine::Weights::bind(*file, *config);
    if (auto tokenizer = engine::Tokenizer::fromModel(*file)) {
        const std::vector<int32_t> ids = (*tokenizer)->encode("Hello world, 123 <s>\n\xe4\xbd\xa0", true, true);
        (void)(*tokenizer)->decode(ids);
    }
    (void)engine::ModelCard::fromModelFile(*file);
    return 0;
}
