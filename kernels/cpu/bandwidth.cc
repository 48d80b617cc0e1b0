#include "kernels/cpu/bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "kernels/cpu/simd.h"
#include "kernels/cpu/thread_pool.h"

namespace kernels {

double measureReadBandwidthGBs(int threads)
{
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    constexpr int64_t kBytes = int64_t{512} << 20;
    constexpr int64_t kFloats = kBytes / static_cast<int64_t>(sizeof(float));
    constexpr int kPasses = 5;
    std::unique_ptr<float[]> buffer(new float[kFloats]);
    cpu::ThreadPool pool(threads);
    // Touch every page first (in parallel, so pages land near their readers).
    pool.parallelFor(kFloats, 1 << 16, [&](int, int64_t b, int64_t e) { std::fill(&buffer[b], &buffer[e], 1.0f); });
    std::vector<float> sinks(static_cast<size_t>(threads), 0.0f);
    double best = 0.0;
    for (int pass = 0; pass < kPasses; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        pool.parallelFor(kFloats, 1 << 16, [&](int worker, int64_t b, int64_t e) {
            // A dot product of the buffer with itself reads it exactly once.
            sinks[static_cast<size_t>(worker)] += cpu::dotF32(&buffer[b], &buffer[b], e - b);
        });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, static_cast<double>(kBytes) / seconds / 1e9);
    }
    volatile float keep = sinks[0];  // keeps the reads from being optimised away
    (void)keep;
    return best;
}

}  // namespace kernels
