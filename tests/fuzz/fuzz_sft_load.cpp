// pr_sft_load checkpoints: pr_sft_create_from_file (the config comes from the
// file) and pr_sft_load into an existing small model (which must stay
// unchanged and usable when the load fails).
#include "fuzz_file.hpp"
#include "prspread.h"

namespace {
pr_sft *fixed_model() {
    static pr_sft *m = [] {
        pr_sft_options o;
        pr_sft_options_init(&o);  // the shape tests/fuzz/make_seeds.cpp writes
        o.vocab_size = 8;
        o.context_length = 4;
        o.n_layer = 1;
        o.n_head = 2;
        o.d_model = 4;
        o.mlp_ratio = 1;
        o.num_threads = 1;
        pr_sft *p = nullptr;
        if (pr_sft_create(&p, &o) != PR_OK) __builtin_trap();
        return p;
    }();
    return m;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string &path = fuzz::write_input(data, size, ".safetensors");
    pr_sft *m = nullptr;
    int st = pr_sft_create_from_file(&m, path.c_str(), 1);
    fuzz::check_error_message(st, pr_last_error());
    if (st == PR_OK && m == nullptr) __builtin_trap();
    pr_sft_free(m);
    st = pr_sft_load(fixed_model(), path.c_str());
    fuzz::check_error_message(st, pr_last_error());
    return 0;
}
