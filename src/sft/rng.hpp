// Small, portable, seedable generators (splitmix64): the same seed gives the
// same numbers on every platform and standard library, unlike std::*_distribution.
#pragma once

#include <cmath>
#include <cstdint>

namespace pr::sft {

class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : s_(seed) {}
    uint64_t next() {
        uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) without modulo bias worth noticing (n << 2^64).
    uint64_t below(uint64_t n) { return uint64_t((unsigned __int128)next() * n >> 64); }
    double uniform01() { return double(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double normal() {  // Box-Muller, one value per call
        double u1 = uniform01(), u2 = uniform01();
        if (u1 < 1e-300) u1 = 1e-300;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    uint64_t s_;
};

}  // namespace pr::sft
