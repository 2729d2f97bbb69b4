// pr_corpus_load on arbitrary bytes; a loaded corpus is then read back.
#include "fuzz_file.hpp"
#include "prspread.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string &path = fuzz::write_input(data, size, ".prc");
    pr_corpus *c = nullptr;
    int st = pr_corpus_load(&c, path.c_str());
    fuzz::check_error_message(st, pr_last_error());
    if (st == PR_OK) {
        uint64_t tokens = 0;
        pr_corpus_total_tokens(c, &tokens);
        pr_corpus_set_num_threads(c, 1);
        const uint8_t more[3] = {0, 1, 0};
        pr_corpus_add_u8(c, more, sizeof more);  // may be out of range: must be an error, not a crash
        pr_corpus_save(c, path.c_str());
    }
    pr_corpus_free(c);
    return 0;
}
