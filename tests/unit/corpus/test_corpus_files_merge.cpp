// Save/load and merge round-trips are exact; every bad input is a clear error.
#include "corpus_reference.hpp"
#include "test_helpers.hpp"

#include "prspread.h"

#include <doctest/doctest.h>

#include <cstring>
#include <string>

namespace {

struct Handle {
    pr_corpus *c = nullptr;
    ~Handle() { pr_corpus_free(c); }
};

pr_corpus_options opts(uint32_t V, uint32_t lag = 1, int64_t sep = -1) {
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = V;
    o.lag = lag;
    o.separator = sep;
    return o;
}

struct Csr {
    std::vector<uint64_t> row_ptr, counts, unigram;
    std::vector<uint32_t> col;
    uint64_t pairs = 0, tokens = 0;
    bool operator==(const Csr &o) const {
        return row_ptr == o.row_ptr && counts == o.counts && col == o.col && unigram == o.unigram &&
               pairs == o.pairs && tokens == o.tokens;
    }
};

Csr export_all(const pr_corpus *c) {
    uint32_t V = 0;
    REQUIRE(pr_corpus_vocab_size(c, &V) == PR_OK);
    uint64_t nnz = 0;
    REQUIRE(pr_corpus_export_csr(c, nullptr, nullptr, nullptr, 0, &nnz) == PR_OK);
    Csr out;
    out.row_ptr.resize(V + 1);
    out.col.resize(nnz);
    out.counts.resize(nnz);
    out.unigram.resize(V);
    uint64_t got = 0;
    REQUIRE(pr_corpus_export_csr(c, out.row_ptr.data(), out.col.data(), out.counts.data(), nnz, &got) == PR_OK);
    CHECK(got == nnz);
    REQUIRE(pr_corpus_unigram_u64(c, out.unigram.data(), V) == PR_OK);
    REQUIRE(pr_corpus_total_pairs(c, &out.pairs) == PR_OK);
    REQUIRE(pr_corpus_total_tokens(c, &out.tokens) == PR_OK);
    return out;
}

std::string error() { return pr_last_error(); }

}  // namespace

TEST_CASE("save then load gives identical counts, and the loaded corpus continues the stream exactly") {
    std::mt19937_64 rng(3);
    const uint32_t V = 900, lag = 3;
    auto x = test::random_tokens(rng, 40000, V, 5, 0.01);
    const size_t cut = 25001;  // mid-document: the carry must survive the file
    Handle whole, first;
    auto o = opts(V, lag, 5);
    REQUIRE(pr_corpus_create(&whole.c, &o) == PR_OK);
    REQUIRE(pr_corpus_create(&first.c, &o) == PR_OK);
    REQUIRE(pr_corpus_add_u32(whole.c, x.data(), x.size()) == PR_OK);
    REQUIRE(pr_corpus_add_u32(first.c, x.data(), cut) == PR_OK);
    const std::string path = test::tmp_path("roundtrip.prcorpus");
    REQUIRE(pr_corpus_save(first.c, path.c_str()) == PR_OK);
    Handle loaded;
    REQUIRE(pr_corpus_load(&loaded.c, path.c_str()) == PR_OK);
    CHECK(export_all(loaded.c) == export_all(first.c));
    uint32_t lag_loaded = 0;
    REQUIRE(pr_corpus_lag(loaded.c, &lag_loaded) == PR_OK);
    CHECK(lag_loaded == lag);
    REQUIRE(pr_corpus_add_u32(loaded.c, x.data() + cut, x.size() - cut) == PR_OK);
    CHECK(export_all(loaded.c) == export_all(whole.c));
    // Saving twice gives the same bytes (deterministic format).
    const std::string path2 = test::tmp_path("roundtrip2.prcorpus");
    REQUIRE(pr_corpus_save(first.c, path2.c_str()) == PR_OK);
    CHECK(test::read_file(path) == test::read_file(path2));
}

