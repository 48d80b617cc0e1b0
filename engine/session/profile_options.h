#pragma once
// How a profile becomes engine options: the one place that maps profile keys
// onto LoadOptions (what happens to the weights at load) and onto a
// GenerateRequest (sampling). The CLI, the GUI bridge and the benchmarks all go
// through here, so a profile means the same run everywhere.
//
// Explicit command-line values win over the profile: callers apply the profile
// first and their own flags after.
#include "engine/config/profile.h"
#include "engine/session/engine.h"
#include "engine/session/generation_types.h"

namespace engine {

// devices.threads, weights.*, pruning.* onto `base` (keys the profile leaves
// out keep base's values).
LoadOptions applyProfileToLoad(const Profile& profile, LoadOptions base = {});

// kv_cache.* (mode, block size, capacity, dtype) and sampling.* onto
// `request` (temperature, top_k, top_p, min_p, repeat_penalty,
// repeat_last_n, seed, max_tokens).
void applyProfileToRequest(const Profile& profile, GenerateRequest& request);

// True when loading under `profile` changes the weights (quantization or
// pruning), i.e. a baseline comparison is meaningful.
bool profileChangesWeights(const Profile& profile);

}  // namespace engine
