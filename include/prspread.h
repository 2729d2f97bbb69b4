/*
 * prspread.h — the one public header of libprspread.
 *
 * prspread measures how much of a transformer's attention asymmetry can be
 * read off corpus statistics (bigram transition matrices), and uses it to
 * initialise attention weights before training.  Data flows one way:
 *
 *     pr_corpus  ->  pr_transition  ->  pr_init  ->  pr_sft
 *
 * This header is the manual.  It is C99 and has no dependencies beyond
 * <stddef.h> and <stdint.h>.
 *
 * ------------------------------------------------------------------------
 * Conventions (apply to every function unless its comment says otherwise)
 * ------------------------------------------------------------------------
 * Handles   Every object is an opaque handle created by pr_x_create(&out, ..)
 *           and released by pr_x_free(p).  pr_x_free(NULL) is a no-op.
 *           On failure a create function sets *out to NULL.
 * Status    Every fallible call returns int: PR_OK (0) or a negative
 *           pr_status.  After a failure pr_last_error() describes it, naming
 *           the argument and the offending value.
 * Errors    No exception, abort or stderr print ever crosses this ABI.
 * Options   Options live in versioned structs passed by pointer.  Always fill
 *           them with pr_x_options_init(&opts) first, then change fields.  A
 *           struct whose `version` the library does not know is rejected with
 *           PR_ERR_VERSION.  Passing NULL options means "all defaults".
 * Arrays    Arrays cross the ABI as caller-owned pointer plus sizes,
 *           row-major (C order), with the element type in the function name
 *           (_f32, _f64, _u16, ...).  The library never keeps a pointer to a
 *           caller's array after the call returns, unless stated.
 * Output    Functions that fill a caller buffer whose size the caller cannot
 *           know take a capacity and report the needed size; call once with
 *           a NULL buffer to query it.
 * Threads   One handle per thread.  A handle passed as `const` may be shared
 *           by several threads for reading at the same time.  Functions that
 *           take no handle are thread-safe.  Internally the library uses
 *           OpenMP; the number of threads is an option where it matters
 *           (0 = OpenMP's default).
 * Progress  Long operations take an optional pr_progress_fn.  It is called
 *           from the calling thread.  A non-zero return cancels: the call
 *           returns PR_ERR_CANCELLED and the handle stays valid and unchanged
 *           (or, where stated, keeps the work finished before the cancel).
 * Files     Every file the library writes is written atomically (temporary
 *           file, fsync, rename) and carries a magic number, a version and a
 *           checksum.  Loading a truncated or corrupt file is an error, never
 *           a crash.
 *
 * ABI and versioning
 *   The shared library's SONAME is libprspread.so.<PR_VERSION_MAJOR>.  While
 *   the major version is 0 the API may still change between minor versions;
 *   from 1.0 on, the SONAME changes only when the ABI breaks.  Options structs
 *   only grow at their end, and their `version` field tells the library
 *   which fields the caller knows.
 */
#ifndef PRSPREAD_H
#define PRSPREAD_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PRSPREAD_BUILDING)
#    define PR_API __declspec(dllexport)
#  else
#    define PR_API __declspec(dllimport)
#  endif
#else
#  define PR_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/* Version                                                                  */
/* ======================================================================== */

#define PR_VERSION_MAJOR 0
#define PR_VERSION_MINOR 1
#define PR_VERSION_PATCH 0
#define PR_VERSION_NUMBER \
    (PR_VERSION_MAJOR * 10000 + PR_VERSION_MINOR * 100 + PR_VERSION_PATCH)

/* "MAJOR.MINOR.PATCH" of the library actually loaded.  Static storage. */
PR_API const char *pr_version_string(void);
/* PR_VERSION_NUMBER of the library actually loaded (compare with the macro to
 * detect a header/library mismatch). */
PR_API unsigned pr_version_number(void);
/* The instruction set the library's kernels were compiled for, e.g.
 * "avx512" or "sse2".  Static storage. */
PR_API const char *pr_build_isa(void);

/* ======================================================================== */
/* Status and errors                                                        */
/* ======================================================================== */

