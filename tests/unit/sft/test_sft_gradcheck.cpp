// Finite-difference check, in double, of every gradient of a tiny model: the
// backward pass under test is the real one (Model<double> runs the same
// templated kernels as the float trainer).
#include "sft/model.hpp"
#include "core/rng.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using pr::sft::Model;
using pr::sft::ModelConfig;

namespace {

ModelConfig tiny_config() {
    ModelConfig c;
    c.vocab_size = 11;
    c.context_length = 6;
    c.n_layer = 2;
    c.n_head = 2;
    c.d_model = 8;
    c.mlp_ratio = 2;
    c.seed = 7;
    return c;
}

}  // namespace

TEST_CASE("sft: finite differences match the backward pass for every parameter tensor (double)") {
    const ModelConfig cfg = tiny_config();
    const size_t B = 2, T = 5;  // T < context_length also exercises the short-sequence path
    Model<double> m(cfg, B);
    // Every parameter random (not the GPT-2 init), so LayerNorm weights,
    // biases and attention all carry non-trivial gradients.
    pr::Rng rng(3);
    for (const auto &s : m.layout().specs())
        for (size_t i = 0; i < s.size; ++i)
            m.params()[s.offset + i] = (s.shape.size() == 1 && s.name.find("ln") != std::string::npos ? 1.0 : 0.0) +
                                       0.4 * rng.normal();
    std::vector<int32_t> x(B * T), y(B * T);
    for (size_t i = 0; i < B * T; ++i) {
        x[i] = int32_t(rng.below(cfg.vocab_size));
        y[i] = int32_t(rng.below(cfg.vocab_size));
    }
    x[3] = x[7];  // a repeated token: its embedding gradient accumulates twice
    m.forward(x.data(), y.data(), B, T, true);
    m.backward();
    const std::vector<double> analytic(m.grads(), m.grads() + m.layout().total());

    const double h = 1e-5;
    size_t checked = 0;
    for (const auto &s : m.layout().specs()) {
        double worst = 0, max_grad = 0;
        for (size_t i = 0; i < s.size; ++i) {
            double &w = m.params()[s.offset + i];
            const double w0 = w;
            w = w0 + h;
            const double lp = m.forward(x.data(), y.data(), B, T, false);
            w = w0 - h;
            const double lm = m.forward(x.data(), y.data(), B, T, false);
            w = w0;
            const double fd = (lp - lm) / (2 * h);
            const double an = analytic[s.offset + i];
            worst = std::max(worst, std::abs(fd - an) / std::max(1e-3, std::abs(an)));
            max_grad = std::max(max_grad, std::abs(an));
            ++checked;
        }
        INFO("tensor ", s.name, " max|grad| ", max_grad, " worst relative error ", worst);
        CHECK(worst < 1e-6);   // central differences in double: ~1e-9 expected
        // The key bias adds the same amount to every logit of a softmax row, so
        // its true gradient is exactly zero; every other tensor must get one.
        if (s.name.find("attn.b_k") == std::string::npos)
            CHECK(max_grad > 1e-4);
        else
            CHECK(max_grad < 1e-12);
    }
    CHECK(checked == [&] { size_t n = 0; for (auto &s : m.layout().specs()) n += s.size; return n; }());
}
