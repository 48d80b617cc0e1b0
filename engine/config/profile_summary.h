#pragma once
// A profile named by what it changes, for tables, legends and plot labels:
// "INT4 g128 · Wanda 25 % · paged KV". A profile that changes nothing is
// "as stored".
#include <string>

#include "engine/config/profile.h"

namespace engine {

std::string describeProfileChanges(const Profile& profile);

}  // namespace engine
