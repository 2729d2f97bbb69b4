// T, pi and irreversibility against dense double references.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using pr::transition::Dangling;
using pr::transition::Options;
using pr::transition::StationaryMethod;
using pr::transition::Transition;

namespace {

// A stream over tokens 0..V-1 where the last two tokens never occur as a
// source (dangling rows) and token V-1 never occurs at all.
pr::CountsCsr counts_with_dangling(uint32_t V, uint64_t seed) {
    auto ids = prtest::random_stream(V - 2, 3000, seed);
    ids.push_back(V - 2);  // V-2 only ever ends the stream
    return prtest::count_tokens(ids, V);
}

}  // namespace

TEST_CASE("transition: entries match the dense definition for every policy and smoothing") {
    const uint32_t V = 30;
    const auto c = counts_with_dangling(V, 7);
    for (double alpha : {0.0, 0.5}) {
        for (Dangling pol : {Dangling::uniform, Dangling::self_loop, Dangling::stationary}) {
            CAPTURE(alpha);
            CAPTURE(int(pol));
            Options o;
            o.alpha = alpha;
            o.dangling = pol;
            const Transition t(c, o);
            CHECK(t.dangling_rows() == 2);
            const Eigen::MatrixXd Td = prtest::dense_T(c, o, prtest::to_eigen(t.stationary()));
            double max_err = 0.0;
            for (uint32_t a = 0; a < V; ++a)
                for (uint32_t b = 0; b < V; ++b) max_err = std::max(max_err, std::fabs(t.entry(a, b) - Td(a, b)));
            CHECK(max_err < 1e-15);
            // Rows are stochastic.
            CHECK((Td.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
        }
    }
}

TEST_CASE("transition: apply (float32 kernel) matches dense T X within 1e-5 relative") {
    const uint32_t V = 53;  // odd sizes exercise the masked tails
    const auto c = counts_with_dangling(V, 3);
    for (size_t d : {size_t(1), size_t(17), size_t(300)}) {
        Options o;
        o.alpha = 0.1;
        o.dangling = Dangling::stationary;
        const Transition t(c, o);
        const prtest::RowMatF X = prtest::random_embeddings(int(V), int(d), 11, 0.5f);
        prtest::RowMatF Y = prtest::RowMatF::Zero(int(V), int(d));
        t.apply(X.data(), d, Y.data());
        const Eigen::MatrixXd ref = prtest::dense_T(c, o, prtest::to_eigen(t.stationary())) * X.cast<double>();
        CAPTURE(d);
        CHECK((Y.cast<double>() - ref).norm() / ref.norm() < 1e-5);
    }
}

TEST_CASE("transition: stationary distribution by power iteration and the unigram estimate") {
    const uint32_t V = 40;
    const auto c = counts_with_dangling(V, 5);
    for (Dangling pol : {Dangling::uniform, Dangling::self_loop, Dangling::stationary}) {
        Options o;
        o.dangling = pol;
        // A self-loop makes token V-2 absorbing: the mass leaks into it at
        // about 1/3000 per step, so the iteration needs many more steps.
        if (pol == Dangling::self_loop) o.max_iterations = 1000000;
        const Transition t(c, o);
        CAPTURE(int(pol));
        const auto &rep = t.stationary_report();
        CHECK(rep.converged);
        CHECK(rep.iterations > 0);
        CHECK(rep.residual <= o.tolerance);
        const Eigen::VectorXd pi = prtest::to_eigen(t.stationary());
        const Eigen::MatrixXd Td = prtest::dense_T(c, o, pi);
        CHECK((pi.transpose() * Td - pi.transpose()).cwiseAbs().sum() < 1e-10);
        CHECK(std::fabs(pi.sum() - 1.0) < 1e-12);
        CHECK(pi.minCoeff() >= 0.0);
    }
    Options u;
    u.stationary = StationaryMethod::unigram;
    const Transition t(c, u);
    CHECK(t.stationary_report().iterations == 0);
    CHECK(t.stationary()[0] == doctest::Approx(double(c.unigram[0]) / 3001.0));
}

TEST_CASE("transition: the iteration cap is reported, not hidden") {
    const auto c = counts_with_dangling(40, 5);
    Options o;
    o.max_iterations = 2;
    const Transition t(c, o);
    CHECK(t.stationary_report().iterations == 2);
    CHECK_FALSE(t.stationary_report().converged);
    CHECK(t.stationary_report().residual > o.tolerance);
}

TEST_CASE("transition: a pure cycle has uniform pi (lazy iteration handles periodicity)") {
    const uint32_t V = 6;
    std::vector<uint32_t> ids;
    for (int i = 0; i < 60; ++i) ids.push_back(uint32_t(i % V));
    const Transition t(prtest::count_tokens(ids, V), Options{});
    for (double p : t.stationary()) CHECK(p == doctest::Approx(1.0 / V).epsilon(1e-9));
}

namespace {

void dense_irreversibility(const Eigen::MatrixXd &T, const Eigen::VectorXd &pi, double &fro, double &ep) {
    const Eigen::MatrixXd F = pi.asDiagonal() * T - T.transpose() * pi.asDiagonal();
    fro = F.norm();
    ep = 0.0;
    for (int a = 0; a < T.rows(); ++a)
        for (int b = a + 1; b < T.rows(); ++b) {
            const double x = pi[a] * T(a, b), y = pi[b] * T(b, a);
            if (x > 0 && y > 0) ep += (x - y) * std::log(x / y);
            else if (x != y) ep = INFINITY;
        }
}

}  // namespace

TEST_CASE("transition: irreversibility matches the dense definition") {
    const uint32_t V = 35;
    const auto c = counts_with_dangling(V, 9);
    for (double alpha : {0.0, 0.2}) {
        for (Dangling pol : {Dangling::uniform, Dangling::self_loop, Dangling::stationary}) {
            CAPTURE(alpha);
            CAPTURE(int(pol));
            Options o;
            o.alpha = alpha;
            o.dangling = pol;
            const Transition t(c, o);
            const Eigen::VectorXd pi = prtest::to_eigen(t.stationary());
            double fro, ep;
            dense_irreversibility(prtest::dense_T(c, o, pi), pi, fro, ep);
            const auto r = t.irreversibility();
            CHECK(r.flux_frobenius == doctest::Approx(fro).epsilon(1e-10));
            if (std::isinf(ep)) {
                CHECK(std::isinf(r.entropy_production));
                CHECK(r.one_way_pairs > 0);
            } else {
                CHECK(r.entropy_production == doctest::Approx(ep).epsilon(1e-9));
                CHECK(r.one_way_pairs == 0);
            }
        }
    }
}

TEST_CASE("transition: a reversible chain (symmetric counts) has zero flux and entropy production") {
    const uint32_t V = 25;
    auto c = prtest::count_tokens(prtest::random_stream(V, 2000, 4), V);
    // C + C^T: a random walk on an undirected weighted graph is reversible.
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(V, V);
    for (uint32_t a = 0; a < V; ++a)
        for (uint64_t e = c.row_ptr[a]; e < c.row_ptr[a + 1]; ++e) C(a, c.col[e]) += double(c.count[e]);
    C += C.transpose().eval();
    pr::CountsCsr s;
    s.vocab_size = V;
    s.row_ptr.push_back(0);
    for (uint32_t a = 0; a < V; ++a) {
        for (uint32_t b = 0; b < V; ++b)
            if (C(a, b) > 0) {
                s.col.push_back(b);
                s.count.push_back(uint64_t(C(a, b)));
            }
        s.row_ptr.push_back(s.col.size());
    }
    const Transition t(s, Options{});
    const auto r = t.irreversibility();
    CHECK(r.flux_frobenius < 1e-11);  // pi is exact to the 1e-12 power-iteration tolerance
    CHECK(std::fabs(r.entropy_production) < 1e-12);
    CHECK(r.one_way_pairs == 0);
}

TEST_CASE("transition: bad input gives clear errors") {
    pr::CountsCsr empty;
    empty.vocab_size = 5;
    empty.row_ptr.assign(6, 0);
    try {
        Transition t(empty, Options{});
        FAIL("no error for an empty corpus");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("empty") != std::string::npos);
    }
    auto c = prtest::count_tokens({0, 1, 2, 1}, 3);
    Options o;
    o.alpha = -1.0;
    CHECK_THROWS_AS(Transition(c, o), pr::Error);
    c.col[0] = 7;
    CHECK_THROWS_WITH_AS(Transition(c, Options{}), doctest::Contains("column 7 >= vocab_size 3"), pr::Error);
}
