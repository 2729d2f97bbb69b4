// Deterministic normal draws for the init strategies.  std::normal_distribution
// is implementation-defined, so a seed would give different weights on
// different standard libraries; this generator (splitmix64 + Box-Muller) gives
// the same bits everywhere.  Streams are keyed by (seed, layer, purpose) so one
// strategy's draws never shift another's.
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <cstdint>

namespace pr::init {

inline uint64_t splitmix64(uint64_t &state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// What a stream is for; part of the stream key.
enum class Stream : uint64_t {
    Q = 1, K, V, O, Symmetric, Complement, SymComponent, MimeticQK, MimeticVO
};

class NormalRng {
public:
    NormalRng(uint64_t seed, uint64_t layer, Stream purpose) {
        state_ = seed;
        uint64_t mix = splitmix64(state_) ^ (layer * 0xD1B54A32D192ED03ULL) ^
                       (static_cast<uint64_t>(purpose) * 0x8CB92BA72F3D8DD7ULL);
        state_ = mix;
        splitmix64(state_);
    }
    double uniform01() {  // in (0, 1), never 0
        return (static_cast<double>(splitmix64(state_) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    }
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const double u1 = uniform01(), u2 = uniform01();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double t = 6.283185307179586476925286766559 * u2;
        spare_ = r * std::sin(t);
        has_spare_ = true;
        return r * std::cos(t);
    }
    // rows x cols matrix of N(0, std^2), filled row by row.
    Eigen::MatrixXd matrix(Eigen::Index rows, Eigen::Index cols, double std) {
        Eigen::MatrixXd m(rows, cols);
        for (Eigen::Index i = 0; i < rows; ++i)
            for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = std * normal();
        return m;
    }

private:
    uint64_t state_ = 0;
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace pr::init
