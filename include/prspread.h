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

/* ======================================================================== */
/* pr_init — attention initialisation from corpus asymmetry                 */
/* ======================================================================== */

/*
 * Weights for W_Q, W_K (and optionally W_V, W_O) of L layers x H heads, from
 * corpus asymmetry or a baseline, plus a matched-seed comparison harness.
 * Layout is pr_sft's: w_q, w_k, w_v [d, d] in [in, out] layout, head h owns
 * columns h*dh..(h+1)*dh (dh = d / H), so head h's bilinear form is
 * W_QK^h = w_q[:, h] w_k[:, h]^T; c_proj (W_O) [d, d] [in, out], head h owns
 * rows h*dh..(h+1)*dh.  Stacked outputs are [L, d, d] row-major.
 *
 * Strategies (all deterministic given `seed`):
 *   PR_INIT_RANDOM     w_q, w_k ~ N(0, random_std^2).  The baseline.
 *   PR_INIT_DIRECT     A_k = antisymmetric part of M_k = E^T T^k E (power
 *                      `power`, form `mode`), injected as sum_h W_QK^h by SVD:
 *                      A = U diag(s) V^T, head h gets the triples of its band,
 *                      Q_h = U_band sqrt(s_band), K_h = V_band sqrt(s_band).
 *                      PER_HEAD banding: head h takes triples h*dh..(h+1)*dh-1
 *                      (the heads together reproduce A exactly); SHARED:
 *                      every head takes the top dh.  With even dh each head
 *                      gets whole rotation planes, so its form is antisymmetric.
 *   PR_INIT_PR_BLEND   the PR-matched blend of the corpus powers 1..K
 *                      (K = blend_powers) and a seeded random antisymmetric
 *                      complement R (complement_planes planes, 0 = d/2):
 *                        Abar = sum_{k=1..K} A_k / ||A_k||_F
 *                        B(w) = (1-w) Abar/||Abar||_F + w R/||R||_F
 *                        PR(B) = (sum s_i^2)^2 / sum s_i^4  (s = sing. values)
 *                      w in [0,1] is found by bisection so that
 *                      |PR(B(w)) - blend_target_pr| <= blend_tolerance; a
 *                      target outside [PR(B(0)), PR(B(1))] is
 *                      PR_ERR_OUT_OF_RANGE naming both ends.  B(w) is then
 *                      factorised like DIRECT.
 *   PR_INIT_ORACLE     copies tensors from a trained checkpoint (ours, or
 *                      Hugging Face GPT-2 safetensors with fused c_attn,
 *                      optionally prefixed "transformer.").  `oracle_tensors`
 *                      (PR_INIT_COPY_* bits) says which; default W_Q | W_K.
 *   PR_INIT_MIMETIC    Trockman & Kolter 2023: per head W_QK^h = best rank-dh
 *                      part of a1 Z + b1 I, Z ~ N(0, 1/d); with W_V/W_O:
 *                      W_V W_O = a2 Z' - b2 I.  Defaults a1 = b1 = 0.7,
 *                      a2 = b2 = 0.4 (the paper's).
 *   PR_INIT_SYMMETRIC  w_k = w_q ~ N(0, random_std^2) (W_QK^h is PSD).
 * Symmetric component (DIRECT and PR_BLEND): the target becomes
 * A + sym_weight * ||A||_F * S/||S||_F with S = I (IDENTITY) or a seeded
 * random symmetric matrix (RANDOM); NONE adds nothing.
 * Scale calibration (every strategy except RANDOM and ORACLE): each head's
 * (Q_h, K_h) is multiplied by one common factor so that ||W_QK^h||_F
 * (FROBENIUS) or the std over token pairs of e_a^T W_QK^h e_b (LOGIT_STD, e =
 * rows of E) equals that of the RANDOM head with the same seed and layer:
 * only structure changes, not magnitude.  NONE keeps raw magnitudes.
 * Embedding E: the model's own initial wte (PR_INIT_EMBED_MODEL, default), or
 * PPMI-SVD embeddings of the corpus (PR_INIT_EMBED_PPMI_SVD), rescaled to the
 * Frobenius norm of the model's wte, which they then also replace.
 * Corpus forms here are computed densely (vocab <= 8192) from the token
 * stream: T = row-normalised bigram counts (a row never followed is uniform),
 * pi by power iteration, and the modes
 *   RAW                  E^T T^k E
 *   CENTER_EMBEDDINGS    Ec^T T^k Ec, Ec = E - 1 mean(E)     (default)
 *   SUBTRACT_STATIONARY  E^T (T^k - 1 pi^T) E
 *   FLUX                 E^T (Pi T^k - T^k^T Pi) E, Pi = diag(pi)
 */

