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

/* ======================================================================== */
/* pr_transition — T, T^k through embeddings, spectra, PR                   */
/* ======================================================================== */

/* T is the row-stochastic bigram transition matrix of a corpus, kept sparse:
 * T = S + u 1^T (+ g pi^T), where S holds the counted cells, u the additive
 * smoothing (or the uniform policy for empty rows) and g marks empty rows
 * that jump to the stationary distribution.  T is never densified and T^k is
 * never formed: powers act on V x d embedding blocks (sparse x dense), and
 * the d x d results are computed in double.
 *
 * Thread rules: a pr_transition is immutable after creation; a const handle
 * may be used by several threads at once.  Functions without a handle are
 * thread-safe. */
typedef struct pr_transition pr_transition;

/* What to do with a row that has no outgoing counts (the last token of a
 * stream, or a token never followed by anything).  The policy applies to
 * such rows whether or not smoothing is on; smoothing applies to the rest. */
typedef enum pr_dangling_policy {
    PR_DANGLING_UNIFORM = 0,    /* the row becomes uniform 1/V              */
    PR_DANGLING_SELF_LOOP = 1,  /* T[a,a] = 1                               */
    PR_DANGLING_STATIONARY = 2  /* the row becomes pi (then pi is the
                                   quasi-stationary distribution of the
                                   counted part)                            */
} pr_dangling_policy;

typedef enum pr_stationary_method {
    PR_STATIONARY_POWER = 0,   /* lazy power iteration pi <- (pi + pi T)/2,
                                  started from the unigram frequencies      */
    PR_STATIONARY_UNIGRAM = 1  /* the unigram frequencies themselves        */
} pr_stationary_method;

#define PR_TRANSITION_OPTIONS_VERSION 1
typedef struct pr_transition_options {
    uint32_t version;          /* PR_TRANSITION_OPTIONS_VERSION             */
    double alpha;              /* additive smoothing per cell: T[a,b] =
                                  (C[a,b] + alpha) / (r_a + alpha V). 0     */
    int dangling;              /* pr_dangling_policy. UNIFORM               */
    int stationary;            /* pr_stationary_method. POWER               */
    double tolerance;          /* power iteration stops at ||pi T - pi||_1
                                  <= tolerance. 1e-12                       */
    uint32_t max_iterations;   /* power iteration cap. 10000                */
    int threads;               /* OpenMP threads, 0 = default. 0            */
} pr_transition_options;

/* Fills *opts with the defaults above.  NULL is ignored. */
PR_API void pr_transition_options_init(pr_transition_options *opts);

/* Builds T from raw CSR bigram counts: row a holds the pairs (a, b) with
 * columns col[row_ptr[a] .. row_ptr[a+1]) strictly increasing and counts
 * count[...] (zeros are allowed and ignored).  `unigram` (vocab_size
 * entries, may be NULL) gives the token frequencies used as the unigram
 * stationary estimate and the power-iteration start; NULL uses the row sums.
 * The arrays are copied.  *out is NULL on failure.
 * Errors: INVALID_ARGUMENT for NULL pointers, vocab_size 0, an empty table
 * ("the corpus is empty"), a column >= vocab_size, unsorted columns or bad
 * options; VERSION for an unknown options version. */
PR_API int pr_transition_create_csr(pr_transition **out, uint32_t vocab_size, const uint64_t *row_ptr,
                                    const uint32_t *col, const uint64_t *count, const uint64_t *unigram,
                                    const pr_transition_options *opts);

/* Releases T.  NULL is a no-op. */
PR_API void pr_transition_free(pr_transition *t);

typedef struct pr_transition_info {
    uint32_t vocab_size;
    uint64_t nnz;                    /* stored cells of the sparse part S   */
    uint64_t dangling_rows;          /* rows with no outgoing counts        */
    double alpha;
    int dangling;                    /* pr_dangling_policy used             */
    int stationary;                  /* pr_stationary_method used           */
    uint32_t stationary_iterations;  /* power iterations run (0 for unigram)*/
    double stationary_residual;      /* ||pi T - pi||_1 of the returned pi  */
    int stationary_converged;        /* 1 if residual <= tolerance (always
                                        1 for the unigram estimate)         */
} pr_transition_info;

