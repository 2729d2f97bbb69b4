// Matched-seed comparison of init strategies on one corpus.
//
// For every (arm, seed): a fresh sft model is created with weight seed
// `seed`, the arm's init is applied with opts.seed = `seed`, and it trains
// `steps` steps on batches the harness samples itself with pr_sft's sampler
// from (data_seed, step): every arm sees the identical batch sequence (the
// XXH64 of all batches is recorded per run as proof).  data_seed is the train
// options' data_seed, plus the run's seed if vary_data_with_seed.  The cosine
// schedule's horizon (max_steps) is set to `steps`.  Validation loss (pr_sft's
// fixed validation batches) is taken at step 0, every eval_interval steps and
// at `steps`.
//
// Summaries per arm over seeds: final validation loss mean / sd / 95% t
// interval; the paired per-seed difference from the random arm (the first arm
// whose strategy is Random) in percent, 100 (L_arm - L_random) /
// L_random, with its own t interval; and the first evaluated step at which the
// arm's seed-mean curve point is <= the random arm's seed-mean last curve
// point, both on curve_eval_batches batches (-1 if never).
//
// An ORACLE arm without an oracle_path copies from a reference model: the
// random-initialised model (weight seed = the model options' seed) trained
// reference_steps steps on the same corpus and batches.  It is cached as
// <cache_dir>/prspread-reference-<key>.safetensors, key = XXH64 of the model
// and train options, reference_steps and the tokens; an existing file with the
// same key (also stored in its metadata) is reused.
#pragma once

#include "core/progress.hpp"
#include "init/checkpoint.hpp"
#include "init/options.hpp"
#include "init/stats.hpp"
#include "sft/config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pr::init {

struct HarnessArm {
    std::string label;
    InitOptions init;
};

struct HarnessConfig {
    pr::sft::ModelConfig model;
    pr::sft::TrainConfig train;
    uint64_t steps = 100;
    uint32_t eval_interval = 10;  // 0 = only at step 0 and the end
    uint32_t curve_eval_batches = 0;  // curve points on the first this many validation batches (0 = all)
    uint64_t reference_steps = 1000;
    std::string cache_dir;        // "" = do not cache the reference
    bool vary_data_with_seed = false;
};

// Wall-clock seconds of one run's parts (harness_timing.hpp sums them up).
// Measurements, not results: they vary with the machine and its load, while
// everything else in a RunResult is bit-reproducible.
struct RunTiming {
    double setup = 0;                 // creating the model and applying the init (or reading the cached reference)
    double data = 0;                  // sampling and hashing the batches
    double eval = 0;                  // the validation evaluations
    std::vector<float> step_seconds;  // each training step: forward, backward, update
};

struct RunResult {
    std::vector<double> train_loss;  // per step, `steps` values
    std::vector<uint64_t> eval_steps;
    std::vector<double> val_loss;    // at eval_steps, on the first curve_eval_batches validation batches
    double final_val_loss = 0;       // at the last step, on all eval_batches
    uint64_t data_digest = 0;
    RunTiming timing;
};

struct ArmSummary {
    std::string label, description;
    SeedSummary loss;      // final validation loss
    SeedSummary diff_pct;  // paired difference from random, percent (NaN without a random arm)
    int64_t steps_to_random_final = -1;
};

struct HarnessResult {
    std::vector<HarnessArm> arms;
    std::vector<uint64_t> seeds;
    std::vector<std::vector<RunResult>> runs;  // [arm][seed]
    std::vector<ArmSummary> summaries;
    int random_arm = -1;
    std::string reference_path;
    bool reference_used = false, reference_from_cache = false;
    uint64_t steps = 0, reference_steps = 0;
    RunTiming reference_timing;  // the reference's, when one was used (no steps when read from a file)
    double prep_seconds = 0;     // the input checks and the data split
    std::string markdown() const;
    std::string json() const;
};

HarnessResult run_harness(const HarnessConfig &config, const std::vector<uint32_t> &tokens,
                          const std::vector<HarnessArm> &arms, const std::vector<uint64_t> &seeds,
                          const Progress &progress);

// The init seed of one run: the run's seed when the arm's seed is 0, else a
// hash of both (an independent draw per arm seed).
uint64_t run_init_seed(uint64_t run_seed, uint64_t arm_seed);

// Summaries from finished runs (exposed for the hand-computation tests).
void summarize_runs(HarnessResult &result);

}  // namespace pr::init
