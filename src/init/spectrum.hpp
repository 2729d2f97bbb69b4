// Small spectral helpers the init strategies need (all in double).  The
// transition family owns the full spectra/PR tables; these are the few lines
// the blend's bisection and the calibration need inside this family.
#pragma once

#include <Eigen/Dense>

namespace pr::init {

inline Eigen::MatrixXd antisymmetric_part(const Eigen::MatrixXd &m) { return 0.5 * (m - m.transpose()); }
inline Eigen::MatrixXd symmetric_part(const Eigen::MatrixXd &m) { return 0.5 * (m + m.transpose()); }

// PR = (sum l_i)^2 / sum l_i^2 with l_i = sigma_i^2 (DESIGN.md §1).  An
// antisymmetric matrix counts each rotation plane twice: PR 2 = one plane.
// Returns 0 for the zero matrix.
double participation_ratio(const Eigen::MatrixXd &m);

// ||S||_F^2 / ||M||_F^2 with S the symmetric part (1 = symmetric, 0 = anti).
double symmetry_score(const Eigen::MatrixXd &m);

// Std of the logits x_a^T W x_b over all pairs of rows of E (V x d), in closed
// form: E[l^2] = tr(W^T G W G) / V^2 with G = E^T E, E[l] = s^T W s / V^2 with
// s = E^T 1.  Never forms the V x V logit matrix.
double logit_std(const Eigen::MatrixXd &w, const Eigen::MatrixXd &embedding);

}  // namespace pr::init
