// The tokenizer file formats: GPT-2's encoder.json + vocab.bpe and a Hugging
// Face tokenizer.json.  The first byte picks the format: even = GPT-2, the
// rest split at the first NUL into encoder.json and vocab.bpe (loaded from
// memory); odd = tokenizer.json (written to a file and loaded by path).  A
// loaded tokenizer then encodes a fixed text and the input's own bytes (size
// query, then encode, with and without special tokens), and every encode must
// decode back to its text exactly, as the header promises.
#include "fuzz_file.hpp"
#include "prspread.h"

#include <cstring>
#include <vector>

namespace {

void encode_decode(const pr_tokenizer *t, uint32_t vocab, const char *text, size_t len, int allow_special) {
    pr_encode_options eo;
    pr_encode_options_init(&eo);
    eo.allow_special = allow_special;
    eo.num_threads = 1;
    size_t count = 0;
    if (pr_tokenizer_encode(t, text, len, &eo, nullptr, 0, &count, nullptr, nullptr) != PR_OK) __builtin_trap();
    if (count > len) __builtin_trap();  // every id covers at least one byte
    std::vector<uint32_t> ids(count + 1);
    size_t n = 0;
    if (pr_tokenizer_encode(t, text, len, &eo, ids.data(), ids.size(), &n, nullptr, nullptr) != PR_OK ||
        n != count)
        __builtin_trap();
    for (size_t i = 0; i < n; ++i)
        if (ids[i] >= vocab) __builtin_trap();
    size_t bytes = 0;
    if (pr_tokenizer_decode(t, ids.data(), n, nullptr, 0, &bytes) != PR_OK) __builtin_trap();
    std::vector<char> back(bytes + 1);
    if (pr_tokenizer_decode(t, ids.data(), n, back.data(), back.size(), &bytes) != PR_OK) __builtin_trap();
    if (bytes != len || (len && std::memcmp(back.data(), text, len) != 0)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const char *rest = reinterpret_cast<const char *>(data + 1);
    const size_t rest_len = size - 1;
    pr_tokenizer *t = nullptr;
    int st;
    if (data[0] % 2 == 0) {
        const char *nul = static_cast<const char *>(std::memchr(rest, 0, rest_len));
        const size_t a_len = nul ? size_t(nul - rest) : rest_len;
        const char *b = nul ? nul + 1 : "";
        const size_t b_len = nul ? rest_len - a_len - 1 : 0;
        st = pr_tokenizer_create_from_memory(&t, PR_TOKENIZER_GPT2, rest, a_len, b, b_len);
    } else {
        const std::string &path = fuzz::write_input(data + 1, rest_len, ".json");
        st = pr_tokenizer_load_hf(&t, path.c_str());
    }
    fuzz::check_error_message(st, pr_last_error());
    if (st != PR_OK) {
        if (t) __builtin_trap();  // a failed load hands out nothing
        return 0;
    }
    uint32_t vocab = 0;
    if (pr_tokenizer_vocab_size(t, &vocab) != PR_OK || vocab < 256) __builtin_trap();
    const char text[] = "Hello, world! It's 2024 -- caf\xc3\xa9 \xf0\x9f\x98\x80 <|endoftext|>  \n\n x\xff\x80";
    encode_decode(t, vocab, text, sizeof text - 1, 0);
    encode_decode(t, vocab, text, sizeof text - 1, 1);
    encode_decode(t, vocab, rest, rest_len < 512 ? rest_len : 512, 0);
    int64_t id = 0;
    pr_tokenizer_token_id(t, "<|endoftext|>", 13, &id);
    if (id >= int64_t(vocab)) __builtin_trap();
    pr_tokenizer_token_id(t, rest, rest_len < 16 ? rest_len : 16, &id);
    if (id >= int64_t(vocab)) __builtin_trap();
    int32_t special = 0;
    if (pr_tokenizer_is_special(t, vocab - 1, &special) != PR_OK) __builtin_trap();
    if (pr_tokenizer_is_special(t, vocab, &special) != PR_ERR_OUT_OF_RANGE) __builtin_trap();
    pr_tokenizer_free(t);
    return 0;
}
