// The hand-off from the corpus family to the transition family: exact bigram counts in CSR
// form (rows sorted by source token, columns sorted within a row).
#pragma once

#include <cstdint>
#include <vector>

namespace pr {

struct CountsCsr {
    uint32_t vocab_size = 0;
    std::vector<uint64_t> row_ptr;  // vocab_size + 1 entries
    std::vector<uint32_t> col;      // nnz entries: token b of pair (a, b)
    std::vector<uint64_t> count;    // nnz entries: C[a, b] > 0
    std::vector<uint64_t> unigram;  // vocab_size entries: occurrences of each token
    uint64_t nnz() const { return col.size(); }
};

}  // namespace pr
