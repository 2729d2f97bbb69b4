#include "data.hpp"

#include "common.hpp"
#include "text_tokenizer.hpp"

#include <prspread.h>

#include <array>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cli {

namespace {

std::vector<char> read_all(const std::string &path, const std::string &what) {
    require_readable_file(path, what);
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) fail(what + " '" + path + "': read error: " + std::strerror(errno));
    if (bytes.empty()) fail(what + " '" + path + "' is empty");
    return bytes;
}

}  // namespace

std::string base_name(const std::string &path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

TokenStream load_text(const std::vector<std::string> &paths) {
    TokenStream out;
    std::vector<std::vector<char>> files;
    std::array<bool, 256> seen{};
    for (const auto &p : paths) {
        files.push_back(read_all(p, "text file"));
        for (char c : files.back()) seen[uint8_t(c)] = true;
    }
    std::array<uint32_t, 256> id{};
    for (int b = 0; b < 256; ++b)
        if (seen[size_t(b)]) {
            id[size_t(b)] = uint32_t(out.symbols.size());
            out.symbols.push_back(uint8_t(b));
        }
    out.vocab_size = uint32_t(out.symbols.size());
    for (const auto &f : files) {
        for (char c : f) out.ids.push_back(id[uint8_t(c)]);
        out.doc_ends.push_back(out.ids.size());
    }
    out.description = "text " + base_name(paths.front()) + (paths.size() > 1 ? " (+more)" : "") + ", " +
                      std::to_string(out.vocab_size) + " byte symbols";
    return out;
}

pr_token_format token_format_of(const std::string &format) {
    if (format == "u16") return PR_TOKENS_U16;
    if (format == "u32") return PR_TOKENS_U32;
    if (format == "llmc") return PR_TOKENS_LLMC;
    if (format == "npy") return PR_TOKENS_NPY;
    if (format != "auto") fail("--format '" + format + "': expected auto, u16, u32, llmc or npy");
    return PR_TOKENS_AUTO;
}

TokenStream load_tokens(const std::vector<std::string> &paths, const std::string &format,
                        uint32_t vocab_size) {
    const pr_token_format f = token_format_of(format);
    TokenStream out;
    uint64_t max_id = 0;
    for (const auto &p : paths) {
        require_readable_file(p, "token file");
        uint64_t count = 0;
        check(pr_token_file_read_u32(p.c_str(), f, nullptr, 0, &count), "token file '" + p + "'");
        if (count == 0) fail("token file '" + p + "' holds no tokens");
        const size_t at = out.ids.size();
        out.ids.resize(at + count);
        check(pr_token_file_read_u32(p.c_str(), f, out.ids.data() + at, count, &count), "token file '" + p + "'");
        for (size_t i = at; i < out.ids.size(); ++i) {
            if (vocab_size && out.ids[i] >= vocab_size)
                fail("token file '" + p + "': id " + std::to_string(out.ids[i]) + " >= --vocab-size " +
                     std::to_string(vocab_size) + " at token " + std::to_string(i - at));
            max_id = std::max<uint64_t>(max_id, out.ids[i]);
        }
        out.doc_ends.push_back(out.ids.size());
    }
    if (!vocab_size && max_id >= 65536)
        fail("token ids reach " + std::to_string(max_id) + ": pass --vocab-size to confirm a vocabulary this large");
    out.vocab_size = vocab_size ? vocab_size : uint32_t(max_id + 1);
    out.description = "tokens " + base_name(paths.front()) + (paths.size() > 1 ? " (+more)" : "") + ", vocabulary " +
                      std::to_string(out.vocab_size);
    return out;
}

void add_synth_options(CLI::App &sub, SynthArgs &s) {
    sub.add_option("--synth-vocab", s.vocab_size, "Synthetic source: vocabulary size")->check(CLI::Range(2u, 1u << 20));
    sub.add_option("--synth-tokens", s.tokens, "Synthetic source: stream length")->check(CLI::Range(uint64_t(100), uint64_t(1) << 34));
    sub.add_option("--synth-structure", s.structure, "Synthetic source: probability of following a successor link")
        ->check(CLI::Range(0.0, 0.999));
    sub.add_option("--synth-seed", s.seed, "Synthetic source: seed");
    sub.add_option("--synth-lag", s.lag,
                   "Synthetic source: 1 = first-order chain (attention cannot help: the true negative), 2 = the "
                   "next token follows the one two back (attention must look back: the true positive)")
        ->check(CLI::Range(1u, 64u));
}

TokenStream load_synthetic(const SynthArgs &s) {
    pr_synth_options o;
    pr_synth_options_init(&o);
    o.vocab_size = s.vocab_size;
    o.structure = s.structure;
    o.seed = s.seed;
    o.lag = s.lag;
    pr_synth *raw = nullptr;
    check(pr_synth_create(&raw, &o), "creating the synthetic source");
    TokenStream out;
    out.ids.resize(s.tokens);
    const int rc = pr_synth_generate_u32(raw, out.ids.data(), out.ids.size());
    pr_synth_free(raw);
    check(rc, "generating the synthetic stream");
    out.doc_ends.push_back(out.ids.size());
    out.vocab_size = s.vocab_size;
    char buf[200];
    std::snprintf(buf, sizeof buf, "synthetic %s source (V=%u, %llu tokens, structure %.2f, seed %llu)",
                  s.lag == 1 ? "first-order Markov" : s.lag == 2 ? "lag-2 (skip-bigram)" : "lag-L", s.vocab_size,
                  (unsigned long long)s.tokens, s.structure, (unsigned long long)s.seed);
    out.description = buf;
    return out;
}

void add_input_options(CLI::App &sub, InputArgs &in) {
    sub.add_option("--text", in.text, "Text file(s): one token per byte value that occurs");
    sub.add_option("--tokens", in.tokens, "Token file(s): raw u16/u32, llm.c .bin or 1-D .npy (see --format)");
    sub.add_option("--format", in.format, "Token file format")->check(CLI::IsMember(token_formats()));
    sub.add_option("--vocab-size", in.vocab_size, "Vocabulary size of token files (default: max id + 1)")
        ->check(CLI::Range(2u, 1u << 31));
    sub.add_option("--tokenizer", in.tokenizer, tokenizer_help());
    sub.add_option("--words", in.words,
                   "N: word-level tokens for --text, the library's vocabulary builder (the N most frequent "
                   "words plus <unk>); the same as --tokenizer words:N")
        ->check(CLI::Range(1u, 16777216u));
}

TokenStream load_input(const InputArgs &in) {
    if (!in.text.empty() && !in.tokens.empty()) fail("give --text or --tokens, not both");
    if (in.text.empty() && in.words) fail("--words " + std::to_string(in.words) + " applies to --text input only");
    if (in.text.empty() && in.tokens.empty()) fail("no input: give --text FILE or --tokens FILE");
    if (in.words && in.tokenizer != "bytes")
        fail("--words " + std::to_string(in.words) + " and --tokenizer " + in.tokenizer + ": give one of them");
    if (in.text.empty() && in.tokenizer != "bytes") fail("--tokenizer applies to --text input only");
    const std::string tokenizer = in.words ? "words:" + std::to_string(in.words) : in.tokenizer;
    return in.text.empty() ? load_tokens(in.tokens, in.format, in.vocab_size) : load_text_as(in.text, tokenizer, false);
}

}  // namespace cli
