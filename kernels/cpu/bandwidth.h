#pragma once
// Measured memory-read bandwidth: the roof of every memory-bound workload
// (LLM decode reads each weight once per token).
namespace kernels {

// Streams a 512 MiB buffer with `threads` threads (<= 0: all hardware threads),
// best of several passes, in GB/s (1e9 bytes per second).
double measureReadBandwidthGBs(int threads);

}  // namespace kernels
