// BPE merging: the short-piece scan and the long-piece heap agree, encoding
// round-trips any bytes, chunked streaming equals one piece, and the work
// counters stay linear on the worst inputs.
#include "fixtures.hpp"
#include "tokenizer/encoder.hpp"
#include "tokenizer/stream.hpp"

#include <cstdlib>
#include <random>

using namespace tok_test;

namespace {

std::string decode(const tk::BpeModel &m, const std::vector<uint32_t> &ids) {
    std::string out;
    m.decode(ids.data(), ids.size(), out);
    return out;
}

std::string random_text(size_t n, unsigned seed, const std::vector<std::string> &alphabet) {
    std::mt19937 rng(seed);
    std::string s;
    while (s.size() < n) s += alphabet[rng() % alphabet.size()];
    return s;
}

const std::vector<std::string> kMixed = {"a", "b", "c", "aa", "1", "2", " ", " ", "  ", "\n", "'", "'s", "\xc3\xa9",
                                         "\xe4\xb8\xad", "!", "\x80", "\xff", "\t", "<|endoftext|>"};

}  // namespace

TEST_CASE("bpe: scan and heap paths give the same ids") {
    const auto m = synthetic_model();
    tk::Encoder enc(*m);
    std::mt19937 rng(3);
    for (int t = 0; t < 300; ++t) {
        const std::string w = random_text(1 + rng() % 300, rng(), {"a", "b", "c", "1", " ", "'", "\xc3\xa9", "aa"});
        std::vector<uint32_t> a, b;
        enc.bpe_scan(reinterpret_cast<const uint8_t *>(w.data()), w.size(), a);
        enc.bpe_heap(reinterpret_cast<const uint8_t *>(w.data()), w.size(), b);
        REQUIRE(a == b);
        REQUIRE(decode(*m, a) == w);
    }
    if (const auto g = gpt2_model()) {
        tk::Encoder e2(*g);
        for (int t = 0; t < 200; ++t) {
            const std::string w = random_text(2 + rng() % 200, rng(), {"e", "t", "h", "in", "er", "a", "s", "\xc3\xa9"});
            std::vector<uint32_t> a, b;
            e2.bpe_scan(reinterpret_cast<const uint8_t *>(w.data()), w.size(), a);
            e2.bpe_heap(reinterpret_cast<const uint8_t *>(w.data()), w.size(), b);
            REQUIRE(a == b);
        }
    }
}

TEST_CASE("bpe: any bytes round-trip, and chunking or threads never change the ids") {
    std::vector<std::shared_ptr<const tk::BpeModel>> models = {synthetic_model()};
    if (auto g = gpt2_model()) models.push_back(g);
    for (const auto &m : models) {
        for (unsigned seed = 1; seed <= 3; ++seed) {
            const std::string bytes = random_bytes(20000, seed);
            const std::string text = random_text(50000, seed, kMixed);
            for (const std::string *s : {&bytes, &text}) {
                const auto whole = encode(*m, *s);
                CHECK(decode(*m, whole) == *s);
                CHECK(encode(*m, *s, 97, 2) == whole);
                CHECK(encode(*m, s->substr(0, 5000), 1, 1) == encode(*m, s->substr(0, 5000)));
                const auto special = encode(*m, *s, size_t(1) << 20, 1, true);
                CHECK(encode(*m, *s, 61, 2, true) == special);
                CHECK(decode(*m, special) == *s);
            }
        }
    }
}

TEST_CASE("bpe: special tokens only when asked") {
    const auto g = gpt2_model();
    if (!g) return;
    const std::string s = "a<|endoftext|>b";
    const auto off = encode(*g, s), on = encode(*g, s, size_t(1) << 20, 1, true);
    CHECK(std::find(off.begin(), off.end(), 50256u) == off.end());
    CHECK(on == std::vector<uint32_t>{64, 50256, 65});
    CHECK(g->find("<|endoftext|>") == 50256);
}

TEST_CASE("bpe: work is linear on the worst inputs (operation counts)") {
    // One repeated character, no spaces (one 1 MB word), a digit run and a
    // space run.  The counters at n and 2n must scale at most linearly.
    std::vector<std::shared_ptr<const tk::BpeModel>> models = {synthetic_model()};
    if (auto g = gpt2_model()) models.push_back(g);
    const size_t n = std::getenv("PRSPREAD_SANITIZED") ? size_t(1) << 16 : size_t(1) << 19;  // 2n = 1 MB
    for (const auto &m : models) {
        for (const std::vector<std::string> &alpha :
             std::vector<std::vector<std::string>>{{"a"}, {"a", "b", "c", "\xc3\xa9"}, {"1", "2", "7"}, {" "}}) {
            tk::EncodeStats s1, s2;
            const auto ids1 = encode(*m, random_text(n, 5, alpha), n, 1, false, &s1);
            const auto ids2 = encode(*m, random_text(2 * n, 5, alpha), 2 * n, 1, false, &s2);
            const double w1 = double(s1.decodes + s1.pair_scans + s1.heap_ops);
            const double w2 = double(s2.decodes + s2.pair_scans + s2.heap_ops);
            INFO("alphabet[0] = '", alpha[0], "' work ", w1, " -> ", w2);
            CHECK(s1.heap_ops <= 4 * n);
            CHECK(s1.pair_scans <= 80 * n);
            CHECK(s1.decodes <= 3 * n);
            CHECK(w2 <= 2.1 * w1);
        }
    }
}
