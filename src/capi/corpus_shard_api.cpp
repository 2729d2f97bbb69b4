// extern "C" layer of the pr_corpus calls that count one stream in shards
// (token ranges, context, adding reduced counts): checks and translation only.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "corpus/corpus.hpp"
#include "corpus/token_file.hpp"

using pr::corpus::Corpus;

extern "C" {

PR_API int pr_corpus_add_token_file_range(pr_corpus *c, const char *path, int format, uint64_t first,
                                          uint64_t count, pr_progress_fn progress, void *user) {
    return pr::capi::guard([&] {
        Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(path, "path");
        pr::require_arg(count != UINT64_MAX, "count", count, "must be an exact token count");
        corpus.add_file_range(path, pr::token_format(format), first, count, pr::Progress(progress, user));
    });
}

PR_API int pr_corpus_set_context_u32(pr_corpus *c, const uint32_t *tokens, size_t n) {
    return pr::capi::guard([&] { pr::capi::corpus_of(c).set_context(tokens, n); });
}

PR_API int pr_corpus_add_counts_csr(pr_corpus *c, const uint64_t *row_ptr, const uint32_t *col_idx,
                                    const uint64_t *counts, const uint64_t *unigram) {
    return pr::capi::guard([&] { pr::capi::corpus_of(c).add_counts(row_ptr, col_idx, counts, unigram); });
}

PR_API int pr_token_file_read_range_u32(const char *path, int format, uint64_t first, uint64_t count,
                                        uint32_t *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        if (count > 0) pr::require_nonnull(out, "out");
        const pr::TokenFileView v = pr::open_token_file(path, pr::token_format(format));
        pr::read_token_range(v, path, first, count, out);
    });
}

}  // extern "C"
