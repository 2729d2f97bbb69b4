// Normal draws for the init strategies: the core generator (core/rng.hpp) in
// streams keyed by (seed, layer, purpose), so one strategy's draws never
// shift another's.
#pragma once

#include "core/rng.hpp"

#include <Eigen/Dense>

#include <cstdint>

namespace pr::init {

// What a stream is for; part of the stream key.
enum class Stream : uint64_t {
    Q = 1, K, V, O, Symmetric, Complement, SymComponent, MimeticQK, MimeticVO
};

class NormalRng : public Rng {
public:
    NormalRng(uint64_t seed, uint64_t layer, Stream purpose) : Rng(seed, layer, static_cast<uint64_t>(purpose)) {}
    // rows x cols matrix of N(0, std^2), filled row by row.
    Eigen::MatrixXd matrix(Eigen::Index rows, Eigen::Index cols, double std) {
        Eigen::MatrixXd m(rows, cols);
        for (Eigen::Index i = 0; i < rows; ++i)
            for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = std * normal();
        return m;
    }
};

}  // namespace pr::init