struct pr_sft; /* the pr_sft handle, declared in full in the pr_sft section */

typedef enum pr_init_strategy {
    PR_INIT_RANDOM = 0,
    PR_INIT_DIRECT = 1,
    PR_INIT_PR_BLEND = 2,
    PR_INIT_ORACLE = 3,
    PR_INIT_MIMETIC = 4,
    PR_INIT_SYMMETRIC = 5
} pr_init_strategy;

typedef enum pr_init_form_mode {
    PR_INIT_MODE_RAW = 0,
    PR_INIT_MODE_CENTER_EMBEDDINGS = 1,
    PR_INIT_MODE_SUBTRACT_STATIONARY = 2,
    PR_INIT_MODE_FLUX = 3
} pr_init_form_mode;

typedef enum pr_init_banding { PR_INIT_BAND_PER_HEAD = 0, PR_INIT_BAND_SHARED = 1 } pr_init_banding;
typedef enum pr_init_sym_component {
    PR_INIT_SYM_NONE = 0, PR_INIT_SYM_RANDOM = 1, PR_INIT_SYM_IDENTITY = 2
} pr_init_sym_component;
typedef enum pr_init_scale {
    PR_INIT_SCALE_NONE = 0, PR_INIT_SCALE_FROBENIUS = 1, PR_INIT_SCALE_LOGIT_STD = 2
} pr_init_scale;
typedef enum pr_init_embedding { PR_INIT_EMBED_MODEL = 0, PR_INIT_EMBED_PPMI_SVD = 1 } pr_init_embedding;

/* Bits of pr_init_options.oracle_tensors. */
#define PR_INIT_COPY_WQ 0x1u   /* h.{l}.attn.w_q            */
#define PR_INIT_COPY_WK 0x2u   /* h.{l}.attn.w_k            */
#define PR_INIT_COPY_WV 0x4u   /* h.{l}.attn.w_v            */
#define PR_INIT_COPY_WO 0x8u   /* h.{l}.attn.c_proj.weight  */
#define PR_INIT_COPY_ALL 0x80000000u /* every tensor of the model (positive control) */

#define PR_INIT_OPTIONS_VERSION 1
typedef struct pr_init_options {
    uint32_t version;          /* PR_INIT_OPTIONS_VERSION                        */
    int32_t strategy;          /* pr_init_strategy; default PR_INIT_RANDOM       */
    uint32_t power;            /* DIRECT: k in T^k; default 1 (1..64)            */
    int32_t mode;              /* pr_init_form_mode; default CENTER_EMBEDDINGS   */
    int32_t banding;           /* pr_init_banding; default PER_HEAD              */
    uint32_t blend_powers;     /* PR_BLEND: K; default 4 (powers 1..K)           */
    double blend_target_pr;    /* default 8.75                                   */
    double blend_tolerance;    /* default 0.05                                   */
    uint32_t blend_complement_planes; /* default 0 = d/2 (full rank)             */
    int32_t sym_component;     /* pr_init_sym_component; default NONE            */
    double sym_weight;         /* ||S||_F / ||A||_F; default 1                   */
    int32_t scale;             /* pr_init_scale; default FROBENIUS               */
    double random_std;         /* default 0 = the model's init_std (0.02 in pure
                                  calls without a model)                        */
    double mimetic_alpha_qk, mimetic_beta_qk; /* default 0.7, 0.7               */
    double mimetic_alpha_vo, mimetic_beta_vo; /* default 0.4, 0.4               */
    int32_t with_vo;           /* default 0; 1: also set W_V, W_O (random with the
                                  model's init, or mimetic's W_V W_O)            */
    int32_t embedding;         /* pr_init_embedding; default MODEL               */
    uint64_t seed;             /* default 0                                      */
    const char *oracle_path;   /* ORACLE: checkpoint (.safetensors); borrowed
                                  for the call.  NULL in the harness = its
                                  cached reference model                         */
    uint32_t oracle_tensors;   /* PR_INIT_COPY_* bits; default WQ | WK           */
} pr_init_options;

PR_API void pr_init_options_init(pr_init_options *opts);

/* "random", "direct", "pr_blend", "oracle", "mimetic", "symmetric"; NULL for
 * an unknown value.  Static storage. */
PR_API const char *pr_init_strategy_name(int strategy);

