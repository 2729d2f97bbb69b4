#include "init/factorize.hpp"

#include "core/error.hpp"

namespace pr::init {

std::vector<HeadPair> factorize_form(const Eigen::MatrixXd &w, int n_heads, Banding banding) {
    const Eigen::Index d = w.rows();
    require_arg(w.rows() == w.cols() && d > 0, "form rows", w.rows(), "the form must be square and non-empty");
    require_arg(n_heads >= 1 && d % n_heads == 0, "n_heads", n_heads, "must be >= 1 and divide d");
    if (!w.allFinite()) fail(PR_ERR_NUMERIC, "argument 'form': holds NaN or Inf");
    const Eigen::Index dh = d / n_heads;

    Eigen::BDCSVD<Eigen::MatrixXd> svd(w, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Eigen::VectorXd root = svd.singularValues().cwiseMax(0.0).cwiseSqrt();
    std::vector<HeadPair> heads(n_heads);
    for (int h = 0; h < n_heads; ++h) {
        const Eigen::Index start = banding == Banding::PerHead ? h * dh : 0;
        heads[h].q = svd.matrixU().middleCols(start, dh) * root.segment(start, dh).asDiagonal();
        heads[h].k = svd.matrixV().middleCols(start, dh) * root.segment(start, dh).asDiagonal();
    }
    return heads;
}

Eigen::MatrixXd summed_form(const std::vector<HeadPair> &heads) {
    require_arg(!heads.empty(), "heads", 0, "needs at least one head");
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(heads[0].q.rows(), heads[0].q.rows());
    for (const auto &h : heads) sum += h.form();
    return sum;
}

}  // namespace pr::init
