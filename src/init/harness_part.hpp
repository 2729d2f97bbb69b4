// A comparison run in parts, e.g. by several processes (libprspread_mpi):
// each part runs some of the (arm, seed) runs; the finished runs travel as
// bytes (pack_runs) and are merged into one result (merge_runs), which is
// summarised once every run is in.  Each run is computed by the same code
// as in run_harness (run_one), so a run's curves, final loss and data digest
// do not depend on which part ran it.
//
// Run index: seed_index * n_arms + arm, the order run_harness runs them.
// A run is present when its train_loss is non-empty (every run trains
// steps >= 1 steps).
#pragma once

#include "init/harness.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pr::init {

struct PartSpec {
    std::vector<size_t> runs;    // run indices to run (each < n_arms * n_seeds, no repeats)
    std::string reference_in;    // "" = train / read the cached reference as run_harness does;
                                 // else read it from this safetensors file
    std::string reference_out;   // "" or: write the reference used here to this file
};

// Runs the listed runs (none is allowed: then only the checks and, if an arm
// needs it, the reference).  The result has every arm, seed and the
// reference fields; summaries are filled only if every run is present.
HarnessResult run_harness_part(const HarnessConfig &c, const std::vector<uint32_t> &tokens,
                               const std::vector<HarnessArm> &arms, const std::vector<uint64_t> &seeds,
                               const PartSpec &part, const Progress &progress);

size_t runs_present(const HarnessResult &r);
bool is_complete(const HarnessResult &r);

// The present runs as bytes (native byte order: for processes of one build
// on one architecture, as the ranks of one MPI job are).
std::string pack_runs(const HarnessResult &r);

// Adds the packed runs to `into`: PR_ERR_FORMAT for bytes that are not a
// pack, PR_ERR_MISMATCH for another shape (arms, seeds, steps) or a run that
// is already present.  Summarises when the result becomes complete.  On error
// `into` is unchanged.
void merge_runs(HarnessResult &into, const void *bytes, size_t size);

}  // namespace pr::init
