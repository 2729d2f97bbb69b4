// Counting a token stream into a pr_corpus, chunk by chunk so that Ctrl-C and
// the progress bar work on long inputs.
#pragma once

#include "data.hpp"
#include "handles.hpp"

namespace cli {

Corpus count_stream(const TokenStream &stream, uint32_t lag, int threads, bool quiet);

// The same counts of token files over the MPI ranks (count_mpi.cpp): the
// corpus on rank 0, NULL on the others.  Needs an explicit vocab_size.
Corpus count_files_mpi(const std::vector<std::string> &paths, const std::string &format, uint32_t vocab_size,
                       uint32_t lag, int threads);

}  // namespace cli
