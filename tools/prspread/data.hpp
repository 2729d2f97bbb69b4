// Loading the study's input: text (one token per byte value that occurs,
// numbered in byte order, so tinyshakespeare gets its 65 characters) or raw
// token files (little-endian u16/u32/i32 ids, the llm.c/nanoGPT .bin layout).
#pragma once

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

// Reads raw token files.  dtype: "u16", "u32" or "i32".  vocab_size 0 means
// max id + 1; a given vocab_size must exceed every id.
TokenStream load_tokens(const std::vector<std::string> &paths, const std::string &dtype,
                        uint32_t vocab_size);

std::string base_name(const std::string &path);

}  // namespace cli
