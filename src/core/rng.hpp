// The library's one random number generator: splitmix64 (Steele, Lea & Flood
// 2014) and one Gaussian (Box-Muller).  std::normal_distribution and the other
// std::*_distribution are implementation-defined, so with them a seed gives
// different embeddings, test matrices, nulls and weights on libstdc++ and
// libc++; these give the same bits on every platform and standard library
// (tests/unit/core/test_rng.cpp pins the first values).
#pragma once

#include <cmath>
#include <cstdint>

namespace pr {

// One splitmix64 step: advances state, returns the next 64 random bits.
inline uint64_t splitmix64(uint64_t &state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    // A stream keyed by (seed, a, b), e.g. (seed, layer, purpose): one use's
    // draws never shift another's.
    Rng(uint64_t seed, uint64_t a, uint64_t b) : state_(seed) {
        state_ = splitmix64(state_) ^ (a * 0xD1B54A32D192ED03ULL) ^ (b * 0x8CB92BA72F3D8DD7ULL);
        splitmix64(state_);
    }

    uint64_t next() { return splitmix64(state_); }
    // Uniform in [0, n) by a 128-bit multiply (bias below n / 2^64).
    uint64_t below(uint64_t n) { return uint64_t((unsigned __int128)next() * n >> 64); }
    // Uniform in [0, 1), 53 bits.
    double uniform01() { return double(next() >> 11) * 0x1.0p-53; }
    // Uniform in (0, 1): never 0, so log() is finite.
    double uniform_open01() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }
    // N(0, 1) by Box-Muller; each pair of uniforms gives two values, in order
    // cos then sin.
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const double r = std::sqrt(-2.0 * std::log(uniform_open01()));
        const double t = 6.283185307179586476925286766559 * uniform_open01();
        spare_ = r * std::sin(t);
        has_spare_ = true;
        return r * std::cos(t);
    }

private:
    uint64_t state_;
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace pr
