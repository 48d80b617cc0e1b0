// Op micro-benchmark: matmul throughput of the CPU backend per weight type.
// Decode (one token) is reported as GB/s of weight bytes read, next to the
// measured memory-read bandwidth; prefill (many tokens) as GFLOP/s. Prints
// numbers only, asserts nothing.
//
// usage: bench_ops [threads=2] [tokens=64] [seconds-per-case=1.0] [types, e.g. Q8_0,Q4_0]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/half.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/bandwidth.h"
#include "kernels/cpu/cpu_ops.h"

namespace {

// The CPU ops read host memory in place: the weight is timed where it lies.
void hostMatmul(const kernels::Ops& ops, const kernels::Tensor& w, const float* x, int64_t tokens, float* y)
{
    ops.matmul(w, kernels::Tensor::host(x, tokens, w.cols), kernels::Tensor::host(y, tokens, w.rows));
}


using kernels::DType;

// Random valid blocks: random quant bits, then every fp16 scale field set to a
// small normal value (random bit patterns could be Inf/NaN).
std::vector<uint8_t> randomWeights(DType type, int64_t rows, int64_t cols)
{
    const size_t bytes = kernels::bytesFor(type, static_cast<uint64_t>(rows * cols));
    std::vector<uint8_t> w(bytes);
    std::mt19937 gen(1234);
    for (size_t i = 0; i + 4 <= bytes; i += 4) {
        const uint32_t v = gen();
        std::memcpy(&w[i], &v, 4);
    }
    if (type == DType::F32) {
        auto* f = reinterpret_cast<float*>(w.data());
        for (size_t i = 0; i < bytes / 4; ++i) f[i] = static_cast<float>(gen() % 1000) * 1e-4f;
        return w;
    }
    if (type == DType::F16 || type == DType::BF16) {
        for (size_t i = 0; i < bytes; i += 2) {
            const float v = static_cast<float>(gen() % 1000) * 1e-4f;
            const uint16_t h = type == DType::F16 ? kernels::fp32ToFp16(v) : kernels::fp32ToBf16(v);
            std::memcpy(&w[i], &h, 2);
        }
        return w;
    }
    const auto traits = kernels::traitsOf(type);
    const uint16_t scale = kernels::fp32ToFp16(0.01f);
    std::vector<size_t> halfOffsets;
    switch (type) {
    case DType::Q4_0: case DType::Q5_0: case DType::Q8_0: halfOffsets = {0}; break;
    case DType::Q4_1: case DType::Q5_1: case DType::Q4_K: case DType::Q5_K: halfOffsets = {0, 2}; break;
    case DType::Q2_K: halfOffsets = {80, 82}; break;
    case DType::Q3_K: halfOffsets = {108}; break;
    case DType::Q6_K: halfOffsets = {208}; break;
    default: break;
    }
    for (size_t b = 0; b < bytes / traits.blockBytes; ++b)
        for (size_t off : halfOffsets) std::memcpy(&w[b * traits.blockBytes + off], &scale, 2);
    return w;
}

// Seconds per call: repeats the call for about `budget` seconds, best of 3 rounds.
template <typename Fn>
double secondsPerCall(Fn&& fn, double budget)
{
    fn();  // warm-up
    double best = 1e30;
    for (int round = 0; round < 3; ++round) {
        int calls = 0;
        const auto start = std::chrono::steady_clock::now();
        double elapsed = 0.0;
        do {
            fn();
            ++calls;
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        } while (elapsed < budget / 3);
        best = std::min(best, elapsed / calls);
    }
    return best;
}

struct Shape {
    int64_t rows;
    int64_t cols;
};

}  // namespace

int main(int argc, char** argv)
{
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    const int64_t prefillTokens = argc > 2 ? std::atoll(argv[2]) : 64;
    const double budget = argc > 3 ? std::atof(argv[3]) : 1.0;

    auto ops = kernels::makeCpuOps(threads);
    const double bandwidth = kernels::measureReadBandwidthGBs(threads);
    std::printf("cpu ops: %s, SIMD %s, %d threads, memory read bandwidth %.1f GB/s\n", ops->name(),
                kernels::cpuSimdTargets().front().c_str(), threads, bandwidth);
    std::printf("%-6s %-11s %12s %9s %10s | %9s %12s\n", "type", "shape", "decode us", "GB/s", "% of bw",
                "prefill t", "GFLOP/s");

    const DType types[] = {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_1,
                           DType::Q5_0, DType::Q5_1, DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K,
                           DType::Q6_K};
    const Shape shapes[] = {{2048, 8192}, {8192, 2048}};
    std::mt19937 gen(7);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    for (DType type : types) {
        if (argc > 4 && std::string(argv[4]).find(std::string(kernels::dtypeName(type))) == std::string::npos)
            continue;
        for (const Shape& s : shapes) {
            // Decode cycles through copies of the matrix (>= 256 MiB in all) so every
            // call streams its weights from memory, as a model larger than the
            // caches does; one copy would sit in L3.
            const std::vector<uint8_t> w = randomWeights(type, s.rows, s.cols);
            const size_t copies = std::max<size_t>(1, (size_t{256} << 20) / w.size() + 1);
            std::vector<uint8_t> pool(w.size() * copies);
            for (size_t c = 0; c < copies; ++c) std::memcpy(pool.data() + c * w.size(), w.data(), w.size());
            const size_t rowBytes = kernels::bytesFor(type, static_cast<uint64_t>(s.cols));
            size_t next = 0;
            auto nextMat = [&] {
                const uint8_t* data = pool.data() + (next++ % copies) * w.size();
                return kernels::Tensor{type, data, s.rows, s.cols, rowBytes};
            };
            std::vector<float> x(static_cast<size_t>(prefillTokens * s.cols));
            for (float& v : x) v = dist(gen);
            std::vector<float> y(static_cast<size_t>(prefillTokens * s.rows));

            const double decode = secondsPerCall([&] { hostMatmul(*ops, nextMat(), x.data(), 1, y.data()); }, budget);
            const double gbs = static_cast<double>(w.size()) / decode / 1e9;
            const double prefill =
                secondsPerCall([&] { hostMatmul(*ops, nextMat(), x.data(), prefillTokens, y.data()); }, budget);
            const double gflops = 2.0 * static_cast<double>(s.rows * s.cols * prefillTokens) / prefill / 1e9;
            const std::string shape = std::to_string(s.rows) + "x" + std::to_string(s.cols);
            std::printf("%-6s %-11s %12.1f %9.1f %9.0f%% | %9lld %12.1f\n", std::string(kernels::dtypeName(type)).c_str(),
                        shape.c_str(), decode * 1e6, gbs, 100.0 * gbs / bandwidth,
                        static_cast<long long>(prefillTokens), gflops);
            std::fflush(stdout);
        }
    }
    return 0;
}
