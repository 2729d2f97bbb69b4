// C option structs of pr_sft to the trainer's C++ configs; shared by the sft
// and init shells (the comparison harness trains through the same configs).
#pragma once
#include "prspread.h"
#include "sft/config.hpp"

namespace pr::capi {
pr::sft::ModelConfig to_model_config(const pr_sft_options &o);
pr::sft::TrainConfig to_train_config(const pr_sft_train_options &o);
}  // namespace pr::capi
