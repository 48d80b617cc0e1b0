#pragma once
// Writing a file the user named, safely: the destination must be a new name
// or a regular file to replace (never a directory, FIFO or device, which
// would be clobbered or block), and the temporary file beside it is created
// exclusively, without following a link planted at its name.
#include <cstdio>
#include <string>

#include "engine/common/expected.h"

namespace engine {

// Refuses a destination that exists and is not a regular file (a link to one is fine).
Status checkOutputPath(const std::string& path);

// Creates `tmpPath` for writing: exclusively, never through a symbolic link;
// a leftover regular file or link of that name (an interrupted earlier write)
// is removed first, never written through.
Expected<std::FILE*> createTemporary(const std::string& tmpPath);

}  // namespace engine
