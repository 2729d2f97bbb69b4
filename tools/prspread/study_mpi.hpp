// `prspread reproduce` under mpirun.  Rank 0 runs the whole pipeline; its
// matched-seed comparison (table 2) is spread over every rank by
// pr_mpi_init_compare_run.  The other ranks wait in study_worker for rank
// 0's word: "join the comparison" (rank 0 reached it) or "done" (rank 0
// ended without one: an error, Ctrl-C, or no comparison), so no rank waits
// forever when rank 0 fails early.  Without MPI (or with one rank),
// run_comparison is pr_init_compare_run.
#pragma once

#include "common.hpp"

namespace cli {

// On rank 0: the comparison, over every rank when there are several.
int run_comparison(pr_init_compare **out, const pr_init_compare_options *opts, const uint32_t *tokens,
                   size_t n_tokens, const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds, size_t n_seeds,
                   pr_progress_fn progress, void *user);

// The message of the last failed run_comparison.
std::string comparison_error();

// On ranks > 0: joins rank 0's comparison, if it reaches one; prints nothing.
void study_worker();

// On rank 0, for the whole of `reproduce`: tells waiting workers "done" when
// it goes out of scope without a comparison having been run.
class StudyWorkersRelease {
public:
    StudyWorkersRelease() = default;
    ~StudyWorkersRelease();
    StudyWorkersRelease(const StudyWorkersRelease &) = delete;
    StudyWorkersRelease &operator=(const StudyWorkersRelease &) = delete;
};

}  // namespace cli
