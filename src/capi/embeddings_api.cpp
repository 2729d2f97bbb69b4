// extern "C" layer for embedding matrices used by the projections.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "transition/embeddings.hpp"
#include "transition/ppmi_svd.hpp"

#include <cstring>

#include <algorithm>

namespace {

pr::transition::PpmiOptions to_core(const pr_ppmi_options &o) {
    pr::transition::PpmiOptions c;
    c.oversampling = o.oversampling;
    c.power_iterations = o.power_iterations;
    c.seed = o.seed;
    c.context_alpha = o.context_alpha;
    c.shift = o.shift;
    c.threads = o.num_threads;
    return c;
}

}  // namespace

extern "C" {

PR_API int pr_embeddings_gaussian_f32(float *E, size_t rows, size_t d, uint64_t seed, double scale,
                                      double mean_strength) {
    return pr::capi::guard([&] { pr::transition::gaussian_embeddings(E, rows, d, seed, scale, mean_strength); });
}

PR_API int pr_embeddings_load_f32(const char *path, const char *name, float *E, size_t capacity, size_t *rows,
                                  size_t *d) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(rows, "rows");
        pr::require_nonnull(d, "d");
        const auto loaded = pr::transition::load_embeddings(path, name ? name : "");
        *rows = size_t(loaded.rows);
        *d = size_t(loaded.cols);
        if (!E) return;
        if (capacity < loaded.values.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need rows*d = ", loaded.values.size());
        std::copy(loaded.values.begin(), loaded.values.end(), E);
    });
}

PR_API void pr_ppmi_options_init(pr_ppmi_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    const pr::transition::PpmiOptions d;
    opts->version = PR_PPMI_OPTIONS_VERSION;
    opts->oversampling = d.oversampling;
    opts->power_iterations = d.power_iterations;
    opts->seed = d.seed;
    opts->context_alpha = d.context_alpha;
    opts->shift = d.shift;
    opts->num_threads = d.threads;
    opts->progress = nullptr;
    opts->progress_user = nullptr;
}

PR_API int pr_embeddings_ppmi_svd_f32(const pr_corpus *corpus, const pr_ppmi_options *opts, float *E, size_t rows,
                                      size_t d, double *singular_values) {
    return pr::capi::guard([&] {
        pr::require_nonnull(corpus, "corpus");
        pr::require_nonnull(E, "E");
        const auto o = pr::capi::options_or_default(opts, pr_ppmi_options_init, PR_PPMI_OPTIONS_VERSION, "opts");
        pr::transition::ppmi_svd_embeddings(pr::capi::corpus_of(corpus).counts(), to_core(o), E, rows, d, singular_values,
                                            pr::Progress(o.progress, o.progress_user));
    });
}

}  // extern "C"
