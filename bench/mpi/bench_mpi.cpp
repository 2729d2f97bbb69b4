// Strong scaling of libprspread_mpi on this machine.  Run under mpirun with
// np = 1, 2, ... and compare the wall times (rank 0 prints one line each).
//
//   bench_mpi count <token file> <vocab> <tokens> [tree|alltoall]
//       counts a raw u16 file of <tokens> ids (written by rank 0 first if it
//       does not exist: a Zipf-like stream over <vocab> ids, 2 documents);
//       reports the call's wall time and the reduction's inputs (the ranks'
//       partial nnz) and output (merged nnz).
//   bench_mpi train <steps>
//       data-parallel training of the default 4-layer d128 model, batch 16,
//       on a synthetic lag-2 stream; reports seconds per step.
#include "prspread_mpi.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {

int rank_ = 0, size_ = 1;

void die(const char *what) {
    std::fprintf(stderr, "rank %d: %s: %s\n", rank_, what, pr_mpi_last_error());
    MPI_Abort(MPI_COMM_WORLD, 1);
}

void write_stream(const std::string &path, uint32_t V, uint64_t n) {
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f) { std::perror(path.c_str()); MPI_Abort(MPI_COMM_WORLD, 1); }
    std::mt19937_64 rng(1);
    std::vector<uint16_t> buf(1 << 20);
    // Zipf(1.1)-like ids by inverse transform on a truncated power law.
    const double s = 1.1, a = 1 - s, hi = std::pow(double(V), a);
    std::uniform_real_distribution<double> u(0, 1);
    for (uint64_t done = 0; done < n;) {
        const size_t k = size_t(std::min<uint64_t>(buf.size(), n - done));
        for (size_t i = 0; i < k; ++i) {
            const double x = std::pow(1 + u(rng) * (hi - 1), 1 / a);
            buf[i] = uint16_t(std::min<uint32_t>(V - 1, uint32_t(x) - 1));
        }
        std::fwrite(buf.data(), 2, k, f);
        done += k;
    }
    std::fclose(f);
}

int count(int argc, char **argv) {
    if (argc < 5) return 2;
    const std::string path = argv[2];
    const uint32_t V = uint32_t(std::atol(argv[3]));
    const uint64_t n = uint64_t(std::atof(argv[4]));
    const bool tree = argc > 5 && std::strcmp(argv[5], "tree") == 0;
    struct stat st;
    if (rank_ == 0 && (stat(path.c_str(), &st) != 0 || uint64_t(st.st_size) != 2 * n)) write_stream(path, V, n);
    MPI_Barrier(MPI_COMM_WORLD);

    pr_mpi_count_options o;
    pr_mpi_count_options_init(&o);
    o.corpus.vocab_size = V;
    o.format = PR_TOKENS_U16;
    o.reduction = tree ? PR_MPI_REDUCE_TREE : PR_MPI_REDUCE_ALLTOALL;
    const char *files[] = {path.c_str()};
    pr_corpus *c = nullptr;
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = MPI_Wtime();
    if (pr_mpi_corpus_count_files(&c, MPI_COMM_WORLD, files, 1, &o) != 0) die("counting");
    const double dt = MPI_Wtime() - t0;
    if (rank_ == 0) {
        uint64_t nnz = 0, tokens = 0;
        pr_corpus_nnz(c, &nnz);
        pr_corpus_total_tokens(c, &tokens);
        std::printf("count np=%d threads/rank=%s reduction=%s: %llu tokens in %.3f s (%.1f Mtok/s), merged nnz %llu\n",
                    size_, std::getenv("OMP_NUM_THREADS") ? std::getenv("OMP_NUM_THREADS") : "default",
                    tree ? "tree" : "alltoall", (unsigned long long)tokens, dt, tokens / dt / 1e6,
                    (unsigned long long)nnz);
        // The root's O(nnz) share of any reduction: exporting the merged
        // counts and building a corpus from them (what the result costs).
        std::vector<uint64_t> rp(V + 1), cnt(nnz), uni(V);
        std::vector<uint32_t> col(nnz);
        const double t1 = MPI_Wtime();
        pr_corpus_export_csr(c, rp.data(), col.data(), cnt.data(), nnz, &nnz);
        pr_corpus_unigram_u64(c, uni.data(), V);
        const double t2 = MPI_Wtime();
        pr_corpus *d = nullptr;
        pr_corpus_create(&d, &o.corpus);
        pr_corpus_add_counts_csr(d, rp.data(), col.data(), cnt.data(), uni.data());
        const double t3 = MPI_Wtime();
        std::printf("  root O(nnz) work: export %.3f s, build from CSR %.3f s (%.1f M entries/s)\n", t2 - t1, t3 - t2,
                    nnz / (t3 - t2) / 1e6);
        pr_corpus_free(d);
    }
    pr_corpus_free(c);
    return 0;
}

int train(int argc, char **argv) {
    const uint64_t steps = argc > 2 ? uint64_t(std::atol(argv[2])) : 20;
    std::vector<uint32_t> data(400000);
    uint64_t s = 7;
    for (size_t i = 0; i < data.size(); ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        data[i] = i < 2 ? 1 : ((s >> 33) % 4 == 0 ? uint32_t(s >> 40) % 256 : (data[i - 2] * 5 + 1) % 256);
    }
    pr_sft *m = nullptr;
    if (pr_sft_create(&m, nullptr) != 0 || pr_sft_set_data_u32(m, data.data(), data.size()) != 0) die("model");
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = MPI_Wtime();
    if (pr_mpi_sft_train(MPI_COMM_WORLD, m, steps, nullptr, nullptr) != 0) die("training");
    const double dt = MPI_Wtime() - t0;
    if (rank_ == 0)
        std::printf("train np=%d threads/rank=%s: %llu steps of batch 16 x 128 in %.3f s (%.3f s/step)\n", size_,
                    std::getenv("OMP_NUM_THREADS") ? std::getenv("OMP_NUM_THREADS") : "default",
                    (unsigned long long)steps, dt, dt / double(steps));
    pr_sft_free(m);
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    int rc = 2;
    if (argc > 1 && std::strcmp(argv[1], "count") == 0) rc = count(argc, argv);
    else if (argc > 1 && std::strcmp(argv[1], "train") == 0) rc = train(argc, argv);
    if (rc == 2 && rank_ == 0) std::fprintf(stderr, "usage: bench_mpi count <file> <vocab> <tokens> [tree|alltoall] | train [steps]\n");
    MPI_Finalize();
    return rc;
}
