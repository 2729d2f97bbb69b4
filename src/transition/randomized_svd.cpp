#include "transition/randomized_svd.hpp"
#include "core/rng.hpp"

#include <algorithm>

namespace pr::transition {
namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// An orthonormal basis of Y's columns (same shape).  Householder QR keeps the
// columns orthonormal even when Y is rank-deficient or badly conditioned
// (after power iterations it is), where Gram-Schmidt or Cholesky-QR would not.
RowMat orthonormal(const RowMat &Y) {
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr{Eigen::MatrixXd(Y)};
    const Eigen::MatrixXd Q = qr.householderQ() * Eigen::MatrixXd::Identity(Y.rows(), Y.cols());
    return RowMat(Q);
}

}  // namespace

TruncatedSvd randomized_svd(const SparseRows &A, const SparseRows &At, size_t d, const RandomizedSvdOptions &opts,
                            const Progress &progress) {
    const size_t m = A.rows, n = A.cols;
    const size_t l = std::min({d + size_t(opts.oversampling), m, n});
    const uint64_t total = 2 * uint64_t(opts.power_iterations) + 2;
    uint64_t done = 0;

    RowMat Y(m, l), Z(n, l);
    {
        RowMat omega(n, l);  // freed after its one use: the blocks dominate memory at large V and d
        Rng rng(opts.seed);
        for (Eigen::Index i = 0; i < omega.size(); ++i) omega.data()[i] = rng.normal();
        A.multiply(omega.data(), l, Y.data(), opts.threads);
    }
    progress.report(++done, total);
    RowMat Q = orthonormal(Y);
    for (uint32_t it = 0; it < opts.power_iterations; ++it) {
        At.multiply(Q.data(), l, Z.data(), opts.threads);
        progress.report(++done, total);
        const RowMat Qz = orthonormal(Z);
        A.multiply(Qz.data(), l, Y.data(), opts.threads);
        progress.report(++done, total);
        Q = orthonormal(Y);
    }
    At.multiply(Q.data(), l, Z.data(), opts.threads);  // Z = B^T = A^T Q
    progress.report(++done, total);

    // B = R_b^T Q_b^T, so B's left singular vectors are R_b^T's.
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr{Eigen::MatrixXd(std::move(Z))};
    const Eigen::MatrixXd Rt = qr.matrixQR().topRows(Eigen::Index(l)).triangularView<Eigen::Upper>().transpose();
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(Rt, Eigen::ComputeFullU);
    TruncatedSvd out;
    out.U = Q * svd.matrixU().leftCols(Eigen::Index(d));
    out.S = svd.singularValues().head(Eigen::Index(d));
    return out;
}

}  // namespace pr::transition
