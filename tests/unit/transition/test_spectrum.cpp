// Spectra and similarities against Eigen's JacobiSVD and closed forms.
#include "core/rng.hpp"
#include "helpers.hpp"
#include "transition/spectrum.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include <omp.h>

using namespace pr::spectrum;

namespace {

Eigen::MatrixXd random_matrix(int d, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> n;
    Eigen::MatrixXd M(d, d);
    for (int i = 0; i < M.size(); ++i) M.data()[i] = n(rng);
    return M;
}

// An antisymmetric matrix with planes of given frequencies in a random basis.
Eigen::MatrixXd planes_matrix(const std::vector<double> &omega, int d, uint64_t seed) {
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(d, d);
    for (size_t i = 0; i < omega.size(); ++i) {
        J(int(2 * i), int(2 * i + 1)) = omega[i];
        J(int(2 * i + 1), int(2 * i)) = -omega[i];
    }
    const Eigen::MatrixXd Q = random_orthogonal(size_t(d), seed);
    return Q * J * Q.transpose();
}

}  // namespace

TEST_CASE("spectrum: singular values and summaries match JacobiSVD and the definitions") {
    const Eigen::MatrixXd M = random_matrix(12, 3);
    const Eigen::VectorXd s = singular_values(M);
    const Eigen::VectorXd ref = Eigen::JacobiSVD<Eigen::MatrixXd>(M).singularValues();
    CHECK((s - ref).norm() < 1e-12 * ref.norm());
    const Summary sum = summarize(s);
    const double s2 = ref.squaredNorm(), s4 = ref.array().pow(4).sum(), s1 = ref.sum();
    CHECK(sum.pr == doctest::Approx(s2 * s2 / s4).epsilon(1e-12));
    CHECK(sum.pr_sigma == doctest::Approx(s1 * s1 / s2).epsilon(1e-12));
    CHECK(sum.stable_rank == doctest::Approx(s2 / (ref[0] * ref[0])).epsilon(1e-12));
    CHECK(sum.frobenius == doctest::Approx(M.norm()).epsilon(1e-12));
    // Identity: every measure equals d.
    const Summary id = summarize(singular_values(Eigen::MatrixXd::Identity(9, 9)));
    CHECK(id.pr == doctest::Approx(9.0));
    CHECK(id.effective_rank == doctest::Approx(9.0));
    CHECK(id.stable_rank == doctest::Approx(9.0));
    // Zero matrix: zeros, not NaN.
    const Summary z = summarize(singular_values(Eigen::MatrixXd::Zero(4, 4)));
    CHECK(z.pr == 0.0);
    CHECK(z.effective_rank == 0.0);
}

TEST_CASE("spectrum: antisymmetric planes are counted twice (one plane = PR 2)") {
    const Summary one = summarize(singular_values(planes_matrix({3.0}, 10, 1)));
    CHECK(one.pr == doctest::Approx(2.0).epsilon(1e-12));
    CHECK(one.planes == doctest::Approx(1.0).epsilon(1e-12));
    const Summary three = summarize(singular_values(planes_matrix({1.0, 1.0, 1.0}, 10, 2)));
    CHECK(three.planes == doctest::Approx(3.0).epsilon(1e-12));
    // Random Gaussian W: the antisymmetric PR is a sizeable fraction of d
    // (the null for "trained attention PR").
    const int d = 64;
    const Summary rnd = summarize(singular_values(part_of(random_matrix(d, 9), Part::antisymmetric)));
    CHECK(rnd.pr > 0.4 * d);
    CHECK(rnd.pr < 0.8 * d);
}

TEST_CASE("spectrum: top planes span the leading invariant planes") {
    const int d = 10;
    const Eigen::MatrixXd A = planes_matrix({5.0, 2.0, 0.5}, d, 4);
    const Eigen::MatrixXd U = top_planes(A, Part::antisymmetric, 2);
    CHECK(U.cols() == 4);
    CHECK((U.transpose() * U - Eigen::MatrixXd::Identity(4, 4)).norm() < 1e-12);
    // Invariant: A U stays in span(U).
    const Eigen::MatrixXd AU = A * U;
    CHECK((AU - U * (U.transpose() * AU)).norm() < 1e-10 * AU.norm());
    CHECK_THROWS_AS(top_planes(A, Part::antisymmetric, 6), pr::Error);
}

