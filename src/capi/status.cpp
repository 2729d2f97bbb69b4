// Version, build ISA, status names and the thread-local last error.
#include "capi/guard.hpp"
#include "core/cpu_features.hpp"

#include <string>

namespace {
thread_local std::string last_error;
// Set when even the message could not be stored (out of memory): a static
// text, so pr_last_error never reports an older, unrelated error.
thread_local const char *static_error = nullptr;
}

int pr::capi::set_error(int status, const char *message) noexcept {
    try {
        last_error = message;
        static_error = nullptr;
    } catch (...) {
        static_error = status == PR_ERR_NO_MEMORY ? "out of memory (no memory left for the full message)"
                                                  : "an error occurred, and no memory was left for its message";
    }
    return status;
}

extern "C" {

PR_API const char *pr_version_string(void) { return PRSPREAD_VERSION_STRING; }

PR_API unsigned pr_version_number(void) { return PR_VERSION_NUMBER; }

PR_API const char *pr_build_isa(void) {
#if defined(PRSPREAD_DISPATCH)
    return "dispatch";
#elif defined(__AVX512F__)
    return "avx512";
#elif defined(__AVX2__)
    return "avx2";
#elif defined(__AVX__)
    return "avx";
#elif defined(__SSE2__)
    return "sse2";
#else
    return "generic";
#endif
}

PR_API const char *pr_runtime_isa(void) {
    const pr::IsaLevel compiled = pr::compiled_isa_level();
    if (compiled == pr::IsaLevel::avx512) {
        try {
            if (pr::runtime_isa_level() == pr::IsaLevel::avx512_bf16) return pr::isa_level_name(pr::IsaLevel::avx512_bf16);
        } catch (...) {  // an unknown PRSPREAD_ISA_MAX: BF16 fails, naming it
        }
    }
    return pr::isa_level_name(compiled);
}

// The dispatcher's question to the portable copy (dispatch/forward.cpp): the
// CPU's level capped by PRSPREAD_ISA_MAX, or -1 for an unknown cap.  Hidden:
// never exported from the shared library.
__attribute__((visibility("hidden"))) int prspread_isa_level(void) noexcept {
    try {
        return static_cast<int>(pr::runtime_isa_level());
    } catch (...) {
        return -1;
    }
}

PR_API const char *pr_last_error(void) { return static_error ? static_error : last_error.c_str(); }

PR_API const char *pr_status_name(int status) {
    switch (status) {
    case PR_OK: return "PR_OK";
    case PR_ERR_INVALID_ARGUMENT: return "PR_ERR_INVALID_ARGUMENT";
    case PR_ERR_OUT_OF_RANGE: return "PR_ERR_OUT_OF_RANGE";
    case PR_ERR_IO: return "PR_ERR_IO";
    case PR_ERR_FORMAT: return "PR_ERR_FORMAT";
    case PR_ERR_CHECKSUM: return "PR_ERR_CHECKSUM";
    case PR_ERR_NO_MEMORY: return "PR_ERR_NO_MEMORY";
    case PR_ERR_CANCELLED: return "PR_ERR_CANCELLED";
    case PR_ERR_NUMERIC: return "PR_ERR_NUMERIC";
    case PR_ERR_VERSION: return "PR_ERR_VERSION";
    case PR_ERR_MISMATCH: return "PR_ERR_MISMATCH";
    case PR_ERR_BUFFER_TOO_SMALL: return "PR_ERR_BUFFER_TOO_SMALL";
    case PR_ERR_STATE: return "PR_ERR_STATE";
    case PR_ERR_INTERNAL: return "PR_ERR_INTERNAL";
    default: return "PR_ERR_UNKNOWN";
    }
}

}  // extern "C"
