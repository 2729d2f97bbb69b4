// extern "C" layer for spectra and similarities of plain d x d matrices.
#include "capi/guard.hpp"
#include "transition/spectrum.hpp"

#include <algorithm>
#include <cstring>

namespace {

using RowMatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::MatrixXd load(const double *M, size_t d, const char *name) {
    pr::require_nonnull(M, name);
    if (d == 0) pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'd' = 0: need d >= 1");
    Eigen::MatrixXd out = Eigen::Map<const RowMatD>(M, Eigen::Index(d), Eigen::Index(d));
    for (size_t i = 0; i < d * d; ++i)
        if (!std::isfinite(M[i]))
            pr::fail(PR_ERR_NUMERIC, "argument '", name, "': non-finite value ", M[i], " at row ", i / d, ", column ", i % d);
    return out;
}

pr::spectrum::Part part_arg(int part) {
    if (part < PR_PART_FULL || part > PR_PART_SYMMETRIC)
        pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'part' = ", part, ": not a pr_matrix_part");
    return pr::spectrum::Part(part);
}

void write(const pr::spectrum::Summary &s, pr_spectrum *out) {
    out->pr = s.pr;
    out->pr_sigma = s.pr_sigma;
    out->planes = s.planes;
    out->effective_rank = s.effective_rank;
    out->stable_rank = s.stable_rank;
    out->frobenius = s.frobenius;
    out->spectral_norm = s.spectral_norm;
}

void write(const pr::spectrum::Stat &s, pr_similarity_stat *out) {
    out->value = s.value;
    out->null_mean = s.null_mean;
    out->null_std = s.null_std;
    out->z = s.z;
}

}  // namespace

extern "C" {

PR_API int pr_split_sym_antisym_f64(const double *M, size_t d, double *S, double *A) {
    return pr::capi::guard([&] {
        pr::require_nonnull(M, "M");
        if (d == 0) pr::fail(PR_ERR_INVALID_ARGUMENT, "argument 'd' = 0: need d >= 1");
        if ((S && S == M) || (A && A == M)) pr::fail(PR_ERR_INVALID_ARGUMENT, "outputs may not alias 'M'");
        pr::spectrum::split_sym_antisym(M, d, S, A);
    });
}

PR_API int pr_spectrum_f64(const double *M, size_t d, double *singular_values, pr_spectrum *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        const Eigen::VectorXd s = pr::spectrum::singular_values(load(M, d, "M"));
        write(pr::spectrum::summarize(s), out);
        if (singular_values) std::memcpy(singular_values, s.data(), sizeof(double) * d);
    });
}

PR_API int pr_spectrum_antisym_f64(const double *M, size_t d, double *plane_frequencies, pr_spectrum *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        const Eigen::VectorXd s = pr::spectrum::singular_values(
            pr::spectrum::part_of(load(M, d, "M"), pr::spectrum::Part::antisymmetric));
        write(pr::spectrum::summarize(s), out);
        if (plane_frequencies) {
            const Eigen::VectorXd w = pr::spectrum::plane_frequencies(s);
            std::copy(w.data(), w.data() + w.size(), plane_frequencies);
        }
    });
}

PR_API int pr_top_planes_f64(const double *M, size_t d, int part, size_t planes, double *basis, size_t capacity) {
    return pr::capi::guard([&] {
        pr::require_nonnull(basis, "basis");
        const auto p = part_arg(part);
        const Eigen::MatrixXd m = load(M, d, "M");
        if (planes == 0 || 2 * planes > d)
            pr::fail(PR_ERR_OUT_OF_RANGE, "argument 'planes' = ", planes, ": need 1 <= planes <= d/2 = ", d / 2);
        if (capacity < d * 2 * planes)
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need d*2*planes = ", d * 2 * planes);
        const Eigen::MatrixXd U = pr::spectrum::top_planes(m, p, planes);
        Eigen::Map<RowMatD>(basis, Eigen::Index(d), Eigen::Index(2 * planes)) = U;
    });
}

PR_API void pr_similarity_options_init(pr_similarity_options *opts) {
    if (!opts) return;
    std::memset(opts, 0, sizeof *opts);
    const pr::spectrum::SimilarityOptions d;
    opts->version = PR_SIMILARITY_OPTIONS_VERSION;
    opts->part = int(d.part);
    opts->planes = d.planes;
    opts->null_samples = d.null_samples;
    opts->seed = d.seed;
}

PR_API int pr_similarity_f64(const double *A, const double *B, size_t d, const pr_similarity_options *opts,
                             pr_similarity *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        const auto o = pr::capi::options_or_default(opts, pr_similarity_options_init, PR_SIMILARITY_OPTIONS_VERSION,
                                                    "opts");
        pr::spectrum::SimilarityOptions so;
        so.part = part_arg(o.part);
        so.planes = o.planes;
        so.null_samples = o.null_samples;
        so.seed = o.seed;
        const auto r = pr::spectrum::similarity(load(A, d, "A"), load(B, d, "B"), so);
        write(r.frobenius_cosine, &out->frobenius_cosine);
        write(r.subspace_overlap, &out->subspace_overlap);
        write(r.spectrum_cosine, &out->spectrum_cosine);
        out->max_principal_cosine = r.principal_cosines.maxCoeff();
        out->min_principal_cosine = r.principal_cosines.minCoeff();
    });
}

PR_API int pr_principal_cosines_f64(const double *A, const double *B, size_t d, int part, size_t planes,
                                    double *cosines) {
    return pr::capi::guard([&] {
        pr::require_nonnull(cosines, "cosines");
        const auto p = part_arg(part);
        const Eigen::MatrixXd a = load(A, d, "A"), b = load(B, d, "B");
        if (planes == 0 || 2 * planes > d)
            pr::fail(PR_ERR_OUT_OF_RANGE, "argument 'planes' = ", planes, ": need 1 <= planes <= d/2 = ", d / 2);
        const Eigen::VectorXd c = pr::spectrum::principal_cosines(a, b, p, planes);
        std::copy(c.data(), c.data() + c.size(), cosines);
    });
}

}  // extern "C"
