// Symmetry and directionality of W_QK from its factors, against a dense
// double reference that forms W and applies Saponati et al.'s definitions
// (their utils/scores.py: ||S||^2/||W||^2; row/column norms, threshold mean +
// 2 sample sd, (col_excess - row_excess) / sum).  Tolerance: 1e-10 relative
// (the factor path is the same quantities by trace identities).
#include "init/qk_geometry.hpp"
#include "init/rng.hpp"

#include <doctest/doctest.h>
#include <prspread.h>

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

#include <omp.h>

namespace {

using Mat = Eigen::MatrixXd;
using pr::init::NormalRng;
using pr::init::Stream;

struct Dense {
    double energy, sym, anti, symmetry, directionality, row_excess, col_excess;
};

double dense_excess(const Eigen::VectorXd &norms, double num_std) {
    const double mean = norms.mean();
    const double sd = std::sqrt((norms.array() - mean).square().sum() / double(norms.size() - 1));
    double s = 0;
    for (Eigen::Index i = 0; i < norms.size(); ++i)
        if (norms(i) > mean + num_std * sd) s += norms(i) - (mean + num_std * sd);
    return s;
}

Dense dense(const Mat &q, const Mat &k, double num_std = 2.0) {
    const Mat w = q * k.transpose();
    const Mat s = 0.5 * (w + w.transpose()), a = 0.5 * (w - w.transpose());
    Dense r{};
    r.energy = w.squaredNorm(), r.sym = s.squaredNorm(), r.anti = a.squaredNorm();
    r.symmetry = r.sym / r.energy;
    r.row_excess = dense_excess(w.rowwise().norm(), num_std);
    r.col_excess = dense_excess(w.colwise().norm().transpose(), num_std);
    const double den = r.row_excess + r.col_excess;
    r.directionality = den > 0 ? (r.col_excess - r.row_excess) / den : 0.0;
    return r;
}

void check_against_dense(const Mat &q, const Mat &k) {
    const Dense ref = dense(q, k);
    const pr::init::QkGeometry g = pr::init::qk_geometry(q, k);
    const double tol = 1e-10;
    CHECK(g.energy == doctest::Approx(ref.energy).epsilon(tol));
    CHECK(g.sym_energy == doctest::Approx(ref.sym).epsilon(tol));
    CHECK(g.antisym_energy == doctest::Approx(ref.anti).epsilon(tol));
    CHECK(g.sym_energy + g.antisym_energy == doctest::Approx(g.energy).epsilon(tol));
    CHECK(g.symmetry == doctest::Approx(ref.symmetry).epsilon(tol));
    CHECK(std::abs(g.row_excess - ref.row_excess) <= tol * (1 + ref.row_excess));
    CHECK(std::abs(g.col_excess - ref.col_excess) <= tol * (1 + ref.col_excess));
    CHECK(std::abs(g.directionality - ref.directionality) <= 1e-9);
}

}  // namespace

TEST_CASE("W_QK geometry from factors equals the dense reference: random, per-head and layer shapes") {
    for (int trial = 0; trial < 6; ++trial) {
        const int d = 8 + 12 * trial, r = trial % 2 ? d : std::max(1, d / 4);
        NormalRng a(100 + trial, 0, Stream::Q), b(100 + trial, 0, Stream::K);
        check_against_dense(a.matrix(d, r, 0.02), b.matrix(d, r, 0.02));
    }
}

TEST_CASE("W_QK geometry: symmetric, antisymmetric, column- and row-dominant forms") {
    const int d = 32, r = 8;
    NormalRng a(7, 0, Stream::Q), b(7, 0, Stream::K);
    const Mat q = a.matrix(d, r, 1.0), k0 = b.matrix(d, r, 1.0);
    // K = Q: W = Q Q^T is symmetric.
    CHECK(pr::init::qk_geometry(q, q).symmetry == doctest::Approx(1.0).epsilon(1e-12));
    // W = Q J Q^T with J antisymmetric (r even): Q' = Q J, K = Q gives W = Q J^T Q^T... use K = Q J.
    Mat j = Mat::Zero(r, r);
    for (int i = 0; i + 1 < r; i += 2) j(i, i + 1) = 1, j(i + 1, i) = -1;
    CHECK(pr::init::qk_geometry(q, q * j).symmetry < 1e-12);
    // A few keys dominate: three rows of K (= columns of W) scaled up.
    Mat k = k0;
    k.row(3) *= 12, k.row(17) *= 9, k.row(29) *= 10;
    const auto cols = pr::init::qk_geometry(q, k);
    check_against_dense(q, k);
    CHECK(cols.directionality > 0.5);
    // The same queries dominating: the sign flips.
    const auto rows = pr::init::qk_geometry(k, q);
    CHECK(rows.directionality < -0.5);
    CHECK(rows.directionality == doctest::Approx(-cols.directionality).epsilon(1e-12));
    // Scale-free.
    CHECK(pr::init::qk_geometry(3 * q, 0.1 * k).directionality == doctest::Approx(cols.directionality).epsilon(1e-10));
    // No outlier at all (all norms equal): 0 by definition.
    const Mat eye = Mat::Identity(d, d);
    CHECK(pr::init::qk_geometry(eye, eye).directionality == 0.0);
}

