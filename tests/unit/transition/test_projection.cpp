// M_k under every mode against explicit T^k in double, plus analytic cases.
#include "helpers.hpp"
#include "transition/pr_table.hpp"
#include "transition/projection.hpp"
#include "transition/spectrum.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace pr::transition;

namespace {

// The definition of each mode, with explicit dense T^k.
Eigen::MatrixXd dense_mode(const Eigen::MatrixXd &Tk, const Eigen::MatrixXd &E, const Eigen::VectorXd &pi, Mode m) {
    const Eigen::Index V = E.rows();
    const Eigen::VectorXd one = Eigen::VectorXd::Ones(V);
    switch (m) {
    case Mode::raw: return E.transpose() * Tk * E;
    case Mode::center_embeddings: {
        const Eigen::MatrixXd Ec = E.rowwise() - E.colwise().mean();
        return Ec.transpose() * Tk * Ec;
    }
    case Mode::subtract_stationary: return E.transpose() * (Tk - one * pi.transpose()) * E;
    case Mode::flux: {
        const Eigen::MatrixXd P = pi.asDiagonal();
        return E.transpose() * (P * Tk - Tk.transpose() * P) * E;
    }
    }
    return {};
}

std::map<std::pair<uint32_t, int>, Eigen::MatrixXd> run(const Transition &t, const prtest::RowMatF &E, uint32_t K,
                                                        unsigned modes = 15u) {
    std::map<std::pair<uint32_t, int>, Eigen::MatrixXd> out;
    project_powers(t, E.data(), size_t(E.rows()), size_t(E.cols()), K, modes, pr::Progress(nullptr, nullptr),
                   [&](uint32_t k, Mode m, const Eigen::MatrixXd &M) { out[{k, int(m)}] = M; });
    return out;
}

}  // namespace

// Tolerance 2e-5 relative: the iterates are float32, and subtract_stationary
// with a strong mean cancels about two digits (measured at k = 5: 1.05e-5
// in the AVX2 sanitizer build; the AVX-512 Release build stays below 1e-5).
TEST_CASE("projection: every mode matches explicit T^k in double (2e-5 relative)") {
    const uint32_t V = 45;
    auto ids = prtest::random_stream(V - 1, 4000, 21);
    ids.push_back(V - 1);  // one dangling row
    const auto c = prtest::count_tokens(ids, V);
    for (double alpha : {0.0, 0.05}) {
        for (Dangling pol : {Dangling::uniform, Dangling::stationary}) {
            Options o;
            o.alpha = alpha;
            o.dangling = pol;
            const Transition t(c, o);
            const Eigen::VectorXd pi = prtest::to_eigen(t.stationary());
            const Eigen::MatrixXd T = prtest::dense_T(c, o, pi);
            const prtest::RowMatF E = prtest::random_embeddings(int(V), 7, 5, 3.0f);  // strong mean
            const Eigen::MatrixXd Ed = E.cast<double>();
            const uint32_t K = 5;
            const auto got = run(t, E, K);
            CHECK(got.size() == size_t(K) * 4);
            Eigen::MatrixXd Tk = Eigen::MatrixXd::Identity(V, V);
            for (uint32_t k = 1; k <= K; ++k) {
                Tk = Tk * T;
                for (int m = 0; m < 4; ++m) {
                    CAPTURE(alpha);
                    CAPTURE(int(pol));
                    CAPTURE(k);
                    CAPTURE(m);
                    const Eigen::MatrixXd ref = dense_mode(Tk, Ed, pi, Mode(m));
                    const Eigen::MatrixXd &M = got.at({k, m});
                    CHECK((M - ref).norm() <= 2e-5 * ref.norm());
                    // The antisymmetric part, which is what PR reads, is
                    // accurate on its own scale too (no mean-driven cancellation).
                    const Eigen::MatrixXd A = 0.5 * (M - M.transpose()), Ar = 0.5 * (ref - ref.transpose());
                    CHECK((A - Ar).norm() <= 2e-5 * Ar.norm());
                }
            }
        }
    }
}

TEST_CASE("projection: a chain mixing to rank one gives PR(A_k) = 2 in raw mode at large k") {
    const uint32_t V = 30;
    const auto c = prtest::count_tokens(prtest::random_stream(V, 5000, 8, 6), V);
    Options o;
    o.alpha = 0.01;  // irreducible and aperiodic: T^k -> 1 pi^T geometrically
    const Transition t(c, o);
    const prtest::RowMatF E = prtest::random_embeddings(int(V), 8, 2, 0.0f);
    const auto got = run(t, E, 60, 1u << int(Mode::raw));
    const auto pr_of = [&](uint32_t k) {
        const auto s = pr::spectrum::singular_values(pr::spectrum::part_of(got.at({k, 0}), pr::spectrum::Part::antisymmetric));
        return pr::spectrum::summarize(s).pr;
    };
    CHECK(pr_of(1) > 2.5);  // no lock without a mean and at small k
    CHECK(pr_of(60) == doctest::Approx(2.0).epsilon(1e-6));
}

