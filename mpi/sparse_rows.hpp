// Sparse pair counts of a block of rows [row0, row0 + rows), in CSR form
// (columns strictly increasing within a row): what the ranks exchange and
// merge while reducing their partial corpora.
#pragma once

#include <cstdint>
#include <vector>

namespace prmpi {

struct SparseRows {
    uint64_t row0 = 0;
    std::vector<uint64_t> row_ptr{0};  // rows + 1 entries
    std::vector<uint32_t> col;
    std::vector<uint64_t> count;
    uint64_t rows() const { return row_ptr.size() - 1; }
    uint64_t nnz() const { return col.size(); }
};

// The sum of two blocks of the same rows, in O(nnz(a) + nnz(b)).
SparseRows merge(const SparseRows &a, const SparseRows &b);
// The sum of any number of blocks of the same rows (pairwise, log2(n) passes).
SparseRows merge_all(std::vector<SparseRows> parts);
// Rows [lo, hi) of a block (absolute row ids inside the block's range).
SparseRows slice(const SparseRows &a, uint64_t lo, uint64_t hi);
// Blocks of consecutive row ranges put end to end (each must start where the
// previous one ended).
SparseRows concat(const std::vector<SparseRows> &parts);

}  // namespace prmpi
