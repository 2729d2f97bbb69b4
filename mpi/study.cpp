// pr_mpi_init_compare_run: the independent (arm, seed) runs of a matched-seed
// comparison spread over the ranks.
//
// 1. Rank 0's arguments (options, tokens, arms, seeds, and the bytes of
//    every oracle_path checkpoint) are broadcast; the other ranks keep the
//    checkpoints in private temporary files, so no shared file system is
//    needed.
// 2. Rank 0 runs the part with no runs: the checks, and the reference model
//    (trained or read from the cache) when an ORACLE arm needs it.  Its
//    checkpoint is broadcast as bytes.  This handle becomes the result.
// 3. Dynamic scheduling by a shared counter: every rank, rank 0 included,
//    takes the next run index with an MPI_Fetch_and_op on a one-sided window
//    held by rank 0, runs that one run (pr_init_compare_run_part) and packs
//    it, until the indices run out.  The counter needs no scheduler loop or
//    thread on rank 0 and no message per run beyond one atomic; long and
//    short runs balance themselves.  Each rank's progress callback also reads
//    the counter every step (which drives MPI progress on rank 0 where the
//    window is not in shared memory); a failing rank sets the counter's stop
//    bit, so the others cancel their current run within one step.
// 4. The packed runs are gathered on rank 0 and merged into its handle,
//    whose summaries are then computed once, by the same code as in one
//    process.
#include "prspread_mpi.h"

#include "bytes.hpp"
#include "failure.hpp"
#include "transport.hpp"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace prmpi {
namespace {

// The study as rank 0 passed it, in a form that can be broadcast.
struct Study {
    pr_init_compare_options opts{};
    bool has_model = false, has_train = false, has_cache = false;
    pr_sft_options model{};
    pr_sft_train_options train{};
    std::string cache_dir;
    std::vector<uint32_t> tokens;
    std::vector<uint64_t> seeds;
    std::vector<std::string> labels, oracle_paths;  // "" = no oracle_path
    std::vector<pr_init_options> inits;             // oracle_path NULLed
    std::vector<std::string> files;                 // bytes of oracle_paths[a], "" if none