typedef enum pr_status {
    PR_OK = 0,
    PR_ERR_INVALID_ARGUMENT = -1, /* NULL pointer, bad size, bad enum value  */
    PR_ERR_OUT_OF_RANGE = -2,     /* a value outside its allowed range       */
    PR_ERR_IO = -3,               /* a file could not be opened/read/written */
    PR_ERR_FORMAT = -4,           /* a file is truncated, corrupt or foreign */
    PR_ERR_CHECKSUM = -5,         /* a file's checksum does not match        */
    PR_ERR_NO_MEMORY = -6,        /* an allocation failed                    */
    PR_ERR_CANCELLED = -7,        /* a progress callback returned non-zero   */
    PR_ERR_NUMERIC = -8,          /* NaN/Inf or a failed numerical method    */
    PR_ERR_VERSION = -9,          /* unknown options/file version            */
    PR_ERR_MISMATCH = -10,        /* objects that must agree do not          */
    PR_ERR_BUFFER_TOO_SMALL = -11,/* the caller's buffer is too small        */
    PR_ERR_STATE = -12,           /* the call is not valid in this state     */
    PR_ERR_INTERNAL = -13         /* a bug in prspread: please report it     */
} pr_status;

/* The message of the last failed call on this thread.  Never NULL; "" if no
 * call has failed yet on this thread.  The pointer stays valid until the next
 * failing prspread call on the same thread.  Successful calls leave it as is. */
PR_API const char *pr_last_error(void);

/* A short constant name for a status, e.g. "PR_ERR_OUT_OF_RANGE".  Static
 * storage; unknown values give "PR_ERR_UNKNOWN". */
PR_API const char *pr_status_name(int status);

/* Progress callback for long operations.  `done` grows monotonically up to
 * `total` (in units the operation documents).  Return 0 to continue, any
 * other value to cancel. */
typedef int (*pr_progress_fn)(void *user, uint64_t done, uint64_t total);

/* ======================================================================== */
/* pr_corpus — exact streaming bigram counts                                */
/* ======================================================================== */

/* A pr_corpus accumulates EXACT counts C[a,b] of token b following token a
 * at distance `lag` (b = x[i + lag] when a = x[i]; lag 1 gives bigrams), plus
 * unigram counts, over a vocabulary of V ids 0..V-1.  Input streams in
 * chunks of any size and dtype; the counts are identical however a stream is
 * chunked (pairs spanning two chunks are counted: the last `lag` tokens of a
 * document are carried over).  No pair is ever counted across a document
 * boundary: pr_corpus_end_document() or the optional separator token.
 * Memory grows with the number of distinct pairs (nnz) plus O(V), never with
 * V^2 or with the length of the stream.
 *
 * Threads: one handle per thread for adding; a const handle may be read
 * (counts, nnz, export, save) from several threads at once.  Adding uses up
 * to options.num_threads OpenMP threads internally. */
typedef struct pr_corpus pr_corpus;

#define PR_CORPUS_OPTIONS_VERSION 1

typedef struct pr_corpus_options {
    uint32_t version;    /* PR_CORPUS_OPTIONS_VERSION (set by _options_init) */
    uint32_t vocab_size; /* V: 1 .. 2^31.  Default 0, which create rejects:
                            you must set it.                                 */
    uint32_t lag;        /* pair distance, >= 1.  Default 1 (bigrams).        */
    int32_t num_threads; /* threads used while counting; 0 = OpenMP default.  */
    int64_t separator;   /* a token id (< V) that ends a document, or -1
                            (default) for none.  Separators are boundaries,
                            not tokens: they appear in no pair and are not
                            counted as unigrams.                             */
} pr_corpus_options;

/* Fills *opts with the defaults above. */
PR_API void pr_corpus_options_init(pr_corpus_options *opts);

/* Creates an empty corpus.  opts must be non-NULL (vocab_size has no useful
 * default).  Errors: PR_ERR_INVALID_ARGUMENT (NULL, vocab_size 0, lag 0,
 * num_threads < 0), PR_ERR_OUT_OF_RANGE (vocab_size > 2^31, separator >= V),
 * PR_ERR_VERSION.  The caller owns *out and frees it with pr_corpus_free. */
PR_API int pr_corpus_create(pr_corpus **out, const pr_corpus_options *opts);
PR_API void pr_corpus_free(pr_corpus *corpus);

/* Counts the next n tokens of the current document.  The array is read
 * during the call only (zero-copy).  Every id is checked before anything is
 * counted: an id < 0 or >= V gives PR_ERR_OUT_OF_RANGE naming the id, V and
 * its offset in the chunk, and the corpus is left exactly as it was.
 * tokens may be NULL when n == 0. */
