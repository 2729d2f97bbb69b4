#include "transition/pr_table.hpp"

namespace pr::transition {

std::vector<PrRow> pr_table(const Transition &t, const float *E, size_t rows, size_t d, uint32_t K,
                            const Progress &progress) {
    std::vector<PrRow> out;
    out.reserve(size_t(K) * mode_count);
    project_powers(t, E, rows, d, K, (1u << mode_count) - 1u, progress,
                   [&](uint32_t k, Mode m, const Eigen::MatrixXd &M) {
                       PrRow row;
                       row.mode = m;
                       row.power = k;
                       const Eigen::VectorXd sigma = spectrum::singular_values(spectrum::part_of(M, spectrum::Part::antisymmetric));
                       row.antisym = spectrum::summarize(sigma);
                       row.sym_norm = spectrum::part_of(M, spectrum::Part::symmetric).norm();
                       // One plane holds the two largest singular values.
                       const double total = sigma.squaredNorm();
                       if (total > 0.0 && sigma.size() >= 2)
                           row.top_plane_share = (sigma[0] * sigma[0] + sigma[1] * sigma[1]) / total;
                       out.push_back(row);
                   });
    return out;
}

}  // namespace pr::transition
