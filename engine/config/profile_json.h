#pragma once
// The profile as nlohmann JSON values, for code that embeds a profile in a
// larger document (run records, the effective configuration). Text callers use
// serializeProfile / parseProfile instead.
#include <nlohmann/json_fwd.hpp>

#include "engine/config/profile.h"

namespace engine {

// Canonical key order (what serializeProfile prints).
nlohmann::ordered_json profileToJson(const Profile& profile);
nlohmann::ordered_json effectiveConfigToJson(const EffectiveConfig& config);

}  // namespace engine
