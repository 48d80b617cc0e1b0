// Hugging Face folders: model.safetensors, config.json and tokenizer.json from
// one input (u32 length, safetensors bytes, u32 length, config.json, then
// tokenizer.json), written into a scratch folder and opened the way a load
// opens one, then everything derived from it before any weight is computed with.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/formats/model_file.h"
#include "fuzz_model.h"

namespace {

const std::string& scratchFolder()
{
    static const std::string dir = [] {
        char pattern[] = "/tmp/fuzz-hf-XXXXXX";
        const char* made = ::mkdtemp(pattern);
        return std::string(made ? made : "/tmp");
    }();
    return dir;
}

void writeFile(const std::string& path, const uint8_t* data, size_t size)
{
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        if (size > 0) std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
}

// The next length-prefixed part of the input (the rest when the prefix runs out).
std::pair<const uint8_t*, size_t> takePart(const uint8_t*& data, size_t& size)
{
    uint32_t n = 0;
    if (size >= 4) {
        std::memcpy(&n, data, 4);
        data += 4;
        size -= 4;
    }
    const size_t take = std::min<size_t>(n, size);
    const std::pair<const uint8_t*, size_t> part{data, take};
    data += take;
    size -= take;
    return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string& dir = scratchFolder();
    const auto [weights, weightBytes] = takePart(data, size);
    const auto [config, configBytes] = takePart(data, size);
    writeFile(dir + "/model.safetensors", weights, weightBytes);
    writeFile(dir + "/config.json", config, configBytes);
    writeFile(dir + "/tokenizer.json", data, size);
    auto file = engine::openModelFile(dir);
    if (!file) return 0;
    fuzzing::exerciseModel(*file);
    return 0;
}
