// pr_corpus counts against the naive std::map reference: every chunking,
// lag, boundary kind, thread count and input dtype must give the same exact
// counts.
#include "corpus_reference.hpp"
#include "test_helpers.hpp"

#include <doctest/doctest.h>

#include <string>

using pr::corpus::Corpus;
using pr::corpus::CorpusConfig;
using pr::corpus::TokenType;

namespace {

template <class T>
void feed_as(Corpus &c, const std::vector<uint32_t> &x) {
    std::vector<T> v(x.begin(), x.end());
    TokenType type = std::is_same_v<T, uint8_t>    ? TokenType::u8
                     : std::is_same_v<T, uint16_t> ? TokenType::u16
                     : std::is_same_v<T, uint32_t> ? TokenType::u32
                     : std::is_same_v<T, int32_t>  ? TokenType::i32
                                                   : TokenType::i64;
    c.add(v.data(), v.size(), type);
}

void feed(Corpus &c, const std::vector<test::Step> &steps, TokenType type) {
    for (const test::Step &s : steps) {
        if (s.end_doc) {
            c.end_document();
            continue;
        }
        switch (type) {
            case TokenType::u8: feed_as<uint8_t>(c, s.tokens); break;
            case TokenType::u16: feed_as<uint16_t>(c, s.tokens); break;
            case TokenType::u32: feed_as<uint32_t>(c, s.tokens); break;
            case TokenType::i32: feed_as<int32_t>(c, s.tokens); break;
            case TokenType::i64: feed_as<int64_t>(c, s.tokens); break;
        }
    }
}

// Exact equality of everything the corpus reports with the reference.
void check_equal(const Corpus &c, const test::Reference &ref, const std::string &what) {
    INFO(what);
    const pr::CountsCsr csr = c.counts();
    REQUIRE(csr.row_ptr.size() == size_t(c.config().vocab_size) + 1);
    CHECK(csr.nnz() == ref.pairs.size());
    CHECK(c.nnz() == ref.pairs.size());
    CHECK(c.total_pairs() == ref.total_pairs);
    CHECK(c.total_tokens() == ref.total_tokens);
    CHECK(csr.unigram == ref.unigram);
    // Walk the CSR in order; the map iterates in the same (a, b) order.
    auto it = ref.pairs.begin();
    bool same = csr.nnz() == ref.pairs.size();
    for (uint32_t a = 0; same && a < csr.vocab_size; ++a)
        for (uint64_t i = csr.row_ptr[a]; same && i < csr.row_ptr[a + 1]; ++i, ++it)
            same = it->first.first == a && it->first.second == csr.col[i] && it->second == csr.count[i];
    CHECK(same);
}

CorpusConfig config(uint32_t V, uint32_t lag, int64_t sep, int threads) {
    CorpusConfig cfg;
    cfg.vocab_size = V;
    cfg.lag = lag;
    cfg.has_separator = sep >= 0;
    cfg.separator = sep >= 0 ? uint32_t(sep) : 0;
    cfg.num_threads = threads;
    // Tiny buffers and a low parallel threshold so that small tests go
    // through buffer flushes, run merges and the two-thread split.
    cfg.lane_capacity = 257;
    cfg.parallel_min_pairs = 64;
    return cfg;
}

}  // namespace

