// Small helpers shared by the unit tests.
#pragma once

#include "capi/guard.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace test {

inline std::string tmp_path(const std::string &name) { return std::string(PRSPREAD_TEST_TMP) + "/" + name; }

inline std::string corpus_path(const std::string &name) { return std::string(PRSPREAD_CORPUS_DIR) + "/" + name; }

inline bool sanitized() { return std::getenv("PRSPREAD_SANITIZED") != nullptr; }

// Runs a Python snippet with Debian's python3 (which sees numpy); returns its exit code.
inline int run_python(const std::string &code) {
    static int counter = 0;  // ctest runs test cases as parallel processes: name by pid
    std::string script =
        tmp_path("snippet_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".py");
    std::ofstream(script) << code;
    int rc = std::system(("/usr/bin/python3 " + script + " > /dev/null 2>&1").c_str());
    std::remove(script.c_str());
    return rc;
}

inline std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

inline void write_file(const std::string &path, const std::string &bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// Runs a throwing callable through the C API guard and returns the status.
template <class F>
int status_of(F &&f) {
    return pr::capi::guard(std::forward<F>(f));
}

}  // namespace test