/* Describes T.  A power iteration that hit max_iterations is not an error:
 * check stationary_converged. */
PR_API int pr_transition_info_get(const pr_transition *t, pr_transition_info *out);

/* Copies pi (vocab_size doubles) into `pi`.  BUFFER_TOO_SMALL if capacity <
 * vocab_size. */
PR_API int pr_transition_stationary_f64(const pr_transition *t, double *pi, size_t capacity);

/* One entry T[a,b] (including smoothing and the dangling policy).
 * OUT_OF_RANGE for an index >= vocab_size. */
PR_API int pr_transition_entry_f64(const pr_transition *t, uint32_t a, uint32_t b, double *out);

typedef struct pr_irreversibility {
    double flux_frobenius;      /* ||Pi T - T^T Pi||_F, Pi = diag(pi); 0 iff
                                   detailed balance holds                   */
    double entropy_production;  /* sum_{a<b} (J_ab) log(pi_a T_ab / pi_b T_ba),
                                   J_ab = pi_a T_ab - pi_b T_ba, in nats per
                                   step; +INFINITY if one_way_pairs > 0     */
    uint64_t one_way_pairs;     /* pairs {a,b} where only one direction has
                                   probability > 0 (smoothing removes them) */
} pr_irreversibility;

/* Exact, without densifying T.  Costs O(nnz log) plus, when smoothing or the
 * uniform/stationary dangling terms are present, O(V^2) for the entropy
 * production (a few seconds at V = 50k). */
PR_API int pr_transition_irreversibility(const pr_transition *t, pr_irreversibility *out);

/* Y = T X for a row-major rows x d float32 block (rows == vocab_size).
 * X and Y are caller-owned and must not overlap.  MISMATCH if rows !=
 * vocab_size; NUMERIC for NaN/Inf in X (row and column named). */
PR_API int pr_transition_apply_f32(const pr_transition *t, const float *X, size_t rows, size_t d, float *Y);

/* How M_k is formed from T^k and the embedding E (V x d). */
typedef enum pr_projection_mode {
    PR_MODE_RAW = 0,                 /* E^T T^k E                            */
    PR_MODE_CENTER_EMBEDDINGS = 1,   /* E_c^T T^k E_c, E_c = E - 1 mu^T with
                                        mu the (unweighted) mean row of E    */
    PR_MODE_SUBTRACT_STATIONARY = 2, /* E^T (T^k - 1 pi^T) E                 */
    PR_MODE_FLUX = 3                 /* E^T (Pi T^k - (T^k)^T Pi) E: exactly
                                        antisymmetric, immune to E's mean    */
} pr_projection_mode;
#define PR_MODE_COUNT 4

/* "raw", "center_embeddings", "subtract_stationary", "flux"; "unknown" for
 * other values.  Static storage. */
PR_API const char *pr_projection_mode_name(int mode);

#define PR_PROJECTION_OPTIONS_VERSION 1
typedef struct pr_projection_options {
    uint32_t version;         /* PR_PROJECTION_OPTIONS_VERSION              */
    uint32_t max_power;       /* K: powers k = 1..K. 8                      */
    int mode;                 /* pr_projection_mode (pr_transition_project
                                 only; the PR table uses every mode). RAW   */
    pr_progress_fn progress;  /* called after each power with (k, K). NULL  */
    void *progress_user;
} pr_projection_options;

PR_API void pr_projection_options_init(pr_projection_options *opts);

/* M_k for k = 1..K into `M` (K * d * d doubles, row-major, M_k starting at
 * M + (k-1)*d*d).  E is the caller's row-major rows x d float32 embedding,
 * read in place (rows == vocab_size).  Cost: K sparse x dense products of
 * nnz * d and K float32 GEMMs of V * d^2 (accumulated in double).
 * Errors: MISMATCH (rows != vocab_size), NUMERIC (NaN/Inf in E: row and
 * column named), INVALID_ARGUMENT (d = 0, max_power = 0, bad mode),
 * BUFFER_TOO_SMALL (capacity < K*d*d), CANCELLED (M then holds the powers
 * finished before the cancel). */
