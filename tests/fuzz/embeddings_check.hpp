// Shared by the two embedding-load targets: size query, then the load, and
// the invariant that a tensor said to be rows x d really holds rows * d
// values (the check a wrapped size product used to slip past).
#pragma once

#include "fuzz_file.hpp"
#include "prspread.h"

#include <vector>

namespace fuzz {

inline void load_embeddings(const std::string &path, const char *name, size_t input_size) {
    size_t rows = 0, d = 0;
    int st = pr_embeddings_load_f32(path.c_str(), name, nullptr, 0, &rows, &d);
    check_error_message(st, pr_last_error());
    if (st != PR_OK) return;
    size_t n;
    if (__builtin_mul_overflow(rows, d, &n) || n * sizeof(float) > 8 * input_size + 64)
        __builtin_trap();  // accepted a shape the file cannot hold
    std::vector<float> E(n);
    st = pr_embeddings_load_f32(path.c_str(), name, E.data(), E.size(), &rows, &d);
    check_error_message(st, pr_last_error());
    if (st != PR_OK) __builtin_trap();  // the query succeeded on the same file
}

}  // namespace fuzz
