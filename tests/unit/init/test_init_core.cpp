// Pure init math against independent dense references (double).
#include "core/error.hpp"
#include "init/blend.hpp"
#include "init/factorize.hpp"
#include "init/rng.hpp"
#include "init/spectrum.hpp"
#include "init/strategies.hpp"

#include <doctest/doctest.h>

#include <Eigen/Dense>

#include <cmath>
#include <string>

using namespace pr::init;
using Mat = Eigen::MatrixXd;

namespace {

Mat gaussian(int r, int c, uint64_t seed) { return NormalRng(seed, 0, Stream::Q).matrix(r, c, 1.0); }

// Independent reference: best rank-r approximation via JacobiSVD.
Mat truncate(const Mat &m, int r) {
    Eigen::JacobiSVD<Mat> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
    return svd.matrixU().leftCols(r) * svd.singularValues().head(r).asDiagonal() *
           svd.matrixV().leftCols(r).transpose();
}

// Independent PR: from the eigenvalues of M^T M.
double pr_reference(const Mat &m) {
    Eigen::SelfAdjointEigenSolver<Mat> es(m.transpose() * m);
    const Eigen::ArrayXd l = es.eigenvalues().array().cwiseMax(0.0);
    return l.sum() * l.sum() / l.square().sum();
}

double rel(const Mat &a, const Mat &b) { return (a - b).norm() / std::max(1e-300, b.norm()); }

}  // namespace

TEST_CASE("per-head banding reproduces a full-rank form exactly, each head is its SVD band") {
    const Mat w = gaussian(12, 12, 1);
    const auto heads = factorize_form(w, 3, Banding::PerHead);
    REQUIRE(heads.size() == 3);
    CHECK(heads[0].q.rows() == 12);
    CHECK(heads[0].q.cols() == 4);
    CHECK(rel(summed_form(heads), w) < 1e-12);
    CHECK(rel(heads[0].form(), truncate(w, 4)) < 1e-10);
    CHECK(rel(heads[0].form() + heads[1].form(), truncate(w, 8)) < 1e-10);
    // Q and K carry equal norms (balanced sqrt split).
    for (const auto &h : heads) CHECK(std::abs(h.q.norm() - h.k.norm()) < 1e-10 * h.q.norm());
}

TEST_CASE("shared banding: every head is the best rank-dh approximation, exact when rank <= dh") {
    const Mat w = gaussian(12, 12, 2);
    const auto heads = factorize_form(w, 4, Banding::Shared);
    for (const auto &h : heads) CHECK(rel(h.form(), truncate(w, 3)) < 1e-10);
    const Mat low = gaussian(12, 3, 3) * gaussian(3, 12, 4);  // rank 3 = dh
    for (const auto &h : factorize_form(low, 4, Banding::Shared)) CHECK(rel(h.form(), low) < 1e-10);
}

TEST_CASE("an antisymmetric target of rank 2r maps onto whole planes per head") {
    const int d = 16, r = 4;
    Eigen::HouseholderQR<Mat> qr(gaussian(d, d, 5));
    const Mat basis = qr.householderQ() * Mat::Identity(d, d);
    Mat a = Mat::Zero(d, d);
    for (int i = 0; i < r; ++i) {
        const double omega = 4.0 - i * 0.7;  // distinct plane strengths
        a += omega * (basis.col(2 * i) * basis.col(2 * i + 1).transpose() -
                      basis.col(2 * i + 1) * basis.col(2 * i).transpose());
    }
    const auto heads = factorize_form(a, 4, Banding::PerHead);  // dh = 4: two planes per head
    CHECK(rel(summed_form(heads), a) < 1e-10);
    for (int h = 0; h < 2; ++h) {
        const Mat f = heads[h].form();
        CHECK((f + f.transpose()).norm() < 1e-10 * f.norm());  // the head's own form is antisymmetric
        CHECK(pr_reference(f) == doctest::Approx(participation_ratio(f)).epsilon(1e-9));
    }
    // Head 0 holds planes 0,1: PR from omega = 4, 3.3 (each counted twice).
    const double l0 = 16.0, l1 = 3.3 * 3.3;
    CHECK(participation_ratio(heads[0].form()) == doctest::Approx(std::pow(2 * l0 + 2 * l1, 2) / (2 * l0 * l0 + 2 * l1 * l1)).epsilon(1e-9));
    CHECK(heads[2].form().norm() < 1e-10);  // rank 8 fills only 2 of 4 heads
    CHECK(heads[3].form().norm() < 1e-10);
}