TEST_CASE("shards counted separately merge to exactly one pass") {
    std::mt19937_64 rng(11);
    const uint32_t V = 70000;  // 64-bit keys
    Handle one;
    auto o = opts(V, 2);
    REQUIRE(pr_corpus_create(&one.c, &o) == PR_OK);
    std::vector<Handle> shards(4);
    for (int s = 0; s < 4; ++s) {
        REQUIRE(pr_corpus_create(&shards[size_t(s)].c, &o) == PR_OK);
        for (int d = 0; d < 3; ++d) {
            auto doc = test::random_tokens(rng, 1 + rng() % 5000, V, -1, 0.0);
            REQUIRE(pr_corpus_add_u32(one.c, doc.data(), doc.size()) == PR_OK);
            REQUIRE(pr_corpus_end_document(one.c) == PR_OK);
            REQUIRE(pr_corpus_add_u32(shards[size_t(s)].c, doc.data(), doc.size()) == PR_OK);
            REQUIRE(pr_corpus_end_document(shards[size_t(s)].c) == PR_OK);
        }
    }
    Handle merged;
    REQUIRE(pr_corpus_create(&merged.c, &o) == PR_OK);
    for (auto &s : shards) REQUIRE(pr_corpus_merge(merged.c, s.c) == PR_OK);
    CHECK(export_all(merged.c) == export_all(one.c));
    // Merge is also exact through files.
    const std::string path = test::tmp_path("shard0.prcorpus");
    REQUIRE(pr_corpus_save(shards[0].c, path.c_str()) == PR_OK);
    Handle reread;
    REQUIRE(pr_corpus_load(&reread.c, path.c_str()) == PR_OK);
    CHECK(export_all(reread.c) == export_all(shards[0].c));
}

TEST_CASE("bad arguments are clear errors") {
    pr_corpus *c = reinterpret_cast<pr_corpus *>(1);
    auto o = opts(0);
    CHECK(pr_corpus_create(&c, &o) == PR_ERR_INVALID_ARGUMENT);
    CHECK(c == nullptr);
    CHECK(error().find("vocab_size' = 0") != std::string::npos);
    CHECK(pr_corpus_create(&c, nullptr) == PR_ERR_INVALID_ARGUMENT);
    CHECK(error().find("'opts' is NULL") != std::string::npos);
    o = opts(10, 0);
    CHECK(pr_corpus_create(&c, &o) == PR_ERR_INVALID_ARGUMENT);
    CHECK(error().find("lag' = 0") != std::string::npos);
    o = opts(10, 1, 10);
    CHECK(pr_corpus_create(&c, &o) == PR_ERR_OUT_OF_RANGE);
    CHECK(error().find("separator' = 10") != std::string::npos);
    o = opts(10);
    o.version = 999;
    CHECK(pr_corpus_create(&c, &o) == PR_ERR_VERSION);
    o = opts((1u << 31) + 1);
    CHECK(pr_corpus_create(&c, &o) == PR_ERR_OUT_OF_RANGE);
    o = opts(10);
    CHECK(pr_corpus_create(nullptr, &o) == PR_ERR_INVALID_ARGUMENT);

    Handle h;
    o = opts(1000);
    REQUIRE(pr_corpus_create(&h.c, &o) == PR_OK);
    uint64_t n = 0;
    CHECK(pr_corpus_add_u32(nullptr, nullptr, 0) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_corpus_add_u32(h.c, nullptr, 5) == PR_ERR_INVALID_ARGUMENT);
    CHECK(error().find("'tokens' is NULL") != std::string::npos);
    CHECK(pr_corpus_add_u32(h.c, nullptr, 0) == PR_OK);
    CHECK(pr_corpus_nnz(h.c, nullptr) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_corpus_nnz(nullptr, &n) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_corpus_count(h.c, 1000, 0, &n) == PR_ERR_OUT_OF_RANGE);
    std::vector<uint64_t> small(999);
    CHECK(pr_corpus_unigram_u64(h.c, small.data(), small.size()) == PR_ERR_BUFFER_TOO_SMALL);
    CHECK(pr_corpus_set_num_threads(h.c, -1) == PR_ERR_INVALID_ARGUMENT);
    pr_corpus_free(nullptr);
}