TEST_CASE("counts equal the std::map reference for every chunking, lag, boundary, thread count and dtype") {
    std::mt19937_64 rng(12345);
    const uint32_t vocabs[] = {1, 7, 250, 5000, 70000};  // 70000: 64-bit pair keys
    int cases = 0;
    for (uint32_t V : vocabs)
        for (uint32_t lag : {1u, 2u, 5u})
            for (int64_t sep : {int64_t(-1), int64_t(V / 2)})
                for (int threads : {1, 2}) {
                    if (V == 1 && sep >= 0) continue;
                    const size_t n = 1 + rng() % 4000;
                    auto x = test::random_tokens(rng, n, V, sep, 0.02);
                    for (int chunking = 0; chunking < 3; ++chunking) {
                        const size_t max_chunk = chunking == 0 ? n : chunking == 1 ? 9 : 700;
                        auto steps = test::random_chunking(rng, x, max_chunk, chunking == 2 ? 0.1 : 0.0);
                        auto ref = test::reference_counts(steps, V, lag, sep);
                        std::vector<TokenType> types{TokenType::u32, TokenType::i64};
                        if (V <= 65536) types.push_back(TokenType::u16), types.push_back(TokenType::i32);
                        if (V <= 256) types.push_back(TokenType::u8);
                        for (TokenType type : types) {
                            Corpus c(config(V, lag, sep, threads));
                            feed(c, steps, type);
                            check_equal(c, ref,
                                        pr::cat("V=", V, " lag=", lag, " sep=", sep, " threads=", threads,
                                                " chunking=", chunking, " dtype=", token_type_name(type)));
                            ++cases;
                        }
                    }
                }
    CHECK(cases > 300);
}

TEST_CASE("a long stream counts the same in one chunk and in many, at the default buffer sizes") {
    const size_t n = test::sanitized() ? 200000 : 1000000;
    std::mt19937_64 rng(7);
    const uint32_t V = 50257;
    auto x = test::random_tokens(rng, n, V, -1, 0.0);
    std::vector<test::Step> one{{x, false}};
    auto many = test::random_chunking(rng, x, 200000, 0.0);
    auto ref = test::reference_counts(one, V, 1, -1);
    for (int threads : {1, 2}) {
        CorpusConfig cfg;
        cfg.vocab_size = V;
        cfg.num_threads = threads;
        Corpus a(cfg), b(cfg);
        feed(a, one, TokenType::u16);
        feed(b, many, TokenType::u32);
        check_equal(a, ref, pr::cat("one chunk, threads=", threads));
        check_equal(b, ref, pr::cat("many chunks, threads=", threads));
    }
}

TEST_CASE("queries between additions do not disturb later counting") {
    std::mt19937_64 rng(99);
    auto x = test::random_tokens(rng, 5000, 300, 17, 0.01);
    auto steps = test::random_chunking(rng, x, 400, 0.05);
    auto ref = test::reference_counts(steps, 300, 2, 17);
    Corpus c(config(300, 2, 17, 2));
    for (const auto &s : steps) {
        feed(c, {s}, TokenType::u32);
        (void)c.nnz();  // finalises mid-stream
    }
    check_equal(c, ref, "interleaved queries");
    uint64_t looked_up = 0;
    for (const auto &[ab, n] : ref.pairs) looked_up += c.count(ab.first, ab.second) == n;
    CHECK(looked_up == ref.pairs.size());
    CHECK(c.count(299, 298) == ref.pairs.count({299, 298}) * ref.pairs[{299, 298}]);
}

TEST_CASE("changing the thread count keeps the counts") {
    std::mt19937_64 rng(5);
    auto x = test::random_tokens(rng, 20000, 1000, -1, 0.0);
    auto steps = test::random_chunking(rng, x, 3000, 0.0);
    auto ref = test::reference_counts(steps, 1000, 1, -1);
    Corpus c(config(1000, 1, -1, 1));
    feed(c, {steps.begin(), steps.begin() + long(steps.size() / 2)}, TokenType::u32);
    c.set_num_threads(2);
    feed(c, {steps.begin() + long(steps.size() / 2), steps.end()}, TokenType::u32);
    check_equal(c, ref, "1 then 2 threads");
}