/* One line naming the strategy and every option that matters for it, e.g.
 * "pr_blend(K=4, mode=center_embeddings, target_pr=8.75, ...)" or
 * "oracle(copy=w_q,w_k)".  Size query: buf NULL -> *needed (with the NUL).
 * PR_ERR_BUFFER_TOO_SMALL if cap < *needed. */
PR_API int pr_init_describe(const pr_init_options *opts, char *buf, size_t cap, size_t *needed);

/* What the init did to one layer. */
typedef struct pr_init_layer_report {
    double blend_weight;  /* PR_BLEND: w (else 0)                                */
    double blend_pr;      /* PR_BLEND: PR(B(w)) reached (else 0)                 */
    double antisym_pr;    /* PR of the antisymmetric part of sum_h W_QK^h        */
    double symmetry;      /* ||S||^2/||M||^2 of sum_h W_QK^h                     */
    double scale_min, scale_max; /* calibration factors over heads (1 if none)  */
    uint32_t zero_heads;  /* heads left with a zero form (rank-deficient target;
                             such a head gets no gradient on W_Q, W_K)          */
} pr_init_layer_report;

/* Pure generation (no model): corpus_forms holds n_forms d x d matrices
 * [n_forms, d, d] (M_1..M_K or A_1..A_K: only the antisymmetric part is
 * used; DIRECT uses the first, PR_BLEND all; may be NULL for the others).
 * embedding [vocab, d] is needed only for PR_INIT_SCALE_LOGIT_STD (else may be
 * NULL).  Writes w_q, w_k [n_layer, d, d]; w_v, w_o likewise if both non-NULL
 * (random, or mimetic's).  reports: n_layer entries or NULL.  ORACLE is
 * PR_ERR_INVALID_ARGUMENT here (use pr_init_apply).  Thread-safe. */
PR_API int pr_init_generate_f32(const pr_init_options *opts, uint32_t n_layer, uint32_t n_head,
                                uint32_t d_model, const float *corpus_forms, uint32_t n_forms,
                                const float *embedding, uint64_t vocab, float *w_q, float *w_k,
                                float *w_v, float *w_o, pr_init_layer_report *reports);

/* The corpus forms M_1..M_max_power [max_power, d, d] (double) of a token
 * stream under an embedding [vocab, d] (float32), in the given mode (see
 * above).  Tokens must be < vocab (PR_ERR_OUT_OF_RANGE naming id and
 * offset); vocab <= 8192.  Thread-safe. */
PR_API int pr_init_corpus_forms_f64(const uint32_t *tokens, size_t n_tokens, uint32_t vocab,
                                    const float *embedding, uint32_t d, uint32_t max_power,
                                    int mode, double *out);

/* Initialises `model` in place: E is its current wte (or PPMI-SVD of the
 * tokens, which then replaces wte), the corpus forms come from `tokens`
 * (needed for DIRECT, PR_BLEND and PPMI-SVD; may be NULL otherwise), and the
 * strategy's tensors are written with pr_sft_set_param_f32.  ORACLE reads
 * opts->oracle_path; its tensors must match the model's shapes
 * (PR_ERR_MISMATCH naming the tensor).  reports: n_reports >= n_layer entries
 * or NULL.  Optimizer state is left alone (call before training). */
PR_API int pr_init_apply(struct pr_sft *model, const pr_init_options *opts, const uint32_t *tokens,
                         size_t n_tokens, pr_init_layer_report *reports, size_t n_reports);

/* Writes every parameter of `model` to a safetensors file (F32, pr_sft
 * names, atomic), loadable by PyTorch as described in the pr_sft section. */
PR_API int pr_init_save_model_safetensors(const struct pr_sft *model, const char *path);

/* Writes generated attention weights [n_layer, d, d] to safetensors under
 * pr_sft's names (h.{l}.attn.w_q, w_k, and w_v, c_proj.weight if non-NULL). */
PR_API int pr_init_save_weights_safetensors(const char *path, uint32_t n_layer, uint32_t d_model,
                                            const float *w_q, const float *w_k, const float *w_v,
                                            const float *w_o);