TEST_CASE("projection: a reversible chain has zero flux and a pure cycle has known planes") {
    SUBCASE("reversible") {
        // Symmetric counts: walk back and forth along a path 0-1-2-...-9-8-...
        std::vector<uint32_t> ids;
        for (int rep = 0; rep < 20; ++rep) {
            for (uint32_t i = 0; i < 10; ++i) ids.push_back(i);
            for (uint32_t i = 8; i >= 1; --i) ids.push_back(i);
        }
        ids.push_back(0);
        const Transition t(prtest::count_tokens(ids, 10), Options{});
        CHECK(t.irreversibility().flux_frobenius < 1e-10);  // pi to 1e-12
        const prtest::RowMatF E = prtest::random_embeddings(10, 6, 1, 2.0f);
        const auto got = run(t, E, 4);
        for (uint32_t k = 1; k <= 4; ++k) {
            CHECK(got.at({k, int(Mode::flux)}).norm() < 1e-6 * got.at({k, int(Mode::raw)}).norm());
        }
    }
    SUBCASE("cycle") {
        // T = cyclic shift P on n states, pi uniform, E = I: the flux matrix
        // is (P - P^T)/n whose planes have frequencies 2 sin(2 pi j / n) / n.
        const uint32_t n = 9;
        std::vector<uint32_t> ids;
        for (uint32_t i = 0; i < 50 * n + 1; ++i) ids.push_back(i % n);
        const Transition t(prtest::count_tokens(ids, n), Options{});
        const prtest::RowMatF E = prtest::RowMatF::Identity(n, n);
        const auto got = run(t, E, 3, 1u << int(Mode::flux));
        for (uint32_t k = 1; k <= 3; ++k) {
            const Eigen::VectorXd s = pr::spectrum::singular_values(got.at({k, int(Mode::flux)}));
            // Planes for j = 1..4 (n odd: (n-1)/2 planes), sorted.
            std::vector<double> expect;
            for (uint32_t j = 1; j <= (n - 1) / 2; ++j) {
                const double w = 2.0 * std::fabs(std::sin(2.0 * M_PI * j * k / n)) / n;
                expect.push_back(w);
                expect.push_back(w);
            }
            std::sort(expect.rbegin(), expect.rend());
            for (size_t i = 0; i < expect.size(); ++i) CHECK(s[Eigen::Index(i)] == doctest::Approx(expect[i]).epsilon(1e-6));
            CHECK(s[Eigen::Index(n - 1)] < 1e-7);
            // PR of equal-ish planes: from the closed form.
            double s2 = 0, s4 = 0;
            for (double w : expect) { s2 += w * w; s4 += w * w * w * w; }
            CHECK(pr::spectrum::summarize(s).pr == doctest::Approx(s2 * s2 / s4).epsilon(1e-6));
        }
    }
}

TEST_CASE("projection: errors and cancellation") {
    const auto c = prtest::count_tokens(prtest::random_stream(20, 500, 1), 20);
    const Transition t(c, Options{});
    prtest::RowMatF E = prtest::random_embeddings(20, 4, 3, 0.0f);
    auto sink = [](uint32_t, Mode, const Eigen::MatrixXd &) {};
    const pr::Progress none(nullptr, nullptr);
    CHECK_THROWS_WITH_AS(project_powers(t, E.data(), 20, 4, 0, 1u, none, sink), doctest::Contains("K >= 1"), pr::Error);
    try {
        project_powers(t, E.data(), 19, 4, 2, 1u, none, sink);
        FAIL("no mismatch error");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_MISMATCH);
    }
    E(3, 2) = std::nanf("");
    try {
        project_powers(t, E.data(), 20, 4, 2, 1u, none, sink);
        FAIL("no NaN error");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_NUMERIC);
        CHECK(std::string(e.what()).find("row 3, column 2") != std::string::npos);
    }
    E(3, 2) = 1.0f;
    int calls = 0;
    auto cancel_at_2 = [](void *user, uint64_t done, uint64_t total) {
        ++*static_cast<int *>(user);
        CHECK(total == 5);
        return done == 2 ? 1 : 0;
    };
    uint32_t last_k = 0;
    try {
        project_powers(t, E.data(), 20, 4, 5, 15u, pr::Progress(cancel_at_2, &calls),
                       [&](uint32_t k, Mode, const Eigen::MatrixXd &) { last_k = k; });
        FAIL("not cancelled");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_CANCELLED);
    }
    CHECK(calls == 2);
    CHECK(last_k == 2);
}
