// The study's timing line: where `reproduce`'s wall time went, against the
// time its training steps take at the trainer's steady-state speed, both
// measured in the same run:
//
//   ratio = wall / sum over trainings (the reference, each comparison) of
//                  its steps x its median step time
//
// A step's time is the trainer's own (forward, backward, update); the median
// is over single steps after each run's first 2 (pr_init_compare_timing's
// definition; the reference's steps are taken the same way here).  A median
// of single steps, not total / steps, so time lost in slow steps shows in
// the ratio instead of being absorbed into the yardstick.  Under MPI the
// comparison's steps (and its eval, batches, set-up) count divided by the
// ranks they were spread over.  The rest of the wall time is attributed to:
// validation, steps slower than the median, batch sampling, the runs'
// model creation + init, the other stages of s.seconds (corpus, tables,
// reference set-up; all but the two training stages), and what none of
// these timed ("untimed").
#pragma once

#include "common.hpp"
#include "model.hpp"
#include "study.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace cli {

// The s.seconds stages that hold the training (the others are "other stages").
inline constexpr const char *kReferenceStage = "reference training";
inline constexpr const char *kMoreReferencesStage = "more reference models";
inline constexpr const char *kComparisonStage = "init comparison";

// The reference model's steps (tokens_per_batch = batch x context).
void add_reference_timing(StudyTiming &t, const Curve &c, double tokens_per_batch);
// One comparison's steps, from the library's timing of its runs.
void add_comparison_timing(StudyTiming &t, const pr_init_compare *r, int ranks);

// "Timing: wall 41.9 s = 1.08 x its 2,700 training steps at 10.2 ms/step; the rest: ..."
std::string timing_markdown(const Study &s);
nlohmann::json timing_json(const Study &s);

}  // namespace cli
