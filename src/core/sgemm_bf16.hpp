// Single-threaded GEMM with bf16 operands and float32 accumulation, for the
// trainer's precision = bf16:
//   C[M,N] (= or +=) bf16(A[M,K]) bf16(B[K,N])
// with the strides and conventions of core/sgemm.  A and B stay float32 in
// memory; they are rounded to bf16 (round to nearest even) while being
// packed, and each pair of products is summed into float32 by vdpbf16ps
// (AVX512-BF16): twice the multiply-adds of an fp32 FMA per instruction.
// As in sgemm, every element's sum runs over k in the same order whatever
// the caller's row split, so results do not depend on the thread count.
//
// Compiled for AVX512-BF16 whatever the library's ISA (cmake/isa.cmake), and
// only called after runtime_isa_level() (core/cpu_features) said yes: on a
// CPU without it, sgemm_bf16 throws PR_ERR_STATE instead of faulting.
#pragma once

#include "core/strided.hpp"

#include <cstddef>

namespace pr {

void sgemm_bf16(size_t M, size_t N, size_t K, Strided<float> A, Strided<float> B, float *C, size_t ldc,
                bool accumulate);

}  // namespace pr
