// Loading: bad files give one-line PR_ERR_FORMAT errors naming the file and
// the fault; a Hugging Face tokenizer.json built from GPT-2's files encodes
// like them.
#include "core/error.hpp"
#include "fixtures.hpp"
#include "prspread.h"
#include "tokenizer/stream.hpp"

#include <nlohmann/json.hpp>

using namespace tok_test;

namespace {

std::string load_error(const std::function<void()> &f) {
    try {
        f();
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_FORMAT);
        return e.what();
    }
    FAIL("no error");
    return "";
}

void check_one_line(const std::string &msg, const std::string &needle) {
    INFO(msg);
    CHECK(msg.find('\n') == std::string::npos);
    CHECK(msg.find(needle) != std::string::npos);
}

// GPT-2's files as a Hugging Face tokenizer.json, with a given pre-tokenizer.
std::string hf_json(const SyntheticFiles &f, const nlohmann::json &pre, const std::string &model_type = "BPE") {
    nlohmann::json j;
    j["model"]["type"] = model_type;
    j["model"]["vocab"] = nlohmann::json::parse(f.encoder_json);
    j["model"]["merges"] = nlohmann::json::array();
    for (size_t pos = f.vocab_bpe.find('\n') + 1; pos < f.vocab_bpe.size();) {
        const size_t end = f.vocab_bpe.find('\n', pos);
        j["model"]["merges"].push_back(f.vocab_bpe.substr(pos, end - pos));
        pos = end + 1;
    }
    j["pre_tokenizer"] = pre;
    j["normalizer"] = nullptr;
    j["added_tokens"] = nlohmann::json::array({{{"id", 5000}, {"content", "<|end|>"}, {"special", true}}});
    return j.dump();
}

}  // namespace

TEST_CASE("load: truncated encoder.json, unknown merge tokens, bad lines") {
    const SyntheticFiles f = synthetic_files();
    check_one_line(load_error([&] { tk::load_gpt2_memory(f.encoder_json.substr(0, 500), f.vocab_bpe, "enc.json"); }),
                   "encoder.json 'enc.json' is not valid JSON");
    check_one_line(load_error([&] { tk::load_gpt2_memory(f.encoder_json, f.vocab_bpe + "zz\xc4\xa0 q\n", "e", "v.bpe"); }),
                   "is not in the vocabulary");
    check_one_line(load_error([&] { tk::load_gpt2_memory(f.encoder_json, "#version: 0.2\na b c\n", "e", "v.bpe"); }),
                   "vocab.bpe 'v.bpe' line 2: expected 'left right'");
    check_one_line(load_error([&] { tk::load_gpt2_memory("{\"a\": 0}", "", "e", "v"); }), "no token for byte");
    check_one_line(load_error([&] { tk::load_gpt2_memory("{\"a\": -3}", "", "e", "v"); }), "not an integer");
    check_one_line(load_error([&] { tk::load_gpt2_memory("[1, 2]", "", "e", "v"); }), "not a JSON object");
    check_one_line(load_error([&] { tk::load_gpt2_memory("{\" \": 0}", "", "e", "v"); }), "outside GPT-2's byte-level alphabet");
}

