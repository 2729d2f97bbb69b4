// `prspread reproduce`, the pipeline: corpus -> reference model -> table 1
// (PR by power, E = the reference's trained wte) -> table 4 (attention PR)
// -> table 3 (blend init vs trained) -> table 2 (matched-seed loss
// comparison).  The cheap tables come first so that Ctrl-C during the long
// comparison still leaves them to print.
#pragma once

#include "data.hpp"
#include "model.hpp"
#include "reference.hpp"
#include "study.hpp"

#include <string>
#include <vector>

namespace cli {

struct StudyArgs {
    InputArgs input;
    SynthArgs synth;
    ModelArgs model;
    uint32_t steps = 100;            // N of loss@N (the source's 100); the largest budget
    std::vector<uint32_t> budgets;   // --steps A,B,C: one comparison per budget, ascending (empty = {steps})
    uint32_t reference_steps = 300;  // the trained model (oracle, E, attention)
    uint32_t reference_models = 3;   // the first, and more from the next seeds for the PR claims' intervals
    uint32_t n_seeds = 3;
    uint32_t eval_every = 10;
    uint32_t curve_eval_batches = 2;  // of model.eval_batches: the curve points' batches; the final loss uses all
    uint32_t max_power = 8;
    double blend_target = 0;         // 0 = the reference's measured attention PR
    bool quick = false;
    bool controls = true;            // positive, negative and norm-matched control arms
    bool quiet = false;
    std::string work_dir;            // where the reference checkpoint goes
    ReferenceArgs reference;         // --reference: use this trained model; table 2 is skipped
};

// Runs everything it can; on Ctrl-C returns with s.interrupted set and the
// finished tables marked done.
Study run_study(const StudyArgs &a);

}  // namespace cli
