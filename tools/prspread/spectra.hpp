// Corpus-side analysis on the public API: T from a counted corpus, the PR
// table of E^T T^k E in every mode, and the random-W_QK null it is read
// against.
#pragma once

#include "handles.hpp"
#include "study.hpp"

#include <string>
#include <vector>

namespace cli {

Transition make_transition(const pr_corpus *corpus);

// Table 1 for embeddings E (rows x d, row-major float32).
PrTable compute_pr_table(const pr_transition *t, const std::vector<float> &E, size_t rows, size_t d,
                         uint32_t max_power, const std::string &embeddings, bool quiet);

// ||mean row of E||^2 * rows / ||E||_F^2: the share of E's energy in one
// shared direction (0 for centred E, 1 when every row is the same).
double mean_share(const std::vector<float> &E, size_t rows, size_t d);

// Gaussian embeddings plus a shared mean direction carrying `share` of the
// energy (what trained embeddings look like), seeded.
std::vector<float> synthetic_embeddings(size_t rows, size_t d, double share, uint64_t seed);

// Antisymmetric PR of the sum over heads of W_Q^h W_K^h^T with Gaussian
// weights (d x d, n_head heads), averaged over `draws` seeds.
double random_wqk_antisym_pr(size_t d, size_t n_head, int draws, uint64_t seed);

// Antisymmetric spectrum of a d x d double matrix.
pr_spectrum antisym_spectrum(const std::vector<double> &M, size_t d);

}  // namespace cli
