#include "init/claim.hpp"

#include "init/stats.hpp"

#include <cmath>

namespace pr::init {

const char *claim_outcome_name(ClaimOutcome o) {
    switch (o) {
    case ClaimOutcome::Held: return "held";
    case ClaimOutcome::Contradicted: return "contradicted";
    case ClaimOutcome::Inconclusive: return "inconclusive";
    }
    return "inconclusive";
}

namespace {

double half_width(size_t n, double sd) { return t_quantile_975(n - 1) * sd / std::sqrt(double(n)); }

}  // namespace

ClaimTest test_paired_claim(const std::vector<double> &differences, double claimed) {
    std::vector<double> d;
    for (double x : differences)
        if (std::isfinite(x)) d.push_back(x);
    const SeedSummary s = summarize(d);
    ClaimTest t;
    t.n = s.n, t.mean = s.mean, t.sd = s.std, t.lo = s.lo, t.hi = s.hi, t.claimed = claimed;
    t.mde = s.n >= 2 ? s.hi - s.mean : std::nan("");
    if (s.n < 2) return t;
    const bool has_claim = std::isfinite(claimed) && claimed != 0;
    const bool claim_up = has_claim && claimed > 0;  // a claimed increase; default: a reduction
    const bool beyond_zero = claim_up ? s.lo > 0 : s.hi < 0;
    const bool other_side = claim_up ? s.hi < 0 : s.lo > 0;
    t.excludes_claim = has_claim && (claimed < s.lo || claimed > s.hi);
    if (beyond_zero) t.outcome = ClaimOutcome::Held;
    else if (has_claim ? t.excludes_claim : other_side) t.outcome = ClaimOutcome::Contradicted;
    else t.outcome = ClaimOutcome::Inconclusive;
    if (t.outcome != ClaimOutcome::Inconclusive || !(s.std > 0)) return t;
    const double target = has_claim ? std::max(std::fabs(s.mean), std::fabs(s.mean - claimed)) : std::fabs(s.mean);
    if (!(target > 0)) return t;
    for (size_t n = s.n + 1; n <= kMaxSeedsNeeded; ++n)
        if (half_width(n, s.std) < target) {
            t.seeds_needed = n;
            break;
        }
    return t;
}

}  // namespace pr::init

#include "init/harness.hpp"

namespace pr::init {

std::vector<double> paired_percent_differences(const HarnessResult &r, size_t arm, size_t baseline) {
    std::vector<double> d(r.seeds.size());
    for (size_t i = 0; i < d.size(); ++i) {
        const double a = r.runs[arm][i].final_val_loss, b = r.runs[baseline][i].final_val_loss;
        d[i] = std::isfinite(a) && std::isfinite(b) && b != 0 ? 100.0 * (a - b) / b : std::nan("");
    }
    return d;
}

}  // namespace pr::init
