// .npy on the token path (PR_TOKENS_NPY): header parsing, dtype and shape
// checks, then every id read.
#include "fuzz_file.hpp"
#include "prspread.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string &path = fuzz::write_input(data, size, ".npy");
    uint64_t count = 0;
    int st = pr_token_file_read_u32(path.c_str(), PR_TOKENS_NPY, nullptr, 0, &count);
    fuzz::check_error_message(st, pr_last_error());
    if (st == PR_OK) {
        if (count > size) __builtin_trap();  // more ids than bytes: a size check is wrong
        std::vector<uint32_t> ids(count);
        st = pr_token_file_read_u32(path.c_str(), PR_TOKENS_NPY, ids.data(), ids.size(), &count);
        fuzz::check_error_message(st, pr_last_error());
        pr_corpus_options o;
        pr_corpus_options_init(&o);
        o.vocab_size = 1000;
        pr_corpus *c = nullptr;
        if (pr_corpus_create(&c, &o) == PR_OK) {
            pr_corpus_set_num_threads(c, 1);
            pr_corpus_add_token_file(c, path.c_str(), PR_TOKENS_NPY, nullptr, nullptr);
        }
        pr_corpus_free(c);
    }
    return 0;
}
