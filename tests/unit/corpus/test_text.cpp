// Text inputs: the byte-level tokenizer and the word vocabulary (checked
// against a Python regex tokenizer on real text).
#include "test_helpers.hpp"

#include "prspread.h"

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <string>

namespace {

pr_corpus *make_corpus(uint32_t V) {
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = V;
    pr_corpus *c = nullptr;
    REQUIRE(pr_corpus_create(&c, &o) == PR_OK);
    return c;
}

uint64_t count(const pr_corpus *c, uint32_t a, uint32_t b) {
    uint64_t n = 0;
    REQUIRE(pr_corpus_count(c, a, b, &n) == PR_OK);
    return n;
}

std::string word(const pr_vocab *v, uint32_t id) {
    size_t len = 0;
    REQUIRE(pr_vocab_word(v, id, nullptr, 0, &len) == PR_OK);
    std::string s(len + 1, '\0');
    REQUIRE(pr_vocab_word(v, id, s.data(), s.size(), &len) == PR_OK);
    s.resize(len);
    return s;
}

// tinyshakespeare lives outside the repository (PRSPREAD_CORPUS_DIR); without
// it the real-text checks are skipped with a message, not faked.
bool have_shakespeare() {
    if (std::ifstream(test::corpus_path("tinyshakespeare.txt")).good()) return true;
    MESSAGE("tinyshakespeare.txt not found in PRSPREAD_CORPUS_DIR; real-text checks skipped");
    return false;
}

}  // namespace

TEST_CASE("byte-level text counts byte pairs, from memory and from a file") {
    pr_corpus *c = make_corpus(256);
    const char *text = "abab\xff";
    REQUIRE(pr_corpus_add_text_bytes(c, text, 5) == PR_OK);
    CHECK(count(c, 'a', 'b') == 2);
    CHECK(count(c, 'b', 'a') == 1);
    CHECK(count(c, 'b', 0xff) == 1);
    pr_corpus_free(c);

    pr_corpus *small = make_corpus(128);
    CHECK(pr_corpus_add_text_bytes(small, text, 5) == PR_ERR_OUT_OF_RANGE);
    CHECK(std::string(pr_last_error()).find("token id 255 >= vocab_size 128 at offset 4") != std::string::npos);
    pr_corpus_free(small);

    if (!have_shakespeare()) return;
    const std::string path = test::corpus_path("tinyshakespeare.txt");
    const std::string content = test::read_file(path);
    REQUIRE(content.size() > 1000000);
    pr_corpus *a = make_corpus(256), *b = make_corpus(256);
    REQUIRE(pr_corpus_add_text_bytes(a, content.data(), content.size()) == PR_OK);
    REQUIRE(pr_corpus_add_text_file_bytes(b, path.c_str(), nullptr, nullptr) == PR_OK);
    uint64_t na = 0, nb = 0, pairs = 0;
    REQUIRE(pr_corpus_nnz(a, &na) == PR_OK);
    REQUIRE(pr_corpus_nnz(b, &nb) == PR_OK);
    REQUIRE(pr_corpus_total_pairs(b, &pairs) == PR_OK);
    CHECK(na == nb);
    CHECK(pairs == content.size() - 1);
    CHECK(count(a, 't', 'h') == count(b, 't', 'h'));
    CHECK(count(b, 't', 'h') > 10000);  // "th" is the commonest English bigram
    CHECK(pr_corpus_add_text_file_bytes(b, "/nonexistent/x.txt", nullptr, nullptr) == PR_ERR_IO);
    pr_corpus_free(a);
    pr_corpus_free(b);
}

