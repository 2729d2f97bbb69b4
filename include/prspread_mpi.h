/* prspread_mpi.h — prspread spread over MPI ranks (libprspread_mpi.so.0).
 *
 * An optional component beside libprspread: it is built only where CMake
 * finds MPI, links libprspread through its public C API (prspread.h) only,
 * and libprspread itself never depends on MPI.  CMake: target
 * prspread::prspread_mpi (find_package(prspread) defines it when installed);
 * pkg-config: prspread_mpi.
 *
 * Conventions are those of prspread.h: int status (0 = PR_OK, negative
 * pr_status), versioned options structs filled by *_options_init, caller-owned
 * arrays, progress callbacks whose non-zero return cancels.
 *
 * Collective calls.  Every pr_mpi_* function taking a communicator is
 * collective over it: all its ranks must call it, in the same order, with the
 * same arguments unless a field says "per rank".  The calls work on a
 * duplicate of the communicator, so their messages never mix with the
 * caller's.  The caller initialises MPI (MPI_Init_thread with at least
 * MPI_THREAD_FUNNELED) and calls from one thread per rank.
 *
 * Errors on one rank become errors on every rank, never a hang.  Each call
 * runs in phases (check the arguments, read and count, reduce, build the
 * result).  At the end of every phase the ranks agree on the outcome (an
 * MPI_Allreduce of a failure flag): if any rank failed (bad argument, missing
 * or corrupt file, out-of-range id, out of memory, a cancel by its progress
 * callback), every rank returns the status of the lowest failing rank, and
 * pr_mpi_last_error() on every rank gives that rank's message prefixed with
 * "rank R: ".  No partial result is returned (*out stays NULL).  What MPI
 * cannot turn into a status is left to the MPI runtime: a rank that dies or
 * calls exit() makes mpirun abort the whole job (MPI's default error handler,
 * MPI_ERRORS_ARE_FATAL, stays in place), which ends every rank rather than
 * leaving them waiting.
 */
#ifndef PRSPREAD_MPI_H
#define PRSPREAD_MPI_H

/* The C API only: keep MPI's deprecated C++ bindings (and their link
 * dependency) out of C++ programs that include this header. */
#ifndef OMPI_SKIP_MPICXX
#define OMPI_SKIP_MPICXX 1
#endif
#ifndef MPICH_SKIP_MPICXX
#define MPICH_SKIP_MPICXX 1
#endif
#include <mpi.h>

#include "prspread.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The message of the last failed pr_mpi_* call on this thread ("" if none):
 * never NULL, lives in the library until the next failing pr_mpi_* call on
 * the thread.  Failures inside libprspread calls are copied here, so this is
 * the one message to read after a pr_mpi_* error (pr_last_error is only
 * meaningful for the rank that failed first). */
PR_API const char *pr_mpi_last_error(void);

/* ======================================================================== */
/* Exact distributed counting                                                */
/* ======================================================================== */

/* How the partial counts of the ranks are merged. */
typedef enum pr_mpi_reduction {
    /* A binomial tree: log2(P) rounds, in each of which half of the
     * remaining ranks send their whole merged sparse counts to a partner.
     * The root receives and merges about nnz(total) entries per round. */
    PR_MPI_REDUCE_TREE = 0,
    /* All-to-all by row range: the V rows are cut into P blocks of about
     * equal global entry count; each rank sends each block's entries to its
     * owner (MPI_Alltoallv), every owner merges its block, and the blocks are
     * gathered (MPI_Gatherv, or MPI_Allgatherv for result_on_all).  Each rank
     * merges only about nnz/P entries. */
    PR_MPI_REDUCE_ALLTOALL = 1
} pr_mpi_reduction;

