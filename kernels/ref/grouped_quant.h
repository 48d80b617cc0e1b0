#pragma once
// Reference quantize / dequantize of the project grouped formats
// (kernels/ref/grouped_layouts.h), behind kernels::ref::quantizeRow and
// dequantizeRow. n must be a multiple of the type's group size.
#include <cstdint>

#include "kernels/api/dtype.h"

namespace kernels::ref::detail {

// False (and nothing written) when `type` is not a grouped project type.
bool quantizeGrouped(DType type, const float* src, void* dst, int64_t n);
bool dequantizeGrouped(DType type, const void* src, float* dst, int64_t n);

}  // namespace kernels::ref::detail
