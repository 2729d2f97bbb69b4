// Symmetry and directionality of a bilinear attention form W = Q K^T
// (Saponati et al. 2025, "The underlying structures of self-attention"),
// computed from the d x r factors alone: every quantity below is a trace or a
// diagonal of r x r Gram matrices, so W (d x d) is never formed.
//
//   energy          ||W||_F^2 = tr(Q^T Q K^T K)
//   sym / antisym   ||S||_F^2, ||A||_F^2 with S, A = (W +- W^T)/2; since
//                   tr(W^2) = tr((K^T Q)^2), ||S||^2 = (||W||^2 + tr W^2)/2
//   symmetry        ||S||_F^2 / ||W||_F^2 (1 symmetric, 0 antisymmetric;
//                   about 1/2 + 1/(2d) for iid Gaussian factors)
//   directionality  row norms |W_i.|^2 = q_i^T (K^T K) q_i, column norms
//                   |W_.j|^2 = k_j^T (Q^T Q) k_j; each set's threshold is its
//                   mean + num_std x sample sd (n - 1); the excesses above it
//                   are summed, score = (col - row) / (col + row), 0 when
//                   neither set has an outlier.  Positive = a few keys
//                   (columns) dominate, the autoregressive signature.
#pragma once

#include "transition/spectrum.hpp"

#include <Eigen/Dense>

#include <cstdint>

namespace pr::init {

struct QkGeometry {
    double energy = 0, sym_energy = 0, antisym_energy = 0;
    double symmetry = 0, directionality = 0;
    double row_excess = 0, col_excess = 0;
};

// Saponati et al. use 2 standard deviations.
constexpr double kDirectionalityStd = 2.0;

// q, k: d x r.  Throws on shape mismatch or non-finite values.
QkGeometry qk_geometry(const Eigen::MatrixXd &q, const Eigen::MatrixXd &k, double num_std = kDirectionalityStd);

// The geometry of (q, k) with both scores against their null: `draws` iid
// N(0, 1) factor pairs of the same shape (both scores are scale-free, so this
// is the value at any Gaussian random init), seeded.
struct QkScores {
    QkGeometry geometry;
    pr::spectrum::Stat symmetry, directionality;
};
QkScores qk_scores(const Eigen::MatrixXd &q, const Eigen::MatrixXd &k, double num_std, int draws, uint64_t seed);

}  // namespace pr::init
