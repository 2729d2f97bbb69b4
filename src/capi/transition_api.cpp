// extern "C" layer of the pr_transition family: validate, call the core,
// translate errors.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "transition/pr_table.hpp"
#include "transition/projection.hpp"
#include "transition/transition.hpp"

#include <cstring>

struct pr_transition {
    explicit pr_transition(pr::transition::Transition t) : core(std::move(t)) {}
    pr::transition::Transition core;
};

namespace {

pr::transition::Options to_core(const pr_transition_options &o) {
    pr::transition::Options c;
    c.alpha = o.alpha;
    c.dangling = pr::transition::Dangling(o.dangling);
    c.stationary = pr::transition::StationaryMethod(o.stationary);
    c.tolerance = o.tolerance;
    c.max_iterations = o.max_iterations;
    c.threads = o.num_threads;
    return c;
}

const pr::transition::Transition &core_of(const pr_transition *t) {
    pr::require_nonnull(t, "t");
    return t->core;
}

pr_projection_options projection_options(const pr_projection_options *opts) {
    return pr::capi::options_or_default(opts, pr_projection_options_init, PR_PROJECTION_OPTIONS_VERSION, "opts");
}

}  // namespace

extern "C" {

PR_API void pr_transition_options_init(pr_transition_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    const pr::transition::Options d;  // the one definition of the defaults
    opts->version = PR_TRANSITION_OPTIONS_VERSION;
    opts->alpha = d.alpha;
    opts->dangling = int(d.dangling);
    opts->stationary = int(d.stationary);
    opts->tolerance = d.tolerance;
    opts->max_iterations = d.max_iterations;
    opts->num_threads = d.threads;
}

PR_API int pr_transition_create(pr_transition **out, const pr_corpus *corpus, const pr_transition_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(corpus, "corpus");
        const auto o = pr::capi::options_or_default(opts, pr_transition_options_init,
                                                    PR_TRANSITION_OPTIONS_VERSION, "opts");
        *out = new pr_transition(pr::transition::Transition(pr::capi::corpus_of(corpus).counts(), to_core(o)));
    });
}

PR_API int pr_transition_create_csr(pr_transition **out, uint32_t vocab_size, const uint64_t *row_ptr,
                                    const uint32_t *col, const uint64_t *count, const uint64_t *unigram,
                                    const pr_transition_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(row_ptr, "row_ptr");
        const auto o = pr::capi::options_or_default(opts, pr_transition_options_init,
                                                    PR_TRANSITION_OPTIONS_VERSION, "opts");
        pr::require_arg(vocab_size > 0, "vocab_size", vocab_size, "must be >= 1");
        pr::CountsCsr c;
        c.vocab_size = vocab_size;
        c.row_ptr.assign(row_ptr, row_ptr + size_t(vocab_size) + 1);
        const uint64_t nnz = c.row_ptr.back();
        if (nnz > 0) {
            pr::require_nonnull(col, "col");
            pr::require_nonnull(count, "count");
        }
        for (uint32_t a = 0; a < vocab_size; ++a)
            if (c.row_ptr[a + 1] < c.row_ptr[a])
                pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'row_ptr': decreases at row ", a, " (", c.row_ptr[a],
                         " > ", c.row_ptr[a + 1], ")");
        if (c.row_ptr[0] != 0)
            pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'row_ptr': row_ptr[0] = ", c.row_ptr[0], ", must be 0");
        c.col.assign(col, col + nnz);
        c.count.assign(count, count + nnz);
        if (unigram) c.unigram.assign(unigram, unigram + vocab_size);
        *out = new pr_transition(pr::transition::Transition(c, to_core(o)));
    });
}

PR_API void pr_transition_free(pr_transition *t) { delete t; }

PR_API int pr_transition_info_get(const pr_transition *t, pr_transition_info *out) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        pr::require_nonnull(out, "out");
        pr_transition_info i{};
        i.vocab_size = c.vocab_size();
        i.nnz = c.nnz();
        i.dangling_rows = c.dangling_rows();
        i.alpha = c.options().alpha;
        i.dangling = int(c.options().dangling);
        i.stationary = int(c.options().stationary);
        i.stationary_iterations = c.stationary_report().iterations;
        i.stationary_residual = c.stationary_report().residual;
        i.stationary_converged = c.stationary_report().converged ? 1 : 0;
        *out = i;
    });
}

PR_API int pr_transition_stationary_f64(const pr_transition *t, double *pi, size_t capacity) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        pr::require_nonnull(pi, "pi");
        if (capacity < c.vocab_size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need vocab_size = ", c.vocab_size());
        std::memcpy(pi, c.stationary().data(), sizeof(double) * c.vocab_size());
    });
}

