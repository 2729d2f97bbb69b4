// Shared plumbing of the prspread command line: how errors leave a
// subcommand, how the C API's status codes become messages, and the Ctrl-C
// flag that every progress callback hands back to the library.
#pragma once

#include <prspread.h>

#include <csignal>
#include <stdexcept>
#include <string>

namespace cli {

// Everything that should end the program with one line on stderr.
class Failure : public std::runtime_error {
public:
    explicit Failure(const std::string &msg, int exit_code = 1)
        : std::runtime_error(msg), code_(exit_code) {}
    int exit_code() const { return code_; }

private:
    int code_;
};

[[noreturn]] void fail(const std::string &msg, int exit_code = 1);

// Throws Failure("<what>: <pr_last_error()>") unless status is PR_OK.
// A cancelled call (Ctrl-C) gets its own exit code, 130, like a shell.
void check(int status, const std::string &what);

// Ctrl-C: the first SIGINT only sets the flag (the library then stops at its
// next progress checkpoint and we print what is finished); a second one
// restores the default handler so a stuck program can still be killed.
void install_interrupt_handler();
bool interrupted();

// Plain-text file checks with messages that name the path.
void require_readable_file(const std::string &path, const std::string &what);
void ensure_directory(const std::string &path);

}  // namespace cli
