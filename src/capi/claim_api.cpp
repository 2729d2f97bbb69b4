// Verdicts with power (init/claim.hpp): argument checks and conversion only.
#include "prspread.h"

#include "capi/guard.hpp"
#include "capi/claim_shell.hpp"

#include <cmath>
#include <vector>

namespace pr::capi {

void fill_claim_test(const pr::init::ClaimTest &t, pr_claim_test *out) {
    out->n = t.n;
    out->mean = t.mean, out->sd = t.sd, out->lo = t.lo, out->hi = t.hi;
    out->claimed = t.claimed;
    out->mde = t.mde;
    out->outcome = static_cast<int32_t>(t.outcome);
    out->excludes_claim = t.excludes_claim ? 1 : 0;
    out->seeds_needed = t.seeds_needed;
}

void check_claimed(double claimed) {
    pr::require_arg(!std::isinf(claimed), "claimed", claimed, "must be finite, or NaN for 'some reduction'");
}

}  // namespace pr::capi

extern "C" {

PR_API const char *pr_claim_outcome_name(int outcome) {
    if (outcome < PR_CLAIM_HELD || outcome > PR_CLAIM_INCONCLUSIVE) return "unknown";
    return pr::init::claim_outcome_name(static_cast<pr::init::ClaimOutcome>(outcome));
}

PR_API int pr_claim_test_paired_f64(const double *differences, size_t n, double claimed, pr_claim_test *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        if (n > 0) pr::require_nonnull(differences, "differences");
        pr::capi::check_claimed(claimed);
        const std::vector<double> d(differences, differences + n);
        pr::capi::fill_claim_test(pr::init::test_paired_claim(d, claimed), out);
    });
}

}  // extern "C"
