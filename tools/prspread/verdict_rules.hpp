// The thresholds that turn this run's numbers into three-way verdicts on the
// PR and similarity claims (the loss claims use the library's paired test,
// pr_init_compare_claim).  Each is printed beside the verdict it decides.
#pragma once

namespace cli::rules {

// Held thresholds shared with the library's header: PR_VERDICT_LOCK_TOLERANCE
// (locked at 2), PR_VERDICT_ONE_PLANE_MAX_PR (more than one plane) and
// PR_VERDICT_COSINE_MARGIN (a shared direction).  The constants below are the
// ones only the three-way verdicts need.

// A raw PR more than this from 2 at some power (a quarter of a plane) is not
// "locked at 2.00" by any reading.
inline constexpr double kLockBroken = 0.5;

// "Training creates spread the corpus lacks": trained attention PR must
// exceed both the best corpus form and the same layers at random init by
// this fraction; below the larger of the two by it, the claim is contradicted.
inline constexpr double kSpreadMargin = 0.10;

// "The corpus gives the direction": the blend<->trained Frobenius cosine
// beyond its null by at least kDirectionZ null sds and PR_VERDICT_COSINE_MARGIN
// in value holds; within kNullZ null sds of the null it is contradicted (no
// more aligned than a random rotation of the same form).
inline constexpr double kDirectionZ = 3.0;
inline constexpr double kNullZ = 2.0;

}  // namespace cli::rules
