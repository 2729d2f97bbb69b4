// PPMI-SVD embeddings (sparse PPMI, randomized SVD) against a dense double
// PPMI and a full Eigen SVD on small V.
#include "helpers.hpp"
#include "reference/dense_corpus.hpp"
#include "transition/ppmi_svd.hpp"
#include "transition/randomized_svd.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace pr::transition;

namespace {

// G groups of m tokens; the next token is drawn from the following group with
// probability `coherence`, else uniformly.  PPMI is then close to a rank-G
// block matrix plus sampling noise: a clear gap after sigma_G.
std::vector<uint32_t> grouped_stream(uint32_t G, uint32_t m, size_t n, double coherence, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::uniform_int_distribution<uint32_t> any(0, G * m - 1), member(0, m - 1);
    std::vector<uint32_t> out(n);
    uint32_t cur = 0;
    for (size_t i = 0; i < n; ++i) {
        out[i] = cur;
        cur = u(rng) < coherence ? ((cur / m + 1) % G) * m + member(rng) : any(rng);
    }
    return out;
}

Eigen::MatrixXd to_double(const std::vector<float> &E, size_t V, size_t d) {
    Eigen::MatrixXd out(V, d);
    for (size_t a = 0; a < V; ++a)
        for (size_t j = 0; j < d; ++j) out(Eigen::Index(a), Eigen::Index(j)) = E[a * d + j];
    return out;
}

// U_d recovered from E = U_d sqrt(S_d).
Eigen::MatrixXd left_vectors(const Eigen::MatrixXd &E, const std::vector<double> &s) {
    Eigen::MatrixXd U = E;
    for (Eigen::Index j = 0; j < U.cols(); ++j) U.col(j) /= std::sqrt(s[size_t(j)]);
    return U;
}

struct Run {
    std::vector<float> E;
    std::vector<double> s;
};

Run run(const pr::CountsCsr &c, size_t d, const PpmiOptions &o) {
    Run r{std::vector<float>(size_t(c.vocab_size) * d), std::vector<double>(d)};
    ppmi_svd_embeddings(c, o, r.E.data(), c.vocab_size, d, r.s.data(), pr::Progress(nullptr, nullptr));
    return r;
}

}  // namespace

TEST_CASE("ppmi: the sparse PPMI equals the dense definition, with and without smoothing and shift") {
    const auto ids = prtest::random_stream(70, 20000, 5);
    const auto c = prtest::count_tokens(ids, 70);
    const auto tr = reference::dense_transition(ids.data(), ids.size(), 70);
    for (const auto &[alpha, shift] : std::vector<std::pair<double, double>>{{1.0, 0.0}, {0.75, 0.0}, {0.75, std::log(5.0)}}) {
        PpmiOptions o;
        o.context_alpha = alpha;
        o.shift = shift;
        const SparseRows P = ppmi_matrix(c, o);
        Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(70, 70);
        for (uint32_t a = 0; a < 70; ++a)
            for (uint64_t e = P.row_ptr[a]; e < P.row_ptr[a + 1]; ++e) {
                CHECK(P.val[e] > 0.0);  // only positive entries are stored
                dense(a, P.col[e]) = P.val[e];
            }
        const Eigen::MatrixXd ref = reference::ppmi_matrix(tr.counts, alpha, shift);
        CHECK((dense - ref).cwiseAbs().maxCoeff() < 1e-12);
        CHECK(P.nnz() == uint64_t((ref.array() > 0).count()));
    }
}

TEST_CASE("ppmi-svd: exact when d + oversampling >= V (embedding to float32 precision)") {
    const uint32_t V = 60;
    const size_t d = 12;
    const auto ids = prtest::random_stream(V, 30000, 11);
    const auto c = prtest::count_tokens(ids, V);
    const auto tr = reference::dense_transition(ids.data(), ids.size(), V);
    for (double alpha : {1.0, 0.75}) {
        PpmiOptions o;
        o.oversampling = 48;  // l = 60 = V: the range finder captures everything
        o.power_iterations = 1;
        o.context_alpha = alpha;
        const Run r = run(c, d, o);
        const auto ref = reference::ppmi_svd(reference::ppmi_matrix(tr.counts, alpha), int(d));
        const Eigen::MatrixXd E = to_double(r.E, V, d);
        const double err = (E - ref.embedding).cwiseAbs().maxCoeff() / ref.embedding.cwiseAbs().maxCoeff();
        MESSAGE("alpha ", alpha, ": max |E - E_ref| / max |E_ref| = ", err);
        CHECK(err < 1e-5);  // float32 output of a double computation
        for (size_t j = 0; j < d; ++j) CHECK(r.s[j] == doctest::Approx(ref.s(Eigen::Index(j))).epsilon(1e-10));
    }
}

