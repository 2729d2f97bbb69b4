// `prspread count --tokens` under mpirun: pr_mpi_corpus_count_files splits
// the files' token stream over the ranks (exact counts, each file a
// document, as count_stream counts them); the merged corpus lands on rank 0.
#include "corpus_build.hpp"

#include "common.hpp"
#include "mpi_launch.hpp"

#ifdef PRSPREAD_CLI_MPI
#include <prspread_mpi.h>
#endif

namespace cli {

Corpus count_files_mpi(const std::vector<std::string> &paths, const std::string &format, uint32_t vocab_size,
                       uint32_t lag, int threads) {
#ifdef PRSPREAD_CLI_MPI
    if (vocab_size == 0) fail("under mpirun, count --tokens needs --vocab-size (no rank reads every id)");
    pr_mpi_count_options o;
    pr_mpi_count_options_init(&o);
    o.corpus.vocab_size = vocab_size;
    o.corpus.lag = lag;
    o.corpus.num_threads = threads;
    o.format = token_format_of(format);
    std::vector<const char *> names;
    for (const auto &p : paths) names.push_back(p.c_str());
    pr_corpus *raw = nullptr;
    if (pr_mpi_corpus_count_files(&raw, MPI_COMM_WORLD, names.data(), names.size(), &o) != 0)
        fail(std::string("counting over ") + std::to_string(mpi_ranks()) + " MPI ranks: " + pr_mpi_last_error());
    return Corpus(raw);
#else
    (void)paths, (void)format, (void)vocab_size, (void)lag, (void)threads;
    fail("this prspread was built without MPI");
#endif
}

}  // namespace cli