/* ---- comparison harness ------------------------------------------------ */
/*
 * Matched-seed comparison of init strategies on one corpus.  For every arm
 * and seed, a fresh pr_sft model (weight seed = the seed) gets the arm's
 * init (opts.seed = the seed) and trains `steps` steps on batches sampled by
 * pr_sft's sampler from (data_seed, step): every arm sees the identical batch
 * sequence (an XXH64 of all batches is kept per run as proof).  data_seed is
 * the train options' data_seed, plus the seed if vary_data_with_seed.  The
 * schedule's horizon max_steps is set to `steps`.  Validation loss (pr_sft's
 * fixed validation batches) is measured at step 0, every eval_interval steps
 * and at `steps`.
 *
 * Per arm, over seeds: final validation loss mean, sample sd (n-1) and the
 * 95% Student-t interval mean +- t_{0.975,n-1} sd/sqrt(n); the paired
 * per-seed difference from the random arm (the first arm with strategy
 * PR_INIT_RANDOM), 100 (L_arm - L_random)/L_random, with its own t interval;
 * and the first evaluated step at which the arm's seed-mean validation loss
 * is <= the random arm's seed-mean final loss (-1 = never; resolution
 * eval_interval).  With one seed the sd and intervals are NaN.
 *
 * ORACLE arms with oracle_path NULL copy from a reference model: the default
 * init (weight seed = model options' seed) trained reference_steps steps on
 * the same corpus and batches, cached as
 * <cache_dir>/prspread-reference-<key>.safetensors (key = XXH64 of the model
 * and train options, reference_steps and tokens; stored in the file's
 * metadata too) and reused when present.  cache_dir NULL = no cache.
 */
struct pr_sft_options;
struct pr_sft_train_options;

typedef struct pr_init_arm {
    const char *label;     /* unique, printed; borrowed for the call (copied) */
    pr_init_options init;  /* its seed is replaced by each run's seed         */
} pr_init_arm;

#define PR_INIT_COMPARE_OPTIONS_VERSION 1
typedef struct pr_init_compare_options {
    uint32_t version;        /* PR_INIT_COMPARE_OPTIONS_VERSION                */
    const struct pr_sft_options *model;        /* NULL = pr_sft defaults; borrowed */
    const struct pr_sft_train_options *train;  /* NULL = pr_sft defaults; borrowed */
    uint64_t steps;          /* default 100: the step budget N                 */
    uint32_t eval_interval;  /* default 10 (0 = only step 0 and N)             */
    uint64_t reference_steps;/* default 1000: oracle reference training        */
    const char *cache_dir;   /* default NULL (no cache); borrowed              */
    int32_t vary_data_with_seed; /* default 0: one data order for every run    */
} pr_init_compare_options;

PR_API void pr_init_compare_options_init(pr_init_compare_options *opts);

/* The results of one comparison.  Immutable; may be read from several
 * threads at once. */
typedef struct pr_init_compare pr_init_compare;

/* Runs the comparison (n_arms x n_seeds runs plus the reference if needed).
 * tokens: ids < the model's vocab_size (PR_ERR_OUT_OF_RANGE otherwise).
 * progress counts training steps over all runs.  Errors: argument errors
 * naming the field, duplicate labels, any pr_init_apply / pr_sft error,
 * PR_ERR_CANCELLED.  Free with pr_init_compare_free. */
PR_API int pr_init_compare_run(pr_init_compare **out, const pr_init_compare_options *opts,
                               const uint32_t *tokens, size_t n_tokens, const pr_init_arm *arms,
                               size_t n_arms, const uint64_t *seeds, size_t n_seeds,
                               pr_progress_fn progress, void *user);
PR_API void pr_init_compare_free(pr_init_compare *result);

typedef struct pr_init_arm_summary {
    const char *label;        /* points into the result handle               */
    const char *description;  /* pr_init_describe of the arm (which tensors an
                                 oracle copies, etc.); into the handle        */
    uint64_t n_seeds;
    double loss_mean, loss_std, loss_lo, loss_hi;  /* final val loss, 95% CI */
    double diff_pct_mean, diff_pct_lo, diff_pct_hi; /* vs random (NaN if none) */
    int64_t steps_to_random_final;                  /* -1 = never            */
} pr_init_arm_summary;

PR_API int pr_init_compare_counts(const pr_init_compare *r, size_t *n_arms, size_t *n_seeds,
                                  uint64_t *steps);
PR_API int pr_init_compare_summary(const pr_init_compare *r, size_t arm, pr_init_arm_summary *out);
/* Final validation loss per seed: out[n_seeds]. */
PR_API int pr_init_compare_final_losses_f64(const pr_init_compare *r, size_t arm, double *out);
/* Per-step training loss of one run: out[steps]. */
PR_API int pr_init_compare_train_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index,
                                           double *out, size_t cap);
