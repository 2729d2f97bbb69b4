// Where a comparison's wall time went: the sums of its runs' RunTiming and
// the trainer's steady-state step time, the yardstick of the study's timing
// line (tools/prspread/report_study.cpp): wall / (steps x step_median).
//
// step_median is the median wall time of one training step (forward,
// backward, update: Trainer::step_on_batch) over every timed step except the
// first kWarmupSteps of each run (first touch of the run's fresh buffers).
// A median of single steps, not train_seconds / steps: a slow or stalled step
// (page faults, another process on the core) does not move it, so it does not
// absorb the time lost to them; that time shows in the ratio instead.
#pragma once

#include "init/harness.hpp"

#include <cstdint>

namespace pr::init {

constexpr size_t kWarmupSteps = 2;

struct HarnessTiming {
    uint64_t steps = 0;         // training steps timed: the present runs' and the reference's trained here
    uint64_t steady_steps = 0;  // of those, the ones step_median is taken over
    double step_median = 0;     // seconds; NaN when steady_steps is 0
    double train = 0;           // seconds: the sum of all timed steps
    double data = 0, eval = 0, setup = 0, prep = 0;  // seconds: sums of RunTiming's parts, prep_seconds
};

HarnessTiming harness_timing(const HarnessResult &r);

}  // namespace pr::init
