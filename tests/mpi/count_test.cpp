// Run under mpirun -np 1..4: pr_mpi_corpus_count_files must give exactly the
// counts of one pr_corpus over the same files (the saved corpus files are
// compared byte for byte: counts, unigrams, totals and the open document),
// for many splits (random rank weights, including ranks with no tokens),
// lags, separators, file-as-document or one stream, both reductions and both
// result placements; and a failure on one rank must reach every rank.
//   count_test <scratch dir>
#include "prspread_mpi.h"
#include "expect.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {


void put32(std::ofstream &f, int32_t v) { f.write(reinterpret_cast<const char *>(&v), 4); }

// Files of several formats.  Ids follow a skewed distribution with a fixed
// "separator" id 0 sprinkled in.
std::vector<std::string> write_files(const std::string &dir, uint32_t V, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::vector<size_t> lengths = {5000, 1, 0, 3, 20000, 2, 7777, 40000};
    std::vector<std::string> paths;
    for (size_t f = 0; f < lengths.size(); ++f) {
        std::vector<uint32_t> ids(lengths[f]);
        uint32_t prev = 1;
        for (auto &t : ids) {
            const double u = std::uniform_real_distribution<double>(0, 1)(rng);
            t = u < 0.02 ? 0 : u < 0.5 ? (prev * 7 + 3) % V : 1 + uint32_t(std::pow(u, 3) * (V - 1));
            prev = t;
        }
        const int kind = int(f % 4);
        std::string path = dir + "/f" + std::to_string(f) + (kind == 3 ? ".npy" : ".bin");
        std::ofstream out(path, std::ios::binary);
        if (kind == 0) {  // raw u16 (AUTO's fallback)
            for (uint32_t t : ids) { uint16_t v = uint16_t(t); out.write(reinterpret_cast<char *>(&v), 2); }
        } else if (kind == 1) {  // llm.c u16
            put32(out, 20240520), put32(out, 1), put32(out, int32_t(ids.size()));
            for (int i = 3; i < 256; ++i) put32(out, 0);
            for (uint32_t t : ids) { uint16_t v = uint16_t(t); out.write(reinterpret_cast<char *>(&v), 2); }
        } else if (kind == 2) {  // llm.c u32
            put32(out, 20240801), put32(out, 7), put32(out, int32_t(ids.size()));
            for (int i = 3; i < 256; ++i) put32(out, 0);
            for (uint32_t t : ids) out.write(reinterpret_cast<char *>(&t), 4);
        } else {  // npy int32
            std::string h = "{'descr': '<i4', 'fortran_order': False, 'shape': (" + std::to_string(ids.size()) + ",), }";
            while ((10 + h.size() + 1) % 64) h += ' ';
            h += '\n';
            out.write("\x93NUMPY\x01\x00", 8);
            uint16_t hl = uint16_t(h.size());
            out.write(reinterpret_cast<char *>(&hl), 2);
            out << h;
            for (uint32_t t : ids) { int32_t v = int32_t(t); out.write(reinterpret_cast<char *>(&v), 4); }
        }
        paths.push_back(path);
    }
    return paths;
}

