// A corpus (the state behind a pr_corpus handle): options, the pair store, unigram
// counts and the tokens carried over from the previous chunk of the current
// document (the last `lag` of them), so chunking never changes the counts.
#pragma once

#include "corpus/counts_csr.hpp"
#include "corpus/pair_store.hpp"
#include "corpus/token_types.hpp"
#include "corpus/token_file.hpp"
#include "core/progress.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pr::corpus {

struct CorpusConfig {
    uint32_t vocab_size = 0;
    uint32_t lag = 1;
    bool has_separator = false;
    uint32_t separator = 0;
    int num_threads = 0;  // 0 = OpenMP's default
    size_t lane_capacity = 0;  // internal tuning; see make_pair_store
    size_t parallel_min_pairs = 0;  // internal tuning; 0 = default
    uint32_t count_limit = 0;  // internal (tests): 32-bit count cell limit; 0 = default
};

class Corpus {
public:
    explicit Corpus(const CorpusConfig &config);  // validates the config
    const CorpusConfig &config() const { return cfg_; }
    int threads() const { return threads_; }
    void set_num_threads(int n);

    // Counts a chunk.  Every id is checked first (PR_ERR_OUT_OF_RANGE naming
    // the id, V and the offset), so a bad chunk changes nothing.
    void add(const void *tokens, size_t n, TokenType type);
    void end_document() { carry_.clear(); }

    // Counts a token file (see token_file.hpp) as the continuation of the
    // current document, in chunks, reporting progress in tokens.  All ids are
    // checked first (an error names the file offset and changes nothing); a
    // cancel keeps the chunks counted before it.
    void add_file(const std::string &path, TokenFormat format, const Progress &progress);
    // The same for ids [first, first + count) of the file only (a range past
    // the end is PR_ERR_OUT_OF_RANGE; only the range's ids are checked).
    void add_file_range(const std::string &path, TokenFormat format, uint64_t first, uint64_t count,
                        const Progress &progress);

    // The open document's carried tokens become the last `lag` ids of ctx
    // after its last separator, as if the stream had just passed them; no
    // unigram or pair is counted.  Lets a shard of a stream start mid-document
    // (corpus_extend.cpp).
    void set_context(const uint32_t *ctx, size_t n);
    // Adds CSR pair counts and unigram counts (structure checked first, like a
    // loaded file; nothing changes on error).  The carry is unchanged.
    void add_counts(const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count, const uint64_t *unigram);

    const PairStore &store() const { return *store_; }  // internal: tests inspect the plan
    uint64_t total_tokens() const { return tokens_; }
    uint64_t total_pairs() const { return pairs_; }
    const std::vector<uint64_t> &unigram() const { return unigram_; }
    const std::vector<uint32_t> &carry() const { return carry_; }

    // Queries merge pending work first; they lock, so a const corpus can be
    // read from several threads.
    uint64_t nnz() const;
    uint64_t count(uint32_t a, uint32_t b) const;
    CountsCsr counts() const;

    // Adds other's counts (PR_ERR_MISMATCH unless V and lag agree).  The
    // carry of `other` is ignored: shards are independent streams.
    void merge(const Corpus &other);

    // Versioned, checksummed binary file, written atomically.
    void save(const std::string &path) const;
    static std::unique_ptr<Corpus> load(const std::string &path);

private:
    CorpusConfig cfg_;
    std::atomic<int> threads_{1};  // read without the lock by validation
    std::unique_ptr<PairStore> store_;
    mutable std::mutex mu_;
    std::vector<uint64_t> unigram_;
    std::vector<uint32_t> carry_;
    uint64_t tokens_ = 0;
    uint64_t pairs_ = 0;

    template <class T>
    void add_typed(const T *x, size_t n, TokenType type, bool validate);
};

// Checks a CSR of V rows (row_ptr[0] = 0, rows ascending, columns < V and
// strictly increasing, counts > 0) and returns the sum of the counts;
// PR_ERR_FORMAT naming `what` otherwise.
uint64_t check_csr(size_t V, const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count,
                   const std::string &what);

// Upper bound on V (row pointers and unigram counts are dense in V).
constexpr uint32_t kMaxVocab = uint32_t(1) << 31;

}  // namespace pr::corpus