PR_API int pr_transition_entry_f64(const pr_transition *t, uint32_t a, uint32_t b, double *out) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        pr::require_nonnull(out, "out");
        *out = c.entry(a, b);
    });
}

PR_API int pr_transition_irreversibility(const pr_transition *t, pr_irreversibility *out) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        pr::require_nonnull(out, "out");
        const auto r = c.irreversibility();
        out->flux_frobenius = r.flux_frobenius;
        out->entropy_production = r.entropy_production;
        out->one_way_pairs = r.one_way_pairs;
    });
}

PR_API int pr_transition_apply_f32(const pr_transition *t, const float *X, size_t rows, size_t d, float *Y) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        pr::require_nonnull(Y, "Y");
        pr::transition::check_embeddings(c, X, rows, d);
        const size_t bytes = rows * d * sizeof(float);
        const char *x0 = reinterpret_cast<const char *>(X), *y0 = reinterpret_cast<const char *>(Y);
        if (x0 < y0 + bytes && y0 < x0 + bytes)
            pr::fail(PR_ERR_INVALID_ARGUMENT, "arguments 'X' and 'Y' overlap");
        c.apply(X, d, Y);
    });
}

PR_API const char *pr_projection_mode_name(int mode) {
    if (mode < 0 || mode >= PR_MODE_COUNT) return "unknown";
    return pr::transition::mode_name(pr::transition::Mode(mode));
}

PR_API void pr_projection_options_init(pr_projection_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    opts->version = PR_PROJECTION_OPTIONS_VERSION;
    opts->max_power = 8;
    opts->mode = PR_MODE_RAW;
    opts->progress = nullptr;
    opts->progress_user = nullptr;
}

PR_API int pr_transition_project_f32(const pr_transition *t, const float *E, size_t rows, size_t d,
                                     const pr_projection_options *opts, double *M, size_t capacity) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        const auto o = projection_options(opts);
        pr::require_nonnull(M, "M");
        if (o.mode < 0 || o.mode >= PR_MODE_COUNT)
            pr::fail(PR_ERR_INVALID_ARGUMENT, "option 'mode' = ", o.mode, ": not a pr_projection_mode");
        if (o.max_power == 0) pr::fail(PR_ERR_INVALID_ARGUMENT, "option 'max_power' = 0: need K >= 1");
        const size_t need = size_t(o.max_power) * d * d;
        if (capacity < need)
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need max_power*d*d = ", need);
        pr::transition::project_powers(
            c, E, rows, d, o.max_power, 1u << o.mode, pr::Progress(o.progress, o.progress_user),
            [&](uint32_t k, pr::transition::Mode, const Eigen::MatrixXd &Mk) {
                double *dst = M + size_t(k - 1) * d * d;
                for (size_t i = 0; i < d; ++i)
                    for (size_t j = 0; j < d; ++j) dst[i * d + j] = Mk(Eigen::Index(i), Eigen::Index(j));
            });
    });
}

PR_API int pr_transition_pr_table_f32(const pr_transition *t, const float *E, size_t rows_E, size_t d,
                                      const pr_projection_options *opts, pr_pr_row *rows, size_t capacity,
                                      size_t *needed) {
    return pr::capi::guard([&] {
        const auto &c = core_of(t);
        const auto o = projection_options(opts);
        if (o.max_power == 0) pr::fail(PR_ERR_INVALID_ARGUMENT, "option 'max_power' = 0: need K >= 1");
        const size_t need = size_t(o.max_power) * PR_MODE_COUNT;
        if (needed) *needed = need;
        if (!rows) return;
        if (capacity < need)
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need max_power*PR_MODE_COUNT = ", need);
        const auto table = pr::transition::pr_table(c, E, rows_E, d, o.max_power, pr::Progress(o.progress, o.progress_user));
        for (size_t i = 0; i < table.size(); ++i) {
            const auto &r = table[i];
            pr_pr_row &w = rows[i];
            w.mode = int(r.mode);
            w.mode_name = pr::transition::mode_name(r.mode);
            w.power = r.power;
            w.pr = r.antisym.pr;
            w.pr_sigma = r.antisym.pr_sigma;
            w.planes = r.antisym.planes;
            w.effective_rank = r.antisym.effective_rank;
            w.stable_rank = r.antisym.stable_rank;
            w.antisym_norm = r.antisym.frobenius;
            w.sym_norm = r.sym_norm;
            w.top_plane_share = r.top_plane_share;
        }
    });
}

}  // extern "C"
