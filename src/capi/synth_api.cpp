// extern "C" layer of pr_synth.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "core/progress.hpp"
#include "corpus/corpus.hpp"
#include "corpus/feed.hpp"
#include "corpus/synth.hpp"

#include <algorithm>
#include <cstring>

using pr::corpus::Synth;

namespace {

Synth &impl(pr_synth *s) {
    pr::require_nonnull(s, "synth");
    return s->impl;
}
const Synth &impl(const pr_synth *s) {
    pr::require_nonnull(s, "synth");
    return s->impl;
}

void need_capacity(size_t capacity, size_t need, const char *what) {
    if (capacity < need)
        pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": ", what, " needs ", need, " entries");
}

}  // namespace

extern "C" {

PR_API void pr_synth_options_init(pr_synth_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    const pr::corpus::SynthConfig d;
    opts->version = PR_SYNTH_OPTIONS_VERSION;
    opts->vocab_size = d.vocab_size;
    opts->zipf_exponent = d.zipf_exponent;
    opts->structure = d.structure;
    opts->successors = d.successors;
    opts->decay = d.decay;
    opts->seed = d.seed;
    opts->lag = d.lag;
}

PR_API int pr_synth_create(pr_synth **out, const pr_synth_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        const auto o = pr::capi::options_or_default(opts, pr_synth_options_init, PR_SYNTH_OPTIONS_VERSION, "opts");
        pr::corpus::SynthConfig cfg;
        cfg.vocab_size = o.vocab_size;
        cfg.zipf_exponent = o.zipf_exponent;
        cfg.structure = o.structure;
        cfg.successors = o.successors;
        cfg.decay = o.decay;
        cfg.seed = o.seed;
        cfg.lag = o.lag;
        *out = new pr_synth{Synth(cfg)};
    });
}

PR_API void pr_synth_free(pr_synth *synth) { delete synth; }

PR_API int pr_synth_generate_u32(pr_synth *s, uint32_t *out, size_t n) {
    return pr::capi::guard([&] {
        Synth &synth = impl(s);
        if (n > 0) pr::require_nonnull(out, "out");
        synth.generate(out, n);
    });
}

PR_API int pr_synth_reset(pr_synth *s) {
    return pr::capi::guard([&] { impl(s).reset(); });
}

PR_API int pr_synth_vocab_size(const pr_synth *s, uint32_t *out) {
    return pr::capi::guard([&] {
        const Synth &synth = impl(s);
        pr::require_nonnull(out, "out");
        *out = synth.config().vocab_size;
    });
}

PR_API int pr_synth_base_f64(const pr_synth *s, double *out, size_t capacity) {
    return pr::capi::guard([&] {
        const Synth &synth = impl(s);
        pr::require_nonnull(out, "out");
        need_capacity(capacity, synth.base().size(), "the base distribution");
        std::copy(synth.base().begin(), synth.base().end(), out);
    });
}

PR_API int pr_synth_successors(const pr_synth *s, uint32_t a, uint32_t *ids, double *probs, size_t capacity,
                               size_t *k_out) {
    return pr::capi::guard([&] {
        const Synth &synth = impl(s);
        pr::require_nonnull(ids, "ids");
        pr::require_nonnull(probs, "probs");
        pr::require_nonnull(k_out, "k_out");
        std::vector<uint32_t> i;
        std::vector<double> p;
        synth.successors(a, i, p);
        *k_out = i.size();
        need_capacity(capacity, i.size(), "the successor list");
        std::copy(i.begin(), i.end(), ids);
        std::copy(p.begin(), p.end(), probs);
    });
}

PR_API int pr_synth_transition_row_f64(const pr_synth *s, uint32_t a, double *out, size_t capacity) {
    return pr::capi::guard([&] {
        const Synth &synth = impl(s);
        pr::require_nonnull(out, "out");
        need_capacity(capacity, synth.config().vocab_size, "a transition row");
        synth.transition_row(a, out);
    });
}

PR_API int pr_synth_stationary_f64(const pr_synth *s, double *out, size_t capacity) {
    return pr::capi::guard([&] {
        const Synth &synth = impl(s);
        pr::require_nonnull(out, "out");
        need_capacity(capacity, synth.config().vocab_size, "the stationary distribution");
        const std::vector<double> pi = synth.stationary();
        std::copy(pi.begin(), pi.end(), out);
    });
}

PR_API int pr_corpus_add_synth(pr_corpus *c, pr_synth *s, uint64_t n_tokens, pr_progress_fn progress, void *user) {
    return pr::capi::guard([&] {
        pr::corpus::Corpus &corpus = pr::capi::corpus_of(c);
        pr::corpus::add_synth(corpus, impl(s), n_tokens, pr::Progress(progress, user));
    });
}

}  // extern "C"