#define PR_MPI_COUNT_OPTIONS_VERSION 1
typedef struct pr_mpi_count_options {
    uint32_t version;          /* PR_MPI_COUNT_OPTIONS_VERSION                      */
    pr_corpus_options corpus;  /* vocab_size (must be set), lag, separator,
                                  num_threads (per rank) of the result and of
                                  every rank's partial corpus                      */
    int32_t format;            /* pr_token_format of every file; default
                                  PR_TOKENS_AUTO                                   */
    int32_t file_is_document;  /* default 1: each file is a document of its own
                                  (as `prspread count --tokens` counts them);
                                  0: the files continue one stream, in order      */
    int32_t result_on_all;     /* default 0: the merged corpus lands on rank 0
                                  (*out NULL elsewhere); 1: on every rank          */
    int32_t reduction;         /* pr_mpi_reduction; default PR_MPI_REDUCE_ALLTOALL */
    double rank_weight;        /* per rank: this rank's share of the tokens is
                                  rank_weight / sum of all; default 1 (equal).
                                  0 gives a rank no tokens.  > 0 total needed.    */
    pr_progress_fn progress;   /* per rank, may be NULL: (user, tokens counted by
                                  this rank, this rank's token share); non-zero
                                  cancels on every rank (PR_ERR_CANCELLED)         */
    void *user;
} pr_mpi_count_options;

/* Fills *opts with the defaults above (corpus by pr_corpus_options_init). */
PR_API void pr_mpi_count_options_init(pr_mpi_count_options *opts);

/* Counts the token files files[0..n_files) (any format pr_corpus reads; the
 * same list on every rank, readable by every rank, e.g. on a shared file
 * system) over the ranks of comm, with counts exactly equal to one
 * pr_corpus counting them in order in one process: the concatenated stream
 * of N tokens is cut into P contiguous token ranges (by rank_weight), which
 * may split one large file at any token; a rank whose range starts inside a
 * document takes the `lag` tokens before it as context
 * (pr_corpus_set_context_u32), so each pair straddling a cut is counted once,
 * by the rank holding its right token.  The partial counts are merged by
 * opts->reduction.  On success, *out (rank 0, or every rank with
 * result_on_all) is a new corpus the caller frees with pr_corpus_free; its
 * open document is the stream's end (empty with file_is_document), so adding
 * more tokens continues exactly as one process would.  Elsewhere *out = NULL.
 * Errors (on every rank, see the top of this header): PR_ERR_INVALID_ARGUMENT
 * (NULL, n_files 0, a bad field, the file list differing between ranks),
 * PR_ERR_VERSION, any pr_corpus_create / pr_corpus_add_token_file_range error
 * (PR_ERR_IO, PR_ERR_FORMAT, PR_ERR_OUT_OF_RANGE naming file and offset),
 * PR_ERR_CANCELLED, PR_ERR_OUT_OF_RANGE if one message would pass MPI's 2^31
 * element limit. */
PR_API int pr_mpi_corpus_count_files(pr_corpus **out, MPI_Comm comm, const char *const *files, size_t n_files,
                                     const pr_mpi_count_options *opts);

/* ======================================================================== */
/* Data-parallel training                                                    */
/* ======================================================================== */

/* pr_mpi_sft_train runs n_steps steps of data-parallel training on a model
 * replicated on every rank of comm (same options, weights and data on every
 * rank: rank 0's weights are broadcast first, so only the architecture,
 * training options and data must agree).  Each step takes the global batch
 * pr_sft_step would take (pr_sft_sample_batch_i32: batch_size sequences);
 * rank r trains on rows [B r / P, B (r + 1) / P), its gradient is weighted
 * by its share of the rows, the gradients are summed in place in float32
 * (MPI_Allreduce with MPI_IN_PLACE on pr_sft_grad_buffer_f32), and every rank
 * applies the same clipped AdamW step (pr_sft_apply_grad), so the replicas
 * stay identical.  The step's loss is the row-weighted mean of the ranks'
 * losses (MPI_Allreduce in double).  on_step (may be NULL) is called on every
 * rank with the same info after each step (tokens_per_s: global batch tokens
 * / the step's wall time); a non-zero return on any rank cancels on every
 * rank after that step (PR_ERR_CANCELLED; the steps done are kept).
 * Validation: with the model's eval_interval > 0, rank 0's pr_sft_eval
 * result is broadcast into info.val_loss every eval_interval steps.
 * Compared with pr_sft_train on one process with the same global batch, the
 * only difference is the order in which float32 gradient contributions are
 * summed (per rank, then across ranks), so losses agree to float rounding.
 * Errors: as pr_sft_train on any rank, PR_ERR_MISMATCH if the ranks' models
 * differ in architecture or scalar count. */
