// The status codes the core shares with the C shell: the one thing of
// include/prspread.h the core may use (as zstd's error_private.h reuses its
// public error enum).  The names and values mirror pr_status exactly;
// src/capi/enum_mirror.cpp static_asserts every one, so they cannot drift.
// The enumerators live in namespace pr, so core code inside pr:: names them
// as the header does (PR_ERR_OUT_OF_RANGE) without including the header.
#pragma once

namespace pr {

enum Status : int {
    PR_OK = 0,
    PR_ERR_INVALID_ARGUMENT = -1,
    PR_ERR_OUT_OF_RANGE = -2,
    PR_ERR_IO = -3,
    PR_ERR_FORMAT = -4,
    PR_ERR_CHECKSUM = -5,
    PR_ERR_NO_MEMORY = -6,
    PR_ERR_CANCELLED = -7,
    PR_ERR_NUMERIC = -8,
    PR_ERR_VERSION = -9,
    PR_ERR_MISMATCH = -10,
    PR_ERR_BUFFER_TOO_SMALL = -11,
    PR_ERR_STATE = -12,
    PR_ERR_INTERNAL = -13
};

}  // namespace pr
