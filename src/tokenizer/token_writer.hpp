// Streams ids into a token file other tools read: raw u16 (nanoGPT's
// train.bin), raw u32, or llm.c's format (256 x int32 header, then u16 ids
// with magic 20240520 version 1, or u32 ids with 20240801 version 7).  The
// file appears atomically on finish(); the llm.c count is patched in then.
#pragma once

#include "io/atomic_file.hpp"

#include <cstdint>
#include <string>

namespace pr::tokenizer {

enum class TokenFileKind { u16, u32, llmc };

class TokenFileWriter {
public:
    // PR_ERR_OUT_OF_RANGE if the kind's id width cannot hold vocab_size ids.
    TokenFileWriter(const std::string &path, TokenFileKind kind, uint32_t vocab_size);
    void write(const uint32_t *ids, size_t n);
    void finish();
    uint64_t count() const { return count_; }

private:
    io::AtomicFile file_;
    bool wide_;  // u32 ids
    bool llmc_;
    uint64_t count_ = 0;
};

}  // namespace pr::tokenizer
