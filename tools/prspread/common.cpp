#include "common.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace cli {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_sigint(int) {
    g_interrupted = 1;
    std::signal(SIGINT, SIG_DFL);
}
}  // namespace

void fail(const std::string &msg, int exit_code) { throw Failure(msg, exit_code); }

void check(int status, const std::string &what) {
    if (status == PR_OK) return;
    if (status == PR_ERR_CANCELLED) fail(what + ": interrupted", 130);
    fail(what + ": " + pr_last_error() + " (" + pr_status_name(status) + ")");
}

void install_interrupt_handler() { std::signal(SIGINT, on_sigint); }

bool interrupted() { return g_interrupted != 0; }

void require_readable_file(const std::string &path, const std::string &what) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0)
        fail(what + " '" + path + "': " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) fail(what + " '" + path + "' is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(what + " '" + path + "' cannot be read: " + std::strerror(errno));
}

void ensure_directory(const std::string &path) {
    std::string partial;
    for (size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            if (!partial.empty() && mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST)
                fail("cannot create directory '" + partial + "': " + std::strerror(errno));
        }
        if (i < path.size()) partial += path[i];
    }
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        fail("output path '" + path + "' is not a directory");
}

}  // namespace cli
