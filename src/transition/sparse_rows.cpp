#include "transition/sparse_rows.hpp"

#include <algorithm>
#include <omp.h>

namespace pr::transition {

SparseRows SparseRows::transposed() const {
    SparseRows t;
    t.rows = cols;
    t.cols = rows;
    t.row_ptr.assign(size_t(cols) + 1, 0);
    for (uint32_t c : col) ++t.row_ptr[size_t(c) + 1];
    for (size_t i = 0; i < cols; ++i) t.row_ptr[i + 1] += t.row_ptr[i];
    t.col.resize(nnz());
    t.val.resize(nnz());
    std::vector<uint64_t> next(t.row_ptr.begin(), t.row_ptr.end() - 1);
    // Rows in increasing order: each transposed row receives its columns sorted.
    for (uint32_t a = 0; a < rows; ++a)
        for (uint64_t e = row_ptr[a]; e < row_ptr[size_t(a) + 1]; ++e) {
            const uint64_t p = next[col[e]]++;
            t.col[p] = a;
            t.val[p] = val[e];
        }
    return t;
}

void SparseRows::multiply(const double *X, size_t w, double *Y, int threads) const {
    const int nt = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 64) num_threads(nt) if (nnz() * w > 65536)
    for (int64_t ai = 0; ai < int64_t(rows); ++ai) {
        double *y = Y + size_t(ai) * w;
        std::fill(y, y + w, 0.0);
        for (uint64_t e = row_ptr[size_t(ai)]; e < row_ptr[size_t(ai) + 1]; ++e) {
            const double v = val[e];
            const double *x = X + size_t(col[e]) * w;
#pragma omp simd
            for (size_t j = 0; j < w; ++j) y[j] += v * x[j];
        }
    }
}

}  // namespace pr::transition
