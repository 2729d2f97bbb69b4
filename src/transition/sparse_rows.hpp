// A sparse V x W matrix in CSR with double values, and its products with
// row-major dense blocks (OpenMP over rows; each output row is owned by one
// thread and summed in a fixed order, so results do not depend on the
// schedule).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pr::transition {

struct SparseRows {
    uint32_t rows = 0, cols = 0;
    std::vector<uint64_t> row_ptr;  // rows + 1
    std::vector<uint32_t> col;      // strictly increasing within a row
    std::vector<double> val;
    uint64_t nnz() const { return col.size(); }

    // The transpose (cols x rows), columns again sorted within each row.
    SparseRows transposed() const;
    // Y = this * X: X is cols x w, Y is rows x w, both row-major, no overlap.
    void multiply(const double *X, size_t w, double *Y, int threads) const;
};

}  // namespace pr::transition