/* Validation curve of one run: *n_evals points (query with NULL buffers),
 * steps[i] and val_loss[i]. */
PR_API int pr_init_compare_val_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index,
                                         uint64_t *steps, double *val_loss, size_t cap,
                                         size_t *n_evals);
/* XXH64 of every batch the run trained on, in order. */
PR_API int pr_init_compare_data_digest(const pr_init_compare *r, size_t arm, size_t seed_index,
                                       uint64_t *digest);
/* The results as a markdown table (format 0) or JSON (format 1); size query
 * with buf NULL (*needed includes the NUL). */
PR_API int pr_init_compare_report(const pr_init_compare *r, int format, char *buf, size_t cap,
                                  size_t *needed);

/* ---- attention analysis of a checkpoint -------------------------------- */
/*
 * For each layer l and head h of a checkpoint (ours, or Hugging Face GPT-2
 * safetensors with fused c_attn, optionally "transformer."-prefixed), with
 * W = W_QK^h = w_q[:, h] w_k[:, h]^T and A = (W - W^T)/2:
 *   symmetry       ||S||_F^2/||W||_F^2
 *   antisym_pr     PR of A (sigma^2 convention), planes = PR/2
 * and A's similarity to the corpus form A_k = antisym(M_k) computed with the
 * checkpoint's own wte as E (power, mode as above):
 *   frobenius_cos  <A, A_k>_F/(||A||_F ||A_k||_F) (signed)
 *   principal_cos  mean cosine of the principal angles between the top-2p
 *                  left singular subspaces of A and A_k (p = planes)
 *   spectrum_cos   cosine of the sorted singular-value vectors
 * each with its null: the mean over null_draws random heads Q_r K_r^T (iid
 * Gaussian, seeded) against the same A_k (for frobenius_cos the mean |cos|).
 * Row head = -1 is the layer sum sum_h W_QK^h (its null sums H random heads).
 * Output order: layer by layer, heads 0..H-1 then the sum.
 */
#define PR_INIT_ANALYSIS_OPTIONS_VERSION 1
typedef struct pr_init_analysis_options {
    uint32_t version;    /* PR_INIT_ANALYSIS_OPTIONS_VERSION                  */
    uint32_t n_head;     /* required (safetensors do not store it); default 0 */
    uint32_t power;      /* default 1                                         */
    int32_t mode;        /* pr_init_form_mode; default CENTER_EMBEDDINGS      */
    uint32_t planes;     /* default 4                                         */
    uint32_t null_draws; /* default 16                                        */
    uint64_t seed;       /* default 0 (null draws)                            */
} pr_init_analysis_options;

PR_API void pr_init_analysis_options_init(pr_init_analysis_options *opts);

typedef struct pr_init_head_analysis {
    int32_t layer, head;  /* head -1 = layer sum */
    double frobenius_norm, symmetry, antisym_pr, planes;
    double frobenius_cos, principal_cos, spectrum_cos;
    double null_frobenius_cos, null_principal_cos, null_spectrum_cos;
} pr_init_head_analysis;

/* Analyses the checkpoint at `path` against the corpus `tokens` (ids < its
 * vocab; vocab <= 8192).  *n_out gets L*(H+1); out NULL = size query, else
 * cap >= *n_out (PR_ERR_BUFFER_TOO_SMALL).  Errors: PR_ERR_IO/PR_ERR_FORMAT
 * for the file, PR_ERR_INVALID_ARGUMENT naming the option.  Thread-safe. */
PR_API int pr_init_analyze_checkpoint(const char *path, const uint32_t *tokens, size_t n_tokens,
                                      const pr_init_analysis_options *opts,
                                      pr_init_head_analysis *out, size_t cap, size_t *n_out);

/* ======================================================================== */
/* pr_sft — GPT-style CPU trainer                                           */
/* ======================================================================== */

