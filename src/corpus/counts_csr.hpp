// The hand-off from pr_corpus to pr_transition: exact bigram counts in CSR
// form (rows sorted by source token, columns sorted within a row).
#pragma once

#include <cstdint>
#include <vector>

struct pr_corpus;

namespace pr {

struct CountsCsr {
    uint32_t vocab_size = 0;
    std::vector<uint64_t> row_ptr;  // vocab_size + 1 entries
    std::vector<uint32_t> col;      // nnz entries: token b of pair (a, b)
    std::vector<uint64_t> count;    // nnz entries: C[a, b] > 0
    std::vector<uint64_t> unigram;  // vocab_size entries: occurrences of each token
    uint64_t nnz() const { return col.size(); }
};

// The counts held by a corpus handle (implemented by the corpus family).
// Throws PR_ERR_INVALID_ARGUMENT for NULL.
CountsCsr corpus_counts(const pr_corpus *corpus);

}  // namespace pr