TEST_CASE("ppmi-svd: randomized top-d agrees with the dense SVD when the spectrum has a gap") {
    const uint32_t G = 8, m = 50, V = G * m;
    const auto ids = grouped_stream(G, m, 200000, 0.8, 3);
    const auto c = prtest::count_tokens(ids, V);
    const auto tr = reference::dense_transition(ids.data(), ids.size(), V);
    const auto ref = reference::ppmi_svd(reference::ppmi_matrix(tr.counts), int(G));
    const double gap = ref.s(G) / ref.s(G - 1);
    const double ratio_l = ref.s(G + 10) / ref.s(G - 1);
    MESSAGE("sigma_9 / sigma_8 = ", gap, ", sigma_19 / sigma_8 = ", ratio_l);
    REQUIRE(gap < 0.5);  // the premise of this test
    for (uint32_t q : {2u, 4u}) {
        PpmiOptions o;
        o.power_iterations = q;
        const Run r = run(c, G, o);
        double sv_err = 0.0;
        for (uint32_t j = 0; j < G; ++j) sv_err = std::max(sv_err, std::fabs(r.s[j] / ref.s(j) - 1.0));
        const Eigen::MatrixXd U = left_vectors(to_double(r.E, V, G), r.s);
        const Eigen::VectorXd cosines = reference::principal_cosines(U, ref.u.leftCols(G));
        const double min_cos = cosines.minCoeff();
        MESSAGE("q = ", q, ": max relative singular-value error ", sv_err, ", min principal cosine ", min_cos);
        CHECK(sv_err < 1e-6);
        CHECK(min_cos > 1.0 - 1e-6);
    }
}

TEST_CASE("ppmi-svd: without a planted gap (flat spectrum) the estimates are Ritz values and capture the energy") {
    // A sparse random Markov chain: a flat PPMI spectrum (sigma_16 / sigma_2
    // is about 0.6), the hard case for a range finder.  Whatever the gap, the
    // randomized values are Ritz values of PPMI on an orthonormal subspace,
    // so they never exceed the true ones; more iterations close the gap.
    const uint32_t V = 300;
    const size_t d = 16;
    const auto ids = prtest::random_stream(V, 100000, 21);
    const auto c = prtest::count_tokens(ids, V);
    const auto tr = reference::dense_transition(ids.data(), ids.size(), V);
    const Eigen::MatrixXd P = reference::ppmi_matrix(tr.counts);
    const auto ref = reference::ppmi_svd(P, int(d));
    MESSAGE("sigma_1 = ", ref.s(0), ", sigma_2 = ", ref.s(1), ", sigma_16 = ", ref.s(15), ", sigma_27 = ", ref.s(26));
    const double best = ref.s.head(d).squaredNorm();
    double previous_energy = 0.0;
    for (const auto &[q, p] : std::vector<std::pair<uint32_t, uint32_t>>{{0, 10}, {4, 10}, {16, 30}}) {
        PpmiOptions o;
        o.power_iterations = q;
        o.oversampling = p;
        const Run r = run(c, d, o);
        const Eigen::MatrixXd U = left_vectors(to_double(r.E, V, d), r.s);
        double max_err = 0.0;
        for (size_t j = 0; j < d; ++j) {
            CHECK(r.s[j] <= ref.s(Eigen::Index(j)) * (1 + 1e-12));
            max_err = std::max(max_err, 1.0 - r.s[j] / ref.s(Eigen::Index(j)));
        }
        const double energy = (P.transpose() * U).squaredNorm() / best;  // fraction of the best rank-d energy
        MESSAGE("q = ", q, ", oversampling ", p, ": max relative singular-value error ", max_err,
                ", captured energy ", energy, ", sigma_1 error ", 1.0 - r.s[0] / ref.s(0));
        CHECK(energy <= 1.0 + 1e-12);
        CHECK(energy > previous_energy);  // more work, better subspace
        previous_energy = energy;
        if (q == 4) CHECK(energy > 0.95);  // 0.971 measured
        if (q == 16) CHECK(max_err < 0.01);
    }
}

TEST_CASE("ppmi-svd: deterministic from the seed, and another seed gives the same subspace") {
    const uint32_t G = 6, m = 40, V = G * m;
    const auto c = prtest::count_tokens(grouped_stream(G, m, 100000, 0.8, 9), V);
    PpmiOptions o;
    const Run a = run(c, G, o), b = run(c, G, o);
    CHECK(a.E == b.E);
    CHECK(a.s == b.s);
    o.seed = 77;
    const Run other = run(c, G, o);
    CHECK(other.E != a.E);  // a different test matrix ...
    const Eigen::VectorXd cos = reference::principal_cosines(left_vectors(to_double(a.E, V, G), a.s),
                                                             left_vectors(to_double(other.E, V, G), other.s));
    CHECK(cos.minCoeff() > 1.0 - 1e-6);  // ... the same answer
    // With well-separated singular values the signed columns agree too.
    CHECK((to_double(a.E, V, G) - to_double(other.E, V, G)).norm() < 1e-3 * to_double(a.E, V, G).norm());
}

