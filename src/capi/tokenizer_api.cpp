// extern "C" layer of pr_tokenizer: validates, translates, and hands over to
// src/tokenizer.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "core/progress.hpp"
#include "corpus/corpus.hpp"
#include "io/mapped_file.hpp"
#include "tokenizer/load.hpp"
#include "tokenizer/stream.hpp"
#include "tokenizer/token_writer.hpp"

#include <cstring>
#include <memory>

struct pr_tokenizer {
    std::shared_ptr<const pr::tokenizer::BpeModel> model;
};

namespace {

namespace tk = pr::tokenizer;

const tk::BpeModel &model_of(const pr_tokenizer *t) {
    pr::require_nonnull(t, "tokenizer");
    return *t->model;
}

tk::StreamOptions stream_options(const pr_encode_options *opts) {
    const auto o = pr::capi::options_or_default(opts, pr_encode_options_init, PR_ENCODE_OPTIONS_VERSION, "opts");
    pr::require_arg(o.num_threads >= 0, "opts->num_threads", o.num_threads, "must be >= 0");
    tk::StreamOptions s;
    s.allow_special = o.allow_special != 0;
    s.num_threads = o.num_threads;
    return s;
}

tk::StreamProgress progress_of(pr_progress_fn fn, void *user) {
    if (!fn) return nullptr;
    const pr::Progress report(fn, user);
    return [report](uint64_t done, uint64_t total) { report.report(done, total); };
}

template <class Load>
int create(pr_tokenizer **out, Load &&load) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        *out = new pr_tokenizer{load()};
    });
}

// Streams a mapped text file through the encoder into sink.
uint64_t encode_file(const tk::BpeModel &model, const char *path, const pr_encode_options *opts,
                     const tk::IdSink &sink, pr_progress_fn progress, void *user) {
    pr::require_nonnull(path, "path");
    const tk::StreamOptions o = stream_options(opts);
    const pr::io::MappedFile f(path);
    uint64_t n = 0;
    tk::encode_stream(model, f.data(), f.size(), o,
                      [&](const uint32_t *ids, size_t k) {
                          sink(ids, k);
                          n += k;
                      },
                      progress_of(progress, user));
    return n;
}

}  // namespace

extern "C" {

PR_API int pr_tokenizer_load_gpt2(pr_tokenizer **out, const char *encoder_json_path, const char *vocab_bpe_path) {
    return create(out, [&] {
        pr::require_nonnull(encoder_json_path, "encoder_json_path");
        pr::require_nonnull(vocab_bpe_path, "vocab_bpe_path");
        return tk::load_gpt2_files(encoder_json_path, vocab_bpe_path);
    });
}

PR_API int pr_tokenizer_load_gpt2_dir(pr_tokenizer **out, const char *dir) {
    return create(out, [&] {
        pr::require_nonnull(dir, "dir");
        return tk::load_gpt2_dir(dir);
    });
}

PR_API int pr_tokenizer_load_hf(pr_tokenizer **out, const char *tokenizer_json_path) {
    return create(out, [&] {
        pr::require_nonnull(tokenizer_json_path, "tokenizer_json_path");
        return tk::load_hf_file(tokenizer_json_path);
    });
}

PR_API int pr_tokenizer_create_from_memory(pr_tokenizer **out, int kind, const char *a, size_t a_len, const char *b,
                                           size_t b_len) {
    return create(out, [&] {
        if (a_len) pr::require_nonnull(a, "a");
        if (b_len) pr::require_nonnull(b, "b");
        const std::string_view first = a_len ? std::string_view(a, a_len) : std::string_view();
        const std::string_view second = b_len ? std::string_view(b, b_len) : std::string_view();
        if (kind == PR_TOKENIZER_GPT2) return tk::load_gpt2_memory(first, second, "<memory a>", "<memory b>");
        if (kind == PR_TOKENIZER_HF_JSON) {
            pr::require_arg(b == nullptr && b_len == 0, "b_len", b_len, "must be 0 (and b NULL) for PR_TOKENIZER_HF_JSON");
            return tk::load_hf_memory(first, "<memory a>");
        }
        pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'kind' = ", kind,
                 ": not a pr_tokenizer_kind (PR_TOKENIZER_GPT2 = 1, PR_TOKENIZER_HF_JSON = 2)");
    });
}

PR_API void pr_tokenizer_free(pr_tokenizer *tokenizer) { delete tokenizer; }

PR_API int pr_tokenizer_vocab_size(const pr_tokenizer *t, uint32_t *out) {
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        pr::require_nonnull(out, "out");
        *out = m.vocab_size();
    });
}

PR_API int pr_tokenizer_token_id(const pr_tokenizer *t, const char *text, size_t len, int64_t *out) {
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        if (len) pr::require_nonnull(text, "text");
        pr::require_nonnull(out, "out");
        *out = m.find(len ? std::string_view(text, len) : std::string_view());
    });
}

