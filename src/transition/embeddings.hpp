// Embedding matrices E (V x d, row-major float32) for the projections:
// seeded Gaussian ones (with an optional shared mean direction, as trained
// embeddings have) and training-free PPMI-SVD ones from the counts.
#pragma once

#include "transition/transition.hpp"

#include <cstdint>
#include <vector>

namespace pr::transition {

// E[a,:] = scale * (z_a + mean_strength * sqrt(d) * m), z_a ~ N(0, I_d), m a
// seeded random unit vector.  So mean_strength is the norm of the shared mean
// row relative to the typical norm of a row's own part (0 = no mean).
void gaussian_embeddings(float *E, size_t rows, size_t d, uint64_t seed, double scale, double mean_strength);

}  // namespace pr::transition
