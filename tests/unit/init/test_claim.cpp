// Verdicts with power (init/claim.hpp): the three outcomes, the MDE and the
// seeds needed, against hand computations with the t table.
#include "init/claim.hpp"
#include "prspread.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace pr::init;

TEST_CASE("claim test: inconclusive interval, its MDE and the seeds that would resolve it") {
    // mean -2, sd 1, n 3: half-width t_{0.975,2}/sqrt(3) = 4.30265/1.7320508 = 2.48414.
    const ClaimTest t = test_paired_claim({-1.0, -2.0, -3.0}, -3.2);
    CHECK(t.n == 3);
    CHECK(t.mean == doctest::Approx(-2.0));
    CHECK(t.sd == doctest::Approx(1.0));
    CHECK(t.mde == doctest::Approx(2.48414).epsilon(1e-5));
    CHECK(t.lo == doctest::Approx(-4.48414).epsilon(1e-5));
    CHECK(t.outcome == ClaimOutcome::Inconclusive);
    CHECK_FALSE(t.excludes_claim);
    // Resolving needs a half-width below max(|-2|, |-2 + 3.2|) = 2: n = 4 gives
    // t_{0.975,3}/2 = 1.5912 (n = 3 gave 2.484).
    CHECK(t.seeds_needed == 4);
}

TEST_CASE("claim test: held, held with a smaller size, contradicted") {
    const ClaimTest held = test_paired_claim({-3.0, -3.1, -2.9}, -3.2);  // [-3.248, -2.752]
    CHECK(held.outcome == ClaimOutcome::Held);
    CHECK_FALSE(held.excludes_claim);
    CHECK(held.seeds_needed == 0);
    const ClaimTest smaller = test_paired_claim({-1.0, -1.1, -0.9}, -3.2);
    CHECK(smaller.outcome == ClaimOutcome::Held);
    CHECK(smaller.excludes_claim);
    // Around zero, far from -3.2: the claimed effect is excluded.
    const ClaimTest contra = test_paired_claim({0.1, -0.1, 0.05, -0.05}, -3.2);
    CHECK(contra.outcome == ClaimOutcome::Contradicted);
    CHECK(contra.excludes_claim);
    // A worse arm contradicts a claimed reduction.
    CHECK(test_paired_claim({1.0, 1.2, 0.8}, -3.2).outcome == ClaimOutcome::Contradicted);
}

TEST_CASE("claim test: no size claimed (NaN), too few seeds, NaN runs skipped") {
    CHECK(test_paired_claim({-1.0, -1.2, -0.8}, std::nan("")).outcome == ClaimOutcome::Held);
    CHECK(test_paired_claim({1.0, 1.2, 0.8}, std::nan("")).outcome == ClaimOutcome::Contradicted);
    const ClaimTest zero = test_paired_claim({1.0, -1.2, 0.3}, std::nan(""));
    CHECK(zero.outcome == ClaimOutcome::Inconclusive);
    CHECK(zero.seeds_needed > 3);
    const ClaimTest one = test_paired_claim({-5.0}, -3.2);
    CHECK(one.outcome == ClaimOutcome::Inconclusive);
    CHECK(std::isnan(one.mde));
    CHECK(one.seeds_needed == 0);
    const ClaimTest skip = test_paired_claim({-1.0, std::nan(""), -2.0, -3.0}, -3.2);
    CHECK(skip.n == 3);
    CHECK(skip.mean == doctest::Approx(-2.0));
}

TEST_CASE("claim test through the C API: names, bad arguments") {
    CHECK(std::string(pr_claim_outcome_name(PR_CLAIM_HELD)) == "held");
    CHECK(std::string(pr_claim_outcome_name(PR_CLAIM_INCONCLUSIVE)) == "inconclusive");
    CHECK(std::string(pr_claim_outcome_name(7)) == "unknown");
    const double d[] = {-1.0, -2.0, -3.0};
    pr_claim_test t{};
    REQUIRE(pr_claim_test_paired_f64(d, 3, -3.2, &t) == PR_OK);
    CHECK(t.outcome == PR_CLAIM_INCONCLUSIVE);
    CHECK(t.seeds_needed == 4);
    CHECK(pr_claim_test_paired_f64(d, 3, INFINITY, &t) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("claimed") != std::string::npos);
    CHECK(pr_claim_test_paired_f64(nullptr, 3, -3.2, &t) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_claim_test_paired_f64(d, 3, -3.2, nullptr) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_init_compare_claim(nullptr, 0, 0, -3.2, &t) == PR_ERR_INVALID_ARGUMENT);
}
