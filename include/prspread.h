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

/* ======================================================================== */
/* pr_sft — GPT-style CPU trainer                                           */
/* ======================================================================== */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PRSPREAD_H */
