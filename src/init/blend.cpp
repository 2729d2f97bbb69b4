#include "init/blend.hpp"

#include "core/error.hpp"
#include "init/rng.hpp"
#include "init/spectrum.hpp"

#include <cmath>

namespace pr::init {

Eigen::MatrixXd random_antisymmetric(Eigen::Index d, int planes, uint64_t seed, uint64_t layer) {
    require_arg(planes >= 1 && 2 * planes <= d, "complement_planes", planes, "must be in [1, d/2]");
    NormalRng rng(seed, layer, Stream::Complement);
    const Eigen::MatrixXd ya = rng.matrix(d, planes, 1.0);
    const Eigen::MatrixXd yb = rng.matrix(d, planes, 1.0);
    return ya * yb.transpose() - yb * ya.transpose();
}

BlendResult pr_matched_blend(const std::vector<Eigen::MatrixXd> &corpus_forms, double target_pr,
                             double tolerance, int complement_planes, uint64_t seed, uint64_t layer) {
    require_arg(!corpus_forms.empty(), "corpus_forms", 0, "needs at least one corpus form (K >= 1)");
    require_arg(tolerance > 0, "tolerance", tolerance, "must be > 0");
    require_arg(target_pr > 0, "target_pr", target_pr, "must be > 0");
    const Eigen::Index d = corpus_forms[0].rows();
    Eigen::MatrixXd abar = Eigen::MatrixXd::Zero(d, d);
    for (size_t k = 0; k < corpus_forms.size(); ++k) {
        const auto &a = corpus_forms[k];
        require_arg(a.rows() == d && a.cols() == d, "corpus_forms[k] rows", a.rows(), "every form must be d x d");
        if (!a.allFinite()) fail(PR_ERR_NUMERIC, "argument 'corpus_forms[", k, "]': holds NaN or Inf");
        const double n = a.norm();
        if (n == 0) fail(PR_ERR_NUMERIC, "argument 'corpus_forms[", k, "]': is zero, nothing to blend");
        abar += a / n;
    }
    const double abar_norm = abar.norm();
    if (abar_norm == 0) fail(PR_ERR_NUMERIC, "the corpus forms cancel to zero");
    abar /= abar_norm;
    const int planes = complement_planes > 0 ? complement_planes : static_cast<int>(d / 2);
    Eigen::MatrixXd r = random_antisymmetric(d, planes, seed, layer);
    r /= r.norm();

    auto blend = [&](double w) -> Eigen::MatrixXd { return (1 - w) * abar + w * r; };
    BlendResult out;
    out.corpus_pr = participation_ratio(abar);
    out.complement_pr = participation_ratio(r);
    double lo = 0, hi = 1;
    double f_lo = out.corpus_pr - target_pr;
    const double f_hi = out.complement_pr - target_pr;
    if (std::abs(f_lo) <= tolerance) {
        out.form = abar, out.weight = 0, out.pr = out.corpus_pr;
        return out;
    }
    if (std::abs(f_hi) <= tolerance) {
        out.form = r, out.weight = 1, out.pr = out.complement_pr;
        return out;
    }
    if ((f_lo < 0) == (f_hi < 0))
        fail(PR_ERR_OUT_OF_RANGE, "argument 'target_pr' = ", target_pr, ": not between the corpus PR ",
             out.corpus_pr, " (w = 0) and the complement PR ", out.complement_pr, " (w = 1, ", planes,
             " planes); choose a target in that range or change complement_planes");
    for (int it = 1; it <= 200; ++it) {
        const double mid = 0.5 * (lo + hi);
        const Eigen::MatrixXd b = blend(mid);
        const double pr = participation_ratio(b);
        out.iterations = it;
        if (std::abs(pr - target_pr) <= tolerance || hi - lo < 1e-15) {
            out.form = b, out.weight = mid, out.pr = pr;
            if (std::abs(pr - target_pr) > tolerance)
                fail(PR_ERR_NUMERIC, "PR-matched blend: PR jumps across the target ", target_pr,
                     " at w = ", mid, " (PR there ", pr, "); no weight hits it within ", tolerance);
            return out;
        }
        if ((pr - target_pr < 0) == (f_lo < 0)) lo = mid, f_lo = pr - target_pr;
        else hi = mid;
    }
    fail(PR_ERR_NUMERIC, "PR-matched blend: bisection did not converge");
}

}  // namespace pr::init
