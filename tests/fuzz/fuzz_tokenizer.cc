// Tokenizers on arbitrary bytes: encode as text (with and without special
// tokens), and decode the input read as token ids, for an SPM vocabulary
// (the synthetic tiny model's) and a byte-level BPE one (the synthetic
// Qwen2-shaped model's).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "engine/formats/model_file.h"
#include "engine/model/synth.h"
#include "engine/tokenizer/tokenizer.h"

namespace {

std::vector<std::unique_ptr<engine::Tokenizer>> g_tokenizers;

std::unique_ptr<engine::Tokenizer> synthTokenizer(engine::SynthShape shape, const char* name)
{
    const std::string path = std::string("/tmp/inferscope-fuzz-") + name + "-" + std::to_string(::getpid()) + ".gguf";
    engine::SynthOptions o;
    o.shape = shape;
    o.dtype = kernels::DType::Q4_0;
    o.seed = 1;
    o.outPath = path;
    if (!engine::synthesizeModel(o)) return nullptr;
    auto file = engine::openModelFile(path);
    std::remove(path.c_str());  // the mapping keeps the data
    if (!file) return nullptr;
    auto tokenizer = engine::Tokenizer::fromModel(*file);
    return tokenizer ? std::move(*tokenizer) : nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    for (auto [shape, name] : {std::pair{engine::SynthShape::Tiny, "spm"}, std::pair{engine::SynthShape::Qwen2_05B, "bpe"}})
        if (auto t = synthTokenizer(shape, name)) g_tokenizers.push_back(std::move(t));
    if (g_tokenizers.size() != 2) {
        std::fprintf(stderr, "fuzz_tokenizer: could not build the tokenizers\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& t : g_tokenizers) {
        (void)t->decode(t->encode(text, true, false));
        (void)t->decode(t->encode(text, false, true));
        std::vector<int32_t> ids;
        for (size_t i = 0; i + 4 <= size; i += 4) {
            int32_t id = 0;
            std::memcpy(&id, data + i, 4);
            ids.push_back(id);
        }
        (void)t->decode(ids);
    }
    return 0;
}