TEST_CASE("similarity: values, nulls and z-scores") {
    const int d = 32;
    const Eigen::MatrixXd A = random_matrix(d, 1);
    SimilarityOptions o;
    o.planes = 3;
    o.null_samples = 24;
    o.seed = 5;
    const Similarity same = similarity(A, A, o);
    CHECK(same.frobenius_cosine.value == doctest::Approx(1.0));
    CHECK(same.subspace_overlap.value == doctest::Approx(1.0));
    CHECK(same.spectrum_cosine.value == doctest::Approx(1.0));
    CHECK(same.frobenius_cosine.z > 5.0);
    CHECK(same.subspace_overlap.z > 5.0);
    // Null of a random subspace overlap: about 2r/d.
    CHECK(same.subspace_overlap.null_mean == doctest::Approx(6.0 / d).epsilon(0.5));
    CHECK(std::fabs(same.frobenius_cosine.null_mean) < 0.1);
    // Unrelated matrices: small cosine and overlap, yet a sorted-spectrum
    // cosine close to 1 (why it needs its null).
    const Similarity unrelated = similarity(A, random_matrix(d, 2), o);
    CHECK(std::fabs(unrelated.frobenius_cosine.z) < 4.0);
    CHECK(unrelated.spectrum_cosine.value > 0.9);
    CHECK(unrelated.spectrum_cosine.null_mean > 0.9);
    CHECK(std::fabs(unrelated.spectrum_cosine.z) < 4.0);
    // Reproducible with the seed.
    const Similarity again = similarity(A, random_matrix(d, 2), o);
    CHECK(again.frobenius_cosine.null_mean == unrelated.frobenius_cosine.null_mean);
    // Errors.
    CHECK_THROWS_AS(similarity(A, Eigen::MatrixXd::Zero(d - 1, d - 1), o), pr::Error);
    o.planes = d;
    CHECK_THROWS_AS(similarity(A, A, o), pr::Error);
}

TEST_CASE("similarity: the null draws are the sequential ones, for any thread count") {
    // d odd: d^2 normals per draw leave a Box-Muller spare that the next
    // draw's state carries, which is what the replay of the seeder must keep.
    const int d = 9;
    const Eigen::MatrixXd A = random_matrix(d, 3), B = random_matrix(d, 4);
    SimilarityOptions o;
    o.planes = 2, o.null_samples = 2, o.seed = 11;
    // The definition, draw by draw: a seed for the rotation, then d^2
    // normals for the spectrum null, from one seeder.
    pr::Rng seeder(o.seed);
    const Eigen::MatrixXd pa = part_of(A, o.part), pb = part_of(B, o.part);
    const Eigen::VectorXd sig_a = singular_values(pa);
    double fro_sum = 0, spc_sum = 0;
    for (int i = 0; i < 2; ++i) {
        const Eigen::MatrixXd Q = random_orthogonal(d, seeder.next());
        const Eigen::MatrixXd rotated = Q * pb * Q.transpose();
        fro_sum += (pa.array() * rotated.array()).sum() / (pa.norm() * rotated.norm());
        // Draw 1's G starts on the spare that draw 0's 81 normals left.
        Eigen::MatrixXd G(d, d);
        for (Eigen::Index j = 0; j < G.size(); ++j) G.data()[j] = seeder.normal();
        const Eigen::VectorXd sg = singular_values(part_of(G, o.part));
        spc_sum += sig_a.dot(sg) / (sig_a.norm() * sg.norm());
    }
    const int saved = omp_get_max_threads();
    std::vector<Similarity> runs;
    for (int threads : {1, 2, 3}) {
        omp_set_num_threads(threads);
        runs.push_back(similarity(A, B, o));
    }
    omp_set_num_threads(saved);
    CHECK(runs[0].frobenius_cosine.null_mean == doctest::Approx(fro_sum / 2).epsilon(1e-12));
    // The library takes these singular values from an eigensolver (null
    // draws only), hence the looser tolerance.
    CHECK(runs[0].spectrum_cosine.null_mean == doctest::Approx(spc_sum / 2).epsilon(1e-9));
    for (const Similarity &r : runs) {
        CHECK(r.frobenius_cosine.null_mean == runs[0].frobenius_cosine.null_mean);
        CHECK(r.subspace_overlap.null_std == runs[0].subspace_overlap.null_std);
        CHECK(r.spectrum_cosine.null_mean == runs[0].spectrum_cosine.null_mean);
    }
}
