#include "tokenizer/token_writer.hpp"

#include "core/error.hpp"

#include <vector>

namespace pr::tokenizer {

TokenFileWriter::TokenFileWriter(const std::string &path, TokenFileKind kind, uint32_t vocab_size)
    : file_(path), wide_(kind == TokenFileKind::u32 || (kind == TokenFileKind::llmc && vocab_size > 65536)),
      llmc_(kind == TokenFileKind::llmc) {
    if (kind == TokenFileKind::u16 && vocab_size > 65536)
        fail(PR_ERR_OUT_OF_RANGE, "a u16 token file holds ids < 65536, the tokenizer has vocab_size ", vocab_size,
             " (use u32 or llm.c)");
    if (llmc_) {
        int32_t header[256] = {};
        header[0] = wide_ ? 20240801 : 20240520;
        header[1] = wide_ ? 7 : 1;
        file_.write(header, sizeof header);
    }
}

void TokenFileWriter::write(const uint32_t *ids, size_t n) {
    if (wide_) {
        file_.write(ids, n * sizeof(uint32_t));
    } else {
        std::vector<uint16_t> narrow(ids, ids + n);
        file_.write(narrow.data(), n * sizeof(uint16_t));
    }
    count_ += n;
}

void TokenFileWriter::finish() {
    if (llmc_) {
        if (count_ > uint64_t(INT32_MAX))
            fail(PR_ERR_OUT_OF_RANGE, "llm.c token files hold < 2^31 tokens, this text has ", count_);
        const int32_t n = int32_t(count_);
        file_.write_at(2 * sizeof(int32_t), &n, sizeof n);
    }
    file_.commit();
}

}  // namespace pr::tokenizer
