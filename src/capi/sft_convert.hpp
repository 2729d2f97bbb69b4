// C option structs of pr_sft to the trainer's C++ configs; shared by the sft
// and init shells (the comparison harness trains through the same configs).
#pragma once
#include "prspread.h"
#include "sft/config.hpp"

namespace pr::capi {
// *opts checked for a known version (2, or 1 without `precision`, which then
// keeps its default) and copied; NULL gives the defaults.  `name` names the
// argument in the PR_ERR_VERSION message.
pr_sft_options sft_options_or_default(const pr_sft_options *opts, const char *name);
pr::sft::ModelConfig to_model_config(const pr_sft_options &o);
pr::sft::TrainConfig to_train_config(const pr_sft_train_options &o);
// pr_sft_options_init's defaults with c's architecture (vocab_size,
// context_length, n_layer, n_head, d_model, mlp_ratio); the other fields are
// for the caller, who knows where they come from.
pr_sft_options architecture_options(const pr::sft::ModelConfig &c);
}  // namespace pr::capi