PR_API int pr_transition_project_f32(const pr_transition *t, const float *E, size_t rows, size_t d,
                                     const pr_projection_options *opts, double *M, size_t capacity);

/* S = (M + M^T)/2 and A = (M - M^T)/2 of a d x d matrix.  S or A may be
 * NULL; neither may alias M. */
PR_API int pr_split_sym_antisym_f64(const double *M, size_t d, double *S, double *A);

/* ---- spectra of d x d matrices (corpus M_k or trained W_Q W_K^T) -------- */

typedef struct pr_spectrum {
    double pr;              /* (sum s^2)^2 / sum s^4  (sigma^2 convention)  */
    double pr_sigma;        /* (sum s)^2 / sum s^2    (sigma convention)    */
    double planes;          /* pr / 2: rotation planes for antisymmetric A  */
    double effective_rank;  /* exp(H(s / |s|_1)), Roy & Vetterli            */
    double stable_rank;     /* |M|_F^2 / |M|_2^2                            */
    double frobenius;       /* |M|_F                                        */
    double spectral_norm;   /* |M|_2                                        */
} pr_spectrum;

/* Spectrum of the d x d row-major matrix M.  singular_values (d doubles,
 * descending) may be NULL.  A zero matrix gives all-zero fields.
 * Errors: INVALID_ARGUMENT (NULL, d = 0), NUMERIC (NaN/Inf). */
PR_API int pr_spectrum_f64(const double *M, size_t d, double *singular_values, pr_spectrum *out);

/* Spectrum of the antisymmetric part A = (M - M^T)/2 (pass M as is; an
 * already antisymmetric M is its own part).  Singular values come in pairs;
 * `plane_frequencies` (d/2 doubles, may be NULL) receives omega_i, the mean
 * of each pair, descending.  pr counts both members of a pair, so one plane
 * gives pr = 2 and planes = 1. */
PR_API int pr_spectrum_antisym_f64(const double *M, size_t d, double *plane_frequencies, pr_spectrum *out);

/* Which part of a matrix a similarity or basis refers to. */
typedef enum pr_matrix_part {
    PR_PART_FULL = 0,
    PR_PART_ANTISYMMETRIC = 1,
    PR_PART_SYMMETRIC = 2
} pr_matrix_part;

/* An orthonormal basis of the top `planes` invariant planes of the chosen
 * part of M: the leading 2*planes left singular vectors, written as a
 * d x (2*planes) row-major array (`basis`, capacity in doubles).  For the
 * antisymmetric part, columns 2i and 2i+1 span plane i.
 * OUT_OF_RANGE unless 1 <= planes <= d/2. */
PR_API int pr_top_planes_f64(const double *M, size_t d, int part, size_t planes, double *basis, size_t capacity);

#define PR_SIMILARITY_OPTIONS_VERSION 1
typedef struct pr_similarity_options {
    uint32_t version;       /* PR_SIMILARITY_OPTIONS_VERSION                 */
    int part;               /* pr_matrix_part compared. ANTISYMMETRIC        */
    uint32_t planes;        /* r for the subspace measure. 4                 */
    uint32_t null_samples;  /* null draws (0 = no null). 32                  */
    uint64_t seed;          /* null draws are reproducible. 1                */
} pr_similarity_options;

PR_API void pr_similarity_options_init(pr_similarity_options *opts);

/* One similarity with its null distribution: z = (value - null_mean) /
 * null_std (0 when no null was drawn). */
typedef struct pr_similarity_stat {
    double value, null_mean, null_std, z;
} pr_similarity_stat;

