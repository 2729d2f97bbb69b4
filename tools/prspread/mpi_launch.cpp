#include "mpi_launch.hpp"

#include <cstdlib>

#ifdef PRSPREAD_CLI_MPI
#include <mpi.h>
#endif

namespace cli {
namespace {
#ifdef PRSPREAD_CLI_MPI
bool started = false;
#endif
int ranks = 1, rank = 0;

bool launched_by_mpirun() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}
}  // namespace

void mpi_start(int *argc, char ***argv) {
#ifdef PRSPREAD_CLI_MPI
    if (!launched_by_mpirun()) return;
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    started = true;
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
#else
    (void)argc, (void)argv;
    (void)launched_by_mpirun;
#endif
}

void mpi_finish() {
#ifdef PRSPREAD_CLI_MPI
    if (started) MPI_Finalize();
    started = false;
#endif
}

int mpi_ranks() { return ranks; }
int mpi_rank() { return rank; }

}  // namespace cli
