// Loading the study's input: text (one token per byte value that occurs,
// numbered in byte order, so tinyshakespeare gets its 65 characters) or
// token files read by the library (raw u16/u32, llm.c .bin, 1-D .npy).
#pragma once

#include <CLI/CLI.hpp>
#include <prspread.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cli {

struct TokenStream {
    std::vector<uint32_t> ids;
    std::vector<size_t> doc_ends;  // offsets where a file ends (document boundaries)
    uint32_t vocab_size = 0;
    std::string description;       // e.g. "text tinyshakespeare.txt (65 byte symbols)"
    std::vector<uint8_t> symbols;  // text only: byte value of each id
};

// Reads one or more text files with one shared byte-level vocabulary.
TokenStream load_text(const std::vector<std::string> &paths);

// The pr_token_format of a --format value (fails on an unknown one).
pr_token_format token_format_of(const std::string &format);

// Reads token files.  format: "auto" (npy/llm.c by magic, else raw u16),
// "u16", "u32", "llmc" or "npy".  vocab_size 0 means max id + 1; a given
// vocab_size must exceed every id.
TokenStream load_tokens(const std::vector<std::string> &paths, const std::string &format,
                        uint32_t vocab_size);
inline const std::vector<std::string> &token_formats() {
    static const std::vector<std::string> f{"auto", "u16", "u32", "llmc", "npy"};
    return f;
}

// The built-in synthetic source (pr_synth): a seeded directional Markov chain.
struct SynthArgs {
    uint32_t vocab_size = 96;
    uint64_t tokens = 300000;
    double structure = 0.6;
    uint64_t seed = 1;
    uint32_t lag = 1;     // 2 in `reproduce`: the case where attention init can help
};
void add_synth_options(CLI::App &sub, SynthArgs &s);
TokenStream load_synthetic(const SynthArgs &s);

// --text FILE / --tokens FILE / --format / --vocab-size on a subcommand.
struct InputArgs {
    std::vector<std::string> text, tokens;
    std::string format = "auto";
    uint32_t vocab_size = 0;
    std::string tokenizer = "bytes";  // for --text: see text_tokenizer.hpp
    uint32_t words = 0;               // --words N: tokenizer words:N (top N words plus <unk>)
    // --words/--tokenizer alone count as given, so load_input rejects them
    // instead of the synthetic source silently ignoring them.
    bool given() const { return !text.empty() || !tokens.empty() || words || tokenizer != "bytes"; }
};
void add_input_options(CLI::App &sub, InputArgs &in);
// Fails unless exactly one of --text/--tokens was given (when required).
TokenStream load_input(const InputArgs &in);

std::string base_name(const std::string &path);

}  // namespace cli