TEST_CASE("ppmi-svd: bad input is rejected with the argument named, E untouched") {
    const auto c = prtest::count_tokens(prtest::random_stream(30, 2000, 1), 30);
    std::vector<float> E(30 * 4, 42.0f);
    const pr::Progress none(nullptr, nullptr);
    const PpmiOptions o;
    auto msg = [&](auto &&f) {
        try {
            f();
        } catch (const pr::Error &e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(msg([&] { ppmi_svd_embeddings(c, o, E.data(), 30, 0, nullptr, none); }).find("'d' = 0") != std::string::npos);
    CHECK(msg([&] { ppmi_svd_embeddings(c, o, E.data(), 30, 31, nullptr, none); }).find("'d' = 31") != std::string::npos);
    CHECK(msg([&] { ppmi_svd_embeddings(c, o, E.data(), 29, 4, nullptr, none); }).find("'rows' = 29") != std::string::npos);
    CHECK(msg([&] { ppmi_svd_embeddings(c, o, nullptr, 30, 4, nullptr, none); }).find("'E'") != std::string::npos);
    pr::CountsCsr empty;
    empty.vocab_size = 30;
    empty.row_ptr.assign(31, 0);
    CHECK(msg([&] { ppmi_svd_embeddings(empty, o, E.data(), 30, 4, nullptr, none); }).find("empty") != std::string::npos);
    PpmiOptions bad = o;
    bad.context_alpha = 0.0;
    CHECK(msg([&] { ppmi_svd_embeddings(c, bad, E.data(), 30, 4, nullptr, none); }).find("'context_alpha' = 0") != std::string::npos);
    bad = o;
    bad.shift = -1.0;
    CHECK(msg([&] { ppmi_svd_embeddings(c, bad, E.data(), 30, 4, nullptr, none); }).find("'shift' = -1") != std::string::npos);
    bad.shift = NAN;
    CHECK(msg([&] { ppmi_svd_embeddings(c, bad, E.data(), 30, 4, nullptr, none); }).find("'shift'") != std::string::npos);
    bad = o;
    bad.power_iterations = 65;
    CHECK(msg([&] { ppmi_svd_embeddings(c, bad, E.data(), 30, 4, nullptr, none); }).find("'power_iterations' = 65") != std::string::npos);
    // One token repeated: every PMI is log(1) = 0, so PPMI is zero.
    const auto flat = prtest::count_tokens(std::vector<uint32_t>(100, 0), 1);
    std::vector<float> one(1, 42.0f);
    CHECK(msg([&] { ppmi_svd_embeddings(flat, o, one.data(), 1, 1, nullptr, none); }).find("PPMI matrix is zero") != std::string::npos);
    // A cancel after the second product leaves E as it was.
    auto cancel_at_2 = [](void *, uint64_t done, uint64_t total) -> int {
        CHECK(total == 10);  // 2 * 4 power iterations + 2
        return done >= 2;
    };
    try {
        ppmi_svd_embeddings(c, o, E.data(), 30, 4, nullptr, pr::Progress(cancel_at_2, nullptr));
        FAIL("no cancel");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_CANCELLED);
    }
    CHECK(E == std::vector<float>(30 * 4, 42.0f));
}

TEST_CASE("randomized svd: a tall non-square sparse matrix against JacobiSVD") {
    // The kernel is generic: check it on a 300 x 40 matrix with a decaying spectrum.
    std::mt19937_64 rng(4);
    std::normal_distribution<double> n;
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(300, 40);
    for (int k = 0; k < 40; ++k) {
        const double s = std::pow(0.6, k);
        Eigen::VectorXd u(300), v(40);
        for (auto &x : u) x = n(rng);
        for (auto &x : v) x = n(rng);
        A += s * u * v.transpose();
    }
    SparseRows S;
    S.rows = 300;
    S.cols = 40;
    S.row_ptr.push_back(0);
    for (int a = 0; a < 300; ++a) {
        for (int b = 0; b < 40; ++b) {
            S.col.push_back(uint32_t(b));
            S.val.push_back(A(a, b));
        }
        S.row_ptr.push_back(S.col.size());
    }
    RandomizedSvdOptions o;
    o.power_iterations = 3;
    const TruncatedSvd r = randomized_svd(S, S.transposed(), 5, o, pr::Progress(nullptr, nullptr));
    const Eigen::JacobiSVD<Eigen::MatrixXd> ref(A, Eigen::ComputeThinU);
    for (int j = 0; j < 5; ++j) CHECK(r.S(j) == doctest::Approx(ref.singularValues()(j)).epsilon(1e-9));
    CHECK((r.U.transpose() * r.U - Eigen::MatrixXd::Identity(5, 5)).norm() < 1e-12);
    CHECK(reference::principal_cosines(r.U, ref.matrixU().leftCols(5)).minCoeff() > 1.0 - 1e-9);
}
