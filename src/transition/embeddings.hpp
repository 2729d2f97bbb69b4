// Embedding matrices E (V x d, row-major float32) for the projections:
// seeded Gaussian ones (with an optional shared mean direction, as trained
// embeddings have) and training-free PPMI-SVD ones from the counts.
#pragma once

#include "transition/transition.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pr::transition {

// E[a,:] = scale * (z_a + mean_strength * sqrt(d) * m), z_a ~ N(0, I_d), m a
// seeded random unit vector.  So mean_strength is the norm of the shared mean
// row relative to the typical norm of a row's own part (0 = no mean).
void gaussian_embeddings(float *E, size_t rows, size_t d, uint64_t seed, double scale, double mean_strength);

}  // namespace pr::transition

namespace pr::transition {

// A 2-d float tensor read from .npy (name ignored; dtypes <f4, <f8, <f2) or
// safetensors (the tensor `name`; F32, F64, F16, BF16), converted to float32.
// Throws PR_ERR_FORMAT for a tensor that is not 2-d or has another dtype,
// PR_ERR_INVALID_ARGUMENT for a missing tensor name, PR_ERR_IO/FORMAT from
// the readers, PR_ERR_NUMERIC for NaN/Inf (row and column named).
struct LoadedEmbeddings {
    std::vector<float> values;  // rows x cols, row-major
    uint64_t rows = 0, cols = 0;
};
LoadedEmbeddings load_embeddings(const std::string &path, const std::string &name);

}  // namespace pr::transition
