#pragma once
// GGUF v2/v3 reader over a memory map. Validates everything it reads: each
// failure names what is wrong and where (byte offset, key or tensor name).
#include <atomic>
#include <memory>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"

namespace engine {

class MappedFile;

// `cancel`, when raised while the metadata and tensor table are read, ends the
// read with ErrorCode::Cancelled.
Expected<ModelFile> readGguf(std::shared_ptr<const MappedFile> file, const std::atomic<bool>* cancel = nullptr);

}  // namespace engine