TEST_CASE("an out-of-range id names the id, V and offset, and nothing of the chunk is applied") {
    Handle h;
    auto o = opts(1000, 2);
    REQUIRE(pr_corpus_create(&h.c, &o) == PR_OK);
    const uint32_t good[] = {1, 2, 3, 4};
    REQUIRE(pr_corpus_add_u32(h.c, good, 4) == PR_OK);
    const Csr before = export_all(h.c);
    const uint16_t bad16[] = {5, 6, 7, 1000, 8};
    CHECK(pr_corpus_add_u16(h.c, bad16, 5) == PR_ERR_OUT_OF_RANGE);
    CHECK(error().find("token id 1000 >= vocab_size 1000 at offset 3") != std::string::npos);
    const int32_t neg[] = {5, -4};
    CHECK(pr_corpus_add_i32(h.c, neg, 2) == PR_ERR_OUT_OF_RANGE);
    CHECK(error().find("token id -4 < 0 at offset 1") != std::string::npos);
    const int64_t huge[] = {int64_t(1) << 40};
    CHECK(pr_corpus_add_i64(h.c, huge, 1) == PR_ERR_OUT_OF_RANGE);
    CHECK(error().find("token id 1099511627776 >= vocab_size 1000 at offset 0") != std::string::npos);
    const uint8_t ok8[] = {9};
    CHECK(pr_corpus_add_u8(h.c, ok8, 1) == PR_OK);
    // The failed chunks left no trace: the stream is 1 2 3 4 9.
    Handle ref;
    REQUIRE(pr_corpus_create(&ref.c, &o) == PR_OK);
    const uint32_t clean[] = {1, 2, 3, 4, 9};
    REQUIRE(pr_corpus_add_u32(ref.c, clean, 5) == PR_OK);
    CHECK(export_all(h.c) == export_all(ref.c));
    CHECK(!(before == export_all(h.c)));
}

TEST_CASE("a large chunk (validated on two threads) names its first bad id, wherever the threads split it") {
    Handle h;
    auto o = opts(1000, 2);
    REQUIRE(pr_corpus_create(&h.c, &o) == PR_OK);
    std::vector<uint16_t> x(size_t(3) << 20, 7);
    x[x.size() - 2] = 1001;  // in the second thread's half
    CHECK(pr_corpus_add_u16(h.c, x.data(), x.size()) == PR_ERR_OUT_OF_RANGE);
    CHECK(error().find("token id 1001 >= vocab_size 1000 at offset " + std::to_string(x.size() - 2)) !=
          std::string::npos);
    x[5] = 1000;  // now also in the first half: the first one is named
    CHECK(pr_corpus_add_u16(h.c, x.data(), x.size()) == PR_ERR_OUT_OF_RANGE);
    CHECK(error().find("token id 1000 >= vocab_size 1000 at offset 5") != std::string::npos);
    uint64_t pairs = 1;
    REQUIRE(pr_corpus_total_pairs(h.c, &pairs) == PR_OK);
    CHECK(pairs == 0);
}

TEST_CASE("the CSR export asks for its size and refuses a small buffer") {
    Handle h;
    auto o = opts(10);
    REQUIRE(pr_corpus_create(&h.c, &o) == PR_OK);
    const uint32_t x[] = {1, 2, 1, 2, 3};
    REQUIRE(pr_corpus_add_u32(h.c, x, 5) == PR_OK);
    uint64_t nnz = 0;
    REQUIRE(pr_corpus_export_csr(h.c, nullptr, nullptr, nullptr, 0, &nnz) == PR_OK);
    CHECK(nnz == 3);  // (1,2) x2, (2,1), (2,3)
    std::vector<uint64_t> rp(11), cnt(2);
    std::vector<uint32_t> col(2);
    CHECK(pr_corpus_export_csr(h.c, rp.data(), col.data(), cnt.data(), 2, &nnz) == PR_ERR_BUFFER_TOO_SMALL);
    CHECK(nnz == 3);
    CHECK(pr_corpus_export_csr(h.c, nullptr, col.data(), cnt.data(), 2, &nnz) == PR_ERR_INVALID_ARGUMENT);
    uint64_t c12 = 0;
    REQUIRE(pr_corpus_count(h.c, 1, 2, &c12) == PR_OK);
    CHECK(c12 == 2);
}