TEST_CASE("the vocabulary splits, ranks, encodes and keeps the top N with <unk>") {
    const std::string text = "The cat sat. The cat ran!";
    pr_vocab_options o;
    pr_vocab_options_init(&o);
    o.lowercase = 1;
    pr_vocab *v = nullptr;
    REQUIRE(pr_vocab_build(&v, text.data(), text.size(), &o) == PR_OK);
    uint32_t n = 0;
    REQUIRE(pr_vocab_size(v, &n) == PR_OK);
    CHECK(n == 7);  // <unk> cat the ! . ran sat
    const char *expect[] = {"<unk>", "cat", "the", "!", ".", "ran", "sat"};
    for (uint32_t i = 0; i < 7; ++i) CHECK(word(v, i) == expect[i]);
    uint32_t id = 99;
    REQUIRE(pr_vocab_id(v, "sat", &id) == PR_OK);
    CHECK(id == 6);
    REQUIRE(pr_vocab_id(v, "dog", &id) == PR_OK);
    CHECK(id == PR_VOCAB_UNK);
    size_t len = 0;
    const std::string query = "THE dog sat!";
    REQUIRE(pr_vocab_encode(v, query.data(), query.size(), nullptr, 0, &len) == PR_OK);
    REQUIRE(len == 4);
    uint32_t ids[4];
    REQUIRE(pr_vocab_encode(v, query.data(), query.size(), ids, 4, &len) == PR_OK);
    CHECK((ids[0] == 2 && ids[1] == 0 && ids[2] == 6 && ids[3] == 3));
    CHECK(pr_vocab_encode(v, query.data(), query.size(), ids, 3, &len) == PR_ERR_BUFFER_TOO_SMALL);
    char tiny[3];
    CHECK(pr_vocab_word(v, 1, tiny, sizeof tiny, &len) == PR_ERR_BUFFER_TOO_SMALL);
    CHECK(pr_vocab_word(v, 7, nullptr, 0, &len) == PR_ERR_OUT_OF_RANGE);

    // Counting words in a corpus.
    pr_corpus *c = make_corpus(n);
    REQUIRE(pr_corpus_add_text_words(c, v, text.data(), text.size()) == PR_OK);
    CHECK(count(c, 2, 1) == 2);  // the -> cat
    pr_corpus *too_small = make_corpus(5);
    CHECK(pr_corpus_add_text_words(too_small, v, text.data(), text.size()) == PR_ERR_MISMATCH);
    pr_corpus_free(too_small);
    pr_corpus_free(c);

    // Top 3: the rest folds into <unk>, whose count is what it replaced.
    o.max_words = 3;
    pr_vocab *top = nullptr;
    REQUIRE(pr_vocab_build(&top, text.data(), text.size(), &o) == PR_OK);
    REQUIRE(pr_vocab_size(top, &n) == PR_OK);
    CHECK(n == 4);
    uint64_t unk = 0;
    REQUIRE(pr_vocab_count(top, 0, &unk) == PR_OK);
    CHECK(unk == 3);  // . ran sat
    pr_vocab_free(top);

    // Case kept when lowercase == 0.
    o.lowercase = 0;
    o.max_words = 100;
    pr_vocab *cased = nullptr;
    REQUIRE(pr_vocab_build(&cased, text.data(), text.size(), &o) == PR_OK);
    REQUIRE(pr_vocab_id(cased, "The", &id) == PR_OK);
    CHECK(id != PR_VOCAB_UNK);
    pr_vocab_free(cased);

    // Save, load, and the broken-file errors.
    const std::string path = test::tmp_path("words.prvocab");
    REQUIRE(pr_vocab_save(v, path.c_str()) == PR_OK);
    pr_vocab *back = nullptr;
    REQUIRE(pr_vocab_load(&back, path.c_str()) == PR_OK);
    REQUIRE(pr_vocab_size(back, &n) == PR_OK);
    CHECK(n == 7);
    for (uint32_t i = 0; i < 7; ++i) CHECK(word(back, i) == expect[i]);
    REQUIRE(pr_vocab_encode(back, query.data(), query.size(), ids, 4, &len) == PR_OK);
    CHECK(ids[0] == 2);  // lower-casing survives the file
    pr_vocab_free(back);
    const std::string bytes = test::read_file(path);
    const std::string bad = test::tmp_path("bad.prvocab");
    pr_vocab *out = nullptr;
    test::write_file(bad, bytes.substr(0, bytes.size() - 5));
    CHECK(pr_vocab_load(&out, bad.c_str()) == PR_ERR_CHECKSUM);
    std::string flipped = bytes;
    flipped[25] ^= 4;
    test::write_file(bad, flipped);
    CHECK(pr_vocab_load(&out, bad.c_str()) == PR_ERR_CHECKSUM);
    test::write_file(bad, "PRVOCAX" + bytes.substr(7));
    CHECK(pr_vocab_load(&out, bad.c_str()) == PR_ERR_FORMAT);
    std::string future = bytes;
    future[8] = 9;
    test::write_file(bad, future);
    CHECK(pr_vocab_load(&out, bad.c_str()) == PR_ERR_VERSION);
    CHECK(pr_vocab_load(&out, test::tmp_path("none.prvocab").c_str()) == PR_ERR_IO);
    CHECK(out == nullptr);
    CHECK(pr_vocab_build(nullptr, "a", 1, nullptr) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_vocab_build(&out, nullptr, 4, nullptr) == PR_ERR_INVALID_ARGUMENT);
    pr_vocab_free(v);
    pr_vocab_free(nullptr);
}

TEST_CASE("on tinyshakespeare the word split and counts agree with a Python regex tokenizer") {
    if (!have_shakespeare()) return;
    const std::string path = test::corpus_path("tinyshakespeare.txt");
    const std::string out = test::tmp_path("shakespeare_top_" + std::to_string(::getpid()) + ".txt");
    const std::string py = R"(
import re, collections
data = open(")" + path + R"(", "rb").read().lower()
punct = rb"!-/:-@\[-`{-~"
words = re.findall(rb"[" + punct + rb"]|[^ \t\n\r\f\v" + punct + rb"]+", data)
c = collections.Counter(words)
top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:50]
with open(")" + out + R"(", "wb") as f:
    f.write(b"%d %d\n" % (len(words), len(c)))
    for w, n in top: f.write(w + b" %d\n" % n)
)";
    REQUIRE(test::run_python(py) == 0);
    std::ifstream in(out);
    uint64_t total = 0, distinct = 0;
    in >> total >> distinct;
    pr_vocab_options o;
    pr_vocab_options_init(&o);
    o.lowercase = 1;
    o.max_words = 50;
    pr_vocab *v = nullptr;
    REQUIRE(pr_vocab_build_from_file(&v, path.c_str(), &o) == PR_OK);
    uint64_t kept = 0;
    for (uint32_t id = 1; id <= 50; ++id) {
        std::string w;
        uint64_t n = 0, mine = 0;
        in >> w >> n;
        CHECK(word(v, id) == w);
        REQUIRE(pr_vocab_count(v, id, &mine) == PR_OK);
        CHECK(mine == n);
        kept += mine;
    }
    uint64_t unk = 0;
    REQUIRE(pr_vocab_count(v, 0, &unk) == PR_OK);
    CHECK(kept + unk == total);
    // Encoding the whole text gives one id per word.
    const std::string text = test::read_file(path);
    size_t n = 0;
    REQUIRE(pr_vocab_encode(v, text.data(), text.size(), nullptr, 0, &n) == PR_OK);
    CHECK(n == total);
    pr_vocab_free(v);
}
