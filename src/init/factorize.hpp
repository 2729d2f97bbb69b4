// Factorisation of a d x d bilinear form W (logit = x^T W y) into per-head
// query/key maps: W ~ sum_h Q_h K_h^T with Q_h, K_h of shape d x d_head.
//
// From the SVD W = U diag(s) V^T, head h receives the singular triples in its
// band and Q_h = U_band diag(sqrt(s_band)), K_h = V_band diag(sqrt(s_band)),
// so Q and K carry equal norms.
//   PerHead : head h takes triples h*dh .. (h+1)*dh-1.  The heads together
//             reproduce W exactly when rank(W) <= H*dh (= d for a full layer).
//   Shared  : every head takes the top dh triples, so each head's form is the
//             best rank-dh approximation of W (and the layer's summed form is
//             H times it).
// An antisymmetric W has singular values in equal pairs whose left/right
// singular vectors span the same rotation plane; with an even d_head no band
// boundary splits a pair, so each head's form is itself antisymmetric
// (P_h W P_h with P_h the projector onto the head's planes).
#pragma once

#include <Eigen/Dense>

#include <vector>

namespace pr::init {

enum class Banding { PerHead = 0, Shared = 1 };

struct HeadPair {
    Eigen::MatrixXd q;  // d x d_head
    Eigen::MatrixXd k;  // d x d_head
    Eigen::MatrixXd form() const { return q * k.transpose(); }
};

// Throws PR_ERR_INVALID_ARGUMENT if W is not square, n_heads < 1 or does not
// divide d, or W holds NaN/Inf (PR_ERR_NUMERIC).
std::vector<HeadPair> factorize_form(const Eigen::MatrixXd &w, int n_heads, Banding banding);

// Sum over heads of Q_h K_h^T.
Eigen::MatrixXd summed_form(const std::vector<HeadPair> &heads);

}  // namespace pr::init
