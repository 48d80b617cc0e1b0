#pragma once
// Seeded Gaussian test data shared by the kernel suites.
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace testsupport {

inline std::vector<float> randomVector(size_t n, uint32_t seed, float scale = 1.0f)
{
    std::mt19937 gen(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v) x = dist(gen);
    return v;
}

}  // namespace testsupport
