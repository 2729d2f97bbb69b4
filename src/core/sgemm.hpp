// Single-threaded float32 GEMM with any strides (the trainer and the
// projection use it):
//   C[M,N] (= or +=) A[M,K] B[K,N],  A(i,k) = A[i*a_row + k*a_col],
//   B(k,j) = B[k*b_row + j*b_col],   C row-major with leading dimension ldc.
//
// Why not Eigen: Eigen 3.4's float kernel uses a 48x4 register tile (12 of
// the 32 AVX-512 registers); a 12x32 tile (24 accumulators) runs the model's
// products (M = 2048-4096 rows, K and N of 384-1536) 1.2-1.4x faster on the
// machines we measured (the trainer spent ~80% of a step in GEMM), and the
// projection's Gram product 1.42x faster.  Without AVX-512 this is Eigen.
//
// The callers split rows over OpenMP threads; every element's sum runs over
// k in the same order whatever the split, so results do not depend on it.
#pragma once

#include "core/strided.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <type_traits>

namespace pr {

void sgemm(size_t M, size_t N, size_t K, Strided<float> A, Strided<float> B, float *C, size_t ldc, bool accumulate);

// Calls f with an Eigen map of X (rows x cols) whose unit stride, if any, is
// known at compile time: Eigen's GEMM packs a fully dynamic-stride map ~20%
// slower.
template <class T, class F>
void with_map(Strided<T> X, Eigen::Index rows, Eigen::Index cols, F &&f) {
    using Row = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Col = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
    using S = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;
    if (X.col == 1)
        f(Eigen::Map<const Row, 0, Eigen::OuterStride<>>(X.p, rows, cols, Eigen::OuterStride<>(Eigen::Index(X.row))));
    else if (X.row == 1)
        f(Eigen::Map<const Col, 0, Eigen::OuterStride<>>(X.p, rows, cols, Eigen::OuterStride<>(Eigen::Index(X.col))));
    else
        f(Eigen::Map<const Row, 0, S>(X.p, rows, cols, S(Eigen::Index(X.row), Eigen::Index(X.col))));
}

// The same product through Eigen, for any scalar.
template <class T>
void eigen_matmul(size_t M, size_t N, size_t K, Strided<T> A, Strided<T> B, T *C, size_t ldc, bool accumulate) {
    using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const auto m = Eigen::Index(M), n = Eigen::Index(N), k = Eigen::Index(K);
    Eigen::Map<RowMat, 0, Eigen::OuterStride<>> c(C, m, n, Eigen::OuterStride<>(Eigen::Index(ldc)));
    with_map(A, m, k, [&](const auto &a) {
        with_map(B, k, n, [&](const auto &b) {
            if (accumulate) c.noalias() += a * b;
            else c.noalias() = a * b;
        });
    });
}

// C (= or +=) A B: sgemm for float, Eigen otherwise (the trainer's double
// instantiation, used by the finite-difference check).
template <class T>
void matmul(size_t M, size_t N, size_t K, Strided<T> A, Strided<T> B, T *C, size_t ldc, bool accumulate) {
    if constexpr (std::is_same_v<T, float>) sgemm(M, N, K, A, B, C, ldc, accumulate);
    else eigen_matmul(M, N, K, A, B, C, ldc, accumulate);
}

}  // namespace pr
