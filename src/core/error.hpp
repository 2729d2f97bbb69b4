// pr::Error carries a pr_status across the C++ core; the C API layer turns it
// into a return code plus pr_last_error().  Helpers here build the messages
// that name the argument and the value.
#pragma once

#include "prspread.h"

#include <sstream>
#include <stdexcept>
#include <string>

namespace pr {

class Error : public std::runtime_error {
public:
    Error(pr_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    pr_status status() const noexcept { return status_; }

private:
    pr_status status_;
};

// Concatenate any streamable values into one message.
template <class... Parts>
std::string cat(const Parts &...parts) {
    std::ostringstream os;
    (os << ... << parts);
    return os.str();
}

template <class... Parts>
[[noreturn]] void fail(pr_status status, const Parts &...parts) {
    throw Error(status, cat(parts...));
}

// "argument 'name' is NULL"
inline void require_nonnull(const void *p, const char *name) {
    if (!p) fail(PR_ERR_INVALID_ARGUMENT, "argument '", name, "' is NULL");
}

// Throws if cond is false: "argument 'name' = value: why".
template <class T>
void require_arg(bool cond, const char *name, const T &value, const char *why) {
    if (!cond) fail(PR_ERR_INVALID_ARGUMENT, "argument '", name, "' = ", value, ": ", why);
}

}  // namespace pr
