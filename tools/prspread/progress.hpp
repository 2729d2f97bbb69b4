// Progress reporting for long library calls.  On a terminal: one bar that
// redraws in place on stderr.  Otherwise (logs, CI, pipes): a plain line
// every 10%.  The callback returns the Ctrl-C flag, which is how the library
// learns to stop (it then returns PR_ERR_CANCELLED with its handle intact).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cli {

class Progress {
public:
    // quiet = true: no output, but Ctrl-C still cancels.
    Progress(std::string label, bool quiet);
    ~Progress();
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;

    // Pass these two to any pr_* call that takes (pr_progress_fn, void *user).
    static int callback(void *user, uint64_t done, uint64_t total);
    void *user() { return this; }

    // Ends the bar's line (idempotent; the destructor calls it too).
    void finish();

private:
    int update(uint64_t done, uint64_t total);
    void draw(uint64_t done, uint64_t total, bool force);

    std::string label_;
    bool quiet_;
    bool tty_;
    bool open_ = false;
    int last_decile_ = -1;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

// One status line on stderr (suppressed when quiet).
void say(bool quiet, const std::string &line);

}  // namespace cli