typedef struct pr_similarity {
    pr_similarity_stat frobenius_cosine;  /* <A,B>_F / (|A|_F |B|_F) of the parts */
    pr_similarity_stat subspace_overlap;  /* mean cos^2 of the 2r principal angles
                                             between the top-r plane subspaces;
                                             a random pair gives about 2r/d       */
    pr_similarity_stat spectrum_cosine;   /* cosine of the sorted singular-value
                                             vectors (the source's "spectral
                                             cosine"; near 1 even for unrelated
                                             matrices: read it with its null)     */
    double min_principal_cosine;          /* cos of the largest principal angle */
    double max_principal_cosine;          /* cos of the smallest one             */
} pr_similarity;

/* Compares two d x d row-major matrices A and B (part chosen in opts).
 * Null for frobenius_cosine and subspace_overlap: A against Q B Q^T with
 * Haar-random orthogonal Q (same shape and spectrum as B, random
 * orientation).  Null for spectrum_cosine: A against an iid Gaussian d x d
 * matrix (same part), since a rotation leaves the sorted spectrum unchanged.
 * Cost: 2 SVDs plus null_samples * O(d^3).
 * Errors: INVALID_ARGUMENT (NULL, d < 2, bad part), OUT_OF_RANGE (planes),
 * NUMERIC (NaN/Inf), VERSION. */
PR_API int pr_similarity_f64(const double *A, const double *B, size_t d, const pr_similarity_options *opts,
                             pr_similarity *out);

/* Cosines of the 2*planes principal angles between the top-`planes`
 * subspaces of the chosen parts of A and B, descending, into `cosines`
 * (2*planes doubles). */
PR_API int pr_principal_cosines_f64(const double *A, const double *B, size_t d, int part, size_t planes,
                                    double *cosines);

/* ---- embeddings ---------------------------------------------------------- */

/* Fills the caller's rows x d row-major float32 E with seeded Gaussian
 * embeddings: E[a,:] = scale * (z_a + mean_strength * sqrt(d) * m), z_a ~
 * N(0, I_d), m a seeded random unit vector.  mean_strength is the norm of the
 * shared mean row relative to a row's own part (0 = no mean; trained
 * embeddings typically have a large one, which is what locks raw PR at 2).
 * Same seed, same E.  Errors: INVALID_ARGUMENT (NULL, rows or d = 0, scale
 * <= 0, mean_strength < 0 or non-finite). */
PR_API int pr_embeddings_gaussian_f32(float *E, size_t rows, size_t d, uint64_t seed, double scale,
                                      double mean_strength);

/* ---- the PR table -------------------------------------------------------- */

/* One row: the antisymmetric part A_k of M_k under one mode. */
typedef struct pr_pr_row {
    int mode;               /* pr_projection_mode                            */
    const char *mode_name;  /* static storage                                */
    uint32_t power;         /* k                                             */
    double pr;              /* PR(A_k), sigma^2 convention                   */
    double pr_sigma;        /* PR(A_k), sigma convention                     */
    double planes;          /* pr / 2                                        */
    double effective_rank;  /* of A_k's singular values                      */
    double stable_rank;     /* of A_k                                        */
    double antisym_norm;    /* |A_k|_F                                       */
    double sym_norm;        /* |S_k|_F (0 for flux)                          */
    double top_plane_share; /* omega_1^2 / sum omega_i^2: the leading plane's
                               share of |A_k|_F^2 (1 = a single plane)       */
} pr_pr_row;

/* PR(A_k) for k = 1..K under every mode, in one pass over the powers:
 * K * PR_MODE_COUNT rows, ordered by power then mode.  rows may be NULL to
 * query: *needed (may be NULL) receives K * PR_MODE_COUNT.  opts->mode is
 * ignored.  Errors as pr_transition_project_f32, BUFFER_TOO_SMALL if
 * capacity < needed (rows untouched). */
PR_API int pr_transition_pr_table_f32(const pr_transition *t, const float *E, size_t rows_E, size_t d,
                                      const pr_projection_options *opts, pr_pr_row *rows, size_t capacity,
                                      size_t *needed);

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
