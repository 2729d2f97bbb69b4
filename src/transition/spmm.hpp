// The one hot kernel: Y = S X (+ rank-one terms) with S sparse CSR float32
// and X, Y row-major float32 blocks of width d.  Rows of Y are independent,
// so OpenMP splits rows (dynamic scheduling: Zipf rows differ wildly in
// length) and each row is accumulated in registers, d vectorised.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pr::transition {

struct RankOneTerms {
    const double *u = nullptr;   // per-row weight of c (may be NULL)
    const float *c = nullptr;    // d values
    const uint8_t *g = nullptr;  // per-row 0/1 flag for p (may be NULL)
    const float *p = nullptr;    // d values
};

// Y[a,:] = sum_e val[e] X[col[e],:] + u[a] c + g[a] p  for a < rows.
void spmm_f32(uint32_t rows, const uint64_t *row_ptr, const uint32_t *col, const float *val,
              const float *X, size_t d, float *Y, const RankOneTerms &extra, int threads);

}  // namespace pr::transition
