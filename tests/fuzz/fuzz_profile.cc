// Profiles: the validator, and for an accepted profile everything made from
// it (canonical JSON, the llama.cpp and vLLM command lines).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const engine::ProfileCheck check =
        engine::checkProfileText(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)engine::joinErrors(check.issues);
    if (!check.profile) return 0;
    const std::string canonical = engine::serializeProfile(*check.profile);
    (void)engine::parseProfile(canonical);
    (void)engine::toLlamaCppArgs(*check.profile, "model.gguf");
    (void)engine::toVllmArgs(*check.profile, "model");
    return 0;
}
