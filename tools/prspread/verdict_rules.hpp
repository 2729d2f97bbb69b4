// The thresholds that turn this run's numbers into three-way verdicts on the
// PR and similarity claims (the loss claims use the library's paired test,
// pr_init_compare_claim).  Each is printed beside the verdict it decides.
#pragma once

namespace cli::rules {

// The lock: the source printed PR 2.00; a raw PR within this of 2 at every
// power is that value to its printed precision (plus rounding slack).
inline constexpr double kLockHeld = 0.05;
// A raw PR more than this from 2 at some power (a quarter of a plane) is not
// "locked at 2.00" by any reading.
inline constexpr double kLockBroken = 0.5;

// "The lock is fundamental": a mean-free form at k = 1 whose PR exceeds
// 2 + kSpreadFound (half a plane more than one) shows corpus asymmetry with
// more than one plane; within 2 + kLockHeld it is one plane.
inline constexpr double kSpreadFound = 1.0;

// "Training creates spread the corpus lacks": trained attention PR must
// exceed both the best corpus form and the same layers at random init by
// this fraction; below the larger of the two by it, the claim is contradicted.
inline constexpr double kSpreadMargin = 0.10;

// "The corpus gives the direction": the blend<->trained Frobenius cosine
// beyond its null by at least kDirectionZ null sds and kDirectionMargin in
// value holds; within kNullZ null sds of the null it is contradicted (no
// more aligned than a random rotation of the same form).
inline constexpr double kDirectionZ = 3.0;
inline constexpr double kDirectionMargin = 0.10;
inline constexpr double kNullZ = 2.0;

}  // namespace cli::rules
