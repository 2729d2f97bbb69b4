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
 * Output    Every caller output buffer comes with `size_t capacity` (in
 *           elements, or bytes for text); too small is
 *           PR_ERR_BUFFER_TOO_SMALL naming the need.  Functions whose output
 *           size the caller cannot know report it (call once with a NULL
 *           buffer to query it).
 * Enums     Enum-valued arguments and fields are passed as int (so that any
 *           value, valid or not, reaches the library well-defined); the
 *           comment at each one names its enum.  An unknown value is
 *           PR_ERR_INVALID_ARGUMENT naming it.  The *_name() functions never
 *           return NULL: an unknown value gives "unknown" (pr_status_name,
 *           whose names are the constants', gives "PR_ERR_UNKNOWN").
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
 * Seeds     Every seeded result (embeddings, test matrices, nulls, init and
 *           model weights, batches, synthetic streams) comes from one
 *           generator, splitmix64, and one Gaussian, Box-Muller; no
 *           std::*_distribution, whose algorithms differ between standard
 *           libraries.  Same seed, same numbers on every standard library:
 *           integer and uniform draws bit for bit everywhere, Gaussian draws
 *           bit for bit wherever the C library's log, sin and cos round the
 *           same (glibc's do; another libm may move a draw's last bit).
 * Memory    PR_ERR_NO_MEMORY (with a message) when an allocation fails; the
 *           handle stays valid and the call can be repeated.  Adds to a
 *           pr_corpus are not transactions (see pr_corpus_add_u8).  Tested
 *           by failing each allocation in turn (tests/alloc lists the
 *           entry points: corpus, vocabulary, token-file, embedding,
 *           tokenizer and sft loads and saves, checkpoint inspection,
 *           creation and tensor reads (ours and GPT-2), counting, PPMI-SVD,
 *           training steps); entry points not listed there are not tested
 *           this way.
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
 * "avx512" or "sse2"; "dispatch" for a runtime-dispatched build
 * (PRSPREAD_ISA=dispatch, what the Debian packages ship), which holds its
 * kernels compiled for several levels and chooses one at run time
 * (pr_runtime_isa).  Static storage.  Any thread. */
PR_API const char *pr_build_isa(void);
/* The instruction-set level of the kernels running in this process:
 * "portable" (the x86-64 baseline), "avx2" (x86-64-v3: AVX2, FMA, BMI1/2,
 * LZCNT, MOVBE, F16C), "avx512" (x86-64-v4: the above and AVX-512
 * F/CD/BW/DQ/VL) or "avx512_bf16" (the same, and the CPU's AVX512-BF16 lets
 * pr_sft precision BF16 run).  A build compiled for one ISA reports the
 * highest of these levels its compile flags reach (an AVX-only build, whose
 * pr_build_isa() is "avx", reports "portable").  A dispatched build chooses,
 * once per process at its first pr_* call, the highest level the CPU and
 * the OS support (every feature of the level checked), capped by the environment
 * variable PRSPREAD_ISA_MAX = portable | avx2 | avx512 | avx512_bf16 (for
 * tests and bug reports; an unknown value selects portable, and then
 * pr_sft_create with BF16 fails naming the value).  Changing the variable
 * later affects only the BF16 check, never the chosen kernels.  Static
 * storage.  Any thread. */
PR_API const char *pr_runtime_isa(void);

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
 * tokens may be NULL when n == 0.  PR_ERR_NO_MEMORY (here and in every
 * other add: token files, text, synth) leaves the corpus valid (it can be
 * read, saved, added to and freed) but holding an unspecified part of the
 * chunk's pairs: discard it, or reload a saved copy, when the counts must be
 * exact.  Reads and saves never change the counts, even when they fail. */
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
                                uint64_t *counts, size_t capacity, uint64_t *nnz_out);

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

/* ---- token files ------------------------------------------------------- */

/* On-disk token id formats.  Files are memory-mapped and their size is
 * checked against their header before any id is read.  Functions take the
 * format as an int (like every other enum-valued argument of this header),
 * so that any value, valid or not, reaches the library well-defined and an
 * unknown one is reported as PR_ERR_INVALID_ARGUMENT. */
typedef enum pr_token_format {
    PR_TOKENS_AUTO = 0, /* .npy magic -> NPY; llm.c magic -> LLMC; otherwise
                           raw u16 (nanoGPT's train.bin)                    */
    PR_TOKENS_U16 = 1,  /* raw little-endian uint16 ids, no header          */
    PR_TOKENS_U32 = 2,  /* raw little-endian uint32 ids, no header          */
    PR_TOKENS_LLMC = 3, /* llm.c: 256 x int32 header {magic 20240520,
                           version 1, token count, 0...} then uint16 ids;
                           also {20240801, 7, count} then uint32 ids        */
    PR_TOKENS_NPY = 4   /* 1-D .npy of uint8/uint16/uint32/int32/int64       */
} pr_token_format;

/* Counts a token file as the continuation of the current document (call
 * pr_corpus_end_document() around it if it is a document of its own).  The
 * file is read through a memory map in chunks; progress (may be NULL) is
 * called with (user, tokens_done, tokens_total) after each chunk.  Every id is
 * checked before anything is counted: an id >= V gives PR_ERR_OUT_OF_RANGE
 * naming the id, V and its offset in the file, and the corpus is unchanged.
 * A cancel (PR_ERR_CANCELLED) keeps the chunks counted before it.
 * Errors: PR_ERR_IO (missing file), PR_ERR_FORMAT (size/header mismatch,
 * wrong npy dtype or shape), PR_ERR_VERSION (unknown llm.c version),
 * PR_ERR_INVALID_ARGUMENT (unknown format). */
PR_API int pr_corpus_add_token_file(pr_corpus *corpus, const char *path, int format /* pr_token_format */,
                                    pr_progress_fn progress, void *user);

/* Reads a whole token file into a caller buffer of uint32 ids.  Size query
 * first: with out == NULL only *count_out is set.  Otherwise capacity must be
 * >= the count, else PR_ERR_BUFFER_TOO_SMALL (with *count_out set).
 * Negative ids (signed .npy) give PR_ERR_OUT_OF_RANGE.  Thread-safe. */
PR_API int pr_token_file_read_u32(const char *path, int format /* pr_token_format */, uint32_t *out,
                                  size_t capacity, uint64_t *count_out);

/* ---- one stream counted in shards (pr_mpi_corpus_count_files, job arrays) */
/* A stream cut into shards that are counted apart and merged gives exactly the
 * counts of one pass when each shard starts with the stream's preceding
 * `lag` tokens as context: the pair straddling the cut is then counted by
 * the shard holding its right token, once, and no unigram twice. */

/* Counts ids [first, first + count) of a token file as the continuation of
 * the current document, like pr_corpus_add_token_file (progress in tokens of
 * the range; only the range's ids are checked).  PR_ERR_OUT_OF_RANGE when the
 * range passes the end of the file (the token count comes from
 * pr_token_file_read_u32 with out NULL). */
PR_API int pr_corpus_add_token_file_range(pr_corpus *corpus, const char *path, int format, uint64_t first,
                                          uint64_t count, pr_progress_fn progress, void *user);

/* Makes tokens[0..n) the stream just before the next token: the open
 * document's carried tokens become their last `lag` ids after the last
 * separator among them (none if the last one is a separator), so pairs from
 * them into the next tokens are counted; nothing in tokens is counted itself.
 * n = 0 ends the document, like pr_corpus_end_document.  Ids are checked (PR_ERR_OUT_OF_RANGE,
 * corpus unchanged). */
PR_API int pr_corpus_set_context_u32(pr_corpus *corpus, const uint32_t *tokens, size_t n);

/* Adds counts in the layout pr_corpus_export_csr writes (row_ptr[V + 1],
 * nnz = row_ptr[V] strictly increasing columns per row, counts > 0) and
 * unigram[V] into corpus; total_tokens grows by the unigram sum.  The arrays
 * are read during the call only.  The structure is checked first
 * (PR_ERR_FORMAT, corpus unchanged); a separator must have unigram 0
 * (PR_ERR_INVALID_ARGUMENT).  The open document is unchanged. */
PR_API int pr_corpus_add_counts_csr(pr_corpus *corpus, const uint64_t *row_ptr, const uint32_t *col_idx,
                                    const uint64_t *counts, const uint64_t *unigram);

/* Reads ids [first, first + count) of a token file into out[count]
 * (PR_ERR_OUT_OF_RANGE past the end or for a negative id).  Thread-safe. */
PR_API int pr_token_file_read_range_u32(const char *path, int format, uint64_t first, uint64_t count,
                                        uint32_t *out);

/* ---- text -------------------------------------------------------------- */

/* Byte-level tokenizer (V = 256): every byte of the text is a token id.  The
 * corpus needs vocab_size >= 256 (else PR_ERR_OUT_OF_RANGE, nothing counted).
 * Continues the current document, like pr_corpus_add_u8. */
