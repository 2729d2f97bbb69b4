// The exported C API of a runtime-dispatched build (PRSPREAD_ISA=dispatch).
//
// The shared library holds three copies of the whole core and C shell,
// compiled for the x86-64 baseline, x86-64-v3 (AVX2 + FMA) and x86-64-v4
// (AVX-512).  cmake/dispatch.cmake renames each copy's pr_x to
// prspread_<level>_pr_x and makes every other symbol of the copy local, so
// the copies share no code (no inline function or Eigen template of one ISA
// can be picked for another) and no state.  Each pr_x below forwards to one
// copy, chosen once per process at the first call: handles and the
// thread-local last error belong to the copy that made them, so the choice
// never changes.  This file is compiled for the baseline.
#include "prspread.h"

extern "C" {
#define PR_DISPATCH(ret, name, params, args) \
    ret prspread_portable_##name params;     \
    ret prspread_avx2_##name params;         \
    ret prspread_avx512_##name params;
#include "api.inc"
#undef PR_DISPATCH

// src/capi/status.cpp: the CPU's level (0 portable, 1 avx2, 2 avx512,
// 3 avx512_bf16) capped by PRSPREAD_ISA_MAX, or -1 for an unknown cap.
int prspread_portable_prspread_isa_level(void) noexcept;
}

namespace {

enum Function : int {
#define PR_DISPATCH(ret, name, params, args) fn_##name,
#include "api.inc"
#undef PR_DISPATCH
    function_count
};

using Entry = void (*)(void);

const Entry portable[function_count] = {
#define PR_DISPATCH(ret, name, params, args) reinterpret_cast<Entry>(&prspread_portable_##name),
#include "api.inc"
#undef PR_DISPATCH
};
const Entry avx2[function_count] = {
#define PR_DISPATCH(ret, name, params, args) reinterpret_cast<Entry>(&prspread_avx2_##name),
#include "api.inc"
#undef PR_DISPATCH
};
const Entry avx512[function_count] = {
#define PR_DISPATCH(ret, name, params, args) reinterpret_cast<Entry>(&prspread_avx512_##name),
#include "api.inc"
#undef PR_DISPATCH
};

const Entry *choose() {
    const int level = prspread_portable_prspread_isa_level();
    if (level >= 2) return avx512;
    if (level == 1) return avx2;
    return portable;  // the baseline, or an unknown PRSPREAD_ISA_MAX
}

// A function-local static: chosen once, thread-safe, at the first call.
const Entry *active() {
    static const Entry *const table = choose();
    return table;
}

}  // namespace

extern "C" {
#define PR_DISPATCH(ret, name, params, args) \
    PR_API ret name params { return reinterpret_cast<ret(*) params>(active()[fn_##name]) args; }
#include "api.inc"
#undef PR_DISPATCH
}