std::vector<char> slurp(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One process, one pr_corpus, the files in order.
std::vector<char> reference(const std::vector<std::string> &files, const pr_corpus_options &co, bool docs,
                            const std::string &tmp) {
    pr_corpus *c = nullptr;
    if (pr_corpus_create(&c, &co) != 0) { std::fprintf(stderr, "%s\n", pr_last_error()); std::abort(); }
    for (const auto &f : files) {
        if (pr_corpus_add_token_file(c, f.c_str(), PR_TOKENS_AUTO, nullptr, nullptr) != 0) {
            std::fprintf(stderr, "%s\n", pr_last_error());
            std::abort();
        }
        if (docs) pr_corpus_end_document(c);
    }
    pr_corpus_save(c, tmp.c_str());
    pr_corpus_free(c);
    return slurp(tmp);
}

void check_exact(const std::string &dir, const std::vector<std::string> &files) {
    std::mt19937_64 rng(12345);
    int cases = 0;
    for (uint32_t lag : {1u, 2u, 3u, 7u})
        for (int sep : {-1, 0})
            for (int docs : {1, 0})
                for (int red : {PR_MPI_REDUCE_TREE, PR_MPI_REDUCE_ALLTOALL})
                    for (int on_all : {0, 1}) {
                        pr_mpi_count_options o;
                        pr_mpi_count_options_init(&o);
                        o.corpus.vocab_size = 300;
                        o.corpus.lag = lag;
                        o.corpus.separator = sep;
                        o.corpus.num_threads = 1 + int(rng() % 2);
                        o.file_is_document = docs;
                        o.reduction = red;
                        o.result_on_all = on_all;
                        // A different split each case: random weights (every rank draws
                        // the same sequence, then takes its own), some 0.
                        std::vector<double> w(static_cast<size_t>(g_size));
                        for (auto &x : w) x = (rng() % 4 == 0) ? 0.0 : double(rng() % 1000) + 0.5;
                        if (cases % 5 == 0) std::fill(w.begin(), w.end(), 1.0);
                        o.rank_weight = w[size_t(g_rank)];
                        bool all_zero = true;
                        for (double x : w) all_zero = all_zero && x == 0;
                        if (all_zero) o.rank_weight = 1;
                        std::vector<const char *> names;
                        for (const auto &f : files) names.push_back(f.c_str());
                        pr_corpus *got = nullptr;
                        const int st = pr_mpi_corpus_count_files(&got, MPI_COMM_WORLD, names.data(), names.size(), &o);
                        EXPECT(st == 0, "case %d: %s", cases, pr_mpi_last_error());
                        const bool has = g_rank == 0 || on_all;
                        EXPECT((got != nullptr) == has, "case %d: result placement", cases);
                        if (got) {
                            const std::string a = dir + "/got" + std::to_string(g_rank) + ".prc";
                            const std::string b = dir + "/ref" + std::to_string(g_rank) + ".prc";
                            pr_corpus_save(got, a.c_str());
                            EXPECT(slurp(a) == reference(files, o.corpus, docs, b),
                                   "case %d (lag %u sep %d docs %d reduction %d on_all %d): saved corpora differ",
                                   cases, lag, sep, docs, red, on_all);
                            pr_corpus_free(got);
                        }
                        ++cases;
                    }
    if (g_rank == 0) std::printf("exact counts: %d cases on %d ranks\n", cases, g_size);
}

int cancel_on_last(void *, uint64_t, uint64_t) { return g_rank == g_size - 1; }

void check_errors(const std::string &dir, std::vector<std::string> files) {
    pr_mpi_count_options o;
    pr_mpi_count_options_init(&o);
    o.corpus.vocab_size = 300;
    std::vector<const char *> names;
    auto run = [&](const std::vector<std::string> &fs) {
        names.clear();
        for (const auto &f : fs) names.push_back(f.c_str());
        pr_corpus *got = nullptr;
        const int st = pr_mpi_corpus_count_files(&got, MPI_COMM_WORLD, names.data(), names.size(), &o);
        EXPECT(st == 0 || got == nullptr, "no result after an error");
        EXPECT(st != 0 || (got != nullptr) == (g_rank == 0), "a result on rank 0 only");
        pr_corpus_free(got);
        return st;
    };
    // An id >= V at the very end of the stream, which only the last rank's
    // range covers (equal weights): every rank reports the last rank's error.
    int st;
    {
        const std::string bad = dir + "/bad_tail.bin";
        if (g_rank == 0) {
            std::ofstream out(bad, std::ios::binary);
            for (int i = 0; i < 1000; ++i) {
                uint16_t v = uint16_t(i == 999 ? 5000 : i % 300);
                out.write(reinterpret_cast<char *>(&v), 2);
            }
        }
        MPI_Barrier(MPI_COMM_WORLD);
        std::vector<std::string> fs = files;
        fs.push_back(bad);
        st = run(fs);
        EXPECT(st == PR_ERR_OUT_OF_RANGE, "bad id: status %d (%s)", st, pr_mpi_last_error());
        const std::string want = "rank " + std::to_string(g_size - 1) + ": ";
        EXPECT(std::strncmp(pr_mpi_last_error(), want.c_str(), want.size()) == 0, "message names the rank: %s",
               pr_mpi_last_error());
        EXPECT(std::strstr(pr_mpi_last_error(), "5000") != nullptr, "message names the id: %s", pr_mpi_last_error());
    }
    // A corrupt file (llm.c header promising more tokens than it holds).
    o.corpus.vocab_size = 300;
    {
        const std::string bad = dir + "/bad.bin";
        if (g_rank == 0) {
            std::ofstream out(bad, std::ios::binary);
            put32(out, 20240520), put32(out, 1), put32(out, 1000);
            for (int i = 3; i < 256; ++i) put32(out, 0);
        }
        MPI_Barrier(MPI_COMM_WORLD);
        std::vector<std::string> fs = files;
        fs.push_back(bad);
        st = run(fs);
        EXPECT(st == PR_ERR_FORMAT, "corrupt file: status %d (%s)", st, pr_mpi_last_error());
    }
    // A missing file.
    st = run({files[0], dir + "/does-not-exist.bin"});
    EXPECT(st == PR_ERR_IO, "missing file: status %d (%s)", st, pr_mpi_last_error());
    // A cancel by the last rank's progress callback.
    o.progress = cancel_on_last;
    st = run(files);
    EXPECT(st == PR_ERR_CANCELLED, "cancel: status %d (%s)", st, pr_mpi_last_error());
    o.progress = nullptr;
    // A bad option on one rank only, and a file list that differs.
    o.reduction = g_rank == g_size - 1 ? 7 : PR_MPI_REDUCE_TREE;
    st = run(files);
    EXPECT(st == PR_ERR_INVALID_ARGUMENT, "bad option on one rank: status %d (%s)", st, pr_mpi_last_error());
    o.reduction = PR_MPI_REDUCE_TREE;
    if (g_size > 1) {
        std::vector<std::string> fs = files;
        if (g_rank == 1) fs.pop_back();
        st = run(fs);
        EXPECT(st == PR_ERR_INVALID_ARGUMENT, "different lists: status %d (%s)", st, pr_mpi_last_error());
    }
    // The communicator still works after all those errors: a good call.
    st = run(files);
    EXPECT(st == 0, "a good call after the errors: %s", pr_mpi_last_error());
    if (g_rank == 0) std::printf("errors reach every rank: checked\n");
}

}  // namespace

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    if (argc < 2) {
        if (g_rank == 0) std::fprintf(stderr, "usage: count_test <scratch dir>\n");
        MPI_Finalize();
        return 2;
    }
    const std::string dir = std::string(argv[1]) + "/mpi-count-np" + std::to_string(g_size);
    if (g_rank == 0) std::system(("mkdir -p '" + dir + "'").c_str());
    MPI_Barrier(MPI_COMM_WORLD);
    std::vector<std::string> files;
    if (g_rank == 0) files = write_files(dir, 300, 7);
    MPI_Barrier(MPI_COMM_WORLD);
    if (g_rank != 0)
        for (int f = 0; f < 8; ++f) files.push_back(dir + "/f" + std::to_string(f) + (f % 4 == 3 ? ".npy" : ".bin"));
    check_exact(dir, files);
    check_errors(dir, files);
    int total = 0;
    MPI_Allreduce(&g_failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (g_rank == 0) std::printf(total ? "FAILED: %d checks\n" : "all checks passed\n", total);
    MPI_Finalize();
    return total ? 1 : 0;
}
