// The C arguments of a comparison as the harness's inputs, checked (shared by
// pr_init_compare_run and pr_init_compare_run_part).
#pragma once

#include "prspread.h"

#include "init/harness.hpp"

#include <vector>

namespace pr::capi {

struct HarnessInputs {
    pr::init::HarnessConfig config;
    std::vector<uint32_t> tokens;
    std::vector<pr::init::HarnessArm> arms;
    std::vector<uint64_t> seeds;
};

// PR_ERR_INVALID_ARGUMENT for NULL arrays or labels, PR_ERR_VERSION for an
// unknown options version, and the option checks of to_model_config etc.
HarnessInputs harness_inputs(const pr_init_compare_options *opts, const uint32_t *tokens, size_t n_tokens,
                             const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds, size_t n_seeds);

}  // namespace pr::capi
