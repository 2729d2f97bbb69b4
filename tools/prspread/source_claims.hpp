// The numbers printed in the source write-up ("PR locked at 2.0, but corpus
// init still helps SFT", 2026-03-07).  They are shown beside our results and
// are the claims the verdict tests; none of our results is derived from them.
// Defined once, in prspread.h (PR_SOURCE_*); these are the CLI's names.
#pragma once

#include "prspread.h"

#include <limits>
#include <string>

namespace cli::source {

inline constexpr int max_power = PR_SOURCE_MAX_POWER;                 // T^1 .. T^8
inline constexpr double locked_pr = PR_SOURCE_LOCKED_PR;           // every power
inline constexpr double trained_attention_pr = PR_SOURCE_TRAINED_ATTENTION_PR;
inline constexpr int loss_step = PR_SOURCE_LOSS_STEP;
inline constexpr double loss_random = PR_SOURCE_LOSS_RANDOM;
inline constexpr double loss_direct = PR_SOURCE_LOSS_DIRECT;        // -2.8%
inline constexpr double loss_blend = PR_SOURCE_LOSS_BLEND;         // -3.2%
inline constexpr double loss_oracle = PR_SOURCE_LOSS_ORACLE;        // -9.5%
inline constexpr double blend_trained_cos_l0 = PR_SOURCE_BLEND_TRAINED_COS_L0;
inline constexpr double blend_trained_cos_mean = PR_SOURCE_BLEND_TRAINED_COS_MEAN;

// Source loss at step 100 for the study's strategy names; NaN for strategies
// the source did not run.
inline double loss_for(const std::string &strategy) {
    if (strategy == "random") return loss_random;
    if (strategy == "direct") return loss_direct;
    if (strategy == "blend") return loss_blend;
    if (strategy == "oracle") return loss_oracle;
    return std::numeric_limits<double>::quiet_NaN();
}

// The source's claimed percent change vs random for a strategy; NaN for
// strategies it did not run (the controls: "some effect" is tested).
inline double claimed_pct(const std::string &strategy) {
    if (strategy == "random") return std::numeric_limits<double>::quiet_NaN();
    return 100.0 * (loss_for(strategy) / loss_random - 1.0);
}

}  // namespace cli::source