PR_API int pr_corpus_add_text_bytes(pr_corpus *corpus, const char *text, size_t len);
/* The same for a whole file (memory-mapped, chunked; progress in bytes; a
 * cancel keeps the chunks counted before it).  Errors: PR_ERR_IO. */
PR_API int pr_corpus_add_text_file_bytes(pr_corpus *corpus, const char *path, pr_progress_fn progress,
                                         void *user);

/* A word-level vocabulary.  Text is split on ASCII whitespace; each ASCII
 * punctuation character is a word of its own ("don't." -> don ' t .); bytes
 * >= 0x80 (UTF-8) belong to words.  Optionally ASCII letters are lower-cased
 * first.  Id 0 is "<unk>" (every word not kept); ids 1..N are the N most
 * frequent words of the build text by decreasing count, ties in byte order,
 * so a build is reproducible.  Immutable once built: a const pr_vocab may be
 * shared by any number of threads. */
typedef struct pr_vocab pr_vocab;

#define PR_VOCAB_OPTIONS_VERSION 1
#define PR_VOCAB_UNK 0u

typedef struct pr_vocab_options {
    uint32_t version;   /* PR_VOCAB_OPTIONS_VERSION                        */
    uint32_t max_words; /* keep at most this many words (plus <unk>);
                           default 65535, so ids fit uint16                */
    int32_t lowercase;  /* non-zero: lower-case ASCII letters; default 0   */
} pr_vocab_options;

/* Fills *opts with the defaults above (max_words 65535, lowercase 0) and
 * sets its version.  NULL is ignored. Thread-safe. */
PR_API void pr_vocab_options_init(pr_vocab_options *opts);
/* Builds from text in memory, or from a UTF-8/ASCII text file (mapped).
 * opts may be NULL (defaults).  The caller frees *out with pr_vocab_free. */
PR_API int pr_vocab_build(pr_vocab **out, const char *text, size_t len, const pr_vocab_options *opts);
PR_API int pr_vocab_build_from_file(pr_vocab **out, const char *path, const pr_vocab_options *opts);
PR_API void pr_vocab_free(pr_vocab *vocab);

/* Number of ids, <unk> included (N + 1). */
PR_API int pr_vocab_size(const pr_vocab *vocab, uint32_t *out);
/* Id of a word (NUL-terminated, matched as is: no case folding); PR_VOCAB_UNK
 * if absent. */
PR_API int pr_vocab_id(const pr_vocab *vocab, const char *word, uint32_t *out);
/* The word of an id into buf (NUL-terminated).  Size query first: *len_out is
 * the word's length without the NUL; with buf == NULL nothing is copied.
 * capacity < len + 1 gives PR_ERR_BUFFER_TOO_SMALL.  PR_ERR_OUT_OF_RANGE for
 * id >= size. */
PR_API int pr_vocab_word(const pr_vocab *vocab, uint32_t id, char *buf, size_t capacity, size_t *len_out);
/* How often the word occurred in the build text (for <unk>: all dropped words). */
PR_API int pr_vocab_count(const pr_vocab *vocab, uint32_t id, uint64_t *out);
/* Encodes text to ids.  Size query first: with ids == NULL only *n_out is
 * set; else capacity < count gives PR_ERR_BUFFER_TOO_SMALL (*n_out set). */
PR_API int pr_vocab_encode(const pr_vocab *vocab, const char *text, size_t len, uint32_t *ids, size_t capacity,
                           size_t *n_out);
/* Encodes text and counts it in corpus (vocab_size must be >= the vocab's
 * size).  Continues the current document. */
PR_API int pr_corpus_add_text_words(pr_corpus *corpus, const pr_vocab *vocab, const char *text, size_t len);
/* Versioned ("PRVOCAB", version 1), XXH64-checksummed, atomically written.
 * Load errors: PR_ERR_IO, PR_ERR_FORMAT, PR_ERR_VERSION, PR_ERR_CHECKSUM
 * (corrupt or truncated). */
PR_API int pr_vocab_save(const pr_vocab *vocab, const char *path);
PR_API int pr_vocab_load(pr_vocab **out, const char *path);

/* ---- pr_synth: a synthetic source with known ground truth --------------- */

/* A seeded Markov chain over V ids whose row a is
 *     T[a,:] = (1 - structure) * q  +  structure * sum_j w_j * e(succ(a,j))
 * with q Zipf over ids (q_b proportional to (b+1)^-zipf_exponent), K =
 * `successors` successor ids per row drawn from q (reproducibly from the
 * seed), and w_j proportional to decay^j.  The successor links make it
 * directional (non-reversible): a -> succ(a,j) is likely, the reverse usually
 * not.  Streams are reproducible across platforms from the seed.  Use it for
 * demos and tests: the true T, q and stationary pi are available below.
 * With lag L > 1 the kernel acts at distance L: token t+1 is a successor of
 * token t+1-L (or a fresh draw from q), so the stream is L interleaved
 * chains and the previous token alone predicts nothing beyond q.  L = 2 is
 * ground truth where attending one position back must help; L = 1 (a
 * first-order chain) is the true negative for attention init.  The first L
 * tokens are draws from q; the getters below describe the kernel at
 * distance L (for L = 1, the chain's T).
 * Threads: one handle per thread for generating; the ground-truth getters
 * take a const handle. */
typedef struct pr_synth pr_synth;

#define PR_SYNTH_OPTIONS_VERSION 1

typedef struct pr_synth_options {
    uint32_t version;      /* PR_SYNTH_OPTIONS_VERSION                     */
    uint32_t vocab_size;   /* V >= 1; default 50257 (GPT-2's)              */
    double zipf_exponent;  /* s in [0, 10]; default 1.0 (0 = uniform)       */
    double structure;      /* probability of following a successor link,
                              in [0, 1); default 0.6                       */
    uint32_t successors;   /* K in 1..64; default 4                        */
    double decay;          /* link weights proportional to decay^j, in
                              (0, 1]; default 0.5                          */
    uint64_t seed;         /* default 1                                    */
    uint32_t lag;          /* L in 1..64, default 1: token t+1 follows a
                              link of token t+1-L (see below)              */
} pr_synth_options;

/* Fills *opts with the defaults above and sets its version.  NULL is
 * ignored. Thread-safe. */
PR_API void pr_synth_options_init(pr_synth_options *opts);
/* opts may be NULL (defaults).  Errors: PR_ERR_INVALID_ARGUMENT naming the
 * field.  The caller frees *out with pr_synth_free. */
PR_API int pr_synth_create(pr_synth **out, const pr_synth_options *opts);
PR_API void pr_synth_free(pr_synth *synth);
/* The next n ids of the stream into out (ids < V).  Successive calls continue
 * one stream; chunking does not change it. */
PR_API int pr_synth_generate_u32(pr_synth *synth, uint32_t *out, size_t n);
/* Restarts the stream from its seed. */
PR_API int pr_synth_reset(pr_synth *synth);
PR_API int pr_synth_vocab_size(const pr_synth *synth, uint32_t *out);
/* q into out[0..V-1] (capacity >= V). */
PR_API int pr_synth_base_f64(const pr_synth *synth, double *out, size_t capacity);
/* The K successor ids of row a and their probabilities structure * w_j
 * (capacity >= K; *k_out = K; ids may repeat, their probabilities add). */
PR_API int pr_synth_successors(const pr_synth *synth, uint32_t a, uint32_t *ids, double *probs, size_t capacity,
                               size_t *k_out);
/* The dense true row T[a, 0..V-1] (capacity >= V). */
PR_API int pr_synth_transition_row_f64(const pr_synth *synth, uint32_t a, double *out, size_t capacity);
/* The stationary distribution pi (pi T = pi) into out[0..V-1], to ~1e-15. */
PR_API int pr_synth_stationary_f64(const pr_synth *synth, double *out, size_t capacity);
/* Generates n_tokens from synth and counts them in corpus (as one continuing
 * document), in chunks, with progress in tokens (may be NULL); a cancel keeps
 * the chunks counted before it.  corpus vocab_size must be >= the synth's. */
PR_API int pr_corpus_add_synth(pr_corpus *corpus, pr_synth *synth, uint64_t n_tokens, pr_progress_fn progress,
                               void *user);

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
    int32_t num_threads;       /* OpenMP threads, 0 = default. 0            */
} pr_transition_options;

/* Fills *opts with the defaults above.  NULL is ignored. */
PR_API void pr_transition_options_init(pr_transition_options *opts);

/* Builds T from a corpus's exact bigram counts (copied: the corpus may be
 * changed or freed afterwards).  *out is NULL on failure.
 * Errors: INVALID_ARGUMENT for NULL, an empty corpus ("the corpus is
 * empty") or bad options; VERSION for an unknown options version. */
PR_API int pr_transition_create(pr_transition **out, const pr_corpus *corpus, const pr_transition_options *opts);

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
 * vocab_size; NUMERIC for NaN/Inf in X (row and column named).  Speed: rows
 * of X are read in random order, so large blocks run ~1.3x faster in memory
 * backed by huge pages (numpy's large arrays are; in C, 2 MiB-aligned memory
 * with madvise(MADV_HUGEPAGE)); pr_transition_project_f32 arranges this
 * itself. */
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
 * other values.  Static storage; never NULL.  Thread-safe. */