PR_API int pr_mpi_sft_train(MPI_Comm comm, pr_sft *model, uint64_t n_steps, pr_sft_step_fn on_step,
                            void *user);

/* ======================================================================== */
/* The matched-seed study spread over ranks                                  */
/* ======================================================================== */

#define PR_MPI_COMPARE_OPTIONS_VERSION 1
typedef struct pr_mpi_compare_options {
    uint32_t version;        /* PR_MPI_COMPARE_OPTIONS_VERSION                    */
    pr_progress_fn progress; /* per rank, may be NULL: (user, training steps done
                                by this rank, steps of the whole study: every
                                run plus the reference); non-zero cancels on
                                every rank (PR_ERR_CANCELLED)                     */
    void *user;
    const char *temp_dir;    /* per rank: where this rank keeps its copies of the
                                broadcast checkpoints (removed before return);
                                default NULL = $TMPDIR, else /tmp                 */
} pr_mpi_compare_options;

/* Fills *opts with the defaults above.  NULL is ignored. */
PR_API void pr_mpi_compare_options_init(pr_mpi_compare_options *opts);

/* pr_init_compare_run with its n_arms x n_seeds independent runs spread over
 * the ranks of comm.  The study is RANK 0's: opts, tokens, arms and seeds
 * are read on rank 0 only and broadcast (other ranks may pass NULL / 0, or
 * anything: they are ignored), together with the bytes of every arm's
 * oracle_path checkpoint, so the other ranks need neither the data nor the
 * files.  mopts is per rank (NULL = defaults).
 *   - The reference model (when an ORACLE arm has no oracle_path) is trained
 *     once, on rank 0 (or read from opts->cache_dir there), and its
 *     checkpoint is broadcast as bytes.
 *   - Dynamic scheduling: every rank, rank 0 included, takes the next run
 *     index from a shared counter (MPI_Fetch_and_op on a one-sided window of
 *     rank 0) and runs it with pr_init_compare_run_part, until none is left,
 *     so uneven runs and ranks balance themselves.
 *   - The finished runs are gathered on rank 0 and merged
 *     (pr_init_compare_merge_runs).
 * Each run is computed by the same code as in one process, with rank 0's
 * options (num_threads included), so its curves, final loss and data digest
 * are bit-identical to pr_init_compare_run's with the same thread count, and
 * the result's summaries, reports and claims equal the single-process ones
 * (the report names the reference_path rank 0 used, as one process would).
 * On success *out on rank 0 is a complete pr_init_compare (free with
 * pr_init_compare_free); on the other ranks *out = NULL.
 * Errors, on every rank (see the top of this header): those of
 * pr_init_compare_run on rank 0's arguments (checked on rank 0 first), of
 * any run on any rank, PR_ERR_IO for an unreadable oracle_path on rank 0 or
 * an unwritable temp_dir (on a rank that must keep a checkpoint: every rank
 * when an arm copies from a checkpoint), PR_ERR_VERSION for mopts on any rank,
 * PR_ERR_CANCELLED when any rank's progress cancels.  A rank that fails
 * stops the counter, and the others cancel their current run within one
 * training step, then all return the error. */
PR_API int pr_mpi_init_compare_run(pr_init_compare **out, MPI_Comm comm, const pr_init_compare_options *opts,
                                   const uint32_t *tokens, size_t n_tokens, const pr_init_arm *arms,
                                   size_t n_arms, const uint64_t *seeds, size_t n_seeds,
                                   const pr_mpi_compare_options *mopts);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRSPREAD_MPI_H */
