// pr_vocab_load on arbitrary bytes; a loaded vocabulary is then used.
#include "fuzz_file.hpp"
#include "prspread.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string &path = fuzz::write_input(data, size, ".prv");
    pr_vocab *v = nullptr;
    int st = pr_vocab_load(&v, path.c_str());
    fuzz::check_error_message(st, pr_last_error());
    if (st == PR_OK) {
        uint32_t n = 0;
        pr_vocab_size(v, &n);
        char buf[64];
        size_t len = 0;
        for (uint32_t id = 0; id < n && id < 8; ++id) {
            pr_vocab_word(v, id, buf, sizeof buf, &len);
            uint64_t count;
            pr_vocab_count(v, id, &count);
        }
        pr_vocab_word(v, n, buf, sizeof buf, &len);  // out of range: an error
        const char text[] = "the quick brown fox, don't.";
        size_t count = 0;
        pr_vocab_encode(v, text, sizeof text - 1, nullptr, 0, &count);
        std::vector<uint32_t> ids(count);
        pr_vocab_encode(v, text, sizeof text - 1, ids.data(), ids.size(), &count);
    }
    pr_vocab_free(v);
    return 0;
}
