// InitOptions -> weights inside an sft trainer: builds E (the model's wte or
// PPMI-SVD), the corpus forms, runs the strategy and writes the tensors.
#pragma once

#include "init/checkpoint.hpp"
#include "init/options.hpp"
#include "init/strategies.hpp"
#include "sft/trainer.hpp"

#include <string>
#include <vector>

namespace pr::init {

// Validated translation of the options (the model-independent fields):
// PR_ERR_INVALID_ARGUMENT naming a field out of range.
InitConfig config_from_options(const InitOptions &opts, int n_layer, int n_head, int d_model, double default_std);
// with_seed false: for tables over several seeds (the harness), where the
// options' own seed is replaced by each run's.
std::string describe(const InitOptions &opts, bool with_seed = true);

// Which model tensors an oracle with these kCopy* bits copies.
bool oracle_copies(uint32_t mask, const std::string &name);
std::string oracle_copy_list(uint32_t mask);

// Does everything pr_init_apply documents.  `oracle` overrides
// opts.oracle_path when non-null (the harness's cached reference).
std::vector<LayerReport> apply_init(pr::sft::Trainer &model, const InitOptions &opts, const uint32_t *tokens,
                                    size_t n_tokens, const ParamSet *oracle = nullptr);

}  // namespace pr::init