PR_API const char *pr_projection_mode_name(int mode /* pr_projection_mode */);

#define PR_PROJECTION_OPTIONS_VERSION 1
typedef struct pr_projection_options {
    uint32_t version;         /* PR_PROJECTION_OPTIONS_VERSION              */
    uint32_t max_power;       /* K: powers k = 1..K. 8                      */
    int mode;                 /* pr_projection_mode (pr_transition_project
                                 only; the PR table uses every mode). RAW   */
    pr_progress_fn progress;  /* called after each power with (k, K). NULL  */
    void *progress_user;
} pr_projection_options;

/* Fills *opts with the defaults above (max_power 8, mode RAW, no progress)
 * and sets its version.  NULL is ignored. Thread-safe. */
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
PR_API int pr_top_planes_f64(const double *M, size_t d, int part /* pr_matrix_part */, size_t planes, double *basis,
                             size_t capacity);

#define PR_SIMILARITY_OPTIONS_VERSION 1
typedef struct pr_similarity_options {
    uint32_t version;       /* PR_SIMILARITY_OPTIONS_VERSION                 */
    int part;               /* pr_matrix_part compared. ANTISYMMETRIC        */
    uint32_t planes;        /* r for the subspace measure. 4                 */
    uint32_t null_samples;  /* null draws (0 = no null). 32                  */
    uint64_t seed;          /* null draws are reproducible. 1                */
} pr_similarity_options;

/* Fills *opts with the defaults above (ANTISYMMETRIC, 4 planes, 32 null
 * draws, seed 1) and sets its version.  NULL is ignored. Thread-safe. */
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

/* Compares two d x d row-major matrices A and B (part chosen in opts; both
 * read during the call only, not kept).
 * Null for frobenius_cosine and subspace_overlap: A against Q B Q^T with
 * Haar-random orthogonal Q (same shape and spectrum as B, random
 * orientation).  Null for spectrum_cosine: A against an iid Gaussian d x d
 * matrix (same part), since a rotation leaves the sorted spectrum unchanged.
 * Cost: 2 SVDs plus null_samples * O(d^3); the null draws run on the
 * calling thread's OpenMP threads (omp_get_max_threads), one draw each, and
 * give the same values for any thread count.
 * Errors: INVALID_ARGUMENT (NULL, d < 2, bad part), OUT_OF_RANGE (planes),
 * NUMERIC (NaN/Inf), VERSION.  Thread-safe. */
PR_API int pr_similarity_f64(const double *A, const double *B, size_t d, const pr_similarity_options *opts,
                             pr_similarity *out);

/* Cosines of the 2*planes principal angles between the top-`planes`
 * subspaces of the chosen parts of A and B, descending, into `cosines`
 * (2*planes doubles). */
PR_API int pr_principal_cosines_f64(const double *A, const double *B, size_t d, int part /* pr_matrix_part */, size_t planes,
                                    double *cosines);

/* ---- symmetry and directionality of W_QK (Saponati et al. 2025) ---------- */

/*
 * For one head (or a layer sum) W = Q K^T with d x r factors Q = W_Q, K = W_K
 * (the logit is x_i^T W x_j: rows are queries, columns keys), computed from
 * r x r Gram matrices only, so W is never formed:
 *   energy, sym_energy, antisym_energy  ||W||_F^2, ||S||_F^2, ||A||_F^2 with
 *       S, A = (W +- W^T)/2 (the energy split: sym + antisym = energy);
 *   symmetry  ||S||_F^2 / ||W||_F^2: 1 symmetric, 0 antisymmetric, about
 *       1/2 + 1/(2d) for random factors (Saponati's signed score is
 *       2 * symmetry - 1);
 *   directionality  Saponati's column-versus-row dominance: over the d row
 *       norms and the d column norms of W, each set's threshold is its mean
 *       plus num_std sample sd (n - 1); col_excess and row_excess sum the
 *       norms' parts above it; score (col - row) / (col + row) in [-1, 1],
 *       0 when neither set has an outlier.  Positive: a few keys dominate.
 * Each score carries its null: `null_draws` iid Gaussian factor pairs of the
 * same shape (both scores are scale-free, so this is the value at any
 * Gaussian random initialisation), seeded; z = (value - null_mean) / null_std.
 */
#define PR_QK_GEOMETRY_OPTIONS_VERSION 1
typedef struct pr_qk_geometry_options {
    uint32_t version;     /* PR_QK_GEOMETRY_OPTIONS_VERSION                     */
    uint32_t null_draws;  /* random factor pairs for the nulls (>= 2). 32       */
    double num_std;       /* directionality threshold in sds (>= 0). 2          */
    uint64_t seed;        /* null draws are reproducible. 1                     */
} pr_qk_geometry_options;

/* Fills *opts with the defaults above and sets its version.  NULL is
 * ignored.  Thread-safe. */
PR_API void pr_qk_geometry_options_init(pr_qk_geometry_options *opts);

typedef struct pr_qk_geometry {
    double energy, sym_energy, antisym_energy;  /* ||W||^2, ||S||^2, ||A||^2   */
    double row_excess, col_excess;              /* directionality's two sums   */
    pr_similarity_stat symmetry;                /* with its random-init null   */
    pr_similarity_stat directionality;          /* with its random-init null   */
} pr_qk_geometry;

/* Scores of W = Q K^T from the caller's row-major d x r factors q and k
 * (1 <= r <= d; read only, not kept).  opts NULL = defaults.  Cost
 * O(d r^2) plus null_draws times that; the draws run on the calling
 * thread's OpenMP threads, one draw each, with the same values for any
 * thread count.  Errors: INVALID_ARGUMENT (NULL, a zero size, r > d,
 * null_draws < 2, num_std < 0 or NaN, non-finite factors), VERSION.
 * Thread-safe. */
PR_API int pr_qk_geometry_f64(const double *q, const double *k, size_t d, size_t r,
                              const pr_qk_geometry_options *opts, pr_qk_geometry *out);

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

/* Loads a V x d embedding into float32: from a .npy file (path ending in
 * ".npy"; `name` ignored, may be NULL; dtypes <f4, <f8, <f2) or from a
 * safetensors file (tensor `name`; F32, F64, F16, BF16).  Call with E = NULL
 * to query *rows and *d (both required); then with capacity >= rows * d.
 * Errors: IO (missing file), FORMAT (corrupt file, not 2-d, non-float dtype),
 * INVALID_ARGUMENT (no tensor `name`), NUMERIC (NaN/Inf, row and column
 * named), BUFFER_TOO_SMALL. */
PR_API int pr_embeddings_load_f32(const char *path, const char *name, float *E, size_t capacity, size_t *rows,
                                  size_t *d);

/* PPMI-SVD embeddings of a corpus, at any vocabulary size (GPT-2's 50257
 * included).  With C the corpus's pair counts (its lag), N = sum C:
 *   PMI[a,b]  = log(C[a,b] / C[a,.]) - log(P_ctx(b)),
 *               P_ctx(b) = C[.,b]^alpha / sum_b' C[.,b']^alpha
 *   PPMI[a,b] = max(0, PMI[a,b] - shift), only where C[a,b] > 0
 *   E         = U_d sqrt(S_d), the top-d singular triplets of PPMI
 * With the defaults (alpha = 1, shift = 0) PPMI[a,b] = max(0, log(C[a,b] N /
 * (C[a,.] C[.,b]))).  alpha = 0.75 is the context-distribution smoothing and
 * shift = log k the shifted PPMI of Levy, Goldberg & Dagan (TACL 2015).
 * PPMI is kept sparse (its nonzeros are a subset of C's; never V x V).  The
 * SVD is randomized (Halko, Martinsson & Tropp 2011): a seeded Gaussian test
 * matrix of d + oversampling columns, power_iterations subspace iterations
 * each re-orthonormalised by Householder QR, then a small dense SVD; all in
 * double.  Each column of E is signed so that its largest-|.| entry is
 * positive: the same counts, options and seed give the same E, whatever
 * `threads` is (the sparse products split rows, each row summed in one
 * order; tested bit-identical for 1, 2 and 7 threads).  The error on the singular subspace shrinks like
 * (sigma_{d+oversampling+1} / sigma_d)^(2 power_iterations + 1); with
 * d + oversampling >= V the result is the exact SVD.
 * Cost: 2 power_iterations + 2 sparse products of nnz x (d + oversampling)
 * (OpenMP over rows) plus as many QRs of V x (d + oversampling); memory
 * about 4 V (d + oversampling) doubles besides the counts.
 */
