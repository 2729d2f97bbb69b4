// The attention side: each layer's bilinear form sum_h W_Q^h W_K^h^T read
// from a model through pr_sft_get_param_f32.  With pr_sft's layout (head h
// owns columns h*dh..(h+1)*dh of w_q and w_k) the sum over heads is simply
// w_q w_k^T, so a d x d matrix per layer.
#pragma once

#include <prspread.h>

#include <functional>
#include <string>
#include <vector>

namespace cli {

using Form = std::vector<double>;  // d x d, row-major, double

// Where the weights come from: a d x d tensor by pr_sft's name (a model
// handle, or a checkpoint file read tensor by tensor: --reference).
using WeightSource = std::function<std::vector<float>(const std::string &name, uint32_t rows, uint32_t cols)>;
WeightSource weights_of(const pr_sft *model);

std::vector<Form> layer_forms(const WeightSource &w, uint32_t n_layer, uint32_t d);
inline std::vector<Form> layer_forms(const pr_sft *model, uint32_t n_layer, uint32_t d) {
    return layer_forms(weights_of(model), n_layer, d);
}

// Antisymmetric PR of each form.
std::vector<double> antisym_prs(const std::vector<Form> &forms, uint32_t d);

// Symmetry, directionality and energy split of every head's W_Q^h W_K^h^T
// and of the layer sum, from the factors (pr_qk_geometry_f64, nulls from
// random heads of the same shape).
struct HeadGeometry {
    int layer = 0, head = -1;  // head -1 = the layer sum
    pr_qk_geometry g{};
};
std::vector<HeadGeometry> attention_geometry(const WeightSource &w, uint32_t n_layer, uint32_t d, uint32_t n_head);
inline std::vector<HeadGeometry> attention_geometry(const pr_sft *model, uint32_t n_layer, uint32_t d,
                                                    uint32_t n_head) {
    return attention_geometry(weights_of(model), n_layer, d, n_head);
}

}  // namespace cli
