// Single-threaded float32 GEMM with any strides (the trainer and the
// projection use it):
//   C[M,N] (= or +=) A[M,K] B[K,N],  A(i,k) = A[i*a_row + k*a_col],
//   B(k,j) = B[k*b_row + j*b_col],   C row-major with leading dimension ldc.
//
// Why not Eigen: Eigen 3.4's float kernel uses a 48x4 register tile (12 of
// the 32 AVX-512 registers); a 12x32 tile (24 accumulators) runs the model's
// products (N = 2048-4096 rows, K and N of 384-1536) 1.2-1.35x faster on the
// machines we measured, and the trainer spends ~80% of a step in GEMM.
// Without AVX-512 this falls back to Eigen.
//
// The callers split rows over OpenMP threads; every element's sum runs over
// k in the same order whatever the split, so results do not depend on it.
#pragma once

#include <cstddef>

namespace pr {

struct Strided {
    const float *p;
    size_t row, col;  // element (r, c) is p[r*row + c*col]
};

void sgemm(size_t M, size_t N, size_t K, Strided A, Strided B, float *C, size_t ldc, bool accumulate);

}  // namespace pr