TEST_CASE("factorisation rejects bad input") {
    CHECK_THROWS_AS(factorize_form(Mat::Zero(6, 5), 1, Banding::PerHead), pr::Error);
    CHECK_THROWS_AS(factorize_form(Mat::Zero(6, 6), 4, Banding::PerHead), pr::Error);
    Mat nan = Mat::Zero(4, 4);
    nan(1, 2) = std::nan("");
    try {
        factorize_form(nan, 2, Banding::PerHead);
        FAIL("expected an error");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_NUMERIC);
    }
}

TEST_CASE("PR helpers agree with an eigenvalue reference, random antisymmetric planes") {
    const Mat g = gaussian(10, 10, 6);
    CHECK(participation_ratio(g) == doctest::Approx(pr_reference(g)).epsilon(1e-10));
    const Mat r1 = random_antisymmetric(10, 1, 7, 0);
    CHECK(participation_ratio(r1) == doctest::Approx(2.0).epsilon(1e-9));  // one plane
    CHECK((r1 + r1.transpose()).norm() < 1e-12);
    CHECK(symmetry_score(r1) < 1e-20);
    CHECK(symmetry_score(Mat::Identity(5, 5)) == doctest::Approx(1.0));
    CHECK(participation_ratio(Mat::Zero(3, 3)) == 0.0);
}

TEST_CASE("logit std closed form equals the explicit V x V computation") {
    const Mat e = gaussian(20, 6, 8).array() + 0.3;  // a shared mean direction
    const Mat w = gaussian(6, 6, 9);
    const Mat logits = e * w * e.transpose();
    const double mean = logits.mean();
    const double var = (logits.array() - mean).square().mean();
    CHECK(logit_std(w, e) == doctest::Approx(std::sqrt(var)).epsilon(1e-10));
}

TEST_CASE("PR-matched blend hits its target within 0.05, deterministically") {
    const int d = 32;
    // A corpus-like form: one dominant plane plus weak structure (PR near 2).
    std::vector<Mat> forms;
    for (int k = 1; k <= 3; ++k) {
        Mat a = 10.0 * random_antisymmetric(d, 1, 100, 0) + (0.2 / k) * random_antisymmetric(d, 16, 200 + k, 0);
        forms.push_back(a);
    }
    const BlendResult b = pr_matched_blend(forms, 8.75, 0.05, 0, 42, 0);
    CHECK(std::abs(pr_reference(b.form) - 8.75) <= 0.05);
    CHECK(b.corpus_pr < 8.75);
    CHECK(b.complement_pr > 8.75);
    CHECK(b.weight > 0);
    CHECK(b.weight < 1);
    CHECK((b.form + b.form.transpose()).norm() < 1e-12);
    const BlendResult again = pr_matched_blend(forms, 8.75, 0.05, 0, 42, 0);
    CHECK(again.form == b.form);
    CHECK(again.weight == b.weight);
    // Manual formula check: B(w) = (1-w) Abar/|Abar| + w R/|R|.
    Mat abar = Mat::Zero(d, d);
    for (const auto &a : forms) abar += a / a.norm();
    Mat r = random_antisymmetric(d, d / 2, 42, 0);
    const Mat manual = (1 - b.weight) * abar / abar.norm() + b.weight * r / r.norm();
    CHECK(rel(manual, b.form) < 1e-12);
    // A target outside [PR(corpus), PR(complement)] is an error naming both ends.
    try {
        pr_matched_blend(forms, 1000.0, 0.05, 0, 42, 0);
        FAIL("expected an error");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_OUT_OF_RANGE);
        CHECK(std::string(e.what()).find("target_pr") != std::string::npos);
    }
}

