// extern "C" layer for the symmetry and directionality of W_QK from factors.
#include "capi/guard.hpp"
#include "capi/geometry_convert.hpp"
#include "init/qk_geometry.hpp"

#include <cmath>

namespace {

using RowMatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::MatrixXd load_factor(const double *m, size_t d, size_t r, const char *name) {
    pr::require_nonnull(m, name);
    for (size_t i = 0; i < d * r; ++i)
        if (!std::isfinite(m[i]))
            pr::fail(PR_ERR_INVALID_ARGUMENT, "argument '", name, "': non-finite value ", m[i], " at row ", i / r,
                     ", column ", i % r);
    return Eigen::Map<const RowMatD>(m, Eigen::Index(d), Eigen::Index(r));
}

}  // namespace

extern "C" {

PR_API void pr_qk_geometry_options_init(pr_qk_geometry_options *opts) {
    if (!opts) return;
    opts->version = PR_QK_GEOMETRY_OPTIONS_VERSION;
    opts->null_draws = 32;
    opts->num_std = pr::init::kDirectionalityStd;
    opts->seed = 1;
}

PR_API int pr_qk_geometry_f64(const double *q, const double *k, size_t d, size_t r,
                              const pr_qk_geometry_options *opts, pr_qk_geometry *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        const pr_qk_geometry_options o = pr::capi::options_or_default(
            opts, pr_qk_geometry_options_init, PR_QK_GEOMETRY_OPTIONS_VERSION, "opts");
        pr::require_arg(d >= 1, "d", d, "must be >= 1");
        pr::require_arg(r >= 1 && r <= d, "r", r, "must be in 1..d");
        pr::require_arg(o.null_draws >= 2, "opts.null_draws", o.null_draws, "must be >= 2");
        pr::require_arg(std::isfinite(o.num_std) && o.num_std >= 0, "opts.num_std", o.num_std, "must be finite and >= 0");
        const Eigen::MatrixXd qm = load_factor(q, d, r, "q"), km = load_factor(k, d, r, "k");
        *out = pr::capi::to_c(pr::init::qk_scores(qm, km, o.num_std, int(o.null_draws), o.seed));
    });
}

}  // extern "C"
