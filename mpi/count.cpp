// pr_mpi_corpus_count_files: the stream of token files cut into one token
// range per rank, each counted exactly (with the preceding `lag` tokens as
// context), and the partial counts reduced.
#include "prspread_mpi.h"

#include "failure.hpp"
#include "handles.hpp"
#include "reduce.hpp"
#include "stream_plan.hpp"
#include "transport.hpp"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace prmpi {
namespace {

struct Job {
    std::vector<std::string> files;
    pr_mpi_count_options opts;
    bool docs = true;
};

uint64_t fnv1a(const std::vector<std::string> &names) {
    uint64_t h = 1469598103934665603ull;
    for (const std::string &s : names) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xFF) * 1099511628211ull;  // a name separator no path contains
    }
    return h;
}

// The up-to-lag tokens of the stream just before token `first` of file f: in
// f itself, and with files continuing one stream also in the files before.
std::vector<uint32_t> context_before(const Job &job, const std::vector<uint64_t> &tokens, size_t f, uint64_t first) {
    const uint64_t lag = job.opts.corpus.lag;
    std::vector<uint32_t> ctx;  // gathered backwards, piece by piece
    for (size_t g = f + 1; g-- > 0 && ctx.size() < lag;) {
        const uint64_t end = g == f ? first : tokens[g];
        const uint64_t n = std::min<uint64_t>(lag - ctx.size(), end);
        std::vector<uint32_t> part(n);
        check(pr_token_file_read_range_u32(job.files[g].c_str(), job.opts.format, end - n, n, part.data()),
              "reading the context of '" + job.files[g] + "'");
        ctx.insert(ctx.begin(), part.begin(), part.end());
        if (job.docs) break;  // a file boundary is a document boundary
    }
    return ctx;
}

struct ProgressShift {
    pr_progress_fn fn;
    void *user;
    uint64_t before, total;
    static int call(void *self, uint64_t done, uint64_t) {
        auto *p = static_cast<ProgressShift *>(self);
        return p->fn(p->user, p->before + done, p->total);
    }
};

SparseRows export_rows(const pr_corpus *c, uint32_t V) {
    SparseRows s;
    uint64_t nnz = 0;
    check(pr_corpus_export_csr(c, nullptr, nullptr, nullptr, 0, &nnz), "sizing the partial counts");
    s.row_ptr.resize(uint64_t(V) + 1);
    s.col.resize(nnz);
    s.count.resize(nnz);
    check(pr_corpus_export_csr(c, s.row_ptr.data(), s.col.data(), s.count.data(), nnz, &nnz),
          "exporting the partial counts");
    return s;
}

void validate(const Job &job, size_t n_files) {
    const pr_mpi_count_options &o = job.opts;
    if (n_files == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'n_files' = 0: give at least one token file");
    if (o.version != PR_MPI_COUNT_OPTIONS_VERSION)
        fail(PR_ERR_VERSION, "argument 'opts': options version " + std::to_string(o.version) +
                                 " is not known (expected " + std::to_string(PR_MPI_COUNT_OPTIONS_VERSION) +
                                 "); fill it with pr_mpi_count_options_init()");
    if (o.file_is_document != 0 && o.file_is_document != 1)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'opts.file_is_document' = " + std::to_string(o.file_is_document) +
                                          ": must be 0 or 1");
    if (o.result_on_all != 0 && o.result_on_all != 1)
        fail(PR_ERR_INVALID_ARGUMENT,
             "argument 'opts.result_on_all' = " + std::to_string(o.result_on_all) + ": must be 0 or 1");
    if (o.reduction != PR_MPI_REDUCE_TREE && o.reduction != PR_MPI_REDUCE_ALLTOALL)
        fail(PR_ERR_INVALID_ARGUMENT,
             "argument 'opts.reduction' = " + std::to_string(o.reduction) + ": not a pr_mpi_reduction");
    if (!(o.rank_weight >= 0) || !std::isfinite(o.rank_weight))
        fail(PR_ERR_INVALID_ARGUMENT,
             "argument 'opts.rank_weight' = " + std::to_string(o.rank_weight) + ": must be finite and >= 0");
    // The corpus options are checked by creating the partial corpus.
}