TEST_CASE("tiny 32-bit count limits split carries off exactly (dense rows, sparse runs, merges, queries)") {
    // count_limit stands in for 2^32 - 1: counts above it are carried in a
    // side list, through run-length encoding, merges and dense flushes.
    std::mt19937_64 rng(2024);
    int cases = 0;
    for (uint32_t limit : {1u, 5u, 200u})
        for (uint32_t V : {3u, 40u, 300u})
            for (int threads : {1, 2})
                for (int64_t sep : {int64_t(-1), int64_t(V - 1)}) {
                    auto x = test::random_tokens(rng, 3000, V, sep, 0.01);
                    auto steps = test::random_chunking(rng, x, 900, 0.05);
                    auto ref = test::reference_counts(steps, V, 2, sep);
                    CorpusConfig cfg = config(V, 2, sep, threads);
                    cfg.count_limit = limit;
                    Corpus c(cfg);
                    feed(c, steps, TokenType::u16);
                    const std::string what = pr::cat("limit=", limit, " V=", V, " threads=", threads, " sep=", sep);
                    check_equal(c, ref, what);
                    uint64_t same = 0;
                    for (const auto &[ab, n] : ref.pairs) same += c.count(ab.first, ab.second) == n;
                    CHECK(same == ref.pairs.size());
                    CHECK(c.store().plan_info().planned);
                    ++cases;
                }
    CHECK(cases == 36);
}

TEST_CASE("a skewed stream is split across lanes with dense hot rows, and 16/32/64-bit keys and tokens agree") {
    // Sizes above the sort's in-cache threshold (4096 keys per flush), a
    // frequent head (dense rows), two lanes, separators on the scalar path,
    // and V > 65536 for 64-bit keys.
    const size_t n = test::sanitized() ? 100000 : 300000;
    for (uint32_t V : {1000u, 50257u, 70000u})
        for (int64_t sep : {int64_t(-1), int64_t(7)}) {
            std::mt19937_64 rng(V + 3);
            auto x = test::random_tokens(rng, n, V, sep, 0.002);
            auto steps = test::random_chunking(rng, x, n / 3, 0.0);
            auto ref = test::reference_counts(steps, V, 1, sep);
            for (int threads : {1, 2}) {
                CorpusConfig cfg;
                cfg.vocab_size = V;
                cfg.has_separator = sep >= 0;
                cfg.separator = uint32_t(std::max<int64_t>(sep, 0));
                cfg.num_threads = threads;
                cfg.parallel_min_pairs = 4000;  // planned after 64000 pairs
                cfg.lane_capacity = 20000;  // several flushes, each through the bucketed sort
                Corpus c(cfg);
                feed(c, steps, V <= 65536 ? TokenType::u16 : TokenType::u32);
                const std::string what = pr::cat("V=", V, " sep=", sep, " threads=", threads);
                check_equal(c, ref, what);
                const pr::corpus::PlanInfo info = c.store().plan_info();
                INFO(what);
                CHECK(info.planned);
                CHECK(info.dense_rows > 0);
                REQUIRE(info.bounds.size() == size_t(threads) + 1);
                if (threads == 2) CHECK((info.bounds[1] > 0 && info.bounds[1] < V));
            }
        }
}

TEST_CASE("re-planning and merging keep counts: chunks counted before the plan, then two planned stores merged") {
    std::mt19937_64 rng(77);
    const uint32_t V = 2000;
    auto x = test::random_tokens(rng, 60000, V, -1, 0.0);
    auto steps = test::random_chunking(rng, x, 3000, 0.0);
    const size_t half = steps.size() / 2;
    std::vector<test::Step> first(steps.begin(), steps.begin() + long(half)), second(steps.begin() + long(half), steps.end());
    for (int threads : {1, 2}) {
        CorpusConfig cfg = config(V, 1, -1, threads);
        cfg.parallel_min_pairs = 1000;  // planned after 16000 pairs: the first chunks are counted before
        Corpus a(cfg), b(cfg);
        feed(a, first, TokenType::u32);
        feed(b, second, TokenType::u32);
        a.merge(b);
        // The pair across the cut is not in either half: add it by hand.
        test::Reference joined = test::reference_counts(first, V, 1, -1);
        const test::Reference other = test::reference_counts(second, V, 1, -1);
        for (const auto &[ab, k] : other.pairs) joined.pairs[ab] += k;
        for (uint32_t v = 0; v < V; ++v) joined.unigram[v] += other.unigram[v];
        joined.total_pairs += other.total_pairs;
        joined.total_tokens += other.total_tokens;
        check_equal(a, joined, pr::cat("merged halves, threads=", threads));
        CHECK(a.store().plan_info().planned);
    }
}
