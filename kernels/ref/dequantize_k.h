#pragma once
// Reference dequantizers of the 256-value K-quant super-blocks (dequantize_k.cc).
// Each takes `blocks` whole super-blocks from `src` and writes 256 floats per block.
#include <cstdint>

namespace kernels::ref::detail {

void dequantizeQ2K(const void* src, float* dst, int64_t blocks);
void dequantizeQ3K(const void* src, float* dst, int64_t blocks);
void dequantizeQ4K(const void* src, float* dst, int64_t blocks);
void dequantizeQ5K(const void* src, float* dst, int64_t blocks);
void dequantizeQ6K(const void* src, float* dst, int64_t blocks);
void dequantizeQ8K(const void* src, float* dst, int64_t blocks);

}  // namespace kernels::ref::detail
