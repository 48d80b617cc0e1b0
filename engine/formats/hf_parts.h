#pragma once
// The pieces of a Hugging Face folder reader (hf_folder.cc): config.json and
// tokenizer.json turned into the GGUF metadata keys the rest of the engine
// reads. Internal to engine/formats.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"

namespace engine::hf {

// Llama 3's rope_scaling ("rope_type": "llama3"): the folder reader writes the
// per-pair factors as the rope_freqs.weight tensor, as GGUF files carry them.
struct Llama3Rope {
    float factor = 1.0f;
    float lowFreqFactor = 1.0f;
    float highFreqFactor = 4.0f;
    int64_t originalContext = 8192;
};

// What the folder reader needs from config.json besides metadata.
struct ConfigFacts {
    std::string architecture;       // GGUF name: llama, qwen2, phi3, gemma2, gemma3
    std::string tensorPrefix;       // "model." or the text model's prefix in a multimodal checkpoint
    int64_t headDim = 0;
    int64_t nHeads = 0;
    int64_t nKvHeads = 0;
    int64_t ropeDim = 0;
    float ropeBase = 10000.0f;
    bool halfSplitCheckpoint = false;  // q/k rows must be permuted for adjacent-pair rope (llama)
    bool normPlusOne = false;          // Gemma stores RMSNorm weights as w - 1
    bool tiedEmbeddings = false;
    std::optional<Llama3Rope> llama3Rope;
    std::optional<int64_t> bosId, eosId;  // config.json's, when the tokenizer files do not say
};

// Adds general.* and {arch}.* keys for config.json (`config`, already parsed);
// errors name the file `where` ("DIR/config.json").
Expected<ConfigFacts> readConfig(const nlohmann::json& config, const std::string& where, ModelFile& out);

// Adds tokenizer.ggml.* (and tokenizer.chat_template) for tokenizer.json and
// tokenizer_config.json in `dir`; the vocabulary is padded to `vocabRows`
// (the embedding's rows) as GGUF converters do.
Status readTokenizer(const std::string& dir, int64_t vocabRows, const ConfigFacts& facts, ModelFile& out);

// config.json / tokenizer.json as parsed JSON; errors name the file.
Expected<nlohmann::json> readJsonFile(const std::string& path, const std::string& what, uint64_t maxBytes);

}  // namespace engine::hf
