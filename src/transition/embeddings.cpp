#include "transition/embeddings.hpp"

#include "core/error.hpp"

#include <cmath>
#include <random>

namespace pr::transition {

void gaussian_embeddings(float *E, size_t rows, size_t d, uint64_t seed, double scale, double mean_strength) {
    require_nonnull(E, "E");
    if (rows == 0 || d == 0) fail(PR_ERR_INVALID_ARGUMENT, "arguments 'rows' x 'd' = ", rows, " x ", d, ": must be non-empty");
    if (!std::isfinite(scale) || !(scale > 0.0))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'scale' = ", scale, ": must be finite and > 0");
    if (!std::isfinite(mean_strength) || mean_strength < 0.0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'mean_strength' = ", mean_strength, ": must be finite and >= 0");
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> m(d);
    double norm = 0.0;
    for (double &v : m) {
        v = normal(rng);
        norm += v * v;
    }
    norm = std::sqrt(norm);
    const double shift = mean_strength * std::sqrt(double(d)) / norm;
    for (size_t a = 0; a < rows; ++a)
        for (size_t j = 0; j < d; ++j) E[a * d + j] = float(scale * (normal(rng) + shift * m[j]));
}

}  // namespace pr::transition
