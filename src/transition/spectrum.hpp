// Spectra and similarities of d x d matrices, in double.  Used for M_k from
// the corpus and for trained attention W_Q W_K^T alike.
//
// PR of a spectrum l_i >= 0 is (sum l)^2 / sum l^2.  The default takes
// l_i = sigma_i^2; pr_sigma takes l_i = sigma_i.  A real antisymmetric
// matrix has singular values in equal pairs (one per rotation plane), so one
// plane gives PR = 2 and planes = PR / 2.
#pragma once

#include "transition/eigen.hpp"
#include <cstdint>
#include <vector>

namespace pr::spectrum {

struct Summary {
    double pr = 0.0;              // sigma^2 convention
    double pr_sigma = 0.0;        // sigma convention
    double planes = 0.0;          // pr / 2
    double effective_rank = 0.0;  // exp(entropy of sigma / sum sigma), Roy & Vetterli 2007
    double stable_rank = 0.0;     // ||M||_F^2 / ||M||_2^2
    double frobenius = 0.0;
    double spectral_norm = 0.0;
};

enum class Part : int { full = 0, antisymmetric = 1, symmetric = 2 };

Eigen::MatrixXd part_of(const Eigen::MatrixXd &M, Part part);  // M, (M-M^T)/2 or (M+M^T)/2
Eigen::VectorXd singular_values(const Eigen::MatrixXd &M);    // descending
Summary summarize(const Eigen::VectorXd &sigma);               // all zero for a zero spectrum
// The leading 2r left singular vectors of `part_of(M, part)` (d x 2r,
// orthonormal columns).  For the antisymmetric part these span the top r
// invariant rotation planes, columns (2i, 2i+1) spanning plane i.
Eigen::MatrixXd top_planes(const Eigen::MatrixXd &M, Part part, size_t r);
// Cosines of the 2r principal angles between the top_planes(., part, r) of
// A and B, descending (clipped to <= 1).
Eigen::VectorXd principal_cosines(const Eigen::MatrixXd &A, const Eigen::MatrixXd &B, Part part, size_t r);
// omega_i of an antisymmetric matrix's descending singular values (which come
// in equal pairs): the mean of each pair, floor(d/2) values.
Eigen::VectorXd plane_frequencies(const Eigen::VectorXd &sigma);
// S = (M + M^T)/2 and A = (M - M^T)/2 of a row-major d x d M; S or A may be
// null (neither may alias M).
void split_sym_antisym(const double *M, size_t d, double *S, double *A);

// A Haar-random d x d orthogonal matrix (QR of a Gaussian with sign fix).
Eigen::MatrixXd random_orthogonal(size_t d, uint64_t seed);

struct Stat {
    double value = 0.0, null_mean = 0.0, null_std = 0.0, z = 0.0;
};

// `value` against the sample `null`: its mean, sd (n - 1) and z (+-inf when
// the null has no spread but the value differs; all 0 for an empty null).
Stat against_null(double value, const std::vector<double> &null);

struct SimilarityOptions {
    Part part = Part::antisymmetric;
    uint32_t planes = 4;         // r: subspaces of dimension 2r
    uint32_t null_samples = 32;
    uint64_t seed = 1;
};

struct Similarity {
    Stat frobenius_cosine;  // <A,B>_F / (|A| |B|)
    Stat subspace_overlap;  // mean cos^2 of the 2r principal angles between top-r plane subspaces
    Stat spectrum_cosine;   // cosine of the sorted singular-value vectors
    Eigen::VectorXd principal_cosines;  // cos of the 2r principal angles, descending
};

// Nulls: frobenius_cosine and subspace_overlap compare A with Q B Q^T for
// Haar-random orthogonal Q (same shape, same spectrum, random orientation);
// spectrum_cosine compares A's spectrum with that of the same part of an
// iid Gaussian d x d matrix (the sorted-spectrum cosine ignores orientation,
// so only an unrelated spectrum is a meaningful null).
Similarity similarity(const Eigen::MatrixXd &A, const Eigen::MatrixXd &B, const SimilarityOptions &opts);

}  // namespace pr::spectrum
