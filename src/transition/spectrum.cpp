#include "transition/spectrum.hpp"

#include "core/error.hpp"
#include "core/parallel_errors.hpp"
#include "core/rng.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace pr::spectrum {

Eigen::MatrixXd part_of(const Eigen::MatrixXd &M, Part part) {
    switch (part) {
    case Part::full: return M;
    case Part::antisymmetric: return 0.5 * (M - M.transpose());
    case Part::symmetric: return 0.5 * (M + M.transpose());
    }
    fail(PR_ERR_INVALID_ARGUMENT, "argument 'part' = ", int(part), ": not a pr_matrix_part");
}

Eigen::VectorXd singular_values(const Eigen::MatrixXd &M) {
    if (M.size() == 0) return Eigen::VectorXd();
    if (!M.allFinite()) fail(PR_ERR_NUMERIC, "matrix has NaN or Inf entries");
    Eigen::BDCSVD<Eigen::MatrixXd> svd(M);
    return svd.singularValues();
}

Summary summarize(const Eigen::VectorXd &sigma) {
    Summary s;
    if (sigma.size() == 0) return s;
    const double s1 = sigma.sum();
    const double s2 = sigma.squaredNorm();
    const double s4 = sigma.array().square().square().sum();
    s.frobenius = std::sqrt(s2);
    s.spectral_norm = sigma.maxCoeff();
    if (!(s2 > 0.0)) return s;
    s.pr = s2 * s2 / s4;
    s.pr_sigma = s1 * s1 / s2;
    s.planes = s.pr / 2.0;
    double h = 0.0;
    for (Eigen::Index i = 0; i < sigma.size(); ++i) {
        const double p = sigma[i] / s1;
        if (p > 0.0) h -= p * std::log(p);
    }
    s.effective_rank = std::exp(h);
    s.stable_rank = s2 / (s.spectral_norm * s.spectral_norm);
    return s;
}

Eigen::MatrixXd top_planes(const Eigen::MatrixXd &M, Part part, size_t r) {
    const size_t d = size_t(M.rows());
    if (r == 0 || 2 * r > d)
        fail(PR_ERR_OUT_OF_RANGE, "argument 'planes' = ", r, ": need 1 <= planes <= d/2 = ", d / 2);
    const Eigen::MatrixXd P = part_of(M, part);
    if (!P.allFinite()) fail(PR_ERR_NUMERIC, "matrix has NaN or Inf entries");
    Eigen::BDCSVD<Eigen::MatrixXd> svd(P, Eigen::ComputeThinU);
    return svd.matrixU().leftCols(Eigen::Index(2 * r));
}

Eigen::MatrixXd random_orthogonal(size_t d, uint64_t seed) {
    Rng rng(seed);
    Eigen::MatrixXd G(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
    for (Eigen::Index j = 0; j < G.cols(); ++j)
        for (Eigen::Index i = 0; i < G.rows(); ++i) G(i, j) = rng.normal();
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(G);
    Eigen::MatrixXd Q = qr.householderQ();
    const Eigen::MatrixXd R = qr.matrixQR().triangularView<Eigen::Upper>();
    for (Eigen::Index j = 0; j < Q.cols(); ++j)
        if (R(j, j) < 0) Q.col(j) *= -1.0;
    return Q;
}

namespace {

double cosine(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b) {
    const double na = a.norm(), nb = b.norm();
    if (!(na > 0.0) || !(nb > 0.0)) return 0.0;
    return (a.array() * b.array()).sum() / (na * nb);
}

double overlap(const Eigen::MatrixXd &Ua, const Eigen::MatrixXd &Ub) {
    return (Ua.transpose() * Ub).squaredNorm() / double(Ua.cols());
}


// Sorted singular values, quickly: sqrt of the eigenvalues of P^T P (only
// used for null samples, where the lost relative accuracy of tiny values
// does not matter).
Eigen::VectorXd quick_singular_values(const Eigen::MatrixXd &P) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(P.transpose() * P, Eigen::EigenvaluesOnly);
    Eigen::VectorXd ev = es.eigenvalues().reverse();
    return ev.cwiseMax(0.0).cwiseSqrt();
}

}  // namespace

Stat against_null(double value, const std::vector<double> &null) {
    Stat s;
    s.value = value;
    if (null.empty()) return s;
    double m = 0.0;
    for (double v : null) m += v;
    m /= double(null.size());
    double var = 0.0;
    for (double v : null) var += (v - m) * (v - m);
    var = null.size() > 1 ? var / double(null.size() - 1) : 0.0;
    s.null_mean = m;
    s.null_std = std::sqrt(var);
    if (s.null_std > 0.0)
        s.z = (value - m) / s.null_std;
    else
        s.z = value == m ? 0.0 : std::copysign(INFINITY, value - m);
    return s;
}

