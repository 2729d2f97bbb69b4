#include "study_mpi.hpp"

#include "mpi_launch.hpp"

#ifdef PRSPREAD_CLI_MPI
#include <prspread_mpi.h>

#include <time.h>
#endif

namespace cli {

namespace {

bool used_mpi = false;      // the last run_comparison went through pr_mpi

#ifdef PRSPREAD_CLI_MPI
bool told_workers = false;  // rank 0 sent its one word

// Rank 0's one word, by a non-blocking broadcast that the workers test every
// 10 ms: they may wait minutes for it (rank 0's reference model and tables)
// and should leave the cores to rank 0 meanwhile.
void bcast_word(int &word) {
    MPI_Request req;
    MPI_Ibcast(&word, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
    int done = 0;
    const timespec pause = {0, 10000000};
    for (MPI_Test(&req, &done, MPI_STATUS_IGNORE); !done; MPI_Test(&req, &done, MPI_STATUS_IGNORE))
        nanosleep(&pause, nullptr);
}

// Rank 0's one word to the waiting workers: 1 = join the comparison, 0 = done.
void tell_workers(int word) {
    if (told_workers || mpi_ranks() < 2) return;
    told_workers = true;
    bcast_word(word);
}
#endif

}  // namespace

int run_comparison(pr_init_compare **out, const pr_init_compare_options *opts, const uint32_t *tokens,
                   size_t n_tokens, const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds, size_t n_seeds,
                   pr_progress_fn progress, void *user) {
#ifdef PRSPREAD_CLI_MPI
    if (mpi_ranks() > 1 && !told_workers) {
        tell_workers(1);
        used_mpi = true;
        pr_mpi_compare_options mo;
        pr_mpi_compare_options_init(&mo);
        mo.progress = progress, mo.user = user;  // rank 0's own steps of the whole study
        return pr_mpi_init_compare_run(out, MPI_COMM_WORLD, opts, tokens, n_tokens, arms, n_arms, seeds, n_seeds, &mo);
    }
#endif
    used_mpi = false;
    return pr_init_compare_run(out, opts, tokens, n_tokens, arms, n_arms, seeds, n_seeds, progress, user);
}

std::string comparison_error() {
#ifdef PRSPREAD_CLI_MPI
    if (used_mpi) return pr_mpi_last_error();
#endif
    return pr_last_error();
}

void study_worker() {
#ifdef PRSPREAD_CLI_MPI
    int word = 0;
    bcast_word(word);
    if (!word) return;
    pr_init_compare *r = nullptr;
    // Rank 0 reports any error; this rank's share is only its runs.
    pr_mpi_init_compare_run(&r, MPI_COMM_WORLD, nullptr, nullptr, 0, nullptr, 0, nullptr, 0, nullptr);
    pr_init_compare_free(r);
#endif
}

StudyWorkersRelease::~StudyWorkersRelease() {
#ifdef PRSPREAD_CLI_MPI
    tell_workers(0);
#endif
}

}  // namespace cli
