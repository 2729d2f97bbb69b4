// Sums the ranks' sparse pair counts (each a block of all V rows) onto rank 0
// or every rank: a binomial tree, or an all-to-all by row range.  Collective;
// a failure on any rank is agreed on (failure.hpp) before the next exchange.
#pragma once

#include "sparse_rows.hpp"

#include "prspread_mpi.h"

namespace prmpi {

// Returns the sum on rank 0 (on every rank with on_all); elsewhere an empty
// block.  `local` is consumed.
SparseRows reduce_tree(SparseRows local, bool on_all, MPI_Comm comm);
SparseRows reduce_alltoall(SparseRows local, bool on_all, MPI_Comm comm);

}  // namespace prmpi
