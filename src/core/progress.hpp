// Progress reporting and cancellation for long core loops.  Progress wraps an
// optional callback of the C API's shape (the shell passes its
// pr_progress_fn straight through: the function types are identical);
// report() throws PR_ERR_CANCELLED when the callback asks to stop, so long
// loops only need one line per checkpoint.
#pragma once

#include "core/error.hpp"

#include <cstdint>

namespace pr {

// Return 0 to continue, non-zero to cancel.
using ProgressCallback = int (*)(void *user, uint64_t done, uint64_t total);

class Progress {
public:
    Progress() = default;
    Progress(ProgressCallback fn, void *user) : fn_(fn), user_(user) {}
    void report(uint64_t done, uint64_t total) const {
        if (fn_ && fn_(user_, done, total) != 0)
            fail(PR_ERR_CANCELLED, "cancelled by the progress callback at ", done, " of ", total);
    }

private:
    ProgressCallback fn_ = nullptr;
    void *user_ = nullptr;
};

}  // namespace pr