#define PR_PPMI_OPTIONS_VERSION 1
typedef struct pr_ppmi_options {
    uint32_t version;           /* PR_PPMI_OPTIONS_VERSION                     */
    uint32_t oversampling;      /* extra test columns beyond d (<= 4096). 10   */
    uint32_t power_iterations;  /* subspace iterations (<= 64). 4              */
    uint64_t seed;              /* of the Gaussian test matrix. 1              */
    double context_alpha;       /* context smoothing exponent in (0, 1];
                                   1 = none. 1.0                               */
    double shift;               /* log k subtracted before clipping, >= 0. 0   */
    int32_t num_threads;        /* OpenMP threads of the PPMI build and the
                                   sparse products, 0 = default. 0             */
    pr_progress_fn progress;    /* after each sparse product, with (done,
                                   2 power_iterations + 2). NULL               */
    void *progress_user;
} pr_ppmi_options;

/* Fills *opts with the defaults above.  NULL is ignored. */
PR_API void pr_ppmi_options_init(pr_ppmi_options *opts);

/* Writes the PPMI-SVD embedding of `corpus` (read only; a const corpus may
 * be shared) into the caller's row-major rows x d float32 E, and, if
 * `singular_values` is not NULL, the top d singular values of PPMI (double,
 * descending) into it.  Neither is touched on failure or cancel.
 * Thread-safe.  Errors: INVALID_ARGUMENT (NULL corpus or E, d = 0, d >
 * vocab_size, an empty corpus, an option out of range: named with its
 * value), MISMATCH (rows != vocab_size), NUMERIC (PPMI is all zero: no pair
 * occurs more often than chance), VERSION, CANCELLED. */
PR_API int pr_embeddings_ppmi_svd_f32(const pr_corpus *corpus, const pr_ppmi_options *opts, float *E, size_t rows,
                                      size_t d, double *singular_values);

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
/* The source write-up and the verdict thresholds                           */
/* ======================================================================== */

/* The numbers of the source write-up ("PR locked at 2.0, but corpus init
 * still helps SFT").  They are the claims a study tests and the defaults
 * taken from the source (pr_init_options.blend_target_pr); none of the
 * library's results is derived from them.  Defined here only. */
#define PR_SOURCE_MAX_POWER 8                  /* powers T^1 .. T^8 tabulated      */
#define PR_SOURCE_LOCKED_PR 2.00               /* PR(A_k) at every power           */
#define PR_SOURCE_TRAINED_ATTENTION_PR 8.75    /* PR of trained attention: the
                                                  default blend target           */
#define PR_SOURCE_LOSS_STEP 100                /* the step the losses are read at   */
#define PR_SOURCE_LOSS_RANDOM 2.156            /* random init                      */
#define PR_SOURCE_LOSS_DIRECT 2.095            /* direct T^1 (-2.8%)               */
#define PR_SOURCE_LOSS_BLEND 2.086             /* PR-matched blend (-3.2%)         */
#define PR_SOURCE_LOSS_ORACLE 1.951            /* trained oracle (-9.5%)           */
#define PR_SOURCE_BLEND_TRAINED_COS_L0 0.907   /* blend vs trained, layer 0        */
#define PR_SOURCE_BLEND_TRAINED_COS_MEAN 0.678 /* blend vs trained, layer mean     */

/* Thresholds a verdict on those claims uses, each with its reason. */
#define PR_VERDICT_LOCK_TOLERANCE 0.05  /* |PR - 2| at or below this at every power
                                           is "locked at 2": a second plane with
                                           only 1.3% of the first's sigma^2
                                           already lifts PR above 2.05          */
#define PR_VERDICT_ONE_PLANE_MAX_PR 2.5 /* above this, a second plane carries at
                                           least 13% of the first's sigma^2 (one
                                           plane gives 2, two equal planes 4)   */
#define PR_VERDICT_COSINE_MARGIN 0.1    /* |cosine| must beat its null's by this
                                           to count as a shared direction: the
                                           null cosine of unrelated d x d
                                           antisymmetric matrices has sd about
                                           1/sqrt(d(d-1)/2), 0.045 at d = 32    */
#define PR_VERDICT_CONFIDENCE 0.95      /* level of every interval a loss claim
                                           is judged with (paired over seeds)   */

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
 *   PR_INIT_NORM_MATCHED  the RANDOM draw (same seed), each head's Q_h and
 *                      K_h rescaled to the Frobenius norms of the PR_BLEND
 *                      init with the same options: a control that has the
 *                      corpus init's magnitudes and none of its structure
 *                      (corpus inits are rescaled, and a rescale alone can
 *                      move the loss).  Needs the corpus like PR_BLEND.
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
 * Frobenius norm of the model's wte, which they then also replace.  They are
 * pr_embeddings_ppmi_svd_f32's (defaults except power_iterations = 8; seed 1
 * whatever opts.seed, so every seed and arm sees the same E).
 * Corpus forms are computed from the token stream with pr_transition's
 * sparse machinery, at any vocabulary size (GPT-2's 50257 included; memory
 * grows with the distinct bigrams plus O(V d), never V^2): C = bigram counts
 * of consecutive tokens (no document boundaries), T = C row-normalised with
 * no smoothing, a row never followed is uniform (PR_DANGLING_UNIFORM), pi by
 * pr_transition's lazy power iteration pi <- (pi + pi T)/2 from the unigram
 * frequencies to ||pi T - pi||_1 <= 1e-12 (at most 10000 iterations; the
 * lazy step also converges for periodic chains), and T^k is applied to E k
 * times (never formed), as pr_transition_project_f32 does: float32 sparse
 * products and GEMMs summed in double, so M_k carries float32 rounding (about
 * 1e-6 of |M_k|; checked against a dense double reference in the tests).
 * The modes are
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
    PR_INIT_SYMMETRIC = 5,
    PR_INIT_NORM_MATCHED = 6
} pr_init_strategy;

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
    int32_t mode;              /* pr_projection_mode; default CENTER_EMBEDDINGS  */
    int32_t banding;           /* pr_init_banding; default PER_HEAD              */
    uint32_t blend_powers;     /* PR_BLEND: K; default 4 (powers 1..K)           */
    double blend_target_pr;    /* default PR_SOURCE_TRAINED_ATTENTION_PR (8.75,
                                  from the source write-up)                     */
    double blend_tolerance;    /* default 0.05: |PR(B(w)) - target| reached      */
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

/* Fills *opts with the defaults listed in the struct and sets its version.
 * NULL is ignored. Thread-safe. */
PR_API void pr_init_options_init(pr_init_options *opts);

/* "random", "direct", "pr_blend", "oracle", "mimetic", "symmetric",
 * "norm_matched"; "unknown" for an unknown value.  Static storage; never
 * NULL.  Thread-safe. */
PR_API const char *pr_init_strategy_name(int strategy /* pr_init_strategy */);

/* One line naming the strategy and every option that matters for it, e.g.
 * "pr_blend(K=4, mode=center_embeddings, target_pr=8.75, ...)" or
 * "oracle(copy=w_q,w_k)".  Size query: buf NULL -> *needed (with the NUL).
 * PR_ERR_BUFFER_TOO_SMALL if capacity < *needed.  opts NULL = defaults; an
 * unknown enum value in opts is PR_ERR_INVALID_ARGUMENT.  Thread-safe. */
PR_API int pr_init_describe(const pr_init_options *opts, char *buf, size_t capacity, size_t *needed);

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
 * offset); any vocab (see above for how T, pi and M_k are computed).
 * Errors: INVALID_ARGUMENT (NULL, n_tokens < 2, d = 0, max_power outside
 * 1..64, unknown mode), NUMERIC (NaN/Inf in the embedding).  Thread-safe. */
PR_API int pr_init_corpus_forms_f64(const uint32_t *tokens, size_t n_tokens, uint32_t vocab,
                                    const float *embedding, uint32_t d, uint32_t max_power,
                                    int mode /* pr_projection_mode */, double *out);

/* Initialises `model` in place: E is its current wte (or PPMI-SVD of the
 * tokens, which then replaces wte), the corpus forms come from `tokens`
 * (needed for DIRECT, PR_BLEND and PPMI-SVD; may be NULL otherwise), and the
 * strategy's tensors are written with pr_sft_set_param_f32.  ORACLE reads
 * opts->oracle_path; its tensors must match the model's shapes
 * (PR_ERR_MISMATCH naming the tensor).  reports: capacity >= n_layer entries
 * or NULL.  Optimizer state is left alone (call before training).  The
 * arrays are read during the call only.  Threads: as any call that changes
 * a pr_sft handle (one thread at a time). */
PR_API int pr_init_apply(struct pr_sft *model, const pr_init_options *opts, const uint32_t *tokens,
                         size_t n_tokens, pr_init_layer_report *reports, size_t capacity);

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
 * and at `steps` (curve points on curve_eval_batches of them, see below).
 *
 * Per arm, over seeds: final validation loss mean, sample sd (n-1) and the
 * 95% Student-t interval mean +- t_{0.975,n-1} sd/sqrt(n); the paired
 * per-seed difference from the random arm (the first arm with strategy
 * PR_INIT_RANDOM), 100 (L_arm - L_random)/L_random, with its own t interval;
 * and the first evaluated step at which the arm's seed-mean curve point is
 * <= the random arm's seed-mean last curve point, both on curve_eval_batches
 * batches (-1 = never; resolution eval_interval).  With one seed the sd and
 * intervals are NaN.
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
    pr_init_options init;  /* seed 0 (default): replaced by each run's seed;
                              non-zero: mixed with each run's seed (XXH64),
                              an independent draw per value (the negative
                              control: a second RANDOM draw, same norms)   */
} pr_init_arm;