TEST_CASE("W_QK geometry nulls: random factors sit at symmetry ~1/2 + 1/(2d), directionality ~0") {
    const int d = 64, r = 16;
    NormalRng a(3, 0, Stream::Q), b(3, 0, Stream::K);
    const auto s = pr::init::qk_scores(a.matrix(d, r, 0.02), b.matrix(d, r, 0.02), 2.0, 64, 1);
    MESSAGE("null symmetry ", s.symmetry.null_mean, " +- ", s.symmetry.null_std, "; null directionality ",
            s.directionality.null_mean, " +- ", s.directionality.null_std);
    // E||S||^2 / E||W||^2 = (1 + 1/d) / 2 for iid factors; 64 draws of a ratio.
    CHECK(s.symmetry.null_mean == doctest::Approx(0.5 + 0.5 / d).epsilon(0.02));
    CHECK(std::abs(s.directionality.null_mean) < 3 * s.directionality.null_std / std::sqrt(64.0) + 0.05);
    // A random draw is a typical member of its own null.
    CHECK(std::abs(s.symmetry.z) < 4);
    CHECK(std::abs(s.directionality.z) < 4);
    // The null depends only on the shape and the seed; the value on the factors.
    const auto other = pr::init::qk_scores(a.matrix(d, r, 0.02), b.matrix(d, r, 0.02), 2.0, 64, 1);
    CHECK(other.symmetry.null_mean == s.symmetry.null_mean);
    CHECK(other.symmetry.value != s.symmetry.value);
    CHECK(pr::init::qk_scores(a.matrix(d, r, 0.02), b.matrix(d, r, 0.02), 2.0, 64, 2).symmetry.null_mean !=
          s.symmetry.null_mean);
}

TEST_CASE("W_QK geometry nulls are the same for any thread count") {
    NormalRng a(5, 0, Stream::Q), b(5, 0, Stream::K);
    const Eigen::MatrixXd q = a.matrix(24, 24, 0.02), k = b.matrix(24, 24, 0.02);
    const int saved = omp_get_max_threads();
    std::vector<pr::init::QkScores> runs;
    for (int threads : {1, 2, 3}) {
        omp_set_num_threads(threads);
        runs.push_back(pr::init::qk_scores(q, k, 2.0, 7, 1));
    }
    omp_set_num_threads(saved);
    // Draw i's own stream: its null value is that of a single draw's.
    double sym_sum = 0;
    for (uint64_t i = 0; i < 7; ++i) {
        NormalRng rq(1, i, Stream::Q), rk(1, i, Stream::K);
        sym_sum += pr::init::qk_geometry(rq.matrix(24, 24, 1.0), rk.matrix(24, 24, 1.0), 2.0).symmetry;
    }
    CHECK(runs[0].symmetry.null_mean == doctest::Approx(sym_sum / 7).epsilon(1e-12));
    for (const auto &r : runs) {
        CHECK(r.symmetry.null_mean == runs[0].symmetry.null_mean);
        CHECK(r.directionality.null_std == runs[0].directionality.null_std);
    }
}

TEST_CASE("pr_qk_geometry_f64: row-major factors, defaults, and named errors") {
    const size_t d = 12, r = 3;
    std::vector<double> q(d * r), k(d * r);
    Mat qm(d, r), km(d, r);
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < r; ++j) {
            q[i * r + j] = qm(i, j) = std::sin(1.0 + i * 0.7 + j * 1.3);
            k[i * r + j] = km(i, j) = std::cos(0.3 + i * 1.1 - j * 0.4) * (i == 5 ? 6.0 : 1.0);
        }
    pr_qk_geometry g{};
    REQUIRE(pr_qk_geometry_f64(q.data(), k.data(), d, r, nullptr, &g) == PR_OK);
    const Dense ref = dense(qm, km);
    CHECK(g.symmetry.value == doctest::Approx(ref.symmetry).epsilon(1e-10));
    CHECK(g.directionality.value == doctest::Approx(ref.directionality).epsilon(1e-10));
    CHECK(g.energy == doctest::Approx(ref.energy).epsilon(1e-10));
    CHECK(g.symmetry.null_std > 0);
    pr_qk_geometry_options o;
    pr_qk_geometry_options_init(&o);
    CHECK(o.null_draws == 32);
    CHECK(o.num_std == 2.0);
    o.null_draws = 1;
    CHECK(pr_qk_geometry_f64(q.data(), k.data(), d, r, &o, &g) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("null_draws") != std::string::npos);
    CHECK(pr_qk_geometry_f64(q.data(), k.data(), d, d + 1, nullptr, &g) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("'r'") != std::string::npos);
    CHECK(pr_qk_geometry_f64(nullptr, k.data(), d, r, nullptr, &g) == PR_ERR_INVALID_ARGUMENT);
    q[4] = NAN;
    CHECK(pr_qk_geometry_f64(q.data(), k.data(), d, r, nullptr, &g) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("non-finite") != std::string::npos);
    pr_qk_geometry_options bad;
    pr_qk_geometry_options_init(&bad);
    bad.version = 99;
    CHECK(pr_qk_geometry_f64(k.data(), k.data(), d, r, &bad, &g) == PR_ERR_VERSION);
}
