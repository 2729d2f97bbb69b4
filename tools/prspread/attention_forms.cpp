#include "attention_forms.hpp"

#include "model.hpp"
#include "common.hpp"
#include "spectra.hpp"

#include <string>

namespace cli {

WeightSource weights_of(const pr_sft *model) {
    return [model](const std::string &name, uint32_t rows, uint32_t cols) {
        return get_param(model, name, rows, cols);
    };
}

std::vector<Form> layer_forms(const WeightSource &w, uint32_t n_layer, uint32_t d) {
    std::vector<Form> out;
    for (uint32_t l = 0; l < n_layer; ++l) {
        const std::string p = "h." + std::to_string(l) + ".attn.";
        const auto q = w(p + "w_q", d, d), k = w(p + "w_k", d, d);
        Form m(size_t(d) * d, 0.0);
        for (uint32_t i = 0; i < d; ++i)
            for (uint32_t j = 0; j < d; ++j) {
                double s = 0;
                for (uint32_t c = 0; c < d; ++c) s += double(q[size_t(i) * d + c]) * k[size_t(j) * d + c];
                m[size_t(i) * d + j] = s;
            }
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<double> antisym_prs(const std::vector<Form> &forms, uint32_t d) {
    std::vector<double> out;
    for (const auto &f : forms) out.push_back(antisym_spectrum(f, d).pr);
    return out;
}

std::vector<HeadGeometry> attention_geometry(const WeightSource &w, uint32_t n_layer, uint32_t d, uint32_t n_head) {
    const uint32_t dh = d / n_head;
    std::vector<HeadGeometry> out;
    pr_qk_geometry_options o;
    pr_qk_geometry_options_init(&o);
    for (uint32_t l = 0; l < n_layer; ++l) {
        const std::string p = "h." + std::to_string(l) + ".attn.";
        const auto q = w(p + "w_q", d, d), k = w(p + "w_k", d, d);
        auto geometry = [&](int head, uint32_t first, uint32_t cols) {
            std::vector<double> qh(size_t(d) * cols), kh(size_t(d) * cols);
            for (uint32_t i = 0; i < d; ++i)
                for (uint32_t c = 0; c < cols; ++c) {
                    qh[size_t(i) * cols + c] = q[size_t(i) * d + first + c];
                    kh[size_t(i) * cols + c] = k[size_t(i) * d + first + c];
                }
            HeadGeometry h;
            h.layer = int(l), h.head = head;
            check(pr_qk_geometry_f64(qh.data(), kh.data(), d, cols, &o, &h.g),
                  "the W_QK geometry of layer " + std::to_string(l));
            out.push_back(h);
        };
        for (uint32_t h = 0; h < n_head; ++h) geometry(int(h), h * dh, dh);
        geometry(-1, 0, d);
    }
    return out;
}

}  // namespace cli
