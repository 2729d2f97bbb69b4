// The blocked causal attention kernels (double and float) against a naive
// double-precision reference written from the formulas, at lengths that span
// several attention blocks (the last one partial).
#include "sft/kernels.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using Vec = std::vector<double>;

struct Reference {
    Vec y, dq, dk, dv;
};

// y_i = sum_{j<=i} p_ij v_j with p_i = softmax_j(scale q_i.k_j); gradients of
// sum(y * dy) by hand: dv_j = sum_{i>=j} p_ij dy_i, ds_ij = p_ij (dy_i.v_j -
// sum_l p_il dy_i.v_l), dq_i = scale sum_j ds_ij k_j, dk_j = scale sum_i ds_ij q_i.
Reference naive(const Vec &q, const Vec &k, const Vec &v, const Vec &dy, size_t B, size_t T, size_t C, size_t H) {
    const size_t dh = C / H;
    const double scale = 1.0 / std::sqrt(double(dh));
    Reference r{Vec(B * T * C, 0.0), Vec(B * T * C, 0.0), Vec(B * T * C, 0.0), Vec(B * T * C, 0.0)};
    auto at = [&](size_t b, size_t t, size_t h, size_t c) { return (b * T + t) * C + h * dh + c; };
    for (size_t b = 0; b < B; ++b)
        for (size_t h = 0; h < H; ++h)
            for (size_t i = 0; i < T; ++i) {
                Vec p(i + 1), dp(i + 1);
                double mx = -1e300, sum = 0.0;
                for (size_t j = 0; j <= i; ++j) {
                    double s = 0.0;
                    for (size_t c = 0; c < dh; ++c) s += q[at(b, i, h, c)] * k[at(b, j, h, c)];
                    p[j] = scale * s;
                    mx = std::max(mx, p[j]);
                }
                for (double &x : p) sum += (x = std::exp(x - mx));
                double pdp = 0.0;
                for (size_t j = 0; j <= i; ++j) {
                    p[j] /= sum;
                    double s = 0.0;
                    for (size_t c = 0; c < dh; ++c) {
                        r.y[at(b, i, h, c)] += p[j] * v[at(b, j, h, c)];
                        r.dv[at(b, j, h, c)] += p[j] * dy[at(b, i, h, c)];
                        s += dy[at(b, i, h, c)] * v[at(b, j, h, c)];
                    }
                    dp[j] = s;
                    pdp += p[j] * s;
                }
                for (size_t j = 0; j <= i; ++j) {
                    const double ds = p[j] * (dp[j] - pdp) * scale;
                    for (size_t c = 0; c < dh; ++c) {
                        r.dq[at(b, i, h, c)] += ds * k[at(b, j, h, c)];
                        r.dk[at(b, j, h, c)] += ds * q[at(b, i, h, c)];
                    }
                }
            }
    return r;
}

double max_abs_diff(const Vec &a, const Vec &b) {
    double m = 0.0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

}  // namespace

TEST_CASE("sft: blocked causal attention matches a naive reference across several blocks") {
    namespace K = pr::sft::kernels;
    const size_t B = 2, H = 3, dh = 5, C = H * dh;
    for (size_t T : {size_t(1), K::kAttentionBlock, 2 * K::kAttentionBlock + 7}) {
        CAPTURE(T);
        std::mt19937_64 g(T);
        std::normal_distribution<double> n(0.0, 1.0);
        auto random = [&] {
            Vec x(B * T * C);
            for (double &e : x) e = n(g);
            return x;
        };
        const Vec q = random(), k = random(), v = random(), dy = random();
        Vec y(B * T * C), att(B * H * T * T, -7.0), dq(B * T * C), dk(B * T * C), dv(B * T * C);
        Vec scratch(size_t(omp_get_max_threads()) * T * T, -7.0);  // stale values must not leak in
        K::attention_forward(y.data(), att.data(), q.data(), k.data(), v.data(), B, T, C, H);
        K::attention_backward(dq.data(), dk.data(), dv.data(), scratch.data(), dy.data(), att.data(), q.data(),
                              k.data(), v.data(), B, T, C, H);
        const Reference r = naive(q, k, v, dy, B, T, C, H);
        CHECK(max_abs_diff(y, r.y) < 1e-12);
        CHECK(max_abs_diff(dq, r.dq) < 1e-12);
        CHECK(max_abs_diff(dk, r.dk) < 1e-12);
        CHECK(max_abs_diff(dv, r.dv) < 1e-12);
        // The float kernels (the trainer's, through core/sgemm) agree to float
        // rounding.
        {
            using F = std::vector<float>;
            auto f = [](const Vec &x) { return F(x.begin(), x.end()); };
            const F qf = f(q), kf = f(k), vf = f(v), dyf = f(dy);
            F yf(y.size()), attf(att.size(), -7.0f), dqf(y.size()), dkf(y.size()), dvf(y.size());
            F scratchf(scratch.size(), -7.0f);
            K::attention_forward(yf.data(), attf.data(), qf.data(), kf.data(), vf.data(), B, T, C, H);
            K::attention_backward(dqf.data(), dkf.data(), dvf.data(), scratchf.data(), dyf.data(), attf.data(),
                                  qf.data(), kf.data(), vf.data(), B, T, C, H);
            auto d = [](const F &a, const Vec &b) { return max_abs_diff(Vec(a.begin(), a.end()), b); };
            CHECK(d(yf, r.y) < 1e-5);
            CHECK(d(dqf, r.dq) < 1e-4);
            CHECK(d(dkf, r.dk) < 1e-4);
            CHECK(d(dvf, r.dv) < 1e-4);
        }
        // The kept probabilities are causal: zero above the diagonal.
        double upper = 0.0;
        for (size_t bh = 0; bh < B * H; ++bh)
            for (size_t i = 0; i < T; ++i)
                for (size_t j = i + 1; j < T; ++j) upper = std::max(upper, std::fabs(att[(bh * T + i) * T + j]));
        CHECK(upper == 0.0);
    }
}
