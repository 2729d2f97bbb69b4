// pr::Error carries a status code (core/status.hpp) across the C++ core; the
// C shell (src/capi/guard.hpp) turns it into a return code plus the
// thread's last-error message.  Helpers here build the messages
// that name the argument and the value.
#pragma once

#include "core/status.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

namespace pr {

class Error : public std::runtime_error {
public:
    Error(Status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    Status status() const noexcept { return status_; }

private:
    Status status_;
};

// Concatenate any streamable values into one message.
template <class... Parts>
std::string cat(const Parts &...parts) {
    std::ostringstream os;
    (os << ... << parts);
    return os.str();
}

template <class... Parts>
[[noreturn]] void fail(Status status, const Parts &...parts) {
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
