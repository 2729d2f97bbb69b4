// Wraps an optional pr_progress_fn.  report() throws PR_ERR_CANCELLED when the
// callback asks to stop, so long loops only need one line per checkpoint.
#pragma once

#include "core/error.hpp"

namespace pr {

class Progress {
public:
    Progress(pr_progress_fn fn, void *user) : fn_(fn), user_(user) {}
    void report(uint64_t done, uint64_t total) const {
        if (fn_ && fn_(user_, done, total) != 0)
            fail(PR_ERR_CANCELLED, "cancelled by the progress callback at ", done, " of ", total);
    }

private:
    pr_progress_fn fn_;
    void *user_;
};

}  // namespace pr