/*
 * A GPT-2 style decoder trained on the CPU, forward and backward written by
 * hand over Eigen float32 GEMMs and parallelised with OpenMP.  It is the
 * engine of the initialisation experiments (pr_init writes W_Q/W_K through
 * pr_sft_set_param_f32) and an embeddable trainer in its own right.
 *
 * Model.  Token embedding wte plus learned position embedding wpe; n_layer
 * pre-LayerNorm blocks
 *     x = x + attn(ln_1(x));   x = x + mlp(ln_2(x))
 * where attn is causal multi-head self-attention with separate W_Q, W_K,
 * W_V and output projection W_O (softmax scale 1/sqrt(d_head)), and mlp is
 * Linear(d, mlp_ratio*d) -> GELU -> Linear(mlp_ratio*d, d), with the tanh
 * approximation of GELU used by GPT-2 (torch's GELU(approximate='tanh')).
 * A final LayerNorm ln_f (eps 1e-5, as every LayerNorm here), then logits =
 * ln_f(x) @ wte^T: the output head is tied to the token embedding.  No
 * rotary embeddings and no dropout, so W_Q W_K^T is position-free.
 *
 * Parameter tensors (float32, row-major; d = d_model, f = mlp_ratio*d,
 * V = vocab_size, T = context_length, l = 0..n_layer-1):
 *     wte                        [V, d]
 *     wpe                        [T, d]
 *     h.{l}.ln_1.weight, .bias   [d]
 *     h.{l}.attn.w_q             [d, d]  [in, out]: q = x @ w_q + b_q
 *     h.{l}.attn.b_q             [d]
 *     h.{l}.attn.w_k, b_k        [d, d], [d]   (likewise)
 *     h.{l}.attn.w_v, b_v        [d, d], [d]
 *     h.{l}.attn.c_proj.weight   [d, d]  [in, out], .bias [d]
 *     h.{l}.ln_2.weight, .bias   [d]
 *     h.{l}.mlp.c_fc.weight      [d, f]  [in, out], .bias [f]
 *     h.{l}.mlp.c_proj.weight    [f, d]  [in, out], .bias [d]
 *     ln_f.weight, ln_f.bias     [d]
 * The [in, out] layout is GPT-2's Conv1D layout (torch.nn.Linear stores the
 * transpose).  Head h uses columns h*d_head .. (h+1)*d_head - 1 of w_q, w_k,
 * w_v (d_head = d / n_head), so its bilinear form is
 *     W_QK^h = w_q[:, h] @ w_k[:, h]^T   (d x d),
 * and the attention logit of query position i to key position j is
 * (x_i W_QK^h x_j + bias terms) / sqrt(d_head).  GPT-2's fused c_attn
 * weight is torch.cat([w_q, w_k, w_v], dim=1).
 *
 * Initialisation (GPT-2): weight matrices and embeddings ~ N(0, init_std^2),
 * the two residual projections (attn.c_proj, mlp.c_proj) ~ N(0,
 * (init_std / sqrt(2 n_layer))^2), biases 0, LayerNorm weights 1.
 * Deterministic in `seed` (a portable generator, not the C library's).
 *
 * Optimiser.  AdamW as torch.optim.AdamW: decoupled weight decay (p *= 1 -
 * lr*wd), bias-corrected moments, eps added to sqrt(v_hat).  Weight decay
 * applies to the weight matrices only (w_q, w_k, w_v, c_proj, c_fc), not to
 * biases, LayerNorm or embeddings, unless decay_all is set.  Gradients are
 * clipped to global L2 norm grad_clip as torch.nn.utils.clip_grad_norm_
 * (scale min(1, clip/(norm + 1e-6))).  Learning rate at update s (counting
 * from 0): lr*(s+1)/warmup_steps during warmup, then cosine from lr down to
 * min_lr at s = max_steps, min_lr after.
 *
 * Data.  A token stream from caller memory (copied) is split: the first
 * (1 - val_fraction) of it trains, the rest validates.  Training step s uses
 * batch_size windows of context_length + 1 tokens at offsets drawn from a
 * portable generator seeded by (data_seed, s): a run resumed from a
 * checkpoint sees the same batches as an unbroken one.  Eval uses a fixed
 * set of eval_batches validation batches (same every call).  Inputs are
 * window[0..T), targets window[1..T].
 *
 * Loss.  Mean token cross-entropy in nats.
 *
 * Reproducibility.  Same options (seed, data_seed, num_threads) and the same
 * data give a bit-identical loss curve and parameters.  Changing num_threads
 * can change the last bits of results: Eigen's GEMM partitions its work by
 * thread count.  Every reduction prspread writes itself (LayerNorm and bias
 * gradients, the gradient norm, the loss) has an order independent of the
 * thread count.
 *
 * Numerics.  If a step's loss or gradient norm is NaN or Inf, the step is
 * not applied: the call returns PR_ERR_NUMERIC, and the parameters and
 * optimizer state stay exactly as after the last good step.
 *
 * Threads.  One pr_sft handle per thread; const functions may run
 * concurrently on one handle.  Calls use num_threads OpenMP threads (0 =
 * OpenMP's default) and restore the calling thread's OpenMP setting.
 *
 * Memory.  All parameters, gradients, optimizer moments and activations
 * (for batch_size sequences of context_length) are allocated at create time
 * and when pr_sft_set_train_options raises the batch size; steps do not
 * allocate (beyond Eigen's small per-GEMM packing workspace).  Calls taking
 * a caller batch larger than batch_size grow the activations once.
 *
 * Loading a checkpoint in PyTorch:
 *     from safetensors.torch import load_file       # or parse by hand
 *     sd = load_file("model.safetensors")           # names as above
 *     q_weight_for_nn_linear = sd["h.0.attn.w_q"].T
 */

