#pragma once
// A matrix's rows in their stored layout, whatever layout its data holds them
// in (TensorInfo::layout). A matrix converted at load may be repacked where it
// lies for the CPU matmul (no second copy of it is kept); every reader that
// dequantizes, prunes, requantizes or writes out a model's tensors reads rows
// through storedRow(), so such a matrix reads back byte for byte as it was
// converted.
#include <cstdint>
#include <vector>

#include "engine/formats/model_file.h"

namespace engine {

// Bytes of one row of matrix `t` (shape[0] values of its type).
uint64_t storedRowBytes(const TensorInfo& t);

// Row r of `t` as stored: a pointer into t.data, or into `scratch` (resized
// to one row) when the row lies in a group packed for the CPU.
const uint8_t* storedRow(const TensorInfo& t, uint64_t r, std::vector<uint8_t>& scratch);

// True when packInPlace changes `t`: a stored matrix of a format the CPU
// matmul reads in packed row groups, with at least one whole group.
bool packsInPlace(const TensorInfo& t);

// Repacks the whole row groups of `t` where they lie (`data` is t.data, memory
// the caller owns and may write) and marks it RowLayout::CpuPacked.
void packInPlace(TensorInfo& t, uint8_t* data);

}  // namespace engine
