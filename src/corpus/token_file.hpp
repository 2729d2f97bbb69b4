// Token files: nanoGPT-style raw little-endian u16/u32 streams, llm.c token
// files (a 256 x int32 header: magic 20240520 version 1 with u16 tokens, or
// magic 20240801 version 7 with u32 tokens; header[2] = token count), and
// 1-D integer .npy arrays.  Files are memory-mapped and validated against
// their size before any token is read.
#pragma once

#include "corpus/token_types.hpp"
#include "io/mapped_file.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pr {

// On-disk token id formats; the values are pr_token_format's (mirrored in
// src/capi/enum_mirror.cpp).
enum class TokenFormat : int { automatic = 0, u16 = 1, u32 = 2, llmc = 3, npy = 4 };

// A validated, memory-mapped token file: `count` ids of `type` at `data`.
struct TokenFileView {
    io::MappedFile file;
    const uint8_t *data = nullptr;
    uint64_t count = 0;
    corpus::TokenType type = corpus::TokenType::u16;
    TokenFormat format = TokenFormat::automatic;  // the resolved format
};

// Throws PR_ERR_INVALID_ARGUMENT (unknown format), PR_ERR_IO (missing
// file), PR_ERR_FORMAT (bad header, size mismatch, unsupported dtype/shape)
// or PR_ERR_VERSION (unknown llm.c version).
TokenFileView open_token_file(const std::string &path, TokenFormat format);

// An int (the C API's argument) as a TokenFormat; PR_ERR_INVALID_ARGUMENT
// naming the value when it is none (checked before it ever has enum type).
TokenFormat token_format(int value);

// The whole file as uint32 ids (negative ids: PR_ERR_OUT_OF_RANGE).  Used by
// the trainer to read its data.
std::vector<uint32_t> load_tokens(const std::string &path, TokenFormat format = TokenFormat::automatic);

// Ids [first, first + count) of an open file as uint32 (PR_ERR_OUT_OF_RANGE
// for a range past the end or a negative id).
void read_token_range(const TokenFileView &v, const std::string &path, uint64_t first, uint64_t count,
                      uint32_t *out);

}  // namespace pr