typedef struct pr_sft pr_sft;

#define PR_SFT_OPTIONS_VERSION 1
typedef struct pr_sft_options {
    uint32_t version;        /* PR_SFT_OPTIONS_VERSION                      */
    uint32_t vocab_size;     /* default 256 (bytes); >= 2                   */
    uint32_t context_length; /* default 128; >= 1                           */
    uint32_t n_layer;        /* default 4                                   */
    uint32_t n_head;         /* default 4; must divide d_model              */
    uint32_t d_model;        /* default 128                                 */
    uint32_t mlp_ratio;      /* default 4: MLP width = mlp_ratio * d_model  */
    float init_std;          /* default 0.02                                */
    uint64_t seed;           /* default 1337: weight initialisation         */
    int32_t num_threads;     /* default 0 = OpenMP's default                */
} pr_sft_options;

/* Fills defaults (the 4-layer, 4-head, d = 128 byte-level model). */
PR_API void pr_sft_options_init(pr_sft_options *opts);

#define PR_SFT_TRAIN_OPTIONS_VERSION 1
typedef struct pr_sft_train_options {
    uint32_t version;       /* PR_SFT_TRAIN_OPTIONS_VERSION                       */
    uint32_t batch_size;    /* default 16 sequences of context_length tokens     */
    uint64_t max_steps;     /* default 600: cosine horizon, and what
                               pr_sft_train(n = 0) runs up to                     */
    uint32_t warmup_steps;  /* default 50 (linear warmup)                         */
    float lr;               /* default 3e-3: peak learning rate                   */
    float min_lr;           /* default 0: learning rate at max_steps              */
    float beta1, beta2;     /* default 0.9, 0.95                                  */
    float eps;              /* default 1e-8                                       */
    float weight_decay;     /* default 0.1 (decoupled)                            */
    int32_t decay_all;      /* default 0: decay only weight matrices; 1: all      */
    float grad_clip;        /* default 1.0: global-norm clip; 0 = off             */
    uint32_t eval_interval; /* default 0: pr_sft_train evaluates every this many
                               steps (0 = never)                                  */
    uint32_t eval_batches;  /* default 8 fixed validation batches per eval        */
    float val_fraction;     /* default 0.1: the last 10% of the data validates    */
    uint64_t data_seed;     /* default 42: batch sampling                         */
} pr_sft_train_options;

PR_API void pr_sft_train_options_init(pr_sft_train_options *opts);

/* What one training step did. */
typedef struct pr_sft_step_info {
    uint64_t step;       /* optimizer steps done, including this one        */
    double loss;         /* training loss of the step's batch (before update) */
    float lr;            /* learning rate used by this step                  */
    double grad_norm;    /* global gradient norm before clipping             */
    double tokens_per_s; /* batch tokens / wall time of the step             */
    double val_loss;     /* NaN unless pr_sft_train evaluated after this step */
} pr_sft_step_info;

/* Per-step callback of pr_sft_train, called from the calling thread after
 * each step.  Return 0 to go on, non-zero to stop: pr_sft_train then returns
 * PR_ERR_CANCELLED and the model keeps the steps done so far. */
typedef int (*pr_sft_step_fn)(void *user, const pr_sft_step_info *info);

/* Creates a model with freshly initialised weights and default training
 * options.  opts NULL = defaults.  Errors: PR_ERR_INVALID_ARGUMENT naming the
 * field (e.g. n_head not dividing d_model, context_length 0),
 * PR_ERR_VERSION, PR_ERR_NO_MEMORY.  Free with pr_sft_free. */
PR_API int pr_sft_create(pr_sft **out, const pr_sft_options *opts);
PR_API void pr_sft_free(pr_sft *model);

/* The options the model was created with (version filled). */
PR_API int pr_sft_get_options(const pr_sft *model, pr_sft_options *out);

