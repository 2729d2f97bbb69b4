// Pure generation of stacked attention weights (no model): what
// pr_init_generate_f32 does, on caller arrays.
#pragma once

#include "init/checkpoint.hpp"
#include "init/options.hpp"
#include "init/strategies.hpp"

#include <cstdint>
#include <vector>

namespace pr::init {

struct StackedWeights {
    // [n_layer, d, d] row-major each; w_v and w_o are written only when both
    // are non-null.
    float *w_q = nullptr, *w_k = nullptr, *w_v = nullptr, *w_o = nullptr;
};

// corpus_forms: n_forms d x d float matrices [n_forms, d, d] (only their
// antisymmetric part is used: Direct the first, Blend all; may be null for
// the other strategies).  embedding [vocab, d] may be null (needed only for
// Scale::LogitStd).  default_std is random_std when opts.random_std is 0.
// Oracle is PR_ERR_INVALID_ARGUMENT (it needs a model).
std::vector<LayerReport> generate_weights(const InitOptions &opts, uint32_t n_layer, uint32_t n_head, uint32_t d_model,
                                          const float *corpus_forms, uint32_t n_forms, const float *embedding,
                                          uint64_t vocab, double default_std, const StackedWeights &out);

// The attention tensors h.{l}.attn.w_q, w_k (and w_v, c_proj.weight if
// non-null) of stacked [n_layer, d, d] arrays, under pr_sft's names.
ParamSet stacked_attention_params(uint32_t n_layer, uint32_t d_model, const float *w_q, const float *w_k,
                                  const float *w_v, const float *w_o);

}  // namespace pr::init