void count_files(pr_corpus **out, MPI_Comm caller, const char *const *files, size_t n_files,
                 const pr_mpi_count_options *opts) {
    DupComm dup(caller);
    MPI_Comm comm = dup.get();
    const int rank = dup.rank(), P = dup.size();
    Job job;
    phase(comm, [&] {
        if (!out) fail(PR_ERR_INVALID_ARGUMENT, "argument 'out' is NULL");
        if (!opts) fail(PR_ERR_INVALID_ARGUMENT, "argument 'opts' is NULL (fill one with pr_mpi_count_options_init)");
        if (n_files > 0 && !files) fail(PR_ERR_INVALID_ARGUMENT, "argument 'files' is NULL");
        job.opts = *opts;
        job.docs = opts->file_is_document != 0;
        validate(job, n_files);
        for (size_t i = 0; i < n_files; ++i) {
            if (!files[i]) fail(PR_ERR_INVALID_ARGUMENT, "argument 'files[" + std::to_string(i) + "]' is NULL");
            job.files.emplace_back(files[i]);
        }
    });

    // The same files and options everywhere (rank 0's are the reference).
    uint64_t sig[4] = {fnv1a(job.files), job.opts.corpus.vocab_size | (uint64_t(job.opts.corpus.lag) << 32),
                       uint64_t(job.opts.corpus.separator),
                       uint64_t(job.opts.format) | uint64_t(job.opts.file_is_document) << 8 |
                           uint64_t(job.opts.result_on_all) << 9 | uint64_t(job.opts.reduction) << 10};
    uint64_t ref[4];
    std::memcpy(ref, sig, sizeof sig);
    MPI_Bcast(ref, 4, MPI_UINT64_T, 0, comm);
    phase(comm, [&] {
        if (std::memcmp(ref, sig, sizeof sig) != 0)
            fail(PR_ERR_INVALID_ARGUMENT,
                 "the file list or the options (other than rank_weight, progress, user and num_threads) differ from "
                 "rank 0's: every rank must pass the same");
    });

    // Token counts of the files (rank 0 reads the headers), and the cuts.
    std::vector<uint64_t> tokens(job.files.size());
    phase(comm, [&] {
        if (rank != 0) return;
        for (size_t f = 0; f < job.files.size(); ++f)
            check(pr_token_file_read_u32(job.files[f].c_str(), job.opts.format, nullptr, 0, &tokens[f]),
                  "reading the size of '" + job.files[f] + "'");
    });
    bcast_vec(tokens, 0, comm);
    std::vector<double> weights(static_cast<size_t>(P));
    MPI_Allgather(&job.opts.rank_weight, 1, MPI_DOUBLE, weights.data(), 1, MPI_DOUBLE, comm);
    uint64_t total = 0;
    for (uint64_t t : tokens) total += t;
    double wsum = 0;
    for (double w : weights) wsum += w;
    if (!(wsum > 0)) throw AgreedFailure(PR_ERR_INVALID_ARGUMENT, "argument 'opts.rank_weight' is 0 on every rank");
    const std::vector<uint64_t> cuts = cut_points(total, weights);
    const std::vector<Piece> mine = pieces_of(tokens, cuts[size_t(rank)], cuts[size_t(rank) + 1]);

    // Count this rank's range.
    const uint32_t V = job.opts.corpus.vocab_size;
    Corpus part;
    phase(comm, [&] {
        pr_corpus *raw = nullptr;
        check(pr_corpus_create(&raw, &job.opts.corpus), "creating the partial corpus");
        part.reset(raw);
        ProgressShift shift{job.opts.progress, job.opts.user, 0, cuts[size_t(rank) + 1] - cuts[size_t(rank)]};
        for (size_t i = 0; i < mine.size(); ++i) {
            const Piece &p = mine[i];
            const std::string &path = job.files[p.file];
            if (i == 0 || p.first > 0 || job.docs) {
                const std::vector<uint32_t> ctx =
                    (p.first == 0 && job.docs) ? std::vector<uint32_t>() : context_before(job, tokens, p.file, p.first);
                check(pr_corpus_set_context_u32(part.get(), ctx.data(), ctx.size()),
                      "setting the context of '" + path + "'");
            }
            check(pr_corpus_add_token_file_range(part.get(), path.c_str(), job.opts.format, p.first, p.count,
                                                 job.opts.progress ? &ProgressShift::call : nullptr, &shift),
                  "counting '" + path + "' tokens [" + std::to_string(p.first) + ", " +
                      std::to_string(p.first + p.count) + ")");
            shift.before += p.count;
        }
    });

    // Reduce: unigrams (dense) and pairs (sparse).
    std::vector<uint64_t> unigram(V);
    SparseRows local;
    phase(comm, [&] {
        check(pr_corpus_unigram_u64(part.get(), unigram.data(), unigram.size()), "reading the partial unigrams");
        local = export_rows(part.get(), V);
        part.reset();
    });
    const bool on_all = job.opts.result_on_all != 0;
    const int vcount = int(V);  // V <= 2^31 - ... checked by pr_corpus_create
    if (on_all)
        MPI_Allreduce(MPI_IN_PLACE, unigram.data(), vcount, MPI_UINT64_T, MPI_SUM, comm);
    else
        MPI_Reduce(rank == 0 ? MPI_IN_PLACE : unigram.data(), unigram.data(), vcount, MPI_UINT64_T, MPI_SUM, 0, comm);
    SparseRows sum = job.opts.reduction == PR_MPI_REDUCE_TREE ? reduce_tree(std::move(local), on_all, comm)
                                                               : reduce_alltoall(std::move(local), on_all, comm);

    // The result: the counts, and the stream's end as the open document.
    Corpus result;
    phase(comm, [&] {
        if (!on_all && rank != 0) return;
        pr_corpus *raw = nullptr;
        check(pr_corpus_create(&raw, &job.opts.corpus), "creating the merged corpus");
        result.reset(raw);
        check(pr_corpus_add_counts_csr(result.get(), sum.row_ptr.data(), sum.col.data(), sum.count.data(),
                                       unigram.data()),
              "adding the merged counts");
        if (!job.docs) {
            const size_t last = job.files.size() - 1;
            const std::vector<uint32_t> ctx = context_before(job, tokens, last, tokens[last]);
            check(pr_corpus_set_context_u32(result.get(), ctx.data(), ctx.size()), "setting the stream's end");
        }
    });
    *out = result.release();
}

}  // namespace
}  // namespace prmpi

extern "C" {

PR_API void pr_mpi_count_options_init(pr_mpi_count_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    opts->version = PR_MPI_COUNT_OPTIONS_VERSION;
    pr_corpus_options_init(&opts->corpus);
    opts->format = PR_TOKENS_AUTO;
    opts->file_is_document = 1;
    opts->result_on_all = 0;
    opts->reduction = PR_MPI_REDUCE_ALLTOALL;
    opts->rank_weight = 1.0;
}

PR_API int pr_mpi_corpus_count_files(pr_corpus **out, MPI_Comm comm, const char *const *files, size_t n_files,
                                     const pr_mpi_count_options *opts) {
    if (out) *out = nullptr;
    return prmpi::guard([&] { prmpi::count_files(out, comm, files, n_files, opts); });
}

}  // extern "C"