PR_API int pr_corpus_add_u8(pr_corpus *corpus, const uint8_t *tokens, size_t n);
PR_API int pr_corpus_add_u16(pr_corpus *corpus, const uint16_t *tokens, size_t n);
PR_API int pr_corpus_add_u32(pr_corpus *corpus, const uint32_t *tokens, size_t n);
PR_API int pr_corpus_add_i32(pr_corpus *corpus, const int32_t *tokens, size_t n);
PR_API int pr_corpus_add_i64(pr_corpus *corpus, const int64_t *tokens, size_t n);

/* Ends the current document: the next token starts a new one, so no pair
 * links the two.  Cheap; calling it twice is harmless. */
PR_API int pr_corpus_end_document(pr_corpus *corpus);

/* Shape and totals.  total_tokens counts tokens (separators excluded);
 * total_pairs is the sum of all C[a,b]; nnz the number of distinct pairs. */
PR_API int pr_corpus_vocab_size(const pr_corpus *corpus, uint32_t *out);
PR_API int pr_corpus_lag(const pr_corpus *corpus, uint32_t *out);
PR_API int pr_corpus_total_tokens(const pr_corpus *corpus, uint64_t *out);
PR_API int pr_corpus_total_pairs(const pr_corpus *corpus, uint64_t *out);
PR_API int pr_corpus_nnz(const pr_corpus *corpus, uint64_t *out);

/* C[a,b] for one pair (0 if never seen).  PR_ERR_OUT_OF_RANGE if a or b >= V. */
PR_API int pr_corpus_count(const pr_corpus *corpus, uint32_t a, uint32_t b, uint64_t *out);

/* Unigram counts into out[0..V-1]; capacity must be >= V, else
 * PR_ERR_BUFFER_TOO_SMALL. */
PR_API int pr_corpus_unigram_u64(const pr_corpus *corpus, uint64_t *out, size_t capacity);

/* CSR export of C: row_ptr[V+1], col_idx[nnz] (ascending within each row),
 * counts[nnz].  Size query first: with col_idx == NULL and counts == NULL
 * only *nnz_out is set (row_ptr may then be NULL too).  Otherwise row_ptr
 * must hold V+1 entries and capacity (entries of col_idx and counts) must be
 * >= nnz, else PR_ERR_BUFFER_TOO_SMALL (with *nnz_out set). */
PR_API int pr_corpus_export_csr(const pr_corpus *corpus, uint64_t *row_ptr, uint32_t *col_idx,
                                uint64_t *counts, uint64_t capacity, uint64_t *nnz_out);

/* Adds other's counts into corpus; other is unchanged.  Shards counted
 * separately merge to exactly the counts of one pass over their
 * concatenation when each shard ends at a document boundary (a pair cut by
 * a shard boundary cannot be recovered).  corpus's open document continues
 * unchanged.  PR_ERR_MISMATCH unless vocab_size and lag agree. */
PR_API int pr_corpus_merge(pr_corpus *corpus, const pr_corpus *other);

/* Changes the number of threads used from now on (0 = OpenMP default). */
PR_API int pr_corpus_set_num_threads(pr_corpus *corpus, int num_threads);

/* Saves the counts (and the open document's last tokens, so a loaded corpus
 * continues the stream exactly) to a versioned binary file with magic
 * "PRCORPUS", format version and XXH64 checksum, written atomically.
 * Errors: PR_ERR_IO. */
PR_API int pr_corpus_save(const pr_corpus *corpus, const char *path);

/* Loads a file written by pr_corpus_save.  Errors: PR_ERR_IO (missing or
 * unreadable), PR_ERR_FORMAT (not a corpus file, truncated, inconsistent),
 * PR_ERR_VERSION (format version unknown), PR_ERR_CHECKSUM.  The loaded
 * corpus uses OpenMP's default thread count; see pr_corpus_set_num_threads. */
PR_API int pr_corpus_load(pr_corpus **out, const char *path);

/* ======================================================================== */
/* pr_transition — T, T^k through embeddings, spectra, PR                   */
/* ======================================================================== */

/* ======================================================================== */
/* pr_init — attention initialisation from corpus asymmetry                 */
/* ======================================================================== */

/* ======================================================================== */
/* pr_sft — GPT-style CPU trainer                                           */
/* ======================================================================== */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRSPREAD_H */