#define PR_INIT_COMPARE_OPTIONS_VERSION 2
typedef struct pr_init_compare_options {
    uint32_t version;        /* PR_INIT_COMPARE_OPTIONS_VERSION                */
    const struct pr_sft_options *model;        /* NULL = pr_sft defaults; borrowed */
    const struct pr_sft_train_options *train;  /* NULL = pr_sft defaults; borrowed */
    uint64_t steps;          /* default 100: the step budget N                 */
    uint32_t eval_interval;  /* default 10 (0 = only step 0 and N)             */
    uint64_t reference_steps;/* default 1000: oracle reference training        */
    const char *cache_dir;   /* default NULL (no cache); borrowed              */
    int32_t vary_data_with_seed; /* default 0: one data order for every run    */
    /* Version 2 (a version-1 struct, which ends before it, is read as the
     * default): */
    uint32_t curve_eval_batches; /* default 0 = all: the curve points are the
                              mean loss on the first this many of the train
                              options' eval_batches validation batches (at
                              most eval_batches).  The final loss, which
                              every summary uses, is always on all of them;
                              steps-to-random compares curve points with
                              the random arm's last curve point, on the same
                              batches.  Fewer batches make the curve points
                              cheaper and noisier, never the verdicts.    */
} pr_init_compare_options;

/* Fills *opts with the defaults listed in the struct and sets its version.
 * NULL is ignored. Thread-safe. */
PR_API void pr_init_compare_options_init(pr_init_compare_options *opts);

/* The results of one comparison.  Immutable; may be read from several
 * threads at once. */
typedef struct pr_init_compare pr_init_compare;

/* Runs the comparison (n_arms x n_seeds runs plus the reference if needed).
 * tokens: ids < the model's vocab_size (PR_ERR_OUT_OF_RANGE otherwise).
 * Every input is read during the call only (copied where kept).  progress
 * counts training steps over all runs.  Errors: argument errors naming the
 * field (among them curve_eval_batches > the train options' eval_batches),
 * duplicate labels, PR_ERR_VERSION (opts versions 1 and 2 are read), any
 * pr_init_apply / pr_sft error, PR_ERR_CANCELLED.  Free with
 * pr_init_compare_free.  Thread-safe: concurrent calls share nothing. */
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

/* The readers below take a const result handle: it is immutable, so any
 * number of threads may read it at once.  Strings they return point into the
 * handle and live until pr_init_compare_free.  arm < n_arms and seed_index <
 * n_seeds, else PR_ERR_INVALID_ARGUMENT naming the index. */

/* Sizes of the result: arms, seeds and the step budget.  Each out-pointer may
 * be NULL (that value is then not written). */
PR_API int pr_init_compare_counts(const pr_init_compare *r, size_t *n_arms, size_t *n_seeds,
                                  uint64_t *steps);
/* The summary of one arm over seeds (see pr_init_arm_summary; the statistics
 * are computed by the library: mean, sample sd, 95% t intervals, paired
 * differences from the random arm).  out must be non-NULL. */
PR_API int pr_init_compare_summary(const pr_init_compare *r, size_t arm, pr_init_arm_summary *out);
/* Final validation loss per seed into out[0..n_seeds), in the order of the
 * seeds passed to pr_init_compare_run.  capacity < n_seeds is
 * PR_ERR_BUFFER_TOO_SMALL. */
PR_API int pr_init_compare_final_losses_f64(const pr_init_compare *r, size_t arm, double *out, size_t capacity);
/* Per-step training loss of one run into out[0..steps); capacity < steps is
 * PR_ERR_BUFFER_TOO_SMALL. */
PR_API int pr_init_compare_train_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index,
                                           double *out, size_t capacity);
/* Validation curve of one run: *n_evals points (query with both buffers
 * NULL), steps[i] and val_loss[i] (either may be NULL), each point on the
 * comparison's curve_eval_batches batches (so the last one equals the final
 * loss only when those are all of them); capacity < n_evals is
 * PR_ERR_BUFFER_TOO_SMALL. */
PR_API int pr_init_compare_val_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index,
                                         uint64_t *steps, double *val_loss, size_t capacity,
                                         size_t *n_evals);
/* XXH64 of every batch the run trained on, in order (equal digests = the
 * same data order). */
PR_API int pr_init_compare_data_digest(const pr_init_compare *r, size_t arm, size_t seed_index,
                                       uint64_t *digest);

/* Where the comparison's time went, in wall-clock seconds.  Measurements,
 * not results: unlike every other reader's values they vary with the
 * machine and its load.  step_median_s is the trainer's steady-state speed:
 * the median time of one training step (forward, backward, update) over
 * every timed step except the first 2 of each run, a median of single steps
 * (not train_s / n_steps), so time lost to slow or stalled steps is not
 * absorbed into it.  A merged handle (pr_init_compare_merge_runs) counts the
 * merged runs' times too. */
typedef struct pr_init_compare_timing {
    uint64_t n_steps;        /* training steps timed: every present run's, and
                                the reference's when this handle trained it */
    uint64_t n_steady_steps; /* the steps step_median_s is taken over         */
    double step_median_s;    /* NaN when n_steady_steps is 0                  */
    double train_s;          /* sum of the timed steps                        */
    double data_s;           /* sampling and hashing the batches              */
    double eval_s;           /* the validation evaluations                    */
    double setup_s;          /* per run: model creation and init (the first
                                run that needs them also computes the
                                corpus statistics and reads the oracle files
                                the runs share); the reference's creation,
                                reading, saving                               */
    double prep_s;           /* input checks and the data split              */
} pr_init_compare_timing;

/* Fills *out (non-NULL) for r (also a partial one: its present runs). */
PR_API int pr_init_compare_get_timing(const pr_init_compare *r, pr_init_compare_timing *out);

/* Formats of pr_init_compare_report. */
typedef enum pr_report_format {
    PR_REPORT_MARKDOWN = 0, /* one table row per arm                         */
    PR_REPORT_JSON = 1      /* one object: steps, seeds, reference, arms[]   */
} pr_report_format;

/* The results as text in a pr_report_format into buf (NUL-terminated); size
 * query with buf NULL (*needed includes the NUL); capacity < *needed is
 * PR_ERR_BUFFER_TOO_SMALL; an unknown format is PR_ERR_INVALID_ARGUMENT. */
PR_API int pr_init_compare_report(const pr_init_compare *r, int format /* pr_report_format */, char *buf,
                                  size_t capacity, size_t *needed);

/* ---- a comparison in parts (for libprspread_mpi and other launchers) ---- */
/*
 * The runs of a comparison are independent, so a launcher may spread them
 * over processes: each process runs some of them with
 * pr_init_compare_run_part, packs its finished runs
 * (pr_init_compare_pack_runs), and one handle merges them all
 * (pr_init_compare_merge_runs).  A run is computed by the same code whichever
 * part runs it, so with the same options (num_threads included) its curves,
 * final loss and data digest are bit-identical to pr_init_compare_run's, and
 * the merged handle's summaries, reports and claims equal its.
 *
 * Run index: seed_index * n_arms + arm (the order pr_init_compare_run runs
 * them).  A handle is "partial" until every run is present: its readers
 * then fail with PR_ERR_INVALID_ARGUMENT for a missing run, and
 * pr_init_compare_summary / _report / _claim fail with
 * PR_ERR_INVALID_ARGUMENT ("n of m runs present").
 */
#define PR_INIT_COMPARE_PART_VERSION 1
typedef struct pr_init_compare_part {
    uint32_t version;             /* PR_INIT_COMPARE_PART_VERSION                */
    const size_t *runs;           /* run indices to run (< n_arms * n_seeds, each
                                     once); may be NULL with n_runs 0          */
    size_t n_runs;                /* 0: run none (only the checks and, if an
                                     ORACLE arm needs it, the reference)       */
    const char *reference_in;     /* NULL: the reference is trained or read from
                                     the cache as pr_init_compare_run does; else
                                     a safetensors file (e.g. another part's
                                     reference_out) used as the reference      */
    const char *reference_out;    /* NULL, or a file the reference used is
                                     written to (atomically) when one is used  */
} pr_init_compare_part;

/* Fills *part: version, no runs, no reference files.  NULL is ignored. */
PR_API void pr_init_compare_part_init(pr_init_compare_part *part);

/* pr_init_compare_run restricted to part->runs (and part's reference
 * files); the arguments and errors are those of pr_init_compare_run, plus
 * PR_ERR_OUT_OF_RANGE / INVALID_ARGUMENT for a run index out of range or
 * listed twice and PR_ERR_VERSION for part.  progress counts this part's
 * steps (and the reference's when it is trained here).  The result is
 * partial unless part lists every run.  Free with pr_init_compare_free. */
