// Truncated SVD of a sparse matrix by the randomized range finder of Halko,
// Martinsson & Tropp (SIAM Review 2011, Algorithms 4.4 and 5.1):
//   Omega  n x l Gaussian (seeded), l = min(d + oversampling, m, n)
//   Q      = orth(A Omega)
//   q times: Q = orth(A orth(A^T Q))        (subspace iteration; every
//                                            product is re-orthonormalised
//                                            by Householder QR)
//   B      = Q^T A (l x n), from B^T = A^T Q;  B^T = Q_b R_b (QR)
//   R_b^T  = U_r S V_r^T (dense l x l SVD)  ->  A ~ (Q U_r) S (Q_b V_r)^T
// Everything is double.  The error decays like (sigma_{l+1}/sigma_d)^(2q+1)
// on the singular subspace, so a gap after sigma_d and a few power
// iterations make it essentially exact; with l = min(m, n) it is exact.
#pragma once

#include "core/progress.hpp"
#include "transition/eigen.hpp"
#include "transition/sparse_rows.hpp"

#include <cstdint>

namespace pr::transition {

struct RandomizedSvdOptions {
    uint32_t oversampling = 10;
    uint32_t power_iterations = 4;
    uint64_t seed = 1;
    int threads = 0;
};

struct TruncatedSvd {
    Eigen::MatrixXd U;  // m x d, orthonormal columns
    Eigen::VectorXd S;  // d, descending
};

// A is m x n, At its transpose.  Requires 1 <= d <= min(m, n) (checked by
// the caller).  progress.report(done, 2q + 2) after each sparse product.
TruncatedSvd randomized_svd(const SparseRows &A, const SparseRows &At, size_t d, const RandomizedSvdOptions &opts,
                            const Progress &progress);

}  // namespace pr::transition
