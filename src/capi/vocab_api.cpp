// extern "C" layer of the text inputs: byte-level text and pr_vocab.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "core/progress.hpp"
#include "corpus/corpus.hpp"
#include "corpus/feed.hpp"
#include "corpus/vocab.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

using pr::corpus::Vocab;

namespace {

const Vocab &impl(const pr_vocab *v) {
    pr::require_nonnull(v, "vocab");
    return v->impl;
}

std::string_view text_arg(const char *text, size_t len) {
    if (len > 0) pr::require_nonnull(text, "text");
    return len ? std::string_view(text, len) : std::string_view();
}

}  // namespace

extern "C" {

PR_API int pr_corpus_add_text_bytes(pr_corpus *c, const char *text, size_t len) {
    return pr::capi::guard([&] {
        auto &corpus = pr::capi::corpus_of(c);
        const std::string_view t = text_arg(text, len);
        corpus.add(t.data(), t.size(), pr::corpus::TokenType::u8);
    });
}

PR_API int pr_corpus_add_text_file_bytes(pr_corpus *c, const char *path, pr_progress_fn progress, void *user) {
    return pr::capi::guard([&] {
        auto &corpus = pr::capi::corpus_of(c);
        pr::require_nonnull(path, "path");
        pr::corpus::add_text_file_bytes(corpus, path, pr::Progress(progress, user));
    });
}

PR_API void pr_vocab_options_init(pr_vocab_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    opts->version = PR_VOCAB_OPTIONS_VERSION;
    opts->max_words = Vocab::kDefaultMaxWords;
    opts->lowercase = 0;
}

PR_API int pr_vocab_build(pr_vocab **out, const char *text, size_t len, const pr_vocab_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        const auto o = pr::capi::options_or_default(opts, pr_vocab_options_init, PR_VOCAB_OPTIONS_VERSION, "opts");
        *out = new pr_vocab{Vocab::build(text_arg(text, len), o.max_words, o.lowercase != 0)};
    });
}

PR_API int pr_vocab_build_from_file(pr_vocab **out, const char *path, const pr_vocab_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(path, "path");
        const auto o = pr::capi::options_or_default(opts, pr_vocab_options_init, PR_VOCAB_OPTIONS_VERSION, "opts");
        *out = new pr_vocab{pr::corpus::build_vocab_from_file(path, o.max_words, o.lowercase != 0)};
    });
}

PR_API void pr_vocab_free(pr_vocab *vocab) { delete vocab; }

PR_API int pr_vocab_size(const pr_vocab *v, uint32_t *out) {
    return pr::capi::guard([&] {
        const Vocab &vocab = impl(v);
        pr::require_nonnull(out, "out");
        *out = vocab.size();
    });
}

PR_API int pr_vocab_id(const pr_vocab *v, const char *word, uint32_t *out) {
    return pr::capi::guard([&] {
        const Vocab &vocab = impl(v);
        pr::require_nonnull(word, "word");
        pr::require_nonnull(out, "out");
        *out = vocab.id(word);
    });
}

PR_API int pr_vocab_word(const pr_vocab *v, uint32_t id, char *buf, size_t capacity, size_t *len_out) {
    return pr::capi::guard([&] {
        const Vocab &vocab = impl(v);
        pr::require_nonnull(len_out, "len_out");
        const std::string &w = vocab.word(id);
        *len_out = w.size();
        if (!buf) return;
        if (capacity < w.size() + 1)
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": word ", id, " needs ",
                     w.size() + 1, " bytes with its NUL");
        std::memcpy(buf, w.c_str(), w.size() + 1);
    });
}

PR_API int pr_vocab_count(const pr_vocab *v, uint32_t id, uint64_t *out) {
    return pr::capi::guard([&] {
        const Vocab &vocab = impl(v);
        pr::require_nonnull(out, "out");
        *out = vocab.count(id);
    });
}

PR_API int pr_vocab_encode(const pr_vocab *v, const char *text, size_t len, uint32_t *ids, size_t capacity,
                           size_t *n_out) {
    return pr::capi::guard([&] {
        const Vocab &vocab = impl(v);
        pr::require_nonnull(n_out, "n_out");
        std::vector<uint32_t> enc;
        vocab.encode(text_arg(text, len), enc);
        *n_out = enc.size();
        if (!ids) return;
        if (capacity < enc.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": the text has ", enc.size(),
                     " words");
        std::copy(enc.begin(), enc.end(), ids);
    });
}

PR_API int pr_corpus_add_text_words(pr_corpus *c, const pr_vocab *v, const char *text, size_t len) {
    return pr::capi::guard([&] {
        auto &corpus = pr::capi::corpus_of(c);
        pr::corpus::add_text_words(corpus, impl(v), text_arg(text, len));
    });
}

PR_API int pr_vocab_save(const pr_vocab *v, const char *path) {
    return pr::capi::guard([&] {
        const Vocab &vocab = impl(v);
        pr::require_nonnull(path, "path");
        vocab.save(path);
    });
}

PR_API int pr_vocab_load(pr_vocab **out, const char *path) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(path, "path");
        *out = new pr_vocab{Vocab::load(path)};
    });
}

}  // extern "C"
