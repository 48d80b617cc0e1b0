#pragma once
// Cross-field rules of a profile: combinations of keys that contradict each
// other (errors) or where a key has no effect (warnings). The per-key checks
// live in the field visitors (profile.h); these need more than one key.
#include <string>
#include <vector>

#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"

namespace engine {

// Appends to `issues`; paths are prefixed with `base` (empty for a document root).
void checkProfileRules(const Profile& profile, const std::string& base, std::vector<ProfileIssue>& issues);

}  // namespace engine
