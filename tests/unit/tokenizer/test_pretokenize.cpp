// The hand-written GPT-2 pre-tokenizer against the regex's meaning, piece by
// piece, on the cases where the alternation order decides.
#include "tokenizer/pretokenize.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string> split(const std::string &s) {
    std::vector<std::string> out;
    pr::tokenizer::split_gpt2(reinterpret_cast<const uint8_t *>(s.data()), s.size(),
                              [&](size_t off, size_t len) { out.push_back(s.substr(off, len)); });
    return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("pretokenize: GPT-2 pattern cases") {
    CHECK(split("Hello world") == V{"Hello", " world"});
    CHECK(split("a  b") == V{"a", " ", " b"});              // \s+(?!\S) backs off one space
    CHECK(split("a   b") == V{"a", "  ", " b"});
    CHECK(split("a\n\nb") == V{"a", "\n", "\n", "b"});       // the last \n is \s+ alone
    CHECK(split("a \nb") == V{"a", " ", "\n", "b"});
    CHECK(split("a  ") == V{"a", "  "});                     // at the end the run stays whole
    CHECK(split("it's") == V{"it", "'s"});
    CHECK(split("they'll've") == V{"they", "'ll", "'ve"});
    CHECK(split("IT'S") == V{"IT", "'", "S"});               // contractions are case-sensitive
    CHECK(split("x?'s") == V{"x", "?'", "s"});               // an other-run swallows the apostrophe
    CHECK(split(" 's") == V{" '", "s"});
    CHECK(split("'sx") == V{"'s", "x"});
    CHECK(split("123abc 42") == V{"123", "abc", " 42"});
    CHECK(split(" !!") == V{" !!"});
    CHECK(split("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87") == V{"caf\xc3\xa9", " \xe4\xb8\xad\xe6\x96\x87"});
    CHECK(split("\xc2\xbd") == V{"\xc2\xbd"});  // U+00BD (No) is \p{N}
    CHECK(split("x\xc2\xa0y") == V{"x", "\xc2\xa0", "y"});  // NBSP is \s but not ' '
    CHECK(split("") == V{});
}

TEST_CASE("pretokenize: invalid UTF-8 bytes are single 'other' characters") {
    // A stray continuation byte, a truncated sequence, an overlong form and
    // an encoded surrogate: each byte is punctuation, joined by other-runs.
    CHECK(split("a\x80" "b") == V{"a", "\x80", "b"});
    CHECK(split("a \xe2\x82") == V{"a", " \xe2\x82"});
    CHECK(split("\xc0\xaf!") == V{"\xc0\xaf!"});
    CHECK(split("\xed\xa0\x80x") == V{"\xed\xa0\x80", "x"});
    CHECK(split("\xf4\x90\x80\x80") == V{"\xf4\x90\x80\x80"});  // > U+10FFFF
}

TEST_CASE("pretokenize: pieces tile the input and decoding stays linear") {
    for (const std::string unit : {"a", " ", "7", "\n", "\xe4\xb8\xad", "\x80", "ab ", "  x"}) {
        std::string s;
        while (s.size() < (1u << 20)) s += unit;
        size_t covered = 0;
        const uint64_t decodes = pr::tokenizer::split_gpt2(reinterpret_cast<const uint8_t *>(s.data()), s.size(),
                                                           [&](size_t off, size_t len) {
                                                               REQUIRE(off == covered);
                                                               REQUIRE(len > 0);
                                                               covered += len;
                                                           });
        CHECK(covered == s.size());
        CHECK(decodes <= 3 * s.size());
    }
}
