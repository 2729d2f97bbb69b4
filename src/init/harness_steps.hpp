// The steps of run_harness, for callers that run a comparison in parts
// (harness_part.hpp): the input checks, the reference model and one run.
// run_harness is exactly check_harness_inputs, reference_model when
// needs_reference, then run_one for every (seed, arm) in that order.
#pragma once

#include "init/apply.hpp"
#include "init/harness.hpp"
#include "sft/batch_sampler.hpp"

namespace pr::init {

// PR_ERR_INVALID_ARGUMENT / OUT_OF_RANGE for what run_harness rejects.
void check_harness_inputs(const HarnessConfig &c, const std::vector<uint32_t> &tokens,
                          const std::vector<HarnessArm> &arms, const std::vector<uint64_t> &seeds);

// True if an ORACLE arm has no oracle_path (it copies from the reference).
bool needs_reference(const std::vector<HarnessArm> &arms);

// The reference model (trained, or read from the cache); sets result's
// reference_* fields.  Counts its steps into `done`.
ParamSet reference_model(const HarnessConfig &c, const std::vector<uint32_t> &tokens, const pr::sft::TokenData &data,
                         HarnessResult &result, const Progress &progress, uint64_t &done, uint64_t total);

// One (arm, seed) run into `run` (which must be empty); `reference` is used
// only by an ORACLE arm without oracle_path.  `inputs` holds what the runs
// share (T, PPMI, oracle files: made once per comparison, not per run).
// Counts its steps into `done`.
void run_one(const HarnessConfig &c, const std::vector<uint32_t> &tokens, const pr::sft::TokenData &data,
             InitInputs &inputs, const HarnessArm &arm, uint64_t seed, const ParamSet *reference, RunResult &run,
             const Progress &progress, uint64_t &done, uint64_t total);

}  // namespace pr::init
