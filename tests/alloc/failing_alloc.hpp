// Allocation failure injection for tests/alloc.  The test binary is linked
// with -Wl,--wrap for operator new/new[] (plain, aligned, nothrow), malloc,
// calloc, realloc, posix_memalign, aligned_alloc and mmap, so every call the
// library's object files make goes through failing_alloc.cpp.  Armed with N,
// the N-th such call fails (bad_alloc, NULL or MAP_FAILED/ENOMEM) and every
// other call succeeds.
#pragma once

#include <cstdint>

namespace alloc_test {

void arm(uint64_t n);       // fail the n-th allocation from now (n >= 1)
bool disarm();              // stop counting; true if the failure was injected
uint64_t counted();         // allocations seen since the last arm()

}  // namespace alloc_test
