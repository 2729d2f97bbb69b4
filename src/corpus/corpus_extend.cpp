// Corpus operations that let separately counted shards of one stream be put
// back together exactly: a shard can start mid-document (set_context), and
// counts reduced elsewhere (e.g. over MPI) can be added back (add_counts).
#include "corpus/corpus.hpp"

#include "core/error.hpp"
#include "corpus/check_ids.hpp"

namespace pr::corpus {

void Corpus::set_context(const uint32_t *ctx, size_t n) {
    if (n > 0) require_nonnull(ctx, "context");
    check_ids(ctx, n, cfg_.vocab_size, 0, " of the context; the corpus is unchanged", 1);
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<uint32_t> tail;
    for (size_t i = n; i > 0 && tail.size() < cfg_.lag; --i) {
        if (cfg_.has_separator && ctx[i - 1] == cfg_.separator) break;
        tail.push_back(ctx[i - 1]);
    }
    carry_.assign(tail.rbegin(), tail.rend());
}

void Corpus::add_counts(const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count,
                        const uint64_t *unigram) {
    require_nonnull(row_ptr, "row_ptr");
    require_nonnull(unigram, "unigram");
    const size_t V = cfg_.vocab_size;
    const uint64_t nnz = row_ptr[V];
    if (nnz > 0) {
        require_nonnull(col, "col_idx");
        require_nonnull(count, "counts");
    }
    const uint64_t pairs = check_csr(V, row_ptr, col, count, "argument 'row_ptr/col_idx/counts'");
    uint64_t tokens = 0;
    for (size_t v = 0; v < V; ++v) tokens += unigram[v];
    if (cfg_.has_separator && unigram[cfg_.separator] != 0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'unigram': the separator ", cfg_.separator, " has count ",
             unigram[cfg_.separator], " (separators are not tokens)");

    Corpus shard(cfg_);
    shard.store_->assign_csr(row_ptr, col, count);
    shard.unigram_.assign(unigram, unigram + V);
    shard.tokens_ = tokens;
    shard.pairs_ = pairs;
    merge(shard);
}

uint64_t check_csr(size_t V, const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count,
                   const std::string &what) {
    auto corrupt = [&](const char *why) { fail(PR_ERR_FORMAT, what, ": corrupt counts (", why, ")"); };
    if (row_ptr[0] != 0) corrupt("row pointers do not start at 0");
    uint64_t pair_sum = 0;
    for (size_t a = 0; a < V; ++a) {
        if (row_ptr[a + 1] < row_ptr[a]) corrupt("row pointers decrease");
        for (uint64_t i = row_ptr[a]; i < row_ptr[a + 1]; ++i) {
            if (col[i] >= V) corrupt("column id >= vocab_size");
            if (i > row_ptr[a] && col[i] <= col[i - 1]) corrupt("columns not strictly increasing");
            if (count[i] == 0) corrupt("zero count stored");
            pair_sum += count[i];
        }
    }
    return pair_sum;
}

}  // namespace pr::corpus
