// Corpus bilinear forms M_k = E^T T^k E for pr_init, at any vocabulary size,
// through pr_transition's sparse machinery (data flows corpus -> transition
// -> init, never back):
//   token_transition   T of a token stream: the bigram counts of consecutive
//                      tokens (pr::corpus::Corpus, no document boundaries),
//                      no smoothing, a row never followed is uniform 1/V,
//                      pi by pr_transition's lazy power iteration started
//                      from the unigram frequencies (default tolerance)
//   corpus_forms       M_1..M_K in one of the four modes of DESIGN.md §1, by
//                      pr::transition::project_powers (T applied k times to
//                      the V x d block; float32 products, double sums)
//   ppmi_svd_embedding PPMI-SVD embeddings of the same counts, by
//                      pr_transition's randomized SVD with a fixed seed
//
//   Raw                 M_k = E^T T^k E
//   CenterEmbeddings    M_k = Ec^T T^k Ec,  Ec = E - 1 mean_rows(E)  (1^T Ec = 0)
//   SubtractStationary  M_k = E^T (T^k - 1 pi^T) E
//   Flux                M_k = E^T (Pi T^k - (T^k)^T Pi) E,  Pi = diag(pi)
// tests/unit/reference/dense_corpus.hpp holds the dense double reference these
// agree with on small V.
#pragma once

#include "transition/eigen.hpp"
#include "transition/transition.hpp"

#include <cstdint>
#include <vector>

namespace pr::init {

// Same numbering as pr::transition::Mode (and pr_projection_mode).
enum class FormMode { Raw = 0, CenterEmbeddings = 1, SubtractStationary = 2, Flux = 3 };
// pr::transition::mode_name of the same mode (the one mode-name function).
const char *form_mode_name(FormMode m);

// Throws PR_ERR_INVALID_ARGUMENT for NULL tokens, fewer than 2 tokens or
// vocab 0, PR_ERR_OUT_OF_RANGE for an id >= vocab (naming id and offset).
pr::transition::Transition token_transition(const uint32_t *tokens, size_t n, uint32_t vocab);

// M_1..M_max_power (full forms; take the antisymmetric part for A_k).  E is
// row-major rows x d float32 with rows == vocab (PR_ERR_MISMATCH otherwise).
std::vector<Eigen::MatrixXd> corpus_forms(const pr::transition::Transition &t, const float *E, size_t rows,
                                          size_t d, int max_power, FormMode mode);

// PPMI-SVD embedding (vocab x d, row-major float32) of T's counts:
// E = U_d sqrt(S_d), column signs fixed (largest-|.| entry positive).
std::vector<float> ppmi_svd_embedding(const pr::transition::Transition &t, size_t d);

}  // namespace pr::init
