// PR-matched blend of corpus asymmetry and a random antisymmetric complement.
//
//   Abar  = sum_{k=1..K} A_k / ||A_k||_F            (corpus powers, equal weight)
//   B(w)  = (1 - w) Abar / ||Abar||_F + w R / ||R||_F,   w in [0, 1]
//   R     = Y_a Y_b^T - Y_b Y_a^T,  Y_a, Y_b ~ N(0,1)^{d x p} (seeded): a random
//           antisymmetric matrix with p rotation planes (p = floor(d/2) = full
//           rank unless `complement_planes` says fewer)
//   PR(B) = (sum s_i^2)^2 / sum s_i^4 over the singular values s_i of B
//
// w is found by bisection on f(w) = PR(B(w)) - target over [0, 1]; it needs
// f(0) and f(1) of opposite signs (a target outside [PR(B(0)), PR(B(1))] is
// PR_ERR_OUT_OF_RANGE, with both end values in the message: a corpus PR above
// the target needs a low-rank complement, e.g. complement_planes = 1).  The
// result satisfies |PR(B(w)) - target| <= tolerance.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace pr::init {

struct BlendResult {
    Eigen::MatrixXd form;  // B(w), antisymmetric, unit Frobenius norm up to the mix
    double weight = 0;     // w
    double pr = 0;         // PR(B(w))
    double corpus_pr = 0;  // PR(B(0))
    double complement_pr = 0;  // PR(B(1))
    int iterations = 0;
};

// Random antisymmetric d x d with `planes` rotation planes (deterministic).
Eigen::MatrixXd random_antisymmetric(Eigen::Index d, int planes, uint64_t seed, uint64_t layer);

BlendResult pr_matched_blend(const std::vector<Eigen::MatrixXd> &corpus_forms, double target_pr,
                             double tolerance, int complement_planes, uint64_t seed, uint64_t layer);

}  // namespace pr::init
