#include "attention_forms.hpp"

#include "model.hpp"
#include "spectra.hpp"

#include <string>

namespace cli {

std::vector<Form> layer_forms(const pr_sft *model, uint32_t n_layer, uint32_t d) {
    std::vector<Form> out;
    for (uint32_t l = 0; l < n_layer; ++l) {
        const std::string p = "h." + std::to_string(l) + ".attn.";
        const auto q = get_param(model, p + "w_q", d, d), k = get_param(model, p + "w_k", d, d);
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

}  // namespace cli