TEST_CASE("strategies: determinism, calibration, shapes") {
    InitConfig c;
    c.d_model = 16, c.n_head = 4, c.n_layer = 2, c.seed = 11, c.with_vo = true;
    std::vector<Mat> forms = {random_antisymmetric(16, 1, 3, 0) + 0.1 * random_antisymmetric(16, 8, 4, 0),
                             random_antisymmetric(16, 1, 3, 0) + 0.2 * random_antisymmetric(16, 8, 5, 0)};
    const Mat emb = gaussian(30, 16, 12);
    for (Strategy s : {Strategy::Random, Strategy::Direct, Strategy::Blend, Strategy::Mimetic, Strategy::Symmetric}) {
        CAPTURE(strategy_name(s));
        c.strategy = s;
        c.blend_target_pr = 3.5;
        const auto a = make_attention_init(c, forms, &emb);
        const auto b = make_attention_init(c, forms, &emb);
        REQUIRE(a.size() == 2);
        CHECK(a[1].wq == b[1].wq);
        CHECK(a[1].wk == b[1].wk);
        CHECK(a[1].wv == b[1].wv);
        CHECK(a[0].wq.rows() == 16);
        CHECK(a[0].wo.cols() == 16);
        InitConfig other = c;
        other.seed = 12;
        CHECK(make_attention_init(other, forms, &emb)[0].wq != a[0].wq);
        // Frobenius calibration: every head's form has the random head's norm.
        const Mat rq = random_weight(c, 1, 0), rk = random_weight(c, 1, 1);
        for (int h = 0; h < 4; ++h) {
            const double got = (a[1].wq.middleCols(4 * h, 4) * a[1].wk.middleCols(4 * h, 4).transpose()).norm();
            const double want = (rq.middleCols(4 * h, 4) * rk.middleCols(4 * h, 4).transpose()).norm();
            CHECK(got == doctest::Approx(want).epsilon(1e-9));
        }
    }
    c.strategy = Strategy::Symmetric;
    const auto sym = make_attention_init(c, forms, &emb);
    CHECK(sym[0].wq == sym[0].wk);
    c.strategy = Strategy::Random;
    const auto rnd = make_attention_init(c, forms, &emb);
    const double std_measured = std::sqrt(rnd[0].wq.squaredNorm() / 256.0);
    CHECK(std_measured == doctest::Approx(0.02).epsilon(0.15));  // 256 draws: ~4.4% sd
}

TEST_CASE("logit-std calibration matches the random head's logit std") {
    InitConfig c;
    c.d_model = 8, c.n_head = 2, c.seed = 5, c.strategy = Strategy::Direct, c.scale = Scale::LogitStd;
    const Mat emb = gaussian(25, 8, 13);
    const auto w = make_attention_init(c, {random_antisymmetric(8, 4, 1, 0)}, &emb);
    const Mat rq = random_weight(c, 0, 0), rk = random_weight(c, 0, 1);
    for (int h = 0; h < 2; ++h) {
        const Mat f = w[0].wq.middleCols(4 * h, 4) * w[0].wk.middleCols(4 * h, 4).transpose();
        const Mat r = rq.middleCols(4 * h, 4) * rk.middleCols(4 * h, 4).transpose();
        CHECK(logit_std(f, emb) == doctest::Approx(logit_std(r, emb)).epsilon(1e-9));
    }
    CHECK_THROWS_AS(make_attention_init(c, {random_antisymmetric(8, 4, 1, 0)}, nullptr), pr::Error);
}