TEST_CASE("load: tokenizer.json of supported and unsupported kinds") {
    const SyntheticFiles f = synthetic_files();
    const auto gpt2 = tk::load_gpt2_memory(f.encoder_json, f.vocab_bpe);
    const nlohmann::json byte_level = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}};
    const auto hf = tk::load_hf_memory(hf_json(f, byte_level), "t.json");
    const std::string text = "aab c'sabc\n\n  12 caf\xc3\xa9 <|end|> \x80";
    CHECK(encode_with(*hf, text, {}) == encode_with(*gpt2, text, {}));
    CHECK(hf->find("<|end|>") == 5000);
    CHECK(hf->vocab_size() == 5001);

    const nlohmann::json seq = {
        {"type", "Sequence"},
        {"pretokenizers",
         {{{"type", "Split"},
           {"pattern", {{"Regex", R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)"}}},
           {"behavior", "Isolated"},
           {"invert", false}},
          {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}}}};
    CHECK(encode_with(*tk::load_hf_memory(hf_json(f, seq)), text, {}) == encode_with(*gpt2, text, {}));

    const nlohmann::json prefix = {{"type", "ByteLevel"}, {"add_prefix_space", true}};
    CHECK(encode_with(*tk::load_hf_memory(hf_json(f, prefix)), "abc", {}) == encode_with(*gpt2, " abc", {}));

    check_one_line(load_error([&] { tk::load_hf_memory(hf_json(f, byte_level, "WordPiece"), "w.json"); }),
                   "tokenizer.json 'w.json': model type 'WordPiece' is not supported");
    check_one_line(load_error([&] { tk::load_hf_memory(hf_json(f, {{"type", "Metaspace"}}), "m.json"); }),
                   "pre_tokenizer 'Metaspace' is not supported");
    nlohmann::json llama = seq;
    llama["pretokenizers"][0]["pattern"]["Regex"] = "(?i:'s|'t)|\\p{N}{1,3}";
    check_one_line(load_error([&] { tk::load_hf_memory(hf_json(f, llama), "l.json"); }), "(not GPT-2's)");
    nlohmann::json with_norm = nlohmann::json::parse(hf_json(f, byte_level));
    with_norm["normalizer"] = {{"type", "NFC"}};
    check_one_line(load_error([&] { tk::load_hf_memory(with_norm.dump(), "n.json"); }), "normalizer 'NFC'");
    check_one_line(load_error([&] { tk::load_hf_memory(hf_json(f, byte_level).substr(0, 1000), "t.json"); }),
                   "is not valid JSON");
    check_one_line(load_error([&] { tk::load_hf_memory("{}", "e.json"); }), "has no \"model\" object");
}

// The header's capacity and round-trip promises under add_prefix_space
// (fuzz finding 7): through the C API, as a caller sizes its buffers.
TEST_CASE("C API: add_prefix_space needs at most len + 1 ids and decodes to ' ' + text") {
    const SyntheticFiles f = synthetic_files();
    const std::string json = hf_json(f, {{"type", "ByteLevel"}, {"add_prefix_space", true}});
    pr_tokenizer *t = nullptr;
    REQUIRE(pr_tokenizer_create_from_memory(&t, PR_TOKENIZER_HF_JSON, json.data(), json.size(), nullptr, 0) == PR_OK);
    auto roundtrip = [&](const std::string &text, int allow_special) {
        pr_encode_options eo;
        pr_encode_options_init(&eo);
        eo.allow_special = allow_special;
        size_t count = 0, n = 0, bytes = 0;
        REQUIRE(pr_tokenizer_encode(t, text.data(), text.size(), &eo, nullptr, 0, &count, nullptr, nullptr) == PR_OK);
        std::vector<uint32_t> ids(count);
        REQUIRE(pr_tokenizer_encode(t, text.data(), text.size(), &eo, ids.data(), ids.size(), &n, nullptr, nullptr) == PR_OK);
        REQUIRE(n == count);
        REQUIRE(pr_tokenizer_decode(t, ids.data(), n, nullptr, 0, &bytes) == PR_OK);
        std::string back(bytes, '\0');
        REQUIRE(pr_tokenizer_decode(t, ids.data(), n, back.data(), back.size(), &bytes) == PR_OK);
        return std::make_pair(count, back);
    };
    // Without specials, len + 1 ids always suffice.
    for (const std::string text : {"c", "abc", "  x", "aab c'sabc\n\n  12", "\x80\xff"}) {
        const auto [count, back] = roundtrip(text, 0);
        CHECK(count <= text.size() + 1);
        CHECK(back == (text[0] == ' ' ? text : " " + text));
    }
    // With allow_special each segment after a special token gets its own space.
    const auto [count, back] = roundtrip("a<|end|>b", 1);
    CHECK(back == " a<|end|> b");
    CHECK(count >= 3);
    pr_tokenizer_free(t);
}
