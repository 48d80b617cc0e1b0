#pragma once
// Reading a small text input (a profile, a workload, an evaluation or
// calibration text) the one careful way: only a regular file (a FIFO or a
// device would block or never end), opened without blocking, and no larger
// than `maxBytes`. Errors name what the file was for and why it was refused.
#include <cstdint>
#include <string>

#include "engine/common/expected.h"

namespace engine {

// `what`: "profile", "workload", "evaluation text", ... (for the messages).
Expected<std::string> readTextFile(const std::string& path, const std::string& what, uint64_t maxBytes);

inline constexpr uint64_t kMaxConfigFileBytes = uint64_t{16} << 20;  // profiles, workloads
inline constexpr uint64_t kMaxTextFileBytes = uint64_t{256} << 20;   // evaluation and calibration texts

}  // namespace engine
