// extern "C" layer of pr_corpus: argument checks and error translation only.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "corpus/corpus.hpp"
#include "corpus/token_file.hpp"

#include <algorithm>
#include <cstring>

using pr::corpus::Corpus;
using pr::corpus::CorpusConfig;
using pr::corpus::TokenType;

namespace {

int add(pr_corpus *c, const void *tokens, size_t n, TokenType type) {
    return pr::capi::guard([&] {
        Corpus &corpus = pr::capi::corpus_of(c);
        if (n > 0) pr::require_nonnull(tokens, "tokens");
        corpus.add(tokens, n, type);
    });
}

template <class T, class F>
int get(const pr_corpus *c, T *out, F &&f) {
    return pr::capi::guard([&] {
        const Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(out, "out");
        *out = f(corpus);
    });
}

}  // namespace

extern "C" {

PR_API void pr_corpus_options_init(pr_corpus_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    opts->version = PR_CORPUS_OPTIONS_VERSION;
    opts->vocab_size = 0;
    opts->lag = 1;
    opts->num_threads = 0;
    opts->separator = -1;
}

PR_API int pr_corpus_create(pr_corpus **out, const pr_corpus_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(opts, "opts");
        const pr_corpus_options o =
            pr::capi::options_or_default(opts, pr_corpus_options_init, PR_CORPUS_OPTIONS_VERSION, "opts");
        CorpusConfig cfg;
        cfg.vocab_size = o.vocab_size;
        cfg.lag = o.lag;
        cfg.num_threads = o.num_threads;
        if (o.separator < -1 || o.separator >= int64_t(o.vocab_size))
            pr::fail(PR_ERR_OUT_OF_RANGE, "argument 'opts->separator' = ", o.separator,
                     ": must be -1 (none) or a token id < vocab_size ", o.vocab_size);
        cfg.has_separator = o.separator >= 0;
        cfg.separator = cfg.has_separator ? uint32_t(o.separator) : 0;
        auto c = std::make_unique<pr_corpus>();
        c->impl = std::make_unique<Corpus>(cfg);
        *out = c.release();
    });
}

PR_API void pr_corpus_free(pr_corpus *corpus) { delete corpus; }

PR_API int pr_corpus_add_u8(pr_corpus *c, const uint8_t *t, size_t n) { return add(c, t, n, TokenType::u8); }
PR_API int pr_corpus_add_u16(pr_corpus *c, const uint16_t *t, size_t n) { return add(c, t, n, TokenType::u16); }
PR_API int pr_corpus_add_u32(pr_corpus *c, const uint32_t *t, size_t n) { return add(c, t, n, TokenType::u32); }
PR_API int pr_corpus_add_i32(pr_corpus *c, const int32_t *t, size_t n) { return add(c, t, n, TokenType::i32); }
PR_API int pr_corpus_add_i64(pr_corpus *c, const int64_t *t, size_t n) { return add(c, t, n, TokenType::i64); }

PR_API int pr_corpus_end_document(pr_corpus *c) {
    return pr::capi::guard([&] { pr::capi::corpus_of(c).end_document(); });
}

PR_API int pr_corpus_vocab_size(const pr_corpus *c, uint32_t *out) {
    return get(c, out, [](const Corpus &k) { return k.config().vocab_size; });
}
PR_API int pr_corpus_lag(const pr_corpus *c, uint32_t *out) {
    return get(c, out, [](const Corpus &k) { return k.config().lag; });
}
PR_API int pr_corpus_total_tokens(const pr_corpus *c, uint64_t *out) {
    return get(c, out, [](const Corpus &k) { return k.total_tokens(); });
}
PR_API int pr_corpus_total_pairs(const pr_corpus *c, uint64_t *out) {
    return get(c, out, [](const Corpus &k) { return k.total_pairs(); });
}
PR_API int pr_corpus_nnz(const pr_corpus *c, uint64_t *out) {
    return get(c, out, [](const Corpus &k) { return k.nnz(); });
}
PR_API int pr_corpus_count(const pr_corpus *c, uint32_t a, uint32_t b, uint64_t *out) {
    return get(c, out, [&](const Corpus &k) { return k.count(a, b); });
}

PR_API int pr_corpus_unigram_u64(const pr_corpus *c, uint64_t *out, size_t capacity) {
    return pr::capi::guard([&] {
        const Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(out, "out");
        const auto &u = corpus.unigram();
        if (capacity < u.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need vocab_size ", u.size());
        std::copy(u.begin(), u.end(), out);
    });
}

PR_API int pr_corpus_export_csr(const pr_corpus *c, uint64_t *row_ptr, uint32_t *col_idx, uint64_t *counts,
                                size_t capacity, uint64_t *nnz_out) {
    return pr::capi::guard([&] {
        const Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(nnz_out, "nnz_out");
        if (!col_idx && !counts) {
            *nnz_out = corpus.nnz();
            return;
        }
        pr::require_nonnull(row_ptr, "row_ptr");
        pr::require_nonnull(col_idx, "col_idx");
        pr::require_nonnull(counts, "counts");
        const uint64_t nnz = corpus.nnz();
        *nnz_out = nnz;
        if (capacity < nnz)
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": the counts have nnz ", nnz,
                     " entries");
        const pr::CountsCsr csr = corpus.counts();
        std::copy(csr.row_ptr.begin(), csr.row_ptr.end(), row_ptr);
        std::copy(csr.col.begin(), csr.col.end(), col_idx);
        std::copy(csr.count.begin(), csr.count.end(), counts);
    });
}

PR_API int pr_corpus_merge(pr_corpus *c, const pr_corpus *other) {
    return pr::capi::guard([&] {
        Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(other, "other");
        corpus.merge(*other->impl);
    });
}

PR_API int pr_corpus_set_num_threads(pr_corpus *c, int num_threads) {
    return pr::capi::guard([&] { pr::capi::corpus_of(c).set_num_threads(num_threads); });
}

PR_API int pr_corpus_save(const pr_corpus *c, const char *path) {
    return pr::capi::guard([&] {
        const Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(path, "path");
        corpus.save(path);
    });
}

PR_API int pr_corpus_load(pr_corpus **out, const char *path) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(path, "path");
        auto c = std::make_unique<pr_corpus>();
        c->impl = Corpus::load(path);
        *out = c.release();
    });
}

}  // extern "C"

// ---- token files -----------------------------------------------------------

extern "C" {

PR_API int pr_corpus_add_token_file(pr_corpus *c, const char *path, int format, pr_progress_fn progress,
                                    void *user) {
    return pr::capi::guard([&] {
        Corpus &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(path, "path");
        corpus.add_file(path, pr::token_format(format), pr::Progress(progress, user));
    });
}

PR_API int pr_token_file_read_u32(const char *path, int format, uint32_t *out, size_t capacity,
                                  uint64_t *count_out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(count_out, "count_out");
        if (!out) {
            *count_out = pr::open_token_file(path, pr::token_format(format)).count;
            return;
        }
        const std::vector<uint32_t> ids = pr::load_tokens(path, pr::token_format(format));
        *count_out = ids.size();
        if (capacity < ids.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": '", path, "' holds ", ids.size(),
                     " tokens");
        std::copy(ids.begin(), ids.end(), out);
    });
}

}  // extern "C"
