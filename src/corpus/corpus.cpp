#include "corpus/corpus.hpp"

#include "core/error.hpp"
#include "core/parallel_errors.hpp"
#include "corpus/check_ids.hpp"
#include "corpus/token_file.hpp"
#include "core/progress.hpp"

#include <cstring>

#include <omp.h>

#include <algorithm>
#include <type_traits>

namespace pr::corpus {
namespace {

int resolve_threads(int n) { return n > 0 ? n : std::max(1, omp_get_max_threads()); }

// Below this many tokens per thread, histograms are not worth splitting.
constexpr size_t kParallelUnigramMin = size_t(1) << 18;

// Adds the ids' counts to uni; separators are boundaries, not tokens, and are
// left out.  Returns the number of separators seen.
template <class T>
uint64_t count_unigrams(const T *x, size_t n, bool has_sep, uint32_t sep, int threads, std::vector<uint64_t> &uni) {
    const size_t V = uni.size();
    int nt = threads;
    if (n < kParallelUnigramMin * 2 || n < 4 * V) nt = 1;
    std::vector<uint64_t> seps(size_t(nt), 0);
    auto run = [&](uint64_t *h, size_t lo, size_t hi) -> uint64_t {
        for (size_t i = lo; i < hi; ++i) ++h[size_t(x[i])];
        if (!has_sep) return 0;
        uint64_t k = 0;
        for (size_t i = lo; i < hi; ++i) k += uint64_t(x[i]) == sep;
        h[sep] -= k;  // counted above, but a separator is not a token
        return k;
    };
    if (nt == 1) return run(uni.data(), 0, n);
    std::vector<std::vector<uint64_t>> local(static_cast<size_t>(nt));
    ParallelErrors errors;
#pragma omp parallel num_threads(nt)
    errors.run([&] {
        const int t = omp_get_thread_num(), got = omp_get_num_threads();
        std::vector<uint64_t> &h = local[size_t(t)];
        h.assign(V, 0);
        seps[size_t(t)] = run(h.data(), n * size_t(t) / size_t(got), n * size_t(t + 1) / size_t(got));
    });
    errors.rethrow();
    for (const auto &h : local)
        if (!h.empty())
            for (size_t v = 0; v < V; ++v) uni[v] += h[v];
    uint64_t total = 0;
    for (uint64_t k : seps) total += k;
    return total;
}

}  // namespace

Corpus::Corpus(const CorpusConfig &config) : cfg_(config) {
    if (cfg_.vocab_size == 0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.vocab_size' = 0: must be >= 1 (set it after pr_corpus_options_init)");
    if (cfg_.vocab_size > kMaxVocab)
        fail(PR_ERR_OUT_OF_RANGE, "argument 'options.vocab_size' = ", cfg_.vocab_size, ": must be <= ", kMaxVocab);
    if (cfg_.lag == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.lag' = 0: must be >= 1");
    if (cfg_.has_separator && cfg_.separator >= cfg_.vocab_size)
        fail(PR_ERR_OUT_OF_RANGE, "argument 'options.separator' = ", cfg_.separator, ": must be < vocab_size ",
             cfg_.vocab_size, " (or -1 for none)");
    if (cfg_.num_threads < 0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.num_threads' = ", cfg_.num_threads, ": must be >= 0");
    threads_ = resolve_threads(cfg_.num_threads);
    store_ = make_pair_store(cfg_.vocab_size, threads_, cfg_.lane_capacity, cfg_.parallel_min_pairs, cfg_.count_limit);
    unigram_.assign(cfg_.vocab_size, 0);
}

void Corpus::set_num_threads(int n) {
    if (n < 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'num_threads' = ", n, ": must be >= 0");
    std::lock_guard<std::mutex> lock(mu_);
    const int t = resolve_threads(n);
    if (t > threads_) {
        // More lanes are needed: fold the counts into a fresh store.
        auto fresh = make_pair_store(cfg_.vocab_size, t, cfg_.lane_capacity, cfg_.parallel_min_pairs, cfg_.count_limit);
        fresh->merge_from(*store_, threads_);
        store_ = std::move(fresh);
    }
    threads_ = t;
    cfg_.num_threads = n;
}

void Corpus::add(const void *tokens, size_t n, TokenType type) {
    if (n == 0) return;
    require_nonnull(tokens, "tokens");
    dispatch_token_type(type, [&](auto tag) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(tag)>>;
        add_typed(static_cast<const T *>(tokens), n, type, true);
    });
}

template <class T>
void Corpus::add_typed(const T *x, size_t n, TokenType type, bool validate) {
    const uint64_t V = cfg_.vocab_size;
    if (validate) check_ids(x, n, V, 0, " of the chunk; nothing from this chunk was counted", threads_);
    std::lock_guard<std::mutex> lock(mu_);
    const size_t lag = cfg_.lag;
    const bool has_sep = cfg_.has_separator;
    const uint32_t sep = cfg_.separator;

    // Pairs whose left token sits in the carry from the previous chunk.
    size_t first_sep = n;
    if (has_sep)
        for (size_t i = 0; i < n; ++i)
            if (uint64_t(x[i]) == sep) { first_sep = i; break; }
    std::vector<std::pair<uint32_t, uint32_t>> boundary;
    const size_t c = carry_.size();
    for (size_t q = 0; q < c; ++q) {
        const size_t r = q + lag - c;  // index in this chunk of the partner
        if (r < n && r < first_sep) boundary.emplace_back(carry_[q], uint32_t(x[r]));
    }
    store_->add_pairs(boundary);
    pairs_ += boundary.size();

    ChunkPairs chunk;
    chunk.tokens = x;
    chunk.type = type;
    chunk.n = n;
    chunk.lag = lag;
    chunk.has_separator = has_sep;
    chunk.separator = sep;
    pairs_ += store_->add_chunk(chunk, threads_);

    const uint64_t seps = count_unigrams(x, n, has_sep, sep, threads_, unigram_);
    tokens_ += n - seps;

    // New carry: the last `lag` tokens after the last separator, reaching
    // back into the old carry when the chunk is shorter than lag.
    std::vector<uint32_t> tail;
    bool hit_sep = false;
    for (size_t i = n; i > 0 && tail.size() < lag; --i) {
        if (has_sep && uint64_t(x[i - 1]) == sep) { hit_sep = true; break; }
        tail.push_back(uint32_t(x[i - 1]));
    }
    if (!hit_sep)
        for (size_t q = c; q > 0 && tail.size() < lag; --q) tail.push_back(carry_[q - 1]);
    std::reverse(tail.begin(), tail.end());
    carry_ = std::move(tail);
}

void Corpus::add_file(const std::string &path, TokenFormat format, const Progress &report) {
    add_file_range(path, format, 0, UINT64_MAX, report);
}

void Corpus::add_file_range(const std::string &path, TokenFormat format, uint64_t first, uint64_t count,
                            const Progress &report) {
    const TokenFileView view = open_token_file(path, format);
    if (count == UINT64_MAX && first == 0) count = view.count;  // the whole file (add_file)
    if (first > view.count || count > view.count - first)
        fail(PR_ERR_OUT_OF_RANGE, "token range [", first, ", ", first, " + ", count, ") is outside '", path,
             "', which holds ", view.count, " tokens");
    constexpr size_t kChunk = size_t(1) << 24;
    dispatch_token_type(view.type, [&](auto tag) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(tag)>>;
        const bool aligned = reinterpret_cast<uintptr_t>(view.data) % alignof(T) == 0;
        std::vector<T> copy;  // only for a misaligned .npy payload
        auto chunk_at = [&](uint64_t i, size_t len) -> const T * {
            if (aligned) return reinterpret_cast<const T *>(view.data) + i;
            copy.resize(len);
            std::memcpy(copy.data(), view.data + i * sizeof(T), len * sizeof(T));
            return copy.data();
        };
        // Both passes drop each chunk's pages once done with them, so a
        // 2 GB file costs its chunk, not 2 GB of resident mapped pages.
        auto release = [&](uint64_t i, size_t len) { view.file.release(view.data + i * sizeof(T), len * sizeof(T)); };
        for (uint64_t i = 0; i < count; i += kChunk) {
            const size_t len = size_t(std::min<uint64_t>(kChunk, count - i));
            check_ids(chunk_at(first + i, len), len, cfg_.vocab_size, first + i,
                      pr::cat(" of '", path, "'; nothing from the file was counted"), threads_);
            release(first + i, len);
        }
        report.report(0, count);
        for (uint64_t i = 0; i < count; i += kChunk) {
            const size_t len = size_t(std::min<uint64_t>(kChunk, count - i));
            add_typed(chunk_at(first + i, len), len, view.type, false);
            release(first + i, len);
            report.report(i + len, count);
        }
    });
}

uint64_t Corpus::nnz() const {
    std::lock_guard<std::mutex> lock(mu_);
    return store_->nnz(threads_);
}

uint64_t Corpus::count(uint32_t a, uint32_t b) const {
    if (a >= cfg_.vocab_size || b >= cfg_.vocab_size)
        fail(PR_ERR_OUT_OF_RANGE, "token pair (", a, ", ", b, ") outside vocab_size ", cfg_.vocab_size);
    std::lock_guard<std::mutex> lock(mu_);
    return store_->count(a, b, threads_);
}

CountsCsr Corpus::counts() const {
    std::lock_guard<std::mutex> lock(mu_);
    CountsCsr out;
    store_->export_csr(out, threads_);
    out.unigram = unigram_;
    return out;
}

void Corpus::merge(const Corpus &other) {
    if (&other == this) fail(PR_ERR_INVALID_ARGUMENT, "argument 'other' is the same corpus as 'corpus'");
    if (other.cfg_.vocab_size != cfg_.vocab_size)
        fail(PR_ERR_MISMATCH, "cannot merge corpora with vocab_size ", cfg_.vocab_size, " and ",
             other.cfg_.vocab_size);
    if (other.cfg_.lag != cfg_.lag)
        fail(PR_ERR_MISMATCH, "cannot merge corpora with lag ", cfg_.lag, " and ", other.cfg_.lag);
    std::scoped_lock lock(mu_, other.mu_);
    store_->merge_from(*other.store_, threads_);
    for (size_t v = 0; v < unigram_.size(); ++v) unigram_[v] += other.unigram_[v];
    tokens_ += other.tokens_;
    pairs_ += other.pairs_;
}

}  // namespace pr::corpus