    // The C arguments, pointing into this object (and into local_paths).
    std::vector<pr_init_arm> arms;
    void bind(const std::vector<std::string> &paths) {
        opts.model = has_model ? &model : nullptr;
        opts.train = has_train ? &train : nullptr;
        opts.cache_dir = has_cache ? cache_dir.c_str() : nullptr;
        arms.resize(labels.size());
        for (size_t a = 0; a < labels.size(); ++a) {
            arms[a].label = labels[a].c_str();
            arms[a].init = inits[a];
            arms[a].init.oracle_path = paths[a].empty() ? nullptr : paths[a].c_str();
        }
    }
    bool needs_reference() const {
        for (size_t a = 0; a < inits.size(); ++a)
            if (inits[a].strategy == PR_INIT_ORACLE && oracle_paths[a].empty()) return true;
        return false;
    }
};

Study from_root_args(const pr_init_compare_options *opts, const uint32_t *tokens, size_t n_tokens,
                     const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds, size_t n_seeds) {
    if (!tokens && n_tokens) fail(PR_ERR_INVALID_ARGUMENT, "argument 'tokens' is NULL on rank 0");
    if (!arms) fail(PR_ERR_INVALID_ARGUMENT, "argument 'arms' is NULL on rank 0");
    if (!seeds) fail(PR_ERR_INVALID_ARGUMENT, "argument 'seeds' is NULL on rank 0");
    Study s;
    pr_init_compare_options_init(&s.opts);
    if (opts && opts->version == 1) {  // version 1 ends before curve_eval_batches
        std::memcpy(static_cast<void *>(&s.opts), opts, offsetof(pr_init_compare_options, curve_eval_batches));
        s.opts.version = PR_INIT_COMPARE_OPTIONS_VERSION;
    } else if (opts) {
        if (opts->version != PR_INIT_COMPARE_OPTIONS_VERSION)
            fail(PR_ERR_VERSION, "argument 'opts': options version " + std::to_string(opts->version) +
                                     " is not known to this library (expected 1 or " +
                                     std::to_string(PR_INIT_COMPARE_OPTIONS_VERSION) +
                                     "); fill it with pr_init_compare_options_init()");
        s.opts = *opts;
    }
    if ((s.has_model = s.opts.model != nullptr)) s.model = *s.opts.model;
    if ((s.has_train = s.opts.train != nullptr)) s.train = *s.opts.train;
    if ((s.has_cache = s.opts.cache_dir != nullptr)) s.cache_dir = s.opts.cache_dir;
    if (n_tokens) s.tokens.assign(tokens, tokens + n_tokens);
    s.seeds.assign(seeds, seeds + n_seeds);
    for (size_t a = 0; a < n_arms; ++a) {
        if (!arms[a].label) fail(PR_ERR_INVALID_ARGUMENT, "argument 'arms[" + std::to_string(a) + "].label' is NULL");
        s.labels.push_back(arms[a].label);
        s.inits.push_back(arms[a].init);
        s.inits.back().oracle_path = nullptr;
        const char *path = arms[a].init.oracle_path;
        s.oracle_paths.push_back(path ? path : "");
        s.files.push_back(path ? read_file(path) : "");
    }
    return s;
}

std::string encode(const Study &s) {
    ByteWriter w;
    w.pod(s.opts), w.pod(s.has_model), w.pod(s.has_train), w.pod(s.has_cache);
    w.pod(s.model), w.pod(s.train), w.str(s.cache_dir);
    w.vec(s.tokens), w.vec(s.seeds), w.vec(s.inits);
    w.pod<uint64_t>(s.labels.size());
    for (size_t a = 0; a < s.labels.size(); ++a) w.str(s.labels[a]), w.str(s.oracle_paths[a]), w.str(s.files[a]);
    return std::move(w.bytes());
}

Study decode(const std::string &bytes) {
    ByteReader r(bytes);
    Study s;
    s.opts = r.pod<pr_init_compare_options>();
    s.has_model = r.pod<bool>(), s.has_train = r.pod<bool>(), s.has_cache = r.pod<bool>();
    s.model = r.pod<pr_sft_options>(), s.train = r.pod<pr_sft_train_options>(), s.cache_dir = r.str();
    s.tokens = r.vec<uint32_t>(), s.seeds = r.vec<uint64_t>(), s.inits = r.vec<pr_init_options>();
    const uint64_t n = r.pod<uint64_t>();
    if (n != s.inits.size()) fail(PR_ERR_INTERNAL, "a broadcast study has inconsistent arms");
    for (uint64_t a = 0; a < n; ++a) {
        s.labels.push_back(r.str());
        s.oracle_paths.push_back(r.str());
        s.files.push_back(r.str());
    }
    return s;
}

struct CompareFree {
    void operator()(pr_init_compare *r) const { pr_init_compare_free(r); }
};
using Compare = std::unique_ptr<pr_init_compare, CompareFree>;

// The shared run counter: one uint64 on rank 0.  kStop set = stop taking runs.
class Counter {
public:
    static constexpr uint64_t kStop = uint64_t(1) << 62;
    explicit Counter(MPI_Comm comm) {
        const bool root = rank_of(comm) == 0;
        MPI_Win_allocate(root ? sizeof(uint64_t) : 0, sizeof(uint64_t), MPI_INFO_NULL, comm, &base_, &win_);
        if (root) {
            MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win_);
            *static_cast<uint64_t *>(base_) = 0;
            MPI_Win_unlock(0, win_);
        }
        MPI_Barrier(comm);  // the counter is 0 before anyone takes from it
    }
    ~Counter() { MPI_Win_free(&win_); }
    Counter(const Counter &) = delete;
    Counter &operator=(const Counter &) = delete;
    uint64_t take() { return op(1, MPI_SUM); }
    bool stopped() { return (op(0, MPI_NO_OP) & kStop) != 0; }
    void stop() { op(kStop, MPI_BOR); }

private:
    uint64_t op(uint64_t operand, MPI_Op how) {
        uint64_t old = 0;
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win_);
        MPI_Fetch_and_op(&operand, &old, MPI_UINT64_T, 0, 0, how, win_);
        MPI_Win_unlock(0, win_);
        return old;
    }
    void *base_ = nullptr;
    MPI_Win win_ = MPI_WIN_NULL;
};

