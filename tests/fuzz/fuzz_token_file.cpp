// Token files: the first input byte picks the format (auto, raw u16, raw u32,
// llm.c, npy, or an invalid value), the rest is the file.  Both readers run:
// pr_token_file_read_u32 and pr_corpus_add_token_file.
#include "fuzz_file.hpp"
#include "prspread.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const int format = int(data[0] % 6);  // 5 is not a pr_token_format
    const std::string &path = fuzz::write_input(data + 1, size - 1, ".bin");
    uint64_t count = 0;
    int st = pr_token_file_read_u32(path.c_str(), format, nullptr, 0, &count);
    fuzz::check_error_message(st, pr_last_error());
    if (st == PR_OK) {
        if (count > size) __builtin_trap();  // more ids than bytes: a size check is wrong
        std::vector<uint32_t> ids(count);
        st = pr_token_file_read_u32(path.c_str(), format, ids.data(), ids.size(), &count);
        fuzz::check_error_message(st, pr_last_error());
    }
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = 300;
    pr_corpus *c = nullptr;
    if (pr_corpus_create(&c, &o) == PR_OK) {
        pr_corpus_set_num_threads(c, 1);
        st = pr_corpus_add_token_file(c, path.c_str(), format, nullptr, nullptr);
        fuzz::check_error_message(st, pr_last_error());
    }
    pr_corpus_free(c);
    return 0;
}
