#pragma once
// The fast CPU backend of kernels::Ops: Highway SIMD kernels (simd.h) run over
// a persistent thread pool. Matmuls split output rows across threads; each
// output value is computed by one code path with a fixed reduction order, so
// results do not depend on the thread count or on how many tokens are batched.
#include <memory>
#include <string>
#include <vector>

#include "kernels/api/ops.h"

namespace kernels {

// threads <= 0: one per hardware thread.
std::unique_ptr<Ops> makeCpuOps(int threads);

// What the CPU backend dispatches to on this machine, e.g. {"AVX2"}.
std::vector<std::string> cpuSimdTargets();

}  // namespace kernels