PR_API int pr_tokenizer_is_special(const pr_tokenizer *t, uint32_t id, int32_t *out) {
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        pr::require_nonnull(out, "out");
        if (id >= m.vocab_size())
            pr::fail(PR_ERR_OUT_OF_RANGE, "argument 'id' = ", id, ": >= vocab_size ", m.vocab_size());
        *out = 0;
        for (const auto &s : m.specials()) *out |= s.id == id;
    });
}

PR_API void pr_encode_options_init(pr_encode_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    opts->version = PR_ENCODE_OPTIONS_VERSION;
}

PR_API int pr_tokenizer_encode(const pr_tokenizer *t, const char *text, size_t len, const pr_encode_options *opts,
                               uint32_t *ids, size_t capacity, size_t *n_out, pr_progress_fn progress, void *user) {
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        if (len) pr::require_nonnull(text, "text");
        pr::require_nonnull(n_out, "n_out");
        const tk::StreamOptions o = stream_options(opts);
        size_t n = 0;
        tk::encode_stream(m, reinterpret_cast<const uint8_t *>(text), len, o,
                          [&](const uint32_t *chunk, size_t k) {
                              const size_t fit = ids && n < capacity ? std::min(k, capacity - n) : 0;
                              if (fit) std::memcpy(ids + n, chunk, fit * sizeof(uint32_t));
                              n += k;
                          },
                          progress_of(progress, user));
        *n_out = n;
        if (ids && n > capacity)
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": the text has ", n,
                     " tokens (capacity >= len = ", len, " always suffices)");
    });
}

PR_API int pr_tokenizer_encode_file(const pr_tokenizer *t, const char *path, const pr_encode_options *opts,
                                    pr_token_sink_fn sink, void *sink_user, pr_progress_fn progress, void *user,
                                    uint64_t *n_tokens_out) {
    if (n_tokens_out) *n_tokens_out = 0;
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        if (!sink) pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'sink' is NULL");
        const uint64_t n = encode_file(
            m, path, opts,
            [&](const uint32_t *ids, size_t k) {
                if (n_tokens_out) *n_tokens_out += k;
                if (sink(sink_user, ids, k) != 0)
                    pr::fail(PR_ERR_CANCELLED, "cancelled by the token sink after ", *n_tokens_out, " tokens");
            },
            progress, user);
        if (n_tokens_out) *n_tokens_out = n;
    });
}

PR_API int pr_tokenizer_decode(const pr_tokenizer *t, const uint32_t *ids, size_t n, char *buf, size_t capacity,
                               size_t *len_out) {
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        if (n) pr::require_nonnull(ids, "ids");
        pr::require_nonnull(len_out, "len_out");
        std::string out;
        m.decode(ids, n, out);
        *len_out = out.size();
        if (!buf) return;
        if (capacity < out.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": the text needs ", out.size(),
                     " bytes");
        std::memcpy(buf, out.data(), out.size());
    });
}

PR_API int pr_corpus_add_text_file_tokenized(pr_corpus *c, const pr_tokenizer *t, const char *path,
                                             const pr_encode_options *opts, pr_progress_fn progress, void *user) {
    return pr::capi::guard([&] {
        pr::require_nonnull(c, "corpus");
        const auto &m = model_of(t);
        auto &corpus = *c->impl;
        if (corpus.config().vocab_size < m.vocab_size())
            pr::fail(PR_ERR_MISMATCH, "the corpus has vocab_size ", corpus.config().vocab_size,
                     ", the tokenizer needs ", m.vocab_size());
        encode_file(
            m, path, opts, [&](const uint32_t *ids, size_t k) { corpus.add(ids, k, pr::corpus::TokenType::u32); },
            progress, user);
    });
}

PR_API int pr_tokenizer_write_token_file(const pr_tokenizer *t, const char *text_path, const char *out_path,
                                         int format, const pr_encode_options *opts, pr_progress_fn progress,
                                         void *user, uint64_t *n_tokens_out) {
    if (n_tokens_out) *n_tokens_out = 0;
    return pr::capi::guard([&] {
        const auto &m = model_of(t);
        pr::require_nonnull(text_path, "text_path");
        pr::require_nonnull(out_path, "out_path");
        tk::TokenFileKind kind;
        switch (format) {
            case PR_TOKENS_U16: kind = tk::TokenFileKind::u16; break;
            case PR_TOKENS_U32: kind = tk::TokenFileKind::u32; break;
            case PR_TOKENS_LLMC: kind = tk::TokenFileKind::llmc; break;
            default:
                pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'format' = ", format,
                         ": token files are written as PR_TOKENS_U16, PR_TOKENS_U32 or PR_TOKENS_LLMC");
        }
        tk::TokenFileWriter writer(out_path, kind, m.vocab_size());
        encode_file(m, text_path, opts, [&](const uint32_t *ids, size_t k) { writer.write(ids, k); }, progress,
                    user);
        writer.finish();
        if (n_tokens_out) *n_tokens_out = writer.count();
    });
}

}  // extern "C"
