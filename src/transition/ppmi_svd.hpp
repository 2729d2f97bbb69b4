// Corpus-derived token embeddings without training: PPMI-SVD at any V.
//
//   PMI[a,b]  = log( C[a,b] / C[a,.] ) - log( P_ctx(b) ),
//               P_ctx(b) = C[.,b]^alpha / sum_b' C[.,b']^alpha
//   PPMI[a,b] = max(0, PMI[a,b] - shift)        over the nonzeros of C only
//   E         = U_d sqrt(S_d)                   (top-d SVD of PPMI)
//
// With alpha = 1 and shift = 0 (the defaults) this is the textbook
// max(0, log(C[a,b] N / (C[a,.] C[.,b]))), N = sum C.  alpha = 0.75 is the
// context-distribution smoothing of Levy, Goldberg & Dagan (2015); shift =
// log k gives their shifted PPMI (SGNS with k negative samples).
//
// PPMI keeps C's sparsity (never V x V).  The SVD is Halko-Martinsson-Tropp's
// randomized range finder (randomized_svd.hpp); each column of E is signed so
// that its largest-|.| entry is positive, so E depends only on the counts,
// the options and the seed.
#pragma once

#include "core/progress.hpp"
#include "corpus/counts_csr.hpp"
#include "transition/sparse_rows.hpp"

#include <cstddef>
#include <cstdint>

namespace pr::transition {

struct PpmiOptions {
    uint32_t oversampling = 10;      // extra test columns beyond d
    uint32_t power_iterations = 4;   // subspace iterations (each re-orthonormalised)
    uint64_t seed = 1;               // of the Gaussian test matrix
    double context_alpha = 1.0;      // in (0, 1]; 1 = no smoothing
    double shift = 0.0;              // >= 0; 0 = plain PPMI
    int threads = 0;                 // 0 = OpenMP default
};

// Throws PR_ERR_INVALID_ARGUMENT naming the option for a bad value.
void check_ppmi_options(const PpmiOptions &opts);

// The strictly positive PPMI entries, CSR in double.  Throws
// PR_ERR_INVALID_ARGUMENT for an empty table.
SparseRows ppmi_matrix(const CountsCsr &counts, const PpmiOptions &opts);

// Fills E (rows x d, row-major float32; rows must equal V) and, when not
// NULL, the d singular values (descending) of the PPMI matrix.  E and
// singular_values are written only on success.  Errors: INVALID_ARGUMENT
// (NULL E, d = 0, d > V, bad options, empty counts), MISMATCH (rows != V),
// NUMERIC (a PPMI matrix that is all zero), CANCELLED (progress reports
// after each sparse product: 2 * power_iterations + 2 in all).
void ppmi_svd_embeddings(const CountsCsr &counts, const PpmiOptions &opts, float *E, size_t rows, size_t d,
                         double *singular_values, const Progress &progress);

}  // namespace pr::transition
