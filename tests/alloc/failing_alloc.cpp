// The --wrap targets (see failing_alloc.hpp).  __real_X is the C library's
// (or, in a sanitizer build, the sanitizer's) X, so ASan still tracks every
// block and its leak check still runs at exit.
#include "failing_alloc.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <sys/mman.h>

namespace {
std::atomic<bool> armed{false};
std::atomic<uint64_t> seen{0}, fail_at{0};
std::atomic<bool> fired{false};

// True if this allocation is the one to fail.
bool should_fail() {
    if (!armed.load(std::memory_order_relaxed)) return false;
    const uint64_t k = seen.fetch_add(1) + 1;
    if (k == fail_at.load()) {
        fired = true;
        return true;
    }
    return false;
}
}  // namespace

namespace alloc_test {
void arm(uint64_t n) {
    seen = 0;
    fired = false;
    fail_at = n;
    armed = true;
}
bool disarm() {
    armed = false;
    return fired.load();
}
uint64_t counted() { return seen.load(); }
}  // namespace alloc_test

extern "C" {
void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
int __real_posix_memalign(void **, size_t, size_t);
void *__real_aligned_alloc(size_t, size_t);
void *__real_mmap(void *, size_t, int, int, int, off_t);
void *__real__Znwm(size_t);
void *__real__Znam(size_t);
void *__real__ZnwmSt11align_val_t(size_t, std::align_val_t);
void *__real__ZnamSt11align_val_t(size_t, std::align_val_t);
void *__real__ZnwmRKSt9nothrow_t(size_t, const std::nothrow_t &);
void *__real__ZnamRKSt9nothrow_t(size_t, const std::nothrow_t &);

void *__wrap_malloc(size_t n) {
    if (should_fail()) return errno = ENOMEM, nullptr;
    return __real_malloc(n);
}
void *__wrap_calloc(size_t a, size_t b) {
    if (should_fail()) return errno = ENOMEM, nullptr;
    return __real_calloc(a, b);
}
void *__wrap_realloc(void *p, size_t n) {
    if (should_fail()) return errno = ENOMEM, nullptr;
    return __real_realloc(p, n);
}
int __wrap_posix_memalign(void **out, size_t align, size_t n) {
    if (should_fail()) return ENOMEM;
    return __real_posix_memalign(out, align, n);
}
void *__wrap_aligned_alloc(size_t align, size_t n) {
    if (should_fail()) return errno = ENOMEM, nullptr;
    return __real_aligned_alloc(align, n);
}
void *__wrap_mmap(void *addr, size_t n, int prot, int flags, int fd, off_t off) {
    if (should_fail()) return errno = ENOMEM, MAP_FAILED;
    return __real_mmap(addr, n, prot, flags, fd, off);
}
void *__wrap__Znwm(size_t n) {
    if (should_fail()) throw std::bad_alloc();
    return __real__Znwm(n);
}
void *__wrap__Znam(size_t n) {
    if (should_fail()) throw std::bad_alloc();
    return __real__Znam(n);
}
void *__wrap__ZnwmSt11align_val_t(size_t n, std::align_val_t a) {
    if (should_fail()) throw std::bad_alloc();
    return __real__ZnwmSt11align_val_t(n, a);
}
void *__wrap__ZnamSt11align_val_t(size_t n, std::align_val_t a) {
    if (should_fail()) throw std::bad_alloc();
    return __real__ZnamSt11align_val_t(n, a);
}
void *__wrap__ZnwmRKSt9nothrow_t(size_t n, const std::nothrow_t &t) {
    if (should_fail()) return nullptr;
    return __real__ZnwmRKSt9nothrow_t(n, t);
}
void *__wrap__ZnamRKSt9nothrow_t(size_t n, const std::nothrow_t &t) {
    if (should_fail()) return nullptr;
    return __real__ZnamRKSt9nothrow_t(n, t);
}
}  // extern "C"