PR_API int pr_init_compare_run_part(pr_init_compare **out, const pr_init_compare_options *opts,
                                    const uint32_t *tokens, size_t n_tokens, const pr_init_arm *arms,
                                    size_t n_arms, const uint64_t *seeds, size_t n_seeds,
                                    const pr_init_compare_part *part, pr_progress_fn progress,
                                    void *user);

/* The runs present in r as bytes into buf (size query with buf NULL;
 * *needed is the byte count; capacity < *needed is PR_ERR_BUFFER_TOO_SMALL).
 * The bytes are in this machine's byte order: for processes running one
 * build on one architecture (the ranks of one MPI job). */
PR_API int pr_init_compare_pack_runs(const pr_init_compare *r, void *buf, size_t capacity, size_t *needed);

/* Adds packed runs to `into` (same number of arms, seeds and steps; none of
 * them already present, else PR_ERR_MISMATCH; PR_ERR_FORMAT for bytes that
 * are not a pack).  When the last run arrives the summaries are computed.
 * On error `into` is unchanged.  Mutates `into`: no other thread may read
 * it during the call. */
PR_API int pr_init_compare_merge_runs(pr_init_compare *into, const void *bytes, size_t size);

/* ---- verdicts with power ------------------------------------------------ */
/*
 * Three-way verdict on a claimed paired effect.  With per-seed paired
 * differences d_i (arm minus baseline, same seed and data order), mean m,
 * sample sd s and the 95% Student-t interval [lo, hi] = m -+ t s/sqrt(n):
 *   HELD          the interval lies strictly on the claim's side of zero
 *                 (below zero for a claimed reduction, or when no size is
 *                 claimed: claimed = NaN means "some reduction");
 *   CONTRADICTED  not held, and the interval excludes the claimed effect
 *                 (claimed NaN: the interval lies above zero);
 *   INCONCLUSIVE  the interval contains zero and the claimed effect, or
 *                 fewer than 2 finite differences.
 * excludes_claim = 1 when the interval excludes the claimed value (for HELD:
 * the direction holds, the size does not).  mde, the minimum detectable
 * effect, is the half-width t_{0.975,n-1} s/sqrt(n): the smallest mean
 * difference this seed count and spread would call non-zero at 95%.  When
 * INCONCLUSIVE, seeds_needed is the smallest n' > n whose half-width
 * t_{0.975,n'-1} s/sqrt(n') is below max(|m|, |m - claimed|): the seeds at
 * which the interval would exclude zero or the claim if m and s stayed as
 * measured (0 = resolved, n < 2, s = 0, or more than 100000 needed).
 */
typedef enum pr_claim_outcome {
    PR_CLAIM_HELD = 0,
    PR_CLAIM_CONTRADICTED = 1,
    PR_CLAIM_INCONCLUSIVE = 2
} pr_claim_outcome;

typedef struct pr_claim_test {
    uint64_t n;              /* finite differences used                       */
    double mean, sd, lo, hi; /* of the differences; 95% interval              */
    double claimed;          /* as passed                                     */
    double mde;              /* 95% half-width (NaN if n < 2)                 */
    int32_t outcome;         /* pr_claim_outcome                              */
    int32_t excludes_claim;  /* 1 if claimed lies outside [lo, hi]            */
    uint64_t seeds_needed;   /* see above; 0 = none                           */
} pr_claim_test;

/* "held", "contradicted", "inconclusive"; "unknown" for an unknown value.
 * Static storage; never NULL.  Thread-safe. */
PR_API const char *pr_claim_outcome_name(int outcome /* pr_claim_outcome */);

/* The verdict on differences[n] (NaN entries are skipped: interrupted runs)
 * against `claimed` (finite, or NaN for "some reduction").  Errors:
 * INVALID_ARGUMENT for NULL out, NULL differences with n > 0, or an infinite
 * claimed.  Thread-safe. */
PR_API int pr_claim_test_paired_f64(const double *differences, size_t n, double claimed,
                                    pr_claim_test *out);

/* The same on a comparison: d_i = 100 (L_arm - L_baseline)/L_baseline, the
 * per-seed final validation loss change of `arm` against `baseline` in
 * percent, tested against claimed_pct (e.g. -3.2, or NaN).  Errors:
 * OUT_OF_RANGE for an arm index >= n_arms, INVALID_ARGUMENT as above.  The
 * handle may be shared between threads. */
PR_API int pr_init_compare_claim(const pr_init_compare *r, size_t arm, size_t baseline,
                                 double claimed_pct, pr_claim_test *out);

/* ---- attention analysis of a checkpoint -------------------------------- */
/*
 * For each layer l and head h of a checkpoint (ours, or Hugging Face GPT-2
 * safetensors with fused c_attn, optionally "transformer."-prefixed), with
 * W = W_QK^h = w_q[:, h] w_k[:, h]^T and A = (W - W^T)/2:
 *   symmetry          ||S||_F^2/||W||_F^2
 *   antisym_pr        PR of A (sigma^2 convention), planes = PR/2, effective
 *                     rank (Roy & Vetterli) and stable rank
 * and A's similarity to the corpus form A_k = antisym(M_k), computed with the
 * checkpoint's own wte as E (power, mode as above), by pr_transition's
 * similarity functions, each as value, null mean, null std and z:
 *   frobenius_cos     <A, A_k>_F/(||A||_F ||A_k||_F); null: A_k rotated by
 *                     Haar-random orthogonal Q (Q A_k Q^T)
 *   subspace_overlap  mean cos^2 of the principal angles between the top
 *                     `planes` rotation-plane subspaces; null likewise
 *   spectrum_cos      cosine of the sorted singular-value vectors; null: the
 *                     spectrum of an iid Gaussian's antisymmetric part (this
 *                     cosine is high even for unrelated matrices: read z)
 * mean_principal_cos is the mean cosine of those principal angles.
 * Row head = -1 is the layer sum sum_h W_QK^h.
 * Output order: layer by layer, heads 0..H-1 then the sum.
 */
#define PR_INIT_ANALYSIS_OPTIONS_VERSION 1
typedef struct pr_init_analysis_options {
    uint32_t version;    /* PR_INIT_ANALYSIS_OPTIONS_VERSION                  */
    uint32_t n_head;     /* required (safetensors do not store it); default 0 */
    uint32_t power;      /* default 1                                         */
    int32_t mode;        /* pr_projection_mode; default CENTER_EMBEDDINGS     */
    uint32_t planes;     /* default 4                                         */
    uint32_t null_draws; /* default 32                                        */
    uint64_t seed;       /* default 1 (null draws)                            */
} pr_init_analysis_options;

/* Fills *opts with the defaults listed in the struct (n_head must still be
 * set) and sets its version.  NULL is ignored. Thread-safe. */
PR_API void pr_init_analysis_options_init(pr_init_analysis_options *opts);

typedef struct pr_init_head_analysis {
    int32_t layer, head;  /* head -1 = layer sum */
    double frobenius_norm, symmetry;           /* of W                     */
    double antisym_pr, planes, effective_rank, stable_rank; /* of A        */
    pr_similarity_stat frobenius_cos, subspace_overlap, spectrum_cos; /* with nulls */
    double mean_principal_cos;
    pr_qk_geometry geometry; /* symmetry, directionality, energy split of W,
                                nulls from opts.null_draws random heads of
                                the same shape (pr_qk_geometry_f64)          */
} pr_init_head_analysis;

/* Analyses the checkpoint at `path` against the corpus `tokens` (ids < its
 * vocab; any vocab size).  *n_out gets L*(H+1); out NULL = size query, else
 * capacity >= *n_out (PR_ERR_BUFFER_TOO_SMALL).  Errors: PR_ERR_IO/PR_ERR_FORMAT
 * for the file, PR_ERR_INVALID_ARGUMENT naming the option.  Thread-safe. */
PR_API int pr_init_analyze_checkpoint(const char *path, const uint32_t *tokens, size_t n_tokens,
                                      const pr_init_analysis_options *opts,
                                      pr_init_head_analysis *out, size_t capacity, size_t *n_out);

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
 * data give a bit-identical loss curve and parameters (also across handles
 * and across save/load with optimizer state).  Changing num_threads can
 * change the last bits of results: each GEMM is split into per-thread row
 * blocks, and Eigen's cache blocking inside a block depends on its size.
 * Tested bound: each step's loss on 1, 2 and 3 threads agrees to a relative
 * 1e-4 over 30 steps of a 2-layer, d = 32 model (measured: identical there).
 * Every reduction prspread writes itself (LayerNorm and bias gradients, the
 * gradient norm, the loss) has an order independent of the thread count.
 * Under a loaded machine, prefer OMP_WAIT_POLICY=passive or fewer threads:
 * OpenMP's default spin-waiting makes each barrier cost a time slice.
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
 * Loading a checkpoint (pr_sft_save) in PyTorch, without the safetensors
 * package:
 *     import json, struct, numpy as np, torch
 *     b = open("model.safetensors", "rb").read()
 *     n = struct.unpack("<Q", b[:8])[0]; hdr = json.loads(b[8:8 + n])
 *     sd = {k: torch.from_numpy(np.frombuffer(b, np.float32,
 *               int(np.prod(v["shape"])), 8 + n + v["data_offsets"][0])
 *               .reshape(v["shape"]).copy())
 *           for k, v in hdr.items() if k != "__metadata__"}
 *     nn_linear_weight_q = sd["h.0.attn.w_q"].T   # nn.Linear is [out, in]
 * (or safetensors.torch.load_file where that package is installed).
 */