TEST_CASE("mimetic: W_q W_k^T ~ a Z + b I and W_v W_o ~ a Z - b I (uncalibrated, one head)") {
    InitConfig c;
    c.d_model = 64, c.n_head = 1, c.seed = 3, c.strategy = Strategy::Mimetic, c.scale = Scale::None, c.with_vo = true;
    const auto w = make_attention_init(c, {}, nullptr);
    const Mat qk = w[0].wq * w[0].wk.transpose();
    const Mat vo = w[0].wv * w[0].wo;
    // The diagonal mean estimates b (Z's diagonal averages to ~N(0, 1/d^2)).
    CHECK(qk.diagonal().mean() == doctest::Approx(0.7).epsilon(0.05));
    CHECK(vo.diagonal().mean() == doctest::Approx(-0.4).epsilon(0.05));
    // Off-diagonal entries have std a/sqrt(d).
    Mat off = qk;
    off.diagonal().setZero();
    CHECK(std::sqrt(off.squaredNorm() / (64.0 * 63.0)) == doctest::Approx(0.7 / 8.0).epsilon(0.1));
}

TEST_CASE("direct with a symmetric component keeps the antisymmetric part as the corpus form's") {
    InitConfig c;
    c.d_model = 8, c.n_head = 2, c.seed = 1, c.strategy = Strategy::Direct, c.scale = Scale::None;
    c.sym_component = SymComponent::Identity, c.sym_weight = 0.5;
    const Mat a = random_antisymmetric(8, 4, 9, 0);
    std::vector<LayerReport> rep;
    const auto w = make_attention_init(c, {a}, nullptr, &rep);
    const Mat m = w[0].wq * w[0].wk.transpose();
    CHECK(rel(antisymmetric_part(m), a) < 1e-10);
    CHECK(rel(symmetric_part(m), 0.5 * a.norm() / std::sqrt(8.0) * Mat::Identity(8, 8)) < 1e-10);
    CHECK(rep[0].symmetry == doctest::Approx(0.25 / 1.25).epsilon(1e-9));
}

TEST_CASE("norm-matched random: the random draw's directions at the blend's per-head factor norms") {
    InitConfig c;
    c.d_model = 16, c.n_head = 4, c.n_layer = 2, c.seed = 5;
    std::vector<Mat> forms = {random_antisymmetric(16, 1, 3, 0) + 0.1 * random_antisymmetric(16, 8, 4, 0),
                             random_antisymmetric(16, 1, 3, 0) + 0.2 * random_antisymmetric(16, 8, 5, 0)};
    c.blend_target_pr = 3.5;
    c.strategy = Strategy::Blend;
    const auto blend = make_attention_init(c, forms, nullptr);
    c.strategy = Strategy::NormMatched;
    const auto nm = make_attention_init(c, forms, nullptr);
    CHECK(std::string(strategy_name(Strategy::NormMatched)) == "norm_matched");
    for (int l = 0; l < 2; ++l) {
        const Mat rq = random_weight(c, l, 0), rk = random_weight(c, l, 1);
        for (int h = 0; h < 4; ++h) {
            const Mat q = nm[l].wq.middleCols(4 * h, 4), k = nm[l].wk.middleCols(4 * h, 4);
            CHECK(q.norm() == doctest::Approx(blend[l].wq.middleCols(4 * h, 4).norm()).epsilon(1e-12));
            CHECK(k.norm() == doctest::Approx(blend[l].wk.middleCols(4 * h, 4).norm()).epsilon(1e-12));
            // Same direction as the random draw: q = c * rq_h with c > 0.
            const Mat r = rq.middleCols(4 * h, 4);
            CHECK((q / q.norm() - r / r.norm()).norm() < 1e-12);
            const Mat rkh = rk.middleCols(4 * h, 4);
            CHECK((k / k.norm() - rkh / rkh.norm()).norm() < 1e-12);
        }
    }
}