TEST_CASE("merging mismatched corpora is refused") {
    Handle a, b, c;
    auto oa = opts(100), ob = opts(101), oc = opts(100, 2);
    REQUIRE(pr_corpus_create(&a.c, &oa) == PR_OK);
    REQUIRE(pr_corpus_create(&b.c, &ob) == PR_OK);
    REQUIRE(pr_corpus_create(&c.c, &oc) == PR_OK);
    CHECK(pr_corpus_merge(a.c, b.c) == PR_ERR_MISMATCH);
    CHECK(error().find("vocab_size 100 and 101") != std::string::npos);
    CHECK(pr_corpus_merge(a.c, c.c) == PR_ERR_MISMATCH);
    CHECK(error().find("lag 1 and 2") != std::string::npos);
    CHECK(pr_corpus_merge(a.c, a.c) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_corpus_merge(a.c, nullptr) == PR_ERR_INVALID_ARGUMENT);
}

TEST_CASE("missing, foreign, truncated, corrupt and future files are refused") {
    Handle h;
    auto o = opts(50, 1, 0);
    REQUIRE(pr_corpus_create(&h.c, &o) == PR_OK);
    std::mt19937_64 rng(1);
    auto x = test::random_tokens(rng, 2000, 50, 0, 0.05);
    REQUIRE(pr_corpus_add_u32(h.c, x.data(), x.size()) == PR_OK);
    const std::string good = test::tmp_path("good.prcorpus");
    REQUIRE(pr_corpus_save(h.c, good.c_str()) == PR_OK);
    const std::string bytes = test::read_file(good);
    pr_corpus *out = reinterpret_cast<pr_corpus *>(1);

    CHECK(pr_corpus_load(&out, test::tmp_path("does-not-exist.prcorpus").c_str()) == PR_ERR_IO);
    CHECK(out == nullptr);
    CHECK(error().find("does-not-exist.prcorpus") != std::string::npos);
    CHECK(pr_corpus_save(h.c, test::tmp_path("no-such-dir/x.prcorpus").c_str()) == PR_ERR_IO);
    CHECK(pr_corpus_load(&out, nullptr) == PR_ERR_INVALID_ARGUMENT);

    const std::string bad = test::tmp_path("bad.prcorpus");
    test::write_file(bad, "");
    CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_FORMAT);
    test::write_file(bad, std::string(200, 'z'));
    CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_FORMAT);
    CHECK(error().find("bad magic") != std::string::npos);
    for (size_t keep : {size_t(20), bytes.size() / 2, bytes.size() - 1}) {
        test::write_file(bad, bytes.substr(0, keep));
        CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_FORMAT);
    }
    test::write_file(bad, bytes + "x");
    CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_FORMAT);
    // Flip one bit in the counts: only the checksum can notice.
    std::string flipped = bytes;
    flipped[bytes.size() - 20] ^= 1;
    test::write_file(bad, flipped);
    CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_CHECKSUM);
    CHECK(error().find("checksum") != std::string::npos);
    // A future format version.
    std::string future = bytes;
    future[8] = 2;
    test::write_file(bad, future);
    CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_VERSION);
    // A header whose sizes lie (huge nnz): refused before any allocation.
    std::string liar = bytes;
    const uint64_t nnz = uint64_t(1) << 50;
    std::memcpy(&liar[8 + 6 * 4 + 2 * 8], &nnz, 8);
    test::write_file(bad, liar);
    CHECK(pr_corpus_load(&out, bad.c_str()) == PR_ERR_FORMAT);
    CHECK(out == nullptr);
}