typedef struct pr_sft pr_sft;

/* Arithmetic of the trainer's matrix products (pr_sft_options.precision).
 * FP32: float32 throughout (the default; bit-identical to versions before
 * this option).  BF16: the linear layers and the tied head, forward and
 * backward, round their operands to bfloat16 (round to nearest even) and sum
 * the products in float32 (AVX512-BF16 vdpbf16ps); weights, gradients,
 * AdamW state, LayerNorm, attention, softmax and loss stay float32.  BF16
 * needs a CPU with AVX512-BF16: without it pr_sft_create fails with
 * PR_ERR_STATE (it never runs a slow emulation).  The environment variable
 * PRSPREAD_ISA_MAX = portable | avx2 | avx512 | avx512_bf16 caps the
 * instruction set the library may use (for tests and bug reports), so
 * PRSPREAD_ISA_MAX=avx512 makes BF16 fail as on an older CPU.  The
 * precision is a property of the run: checkpoints do not record it. */
typedef enum pr_sft_precision {
    PR_SFT_PRECISION_FP32 = 0,
    PR_SFT_PRECISION_BF16 = 1
} pr_sft_precision;

/* Version 2 added `precision`; version-1 structs (without it) are still
 * accepted and run in FP32. */
#define PR_SFT_OPTIONS_VERSION 2
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
    int32_t precision;       /* version >= 2; pr_sft_precision, default
                                PR_SFT_PRECISION_FP32                       */
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

/* Fills *opts with the defaults listed in the struct and sets its version.
 * NULL is ignored. Thread-safe. */
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
/* Training data from a token file in any format pr_corpus reads (see
 * pr_token_format: raw u16/u32, llm.c, .npy; PR_TOKENS_AUTO detects).  Same
 * checks as above; file errors as pr_corpus_add_token_file. */
PR_API int pr_sft_set_data_file(pr_sft *model, const char *path, int format /* pr_token_format */);

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
 * (capacity must be at least that; PR_ERR_BUFFER_TOO_SMALL otherwise). */
PR_API int pr_sft_logits_f32(pr_sft *model, const int32_t *inputs, size_t batch, size_t seq_len,
                             float *out, size_t capacity);

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

/* ---- data-parallel hooks (used by pr_mpi_sft_train) ---------------------
 * A step split over workers: each takes its rows of the step's batch
 * (pr_sft_sample_batch_i32), runs pr_sft_loss_grad_i32 on them, the workers
 * average their gradients in the flat buffer (pr_sft_grad_buffer_f32), and
 * each applies the same optimizer step (pr_sft_apply_grad), so the replicas
 * stay identical. */

/* The [batch_size, context_length] batch pr_sft_step would sample as its
 * step-th batch (0-based optimizer step), depending only on (data_seed,
 * step).  capacity (entries of each array) must be >= batch_size *
 * context_length (PR_ERR_BUFFER_TOO_SMALL).  PR_ERR_STATE without data. */
PR_API int pr_sft_sample_batch_i32(const pr_sft *model, uint64_t step, int32_t *inputs, int32_t *targets,
                                   size_t capacity);

/* *grads points at the model's flat float32 gradient buffer of *n scalars
 * (pr_sft_num_scalars; parameter order of pr_sft_param_info), which
 * pr_sft_loss_grad_i32 overwrites and pr_sft_apply_grad reads.  The caller
 * may read and write it in place (e.g. MPI_Allreduce with MPI_IN_PLACE).
 * The pointer lives as long as the model; not thread-safe with calls on the
 * same model. */
PR_API int pr_sft_grad_buffer_f32(pr_sft *model, float **grads, size_t *n);

/* The optimizer half of a training step on the gradient buffer as it stands:
 * global-norm clip, the learning-rate schedule at the current step count,
 * AdamW, step count + 1.  loss is the step's (global) training loss, reported
 * in info (may be NULL; tokens_per_s is 0).  PR_ERR_NUMERIC (nothing applied)
 * for a non-finite loss or gradient norm. */
PR_API int pr_sft_apply_grad(pr_sft *model, double loss, pr_sft_step_info *info);

/* Checkpoints (safetensors).  The file holds every parameter tensor as F32
 * under the names above, plus, with include_optimizer, the AdamW moments as
 * "optim.exp_avg.<name>" and "optim.exp_avg_sq.<name>".  __metadata__ holds
 * format = "prspread.sft", format_version = "1", config (JSON of the model
 * options), optimizer_step, has_optimizer and xxh64 (checksum of all tensor
 * bytes in file order).  Written atomically (temporary file, fsync, rename).
 * Any safetensors reader loads it (see the PyTorch snippet above).
 * Errors: PR_ERR_IO; on load PR_ERR_FORMAT / PR_ERR_CHECKSUM / PR_ERR_VERSION
 * for foreign, corrupt or truncated files. */
PR_API int pr_sft_save(const pr_sft *model, const char *path, int include_optimizer);

/* Loads weights into an existing model of the same architecture
 * (PR_ERR_MISMATCH otherwise, naming both configs).  If the file has
 * optimizer state, the moments and step count are restored too, so training
 * resumes exactly; otherwise they are kept.  Training options and data are
 * not part of the file.  On any error the model is unchanged. */
PR_API int pr_sft_load(pr_sft *model, const char *path);

/* Creates a model with the architecture stored in a checkpoint and loads it.
 * num_threads as in pr_sft_options (0 = default). */
PR_API int pr_sft_create_from_file(pr_sft **out, const char *path, int32_t num_threads);

/* A trained model from a file as the reference of a study: our checkpoints
 * (pr_sft_save) or a Hugging Face GPT-2 model.safetensors.  GPT-2 is this
 * architecture (the output head tied to wte) with Q, K, V fused:
 * h.{l}.attn.c_attn.weight is [d, 3d] in Conv1D [in, out] layout (columns
 * [0,d) = W_Q, [d,2d) = W_K, [2d,3d) = W_V; head h is columns
 * [h d/H, (h+1) d/H) of each) and c_attn.bias is [3d]; they become
 * h.{l}.attn.w_q/w_k/w_v and b_q/b_k/b_v.  Names may carry a "transformer."
 * prefix; other tensors (attn.bias mask buffers, lm_head.weight) are
 * ignored; F32, F16, BF16 and F64 tensors are read as float32.  The head
 * count of a GPT-2 file comes from config.json in the same directory
 * (n_head, n_layer, n_embd, n_positions, vocab_size, n_inner: each must agree
 * with the tensors) or from n_head. */
typedef enum pr_checkpoint_kind { PR_CHECKPOINT_PRSPREAD = 0, PR_CHECKPOINT_GPT2 = 1 } pr_checkpoint_kind;

/* The architecture of the checkpoint at `path` without loading its weights:
 * *out is filled as by pr_sft_options_init, then vocab_size, context_length,
 * n_layer, n_head, d_model and mlp_ratio are the file's; *kind (may be NULL)
 * gets a pr_checkpoint_kind.  n_head: 0 = from the file, else it must agree
 * with the file's (PR_ERR_MISMATCH naming both).  A GPT-2 file without
 * config.json and n_head = 0 succeeds with out->n_head = 0 (unknown).  Every
 * tensor's presence, dtype and shape is checked: PR_ERR_IO for an unreadable
 * file; PR_ERR_FORMAT naming the tensor for a missing one, a non-float dtype
 * or a shape that is not GPT-2's (c_attn as nn.Linear [3d, d] is rejected);
 * PR_ERR_MISMATCH when config.json disagrees with the tensors.  Nothing is
 * owned by the caller afterwards.  Thread-safe (no shared state). */
PR_API int pr_sft_inspect_checkpoint(const char *path, uint32_t n_head, pr_sft_options *out, int32_t *kind);

/* Creates a model with the checkpoint's architecture (as
 * pr_sft_inspect_checkpoint reads it) and loads its weights: ours as
 * pr_sft_create_from_file does, GPT-2 with c_attn split as above (no
 * optimizer state; step count 0).  n_head as in pr_sft_inspect_checkpoint;
 * PR_ERR_INVALID_ARGUMENT naming 'n_head' when a GPT-2 file has no
 * config.json and n_head is 0.  All shapes are validated before the model is
 * allocated.  num_threads as in pr_sft_options.  *out is NULL on error, else
 * owned by the caller (pr_sft_free).  Thread-safe (no shared state); the
 * handle follows pr_sft's rule. */
