// The MPI tests' check: a failed EXPECT prints the rank, file, line, the
// condition and a printf-style message, and counts the failure; each test's
// main agrees on the count over the ranks.  One test per translation unit.
#pragma once

#include <cstdio>

namespace {

int g_rank = 0, g_size = 1, g_failures = 0;

}  // namespace

#define EXPECT(cond, ...)                                                                            \
    do {                                                                                             \
        if (!(cond)) {                                                                               \
            ++g_failures;                                                                            \
            std::fprintf(stderr, "rank %d: %s:%d: FAILED %s: ", g_rank, __FILE__, __LINE__, #cond); \
            std::fprintf(stderr, __VA_ARGS__);                                                       \
            std::fprintf(stderr, "\n");                                                              \
        }                                                                                            \
    } while (0)
