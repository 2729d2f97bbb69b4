#include "init/qk_geometry.hpp"

#include "core/error.hpp"
#include "core/parallel_errors.hpp"
#include "init/rng.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pr::init {

namespace {

// Sum of the parts of `norms` above mean + num_std * sd (sample sd, n - 1).
double excess(const Eigen::VectorXd &norms, double num_std) {
    const Eigen::Index n = norms.size();
    if (n < 2) return 0;
    const double mean = norms.mean();
    const double sd = std::sqrt((norms.array() - mean).square().sum() / double(n - 1));
    const double threshold = mean + num_std * sd;
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        if (norms(i) > threshold) sum += norms(i) - threshold;
    return sum;
}

// sqrt of the diagonal of X G X^T (x_i^T G x_i), clamped at 0 against rounding.
Eigen::VectorXd quadratic_norms(const Eigen::MatrixXd &x, const Eigen::MatrixXd &g) {
    return (x * g).cwiseProduct(x).rowwise().sum().cwiseMax(0.0).cwiseSqrt();
}

}  // namespace

QkGeometry qk_geometry(const Eigen::MatrixXd &q, const Eigen::MatrixXd &k, double num_std) {
    require_arg(q.rows() >= 1 && q.cols() >= 1, "q rows", q.rows(), "must be >= 1 (d x r factors)");
    require_arg(k.rows() == q.rows() && k.cols() == q.cols(), "k shape", k.rows(), "must equal q's shape");
    require_arg(std::isfinite(num_std) && num_std >= 0, "num_std", num_std, "must be finite and >= 0");
    require_arg(q.allFinite() && k.allFinite(), "factors", "non-finite", "Q and K must be finite");
    const Eigen::MatrixXd gq = q.transpose() * q, gk = k.transpose() * k, c = k.transpose() * q;
    QkGeometry g;
    g.energy = gq.cwiseProduct(gk).sum();                  // tr(Gq Gk), both symmetric
    const double trace_sq = c.cwiseProduct(c.transpose()).sum();  // tr(C C) = tr(W^2)
    g.sym_energy = std::max(0.0, 0.5 * (g.energy + trace_sq));
    g.antisym_energy = std::max(0.0, 0.5 * (g.energy - trace_sq));
    g.symmetry = g.energy > 0 ? g.sym_energy / g.energy : 0.0;
    g.row_excess = excess(quadratic_norms(q, gk), num_std);
    g.col_excess = excess(quadratic_norms(k, gq), num_std);
    const double denom = g.row_excess + g.col_excess;
    g.directionality = denom > 0 ? (g.col_excess - g.row_excess) / denom : 0.0;
    return g;
}

QkScores qk_scores(const Eigen::MatrixXd &q, const Eigen::MatrixXd &k, double num_std, int draws, uint64_t seed) {
    require_arg(draws >= 2, "null_draws", draws, "must be >= 2 (the null has an sd)");
    QkScores out;
    out.geometry = qk_geometry(q, k, num_std);
    std::vector<double> sym(static_cast<size_t>(draws)), dir(static_cast<size_t>(draws));
    // One draw per thread: Eigen runs each draw's small products serially
    // inside the region, instead of splitting every 64 x 64 product over the
    // threads with a spin-wait that a loaded machine stalls on.  Draw i has
    // its own stream, so the null is the same for any thread count.
    ParallelErrors errors;
#pragma omp parallel for schedule(dynamic, 1)
    for (int i = 0; i < draws; ++i)
        errors.run([&] {
            NormalRng rq(seed, uint64_t(i), Stream::Q), rk(seed, uint64_t(i), Stream::K);
            const QkGeometry g =
                qk_geometry(rq.matrix(q.rows(), q.cols(), 1.0), rk.matrix(q.rows(), q.cols(), 1.0), num_std);
            sym[size_t(i)] = g.symmetry, dir[size_t(i)] = g.directionality;
        });
    errors.rethrow();
    out.symmetry = pr::spectrum::against_null(out.geometry.symmetry, sym);
    out.directionality = pr::spectrum::against_null(out.geometry.directionality, dir);
    return out;
}

}  // namespace pr::init