PR_API int pr_sft_create_from_checkpoint(pr_sft **out, const char *path, uint32_t n_head, int32_t num_threads);

/* One tensor of the checkpoint at `path` (either kind) under pr_sft's name
 * ("wte", "h.0.attn.w_q", "h.0.attn.b_k", ...; W_Q/W_K/W_V split from a GPT-2
 * c_attn as above) into out (caller-owned, product of shape floats), without
 * creating a model: a pr_sft handle sizes its activation buffers for
 * batch x context at creation (about 20 GB for GPT-2 small at context 1024),
 * this reads only the tensor.  The file is validated as by
 * pr_sft_inspect_checkpoint; no head count is needed.  ndim and shape must
 * equal the tensor's (PR_ERR_MISMATCH naming its shape); an unknown name is
 * PR_ERR_INVALID_ARGUMENT.  Thread-safe (no shared state). */
PR_API int pr_sft_checkpoint_read_f32(const char *path, const char *name, uint32_t ndim, const uint64_t *shape,
                                      float *out);

/* ======================================================================== */
/* pr_tokenizer — byte-level BPE tokenizers (GPT-2, Hugging Face)           */
/* ======================================================================== */

/*
 * A model's own vocabulary, so text can be counted with the ids the model
 * sees.  Two file kinds load:
 *   - OpenAI GPT-2: encoder.json (token -> id) + vocab.bpe (merges).
 *     "<|endoftext|>" is its special token.
 *   - A Hugging Face tokenizer.json whose model is BPE behind the ByteLevel
 *     pre-tokenizer with GPT-2's split pattern (GPT-2, GPT-Neo, Pythia, ...);
 *     a normalizer, another model type or another pre-tokenizer is rejected
 *     with PR_ERR_FORMAT naming what the file has.  Its added_tokens are the
 *     special tokens.
 * Encoding is token-for-token identical to tiktoken's r50k_base (= GPT-2)
 * and to OpenAI's encoder.py, tested in CI.  Text is any bytes: invalid
 * UTF-8 is split byte by byte as punctuation, and decoding gives the input
 * back exactly, except that a tokenizer.json whose ByteLevel pre-tokenizer
 * sets add_prefix_space encodes a text not starting with ' ' as if it did
 * (as Hugging Face's tokenizers do): its ids decode to ' ' + the text.  Special tokens are ordinary text unless allow_special is
 * set.  Encoding costs O(n log n) in the worst case (one 1 MB word), memory
 * is bounded by the chunk size for files of any size.
 *
 * Threads: a loaded tokenizer is immutable; a const pr_tokenizer may be used
 * by any number of threads at once.  Each call keeps its own word cache.
 * Load errors (PR_ERR_FORMAT, one line naming the file): invalid or
 * truncated JSON, a merge naming a token that is not in the vocabulary, a
 * vocabulary without all 256 byte tokens, an unsupported tokenizer.json. */
typedef struct pr_tokenizer pr_tokenizer;

typedef enum pr_tokenizer_kind {
    PR_TOKENIZER_GPT2 = 1,   /* encoder.json + vocab.bpe        */
    PR_TOKENIZER_HF_JSON = 2 /* Hugging Face tokenizer.json     */
} pr_tokenizer_kind;

/* Loads from files.  pr_tokenizer_load_gpt2_dir reads DIR/encoder.json and
 * DIR/vocab.bpe.  The caller frees *out with pr_tokenizer_free.  PR_ERR_IO
 * names a missing file. */
PR_API int pr_tokenizer_load_gpt2(pr_tokenizer **out, const char *encoder_json_path, const char *vocab_bpe_path);
PR_API int pr_tokenizer_load_gpt2_dir(pr_tokenizer **out, const char *dir);
PR_API int pr_tokenizer_load_hf(pr_tokenizer **out, const char *tokenizer_json_path);
/* Loads from caller memory (copied; the buffers may be freed on return).
 * kind is a pr_tokenizer_kind: GPT2 reads encoder.json from (a, a_len) and
 * vocab.bpe from (b, b_len); HF_JSON reads tokenizer.json from (a, a_len)
 * and needs b == NULL, b_len == 0.  Any bytes are safe input (fuzzed). */
PR_API int pr_tokenizer_create_from_memory(pr_tokenizer **out, int kind, const char *a, size_t a_len,
                                           const char *b, size_t b_len);
PR_API void pr_tokenizer_free(pr_tokenizer *tokenizer);

/* Number of ids (largest id + 1, special tokens included). */
PR_API int pr_tokenizer_vocab_size(const pr_tokenizer *tokenizer, uint32_t *out);
/* The id of the token whose bytes are exactly (text, len), ordinary or
 * special (e.g. "<|endoftext|>"); -1 if there is none. */
PR_API int pr_tokenizer_token_id(const pr_tokenizer *tokenizer, const char *text, size_t len, int64_t *out);
/* Non-zero in *out if id is a special token. PR_ERR_OUT_OF_RANGE for id >= size. */
PR_API int pr_tokenizer_is_special(const pr_tokenizer *tokenizer, uint32_t id, int32_t *out);

#define PR_ENCODE_OPTIONS_VERSION 1

typedef struct pr_encode_options {
    uint32_t version;      /* PR_ENCODE_OPTIONS_VERSION                         */
    int32_t allow_special; /* non-zero: special-token text becomes its id;
                              default 0 (it is encoded as ordinary text)       */
    int32_t num_threads;   /* threads for large inputs; 0 = OpenMP's default  */
} pr_encode_options;

PR_API void pr_encode_options_init(pr_encode_options *opts);

/* Encodes (text, len) to ids.  Every id covers at least one byte of the
 * text or of a leading space add_prefix_space adds (once per text; with
 * allow_special also once after each special token, as Hugging Face
 * pre-tokenizes each segment on its own), so without allow_special
 * capacity >= len + 1 always suffices; with it, query the size.  Size query: with ids == NULL only
 * *n_out is set; capacity < count gives PR_ERR_BUFFER_TOO_SMALL with *n_out
 * the count.  opts and progress may be NULL; progress counts bytes. */
PR_API int pr_tokenizer_encode(const pr_tokenizer *tokenizer, const char *text, size_t len,
                               const pr_encode_options *opts, uint32_t *ids, size_t capacity, size_t *n_out,
                               pr_progress_fn progress, void *user);

/* Receives ids in order, a chunk at a time; ids is valid only during the
 * call.  A non-zero return stops the encode (PR_ERR_CANCELLED). */
typedef int (*pr_token_sink_fn)(void *user, const uint32_t *ids, size_t n);

/* Encodes a text file (memory-mapped, in chunks, on num_threads threads)
 * and hands the ids to sink in file order.  Memory stays bounded whatever
 * the file size.  progress counts bytes; a cancel leaves the chunks already
 * delivered delivered.  *n_tokens_out (may be NULL) is the number delivered. */
PR_API int pr_tokenizer_encode_file(const pr_tokenizer *tokenizer, const char *path, const pr_encode_options *opts,
                                    pr_token_sink_fn sink, void *sink_user, pr_progress_fn progress, void *user,
                                    uint64_t *n_tokens_out);

/* Bytes of ids, concatenated, into buf (not NUL-terminated).  Size query
 * first: *len_out is always set; buf == NULL copies nothing; capacity <
 * *len_out gives PR_ERR_BUFFER_TOO_SMALL.  PR_ERR_OUT_OF_RANGE names the
 * first id >= size (and its offset). */
PR_API int pr_tokenizer_decode(const pr_tokenizer *tokenizer, const uint32_t *ids, size_t n, char *buf,
                               size_t capacity, size_t *len_out);

/* Tokenises a text file and counts it in one streaming pass, as the
 * continuation of the corpus's current document.  The corpus's vocab_size
 * must be >= the tokenizer's (PR_ERR_MISMATCH otherwise).  For documents
 * separated by "<|endoftext|>": create the corpus with separator = that id
 * and set opts->allow_special.  A cancel keeps the chunks counted before it. */
PR_API int pr_corpus_add_text_file_tokenized(pr_corpus *corpus, const pr_tokenizer *tokenizer, const char *path,
                                             const pr_encode_options *opts, pr_progress_fn progress, void *user);

/* Tokenises a text file into a token file that nanoGPT, llm.c and
 * pr_corpus_add_file read: format PR_TOKENS_U16 (raw uint16, nanoGPT's
 * train.bin), PR_TOKENS_U32, or PR_TOKENS_LLMC (llm.c header: version 1 with
 * uint16 ids; version 7 with uint32 ids if the vocabulary exceeds 65536).
 * U16 needs vocab_size <= 65536.  Written atomically; *n_tokens_out may be
 * NULL. */
PR_API int pr_tokenizer_write_token_file(const pr_tokenizer *tokenizer, const char *text_path, const char *out_path,
                                         int format, const pr_encode_options *opts, pr_progress_fn progress,
                                         void *user, uint64_t *n_tokens_out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRSPREAD_H */