// This rank's progress over its own steps; also cancels the current run
// when another rank has stopped the counter.
struct RankProgress {
    pr_progress_fn fn = nullptr;
    void *user = nullptr;
    uint64_t before = 0, total = 0;
    Counter *counter = nullptr;
    bool stopped_by_peer = false;
    static int call(void *self, uint64_t done, uint64_t) {
        auto *p = static_cast<RankProgress *>(self);
        if (p->counter && p->counter->stopped()) {
            p->stopped_by_peer = true;
            return 1;
        }
        return p->fn && p->fn(p->user, p->before + done, p->total) != 0 ? 1 : 0;
    }
};

std::string pack(const pr_init_compare *r) {
    size_t n = 0;
    check(pr_init_compare_pack_runs(r, nullptr, 0, &n), "packing a run");
    std::string bytes(n, '\0');
    check(pr_init_compare_pack_runs(r, &bytes[0], n, &n), "packing a run");
    return bytes;
}

std::string temp_dir_of(const pr_mpi_compare_options &o) {
    if (o.temp_dir) return o.temp_dir;
    const char *t = std::getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

}  // namespace
}  // namespace prmpi

using namespace prmpi;

extern "C" {

PR_API void pr_mpi_compare_options_init(pr_mpi_compare_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    o->version = PR_MPI_COMPARE_OPTIONS_VERSION;
}

PR_API int pr_mpi_init_compare_run(pr_init_compare **out, MPI_Comm comm, const pr_init_compare_options *opts,
                                   const uint32_t *tokens, size_t n_tokens, const pr_init_arm *arms, size_t n_arms,
                                   const uint64_t *seeds, size_t n_seeds, const pr_mpi_compare_options *mopts) {
    if (out) *out = nullptr;
    return guard([&] {
        DupComm dup(comm);
        MPI_Comm c = dup.get();
        const int rank = dup.rank();
        pr_mpi_compare_options mo;
        pr_mpi_compare_options_init(&mo);
        Study study;
        std::string bytes;
        phase(c, [&] {
            if (!out) fail(PR_ERR_INVALID_ARGUMENT, "argument 'out' is NULL");
            if (mopts) {
                if (mopts->version != PR_MPI_COMPARE_OPTIONS_VERSION)
                    fail(PR_ERR_VERSION, "argument 'mopts': options version " + std::to_string(mopts->version) +
                                             " is not known (expected " +
                                             std::to_string(PR_MPI_COMPARE_OPTIONS_VERSION) +
                                             "); fill it with pr_mpi_compare_options_init()");
                mo = *mopts;
            }
            if (rank == 0) bytes = encode(from_root_args(opts, tokens, n_tokens, arms, n_arms, seeds, n_seeds));
        });
        bcast_bytes(bytes, 0, c);
        std::vector<std::unique_ptr<TempFile>> temps;  // this rank's copies of the checkpoints
        std::vector<std::string> paths;
        phase(c, [&] {
            study = decode(bytes);
            bytes.clear();
            paths = study.oracle_paths;
            if (rank != 0)
                for (size_t a = 0; a < paths.size(); ++a) {
                    if (paths[a].empty()) continue;
                    temps.push_back(std::make_unique<TempFile>(temp_dir_of(mo)));
                    temps.back()->write(study.files[a]);
                    paths[a] = temps.back()->path();
                }
            study.files.clear();
            study.bind(paths);
        });

        // The reference, trained once on rank 0 (or read from its cache).
        const bool with_reference = study.needs_reference();
        const uint64_t n_runs = uint64_t(study.labels.size()) * study.seeds.size();
        RankProgress progress;
        progress.fn = mo.progress, progress.user = mo.user;
        progress.total = n_runs * study.opts.steps + (with_reference ? study.opts.reference_steps : 0);
        Compare result;
        std::unique_ptr<TempFile> reference;
        phase(c, [&] {
            if (with_reference) reference = std::make_unique<TempFile>(temp_dir_of(mo));
            if (rank != 0) return;
            pr_init_compare_part part;
            pr_init_compare_part_init(&part);
            if (reference) part.reference_out = reference->path().c_str();
            pr_init_compare *raw = nullptr;
            const int rc = pr_init_compare_run_part(&raw, &study.opts, study.tokens.data(), study.tokens.size(),
                                                    study.arms.data(), study.arms.size(), study.seeds.data(),
                                                    study.seeds.size(), &part, RankProgress::call, &progress);
            result.reset(raw);
            check(rc, "the comparison's checks and reference model");
            if (with_reference) progress.before += study.opts.reference_steps;
            if (with_reference) bytes = read_file(reference->path());
        }, true);
        if (with_reference) {
            bcast_bytes(bytes, 0, c);
            phase(c, [&] {
                if (rank != 0) reference->write(bytes);
                bytes.clear();
            });
        }

        // Every rank takes run indices from the shared counter until none is left.
        std::string mine;  // this rank's packed runs, each prefixed by its size
        {
            Counter counter(c);
            progress.counter = &counter;
            phase(c, [&] {
                try {
                    for (;;) {
                        const uint64_t run = counter.take();
                        if (run >= n_runs) break;
                        pr_init_compare_part part;
                        pr_init_compare_part_init(&part);
                        const size_t index = size_t(run);
                        part.runs = &index, part.n_runs = 1;
                        if (reference) part.reference_in = reference->path().c_str();
                        pr_init_compare *raw = nullptr;
                        const int rc = pr_init_compare_run_part(
                            &raw, &study.opts, study.tokens.data(), study.tokens.size(), study.arms.data(),
                            study.arms.size(), study.seeds.data(), study.seeds.size(), &part, RankProgress::call,
                            &progress);
                        Compare one(raw);
                        if (rc == PR_ERR_CANCELLED && progress.stopped_by_peer) break;  // another rank failed
                        check(rc, "run " + std::to_string(run) + " (arm '" + study.labels[run % study.labels.size()] +
                                      "', seed " + std::to_string(study.seeds[run / study.labels.size()]) + ")");
                        progress.before += study.opts.steps;
                        const std::string p = pack(one.get());
                        const uint64_t size = p.size();
                        mine.append(reinterpret_cast<const char *>(&size), sizeof size);
                        mine += p;
                    }
                } catch (...) {
                    counter.stop();
                    throw;
                }
            }, true);
        }

        // Gather the packed runs on rank 0 and merge them into its result.
        uint64_t my_size = mine.size();
        std::vector<uint64_t> sizes(rank == 0 ? dup.size() : 0);
        MPI_Gather(&my_size, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, 0, c);
        std::vector<int> counts, displs;
        std::string all;
        phase(c, [&] {
            as_count(mine.size(), "the packed runs of one rank");
            if (rank != 0) return;
            uint64_t total = 0;
            for (uint64_t s : sizes) {
                displs.push_back(as_count(total, "the packed runs"));
                counts.push_back(as_count(s, "the packed runs of one rank"));
                total += s;
            }
            as_count(total, "the packed runs");
            all.resize(total);
        });
        MPI_Gatherv(mine.data(), int(mine.size()), MPI_BYTE, &all[0], counts.data(), displs.data(), MPI_BYTE, 0, c);
        phase(c, [&] {
            if (rank != 0) return;
            for (size_t at = 0; at < all.size();) {
                uint64_t size = 0;
                std::memcpy(&size, all.data() + at, sizeof size);
                at += sizeof size;
                check(pr_init_compare_merge_runs(result.get(), all.data() + at, size), "merging the ranks' runs");
                at += size;
            }
            size_t n_arms_out = 0;
            check(pr_init_compare_counts(result.get(), &n_arms_out, nullptr, nullptr), "reading the result");
            pr_init_arm_summary probe;
            check(pr_init_compare_summary(result.get(), 0, &probe), "the merged result is incomplete");
        });
        if (rank == 0) *out = result.release();
    });
}

}  // extern "C"
