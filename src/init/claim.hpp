// Three-way verdict on a claimed paired effect, with the run's power.
//
// Given per-seed paired differences d_i (arm minus baseline, e.g. percent
// loss change; same seed and data order for both) and the effect a source
// claimed (e.g. -3.2), with mean m, sample sd s and the 95% Student-t
// interval [lo, hi] = m -+ t_{0.975,n-1} s / sqrt(n):
//   Held          the interval lies strictly on the claim's side of zero
//                 (below zero for a claimed reduction);
//   Contradicted  not held and the interval excludes the claimed effect
//                 (for a claim of NaN: the interval lies on the other side);
//   Inconclusive  the interval contains zero and the claimed effect (or
//                 fewer than 2 seeds).
// A held claim whose interval also excludes the claimed value is flagged
// (`excludes_claim`): the direction holds, the size does not.
//
// Power: the minimum detectable effect is the interval's half-width
// t_{0.975,n-1} s / sqrt(n), the smallest mean difference this seed count and
// spread would call non-zero at 95%.  When inconclusive, seeds_needed is the
// smallest n' > n with t_{0.975,n'-1} s / sqrt(n') < max(|m|, |m - claim|),
// i.e. the seed count at which the interval would exclude zero or the claim
// if mean and sd stayed as measured (0 when that is not defined: n < 2, or
// more than kMaxSeedsNeeded would be needed).
#pragma once

#include <cstddef>
#include <vector>

namespace pr::init {

enum class ClaimOutcome { Held = 0, Contradicted = 1, Inconclusive = 2 };

const char *claim_outcome_name(ClaimOutcome o);

struct ClaimTest {
    size_t n = 0;
    double mean = 0, sd = 0, lo = 0, hi = 0;
    double claimed = 0;
    double mde = 0;             // 95% half-width
    ClaimOutcome outcome = ClaimOutcome::Inconclusive;
    bool excludes_claim = false;
    size_t seeds_needed = 0;    // 0 = resolved, or not computable
};

// Search bound for seeds_needed (beyond it the claim is out of practical reach).
inline constexpr size_t kMaxSeedsNeeded = 100000;

// NaN entries are skipped (an interrupted run).  claimed may be NaN ("some
// reduction", no size claimed).
ClaimTest test_paired_claim(const std::vector<double> &differences, double claimed);

}  // namespace pr::init

namespace pr::init {

struct HarnessResult;

// 100 (L_arm - L_baseline) / L_baseline per seed, final validation loss
// (NaN where either run has no finite loss).  Arms must be valid indices.
std::vector<double> paired_percent_differences(const HarnessResult &r, size_t arm, size_t baseline);

}  // namespace pr::init
