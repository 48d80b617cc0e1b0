#pragma once
// The packed six-bit (scale, min) pairs of Q4_K and Q5_K, shared by the scalar
// reference and the CUDA kernels (compiled for host and device by nvcc).
#include <cstdint>

#ifdef __CUDACC__
#define INFERSCOPE_HOST_DEVICE __host__ __device__
#else
#define INFERSCOPE_HOST_DEVICE
#endif

namespace kernels::blocks {

// 8 pairs in 12 bytes. Pairs 0..3 sit in the low 6 bits of bytes 0..3 (scale)
// and 4..7 (min); pairs 4..7 keep their low 4 bits in the nibbles of bytes
// 8..11 and their top 2 bits in the spare top bits of bytes 0..3 (scale) and
// 4..7 (min).
INFERSCOPE_HOST_DEVICE inline void k4ScaleMin(const uint8_t* s, int j, int& scale, int& min)
{
    if (j < 4) {
        scale = s[j] & 63;
        min = s[j + 4] & 63;
    } else {
        scale = (s[j + 4] & 0x0f) | (s[j - 4] >> 6) << 4;
        min = (s[j + 4] >> 4) | (s[j] >> 6) << 4;
    }
}

}  // namespace kernels::blocks
