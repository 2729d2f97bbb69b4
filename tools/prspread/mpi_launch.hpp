// The CLI under mpirun.  When prspread is built with libprspread_mpi and
// started by an MPI launcher (mpirun sets OMPI_COMM_WORLD_SIZE, PMI_SIZE or
// PMIX_RANK), `count --tokens` and `reproduce` spread their work over the
// ranks; rank 0 alone prints and writes files.  Elsewhere these are no-ops
// and every command runs in one process as before.
#pragma once

namespace cli {

void mpi_start(int *argc, char ***argv);  // MPI_Init_thread when launched by mpirun
void mpi_finish();                        // MPI_Finalize if started
int mpi_ranks();                          // 1 unless running under MPI
int mpi_rank();                           // 0 unless running under MPI

}  // namespace cli
