// Shared by the libFuzzer targets: the loaders take a path, so each input is
// written to one per-process file (in /dev/shm when it exists, so no disk I/O)
// and the public C API is called on it, exactly as a user's program would.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace fuzz {

// Writes data to "<dir>/prspread-fuzz-<pid><suffix>" and returns the path.
// A failed write aborts: a fuzzer that silently tests nothing is worse.
inline const std::string &write_input(const uint8_t *data, size_t size, const char *suffix) {
    static const std::string path = [&] {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        return std::string(dir) + "/prspread-fuzz-" + std::to_string(getpid()) + suffix;
    }();
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
        std::perror(path.c_str());
        std::abort();
    }
    return path;
}

// Every failing call must leave a message; an empty one is a finding.
inline void check_error_message(int status, const char *last_error) {
    if (status != 0 && (!last_error || !*last_error)) {
        std::fprintf(stderr, "status %d with an empty pr_last_error()\n", status);
        std::abort();
    }
}

}  // namespace fuzz
