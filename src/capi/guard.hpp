// The one place where C++ exceptions become C status codes.  Every extern "C"
// body is `return pr::capi::guard([&] { ... });`.
#pragma once

#include "core/error.hpp"
#include "prspread.h"

#include <cstring>
#include <initializer_list>
#include <new>
#include <string>

namespace pr {

// Lets shell code write pr::fail(PR_ERR_X, ...) with the header's pr_status
// enumerators (the values are the core's: src/capi/enum_mirror.cpp).
template <class... Parts>
[[noreturn]] void fail(::pr_status status, const Parts &...parts) {
    fail(static_cast<Status>(status), parts...);
}

}  // namespace pr

namespace pr::capi {

// Stores the thread's last-error message and returns `status`.
int set_error(int status, const char *message) noexcept;

template <class Body>
int guard(Body &&body) noexcept {
    try {
        body();
        return PR_OK;
    } catch (const Error &e) {
        return set_error(e.status(), e.what());
    } catch (const std::bad_alloc &) {
        return set_error(PR_ERR_NO_MEMORY, "out of memory");
    } catch (const std::exception &e) {
        return set_error(PR_ERR_INTERNAL, e.what());
    } catch (...) {
        return set_error(PR_ERR_INTERNAL, "unknown exception");
    }
}

// Checks and fills the versioned options struct: NULL means defaults.  An
// options struct that grew at its end lists its older versions as
// {version, size of that version's struct}: such a struct is read up to its
// size, the later fields keep their defaults.
struct OlderVersion {
    unsigned version;
    size_t size;
};

template <class Options>
Options options_or_default(const Options *opts, void (*init)(Options *), unsigned known_version,
                           const char *name, std::initializer_list<OlderVersion> older = {}) {
    Options out;
    init(&out);
    if (!opts) return out;
    for (const OlderVersion &o : older)
        if (opts->version == o.version) {
            std::memcpy(static_cast<void *>(&out), opts, o.size);
            out.version = known_version;
            return out;
        }
    if (opts->version != known_version) {
        std::string expected;
        for (const OlderVersion &o : older) expected += std::to_string(o.version) + " or ";
        fail(PR_ERR_VERSION, "argument '", name, "': options version ", opts->version,
             " is not known to this library (expected ", expected, known_version,
             "); fill it with the matching *_options_init()");
    }
    return *opts;
}

}  // namespace pr::capi
