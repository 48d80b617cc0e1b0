#pragma once
// What a load derives from a model file before any weight is computed with —
// config, tensor binding, tokenizer (encode and decode) and model card — run
// on whatever a reader accepted, for the fuzz targets of the model readers.
#include <cstdint>
#include <vector>

#include "engine/formats/model_file.h"
#include "engine/model/model_card.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/tokenizer/tokenizer.h"

namespace fuzzing {

inline void exerciseModel(const engine::ModelFile& file)
{
    auto config = engine::ModelConfig::fromModelFile(file);
    if (config) (void)engine::Weights::bind(file, *config);
    if (auto tokenizer = engine::Tokenizer::fromModel(file)) {
        const std::vector<int32_t> ids = (*tokenizer)->encode("Hello world, 123 <s>\n\xe4\xbd\xa0", true, true);
        (void)(*tokenizer)->decode(ids);
    }
    (void)engine::ModelCard::fromModelFile(file);
}

}  // namespace fuzzing
