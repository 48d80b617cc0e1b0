#pragma once
// safetensors (Hugging Face): an 8-byte little-endian header length N, N bytes
// of JSON — {"name": {"dtype", "shape", "data_offsets": [begin, end]}, and an
// optional "__metadata__" of strings} — then the tensor data, with offsets
// relative to the end of the header. Tensors are views into the mapping; every
// offset is checked against the file before anything points into it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "kernels/api/dtype.h"

namespace engine {

class MappedFile;

struct SafetensorsTensor {
    std::string name;
    kernels::DType type = kernels::DType::F32;
    std::vector<uint64_t> shape;  // as stored: row-major, the last dimension contiguous
    uint64_t fileOffset = 0;      // absolute byte offset of the data
    uint64_t bytes = 0;
    const uint8_t* data = nullptr;
};

struct SafetensorsFile {
    std::shared_ptr<const MappedFile> mapping;
    std::vector<SafetensorsTensor> tensors;  // in data order
};

// Headers larger than this are refused (the format's own limit is 100 MB).
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// Errors name the file and the tensor: a header that is too long or runs past
// the end, JSON that does not parse, an unknown or unsupported dtype (F32, F16
// and BF16 are read), a shape that disagrees with its byte range, data past
// the end of the file, or two tensors whose bytes overlap.
Expected<SafetensorsFile> readSafetensors(std::shared_ptr<const MappedFile> file);

}  // namespace engine
