/* The C tests' one assertion: on failure, print the condition, where it is
 * and the library's last error message, and make main return 1. */
#ifndef PRSPREAD_TESTS_C_EXPECT_H
#define PRSPREAD_TESTS_C_EXPECT_H

#include <stdio.h>

#include "prspread.h"

#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: failed: %s (last error: %s)\n", __FILE__, \
                    __LINE__, #cond, pr_last_error());                         \
            return 1;                                                          \
        }                                                                      \
    } while (0)

#endif
