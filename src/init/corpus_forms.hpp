// Corpus bilinear forms M_k = E^T T^k E for small vocabularies, dense, in
// double: the bigram transition T of a token stream, its stationary pi, and
// the four modes of DESIGN.md §1.  T^k is never formed: T is applied k times
// to the V x d matrix E.  (pr_transition holds the sparse, large-V version;
// this dense path serves pr_init's C API and harness on byte/char vocabularies
// and doubles as a reference.)
//
//   Raw                 M_k = E^T T^k E
//   CenterEmbeddings    M_k = Ec^T T^k Ec,  Ec = E - 1 mean_rows(E)  (1^T Ec = 0)
//   SubtractStationary  M_k = E^T (T^k - 1 pi^T) E
//   Flux                M_k = E^T (Pi T^k - (T^k)^T Pi) E,  Pi = diag(pi)
// A row of T whose token is never followed (it only ends the stream) is set to
// the uniform distribution, so T stays row-stochastic.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace pr::init {

enum class FormMode { Raw = 0, CenterEmbeddings = 1, SubtractStationary = 2, Flux = 3 };
const char *form_mode_name(FormMode m);

struct DenseTransition {
    Eigen::MatrixXd t;   // V x V row-stochastic
    Eigen::VectorXd pi;  // stationary distribution (power iteration from the unigram)
    Eigen::MatrixXd counts;  // V x V bigram counts
};

// Throws PR_ERR_OUT_OF_RANGE for an id >= vocab, PR_ERR_INVALID_ARGUMENT for
// fewer than 2 tokens or vocab > 8192 (the dense path's limit).
DenseTransition dense_transition(const uint32_t *tokens, size_t n, uint32_t vocab);

// M_1..M_K (full forms; take the antisymmetric part for A_k).
std::vector<Eigen::MatrixXd> corpus_forms(const DenseTransition &tr, const Eigen::MatrixXd &embedding,
                                          int max_power, FormMode mode);

// PPMI-SVD embeddings: PPMI[a,b] = max(0, log(C[a,b] N / (C[a,.] C[.,b]))),
// E = U_d sqrt(S_d) from its SVD (signs fixed so each column's largest-|.|
// entry is positive, for determinism).  V x d.
Eigen::MatrixXd ppmi_svd_embedding(const DenseTransition &tr, int d);

}  // namespace pr::init