/* Sets the training options (validated; NULL = defaults).  Keeps the weights,
 * optimizer state and step count.  A larger batch_size reallocates the
 * activation buffers; a new val_fraction re-splits the data. */
PR_API int pr_sft_set_train_options(pr_sft *model, const pr_sft_train_options *opts);
PR_API int pr_sft_get_train_options(const pr_sft *model, pr_sft_train_options *out);

/* Training data from caller memory: n tokens, copied (the caller keeps its
 * array).  Every id must be < vocab_size (else PR_ERR_OUT_OF_RANGE naming the
 * id and offset), and the training split must hold at least
 * context_length + 1 tokens (else PR_ERR_INVALID_ARGUMENT).  Replaces any
 * earlier data; weights and step count are kept. */
PR_API int pr_sft_set_data_u16(pr_sft *model, const uint16_t *tokens, size_t n);
PR_API int pr_sft_set_data_u32(pr_sft *model, const uint32_t *tokens, size_t n);
PR_API int pr_sft_set_data_i32(pr_sft *model, const int32_t *tokens, size_t n);

/* Runs n_steps training steps (0 = up to max_steps), calling on_step (may be
 * NULL) after each.  Errors: PR_ERR_STATE without data, PR_ERR_NUMERIC (see
 * Numerics; steps before the bad one are kept), PR_ERR_CANCELLED. */
PR_API int pr_sft_train(pr_sft *model, uint64_t n_steps, pr_sft_step_fn on_step, void *user);

/* One training step on the next sampled batch.  info may be NULL. */
PR_API int pr_sft_step(pr_sft *model, pr_sft_step_info *info);

/* One training step (schedule, clipping, AdamW) on a caller batch:
 * inputs and targets are [batch, seq_len] token ids, seq_len <=
 * context_length.  info may be NULL. */
PR_API int pr_sft_step_batch_i32(pr_sft *model, const int32_t *inputs, const int32_t *targets,
                                 size_t batch, size_t seq_len, pr_sft_step_info *info);

/* Mean validation loss over the fixed eval_batches validation batches.
 * PR_ERR_STATE if there is no data or the validation split is shorter than
 * context_length + 1. */
PR_API int pr_sft_eval(pr_sft *model, double *val_loss);

/* Forward and backward on a caller batch without updating anything: *loss
 * gets the mean cross-entropy, and pr_sft_get_grad_f32 then reads the
 * (unclipped) gradients.  loss may be NULL. */
PR_API int pr_sft_loss_grad_i32(pr_sft *model, const int32_t *inputs, const int32_t *targets,
                                size_t batch, size_t seq_len, double *loss);

/* Logits of a caller batch: out gets [batch, seq_len, vocab_size] floats
 * (out_len must be at least that; PR_ERR_BUFFER_TOO_SMALL otherwise). */
PR_API int pr_sft_logits_f32(pr_sft *model, const int32_t *inputs, size_t batch, size_t seq_len,
                             float *out, size_t out_len);

/* Optimizer steps done so far (restored by pr_sft_load with optimizer state). */
PR_API int pr_sft_step_count(const pr_sft *model, uint64_t *steps);

/* Parameter tensors: *count of them, and the name and shape of the i-th
 * (0 <= index < count, in the order listed above).  *name points into the
 * handle and lives as long as it.  shape gets ndim (1 or 2) values. */
PR_API int pr_sft_param_count(const pr_sft *model, size_t *count);
PR_API int pr_sft_param_info(const pr_sft *model, size_t index, const char **name, uint32_t *ndim,
                             uint64_t shape[2]);
/* Total number of scalar parameters (wte counted once: the head is tied). */
PR_API int pr_sft_num_scalars(const pr_sft *model, uint64_t *n);

/* Copies a parameter (or its gradient from the last step / loss_grad) by
 * name into out, or sets it from values.  ndim and shape must equal the
 * tensor's (PR_ERR_MISMATCH naming both shapes otherwise); an unknown name is
 * PR_ERR_INVALID_ARGUMENT.  Setting a parameter leaves the optimizer state
 * alone. */
PR_API int pr_sft_get_param_f32(const pr_sft *model, const char *name, uint32_t ndim,
                                const uint64_t *shape, float *out);
PR_API int pr_sft_set_param_f32(pr_sft *model, const char *name, uint32_t ndim,
                                const uint64_t *shape, const float *values);
PR_API int pr_sft_get_grad_f32(const pr_sft *model, const char *name, uint32_t ndim,
                               const uint64_t *shape, float *out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRSPREAD_H */
