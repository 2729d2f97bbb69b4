#include "init/spectrum.hpp"

#include <algorithm>
#include <cmath>

namespace pr::init {

double participation_ratio(const Eigen::MatrixXd &m) {
    const Eigen::VectorXd s = Eigen::BDCSVD<Eigen::MatrixXd>(m).singularValues();
    const Eigen::ArrayXd l = s.array().square();
    const double sum = l.sum(), sum_sq = l.square().sum();
    return sum_sq > 0 ? sum * sum / sum_sq : 0.0;
}

double symmetry_score(const Eigen::MatrixXd &m) {
    const double total = m.squaredNorm();
    return total > 0 ? symmetric_part(m).squaredNorm() / total : 0.0;
}

double logit_std(const Eigen::MatrixXd &w, const Eigen::MatrixXd &embedding) {
    const double v = static_cast<double>(embedding.rows());
    const Eigen::MatrixXd g = embedding.transpose() * embedding;
    const Eigen::VectorXd s = embedding.colwise().sum().transpose();
    const double second = (w.transpose() * g * w * g).trace() / (v * v);
    const double mean = s.dot(w * s) / (v * v);
    return std::sqrt(std::max(0.0, second - mean * mean));
}

}  // namespace pr::init