Eigen::VectorXd principal_cosines(const Eigen::MatrixXd &A, const Eigen::MatrixXd &B, Part part, size_t r) {
    const Eigen::MatrixXd Ua = top_planes(A, part, r), Ub = top_planes(B, part, r);
    return Eigen::BDCSVD<Eigen::MatrixXd>(Ua.transpose() * Ub).singularValues().cwiseMin(1.0);
}

Eigen::VectorXd plane_frequencies(const Eigen::VectorXd &s) {
    Eigen::VectorXd w(s.size() / 2);
    for (Eigen::Index i = 0; i < w.size(); ++i) w[i] = 0.5 * (s[2 * i] + s[2 * i + 1]);
    return w;
}

void split_sym_antisym(const double *M, size_t d, double *S, double *A) {
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < d; ++j) {
            const double a = M[i * d + j], b = M[j * d + i];
            if (S) S[i * d + j] = 0.5 * (a + b);
            if (A) A[i * d + j] = 0.5 * (a - b);
        }
}

Similarity similarity(const Eigen::MatrixXd &A, const Eigen::MatrixXd &B, const SimilarityOptions &opts) {
    const size_t d = size_t(A.rows());
    if (A.rows() != A.cols() || B.rows() != B.cols() || A.rows() != B.rows())
        fail(PR_ERR_MISMATCH, "matrices must be square and of the same size: ", A.rows(), "x", A.cols(), " vs ",
             B.rows(), "x", B.cols());
    if (d < 2) fail(PR_ERR_INVALID_ARGUMENT, "argument 'd' = ", d, ": need d >= 2");
    if (opts.planes == 0 || 2 * size_t(opts.planes) > d)
        fail(PR_ERR_OUT_OF_RANGE, "option 'planes' = ", opts.planes, ": need 1 <= planes <= d/2 = ", d / 2);
    const Eigen::MatrixXd pa = part_of(A, opts.part), pb = part_of(B, opts.part);
    if (!pa.allFinite() || !pb.allFinite()) fail(PR_ERR_NUMERIC, "a matrix has NaN or Inf entries");
    const Eigen::Index r2 = Eigen::Index(2 * opts.planes);

    Eigen::BDCSVD<Eigen::MatrixXd> sa(pa, Eigen::ComputeThinU), sb(pb, Eigen::ComputeThinU);
    const Eigen::MatrixXd Ua = sa.matrixU().leftCols(r2), Ub = sb.matrixU().leftCols(r2);
    const Eigen::VectorXd sig_a = sa.singularValues(), sig_b = sb.singularValues();

    Similarity out;
    out.principal_cosines = Eigen::BDCSVD<Eigen::MatrixXd>(Ua.transpose() * Ub).singularValues().cwiseMin(1.0);
    const double fro = cosine(pa, pb);
    const double ovl = overlap(Ua, Ub);
    const double spc = sig_a.norm() > 0 && sig_b.norm() > 0 ? sig_a.dot(sig_b) / (sig_a.norm() * sig_b.norm()) : 0.0;

    // The draws run one per thread (Eigen serial inside the region: no spin
    // of its split products on a loaded machine).  They are the sequential
    // ones: draw i starts from the seeder's state after draws 0..i-1, taken
    // by replaying the seeder once.
    const size_t n = opts.null_samples;
    std::vector<Rng> start;
    start.reserve(n);
    Rng seeder(opts.seed);
    for (size_t i = 0; i < n; ++i) {
        start.push_back(seeder);
        seeder.next();
        for (size_t j = 0; j < d * d; ++j) seeder.normal();
    }
    std::vector<double> n_fro(n), n_ovl(n), n_spc(n);
    ParallelErrors errors;
#pragma omp parallel for schedule(dynamic, 1)
    for (int64_t ii = 0; ii < int64_t(n); ++ii)
        errors.run([&] {
            const size_t i = size_t(ii);
            Rng rng = start[i];
            const Eigen::MatrixXd Q = random_orthogonal(d, rng.next());
            n_fro[i] = cosine(pa, Q * pb * Q.transpose());
            n_ovl[i] = overlap(Ua, Q * Ub);
            Eigen::MatrixXd G(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
            for (Eigen::Index j = 0; j < G.size(); ++j) G.data()[j] = rng.normal();
            const Eigen::VectorXd sg = quick_singular_values(part_of(G, opts.part));
            n_spc[i] = sig_a.norm() > 0 && sg.norm() > 0 ? sig_a.dot(sg) / (sig_a.norm() * sg.norm()) : 0.0;
        });
    errors.rethrow();
    out.frobenius_cosine = against_null(fro, n_fro);
    out.subspace_overlap = against_null(ovl, n_ovl);
    out.spectrum_cosine = against_null(spc, n_spc);
    return out;
}

}  // namespace pr::spectrum
