// Byte and word text encoding: the input is the text.  Bytes go through
// pr_corpus_add_text_bytes; words through a vocabulary built from the text's
// first half and encoding of the whole text (size query, then encode, then
// pr_corpus_add_text_words).
#include "fuzz_file.hpp"
#include "prspread.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = reinterpret_cast<const char *>(data);
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = 256;
    pr_corpus *bytes = nullptr;
    if (pr_corpus_create(&bytes, &o) != PR_OK) __builtin_trap();
    pr_corpus_set_num_threads(bytes, 1);
    if (pr_corpus_add_text_bytes(bytes, text, size) != PR_OK) __builtin_trap();
    uint64_t tokens = 0;
    pr_corpus_total_tokens(bytes, &tokens);
    if (tokens != size) __builtin_trap();
    pr_corpus_free(bytes);

    pr_vocab_options vo;
    pr_vocab_options_init(&vo);
    vo.max_words = 1 + (size ? data[0] % 64 : 0);
    vo.lowercase = size > 1 ? data[1] & 1 : 0;
    pr_vocab *v = nullptr;
    if (pr_vocab_build(&v, text, size / 2, &vo) != PR_OK) __builtin_trap();
    size_t n = 0;
    if (pr_vocab_encode(v, text, size, nullptr, 0, &n) != PR_OK) __builtin_trap();
    std::vector<uint32_t> ids(n);
    size_t n2 = 0;
    if (pr_vocab_encode(v, text, size, ids.data(), ids.size(), &n2) != PR_OK || n2 != n) __builtin_trap();
    uint32_t vsize = 0;
    pr_vocab_size(v, &vsize);
    for (uint32_t id : ids)
        if (id >= vsize) __builtin_trap();
    o.vocab_size = vsize < 2 ? 2 : vsize;
    pr_corpus *words = nullptr;
    if (pr_corpus_create(&words, &o) != PR_OK) __builtin_trap();
    pr_corpus_set_num_threads(words, 1);
    if (pr_corpus_add_text_words(words, v, text, size) != PR_OK) __builtin_trap();
    pr_corpus_free(words);
    pr_vocab_free(v);
    return 0;
}
