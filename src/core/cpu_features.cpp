#include "core/cpu_features.hpp"

#include "core/error.hpp"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace pr {

namespace {

constexpr const char *kNames[] = {"portable", "avx2", "avx512", "avx512_bf16"};

#if defined(__x86_64__) || defined(__i386__)
// XCR0: which register state the OS saves on a context switch.  Without
// this an instruction the CPU has can still fault (or lose state).
unsigned long long xcr0() {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<unsigned long long>(hi) << 32) | lo;
}

bool bit(unsigned reg, int b) { return (reg >> b) & 1u; }

bool all_bits(unsigned reg, std::initializer_list<int> bits) {
    for (int b : bits)
        if (!bit(reg, b)) return false;
    return true;
}

// The levels are the compilers' x86-64 micro-architecture levels, because
// that is what each copy of a dispatched build is compiled for
// (-march=x86-64-v3 / -v4): every feature they enable is checked, not only
// AVX2 or AVX-512F, or a BMI2 or LZCNT instruction could fault (or LZCNT
// silently run as BSR) on a CPU or VM that lacks it.
IsaLevel detect() {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return IsaLevel::portable;
    // x86-64-v2 and v3 in leaf 1: SSE3, SSSE3, FMA, CMPXCHG16B, SSE4.1,
    // SSE4.2, MOVBE, POPCNT, OSXSAVE, AVX, F16C.
    if (!bit(d, 26) || !all_bits(c, {0, 9, 12, 13, 19, 20, 22, 23, 27, 28, 29})) return IsaLevel::portable;
    const unsigned long long x = xcr0();
    if ((x & 0x6) != 0x6) return IsaLevel::portable;  // XMM and YMM state
    unsigned ea, eb, ec, ed;
    if (!__get_cpuid(0x80000001u, &ea, &eb, &ec, &ed) || !all_bits(ec, {0, 5})) return IsaLevel::portable;  // LAHF, LZCNT
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return IsaLevel::portable;
    const unsigned max_sub7 = a;
    if (!all_bits(b, {3, 5, 8})) return IsaLevel::portable;  // BMI1, AVX2, BMI2
    const bool avx512 = all_bits(b, {16, 17, 28, 30, 31});   // F, DQ, CD, BW, VL (x86-64-v4)
    if (!avx512 || (x & 0xE0) != 0xE0) return IsaLevel::avx2;  // opmask, ZMM0-15 upper, ZMM16-31
    if (max_sub7 < 1 || !__get_cpuid_count(7, 1, &a, &b, &c, &d)) return IsaLevel::avx512;
    return bit(a, 5) ? IsaLevel::avx512_bf16 : IsaLevel::avx512;  // CPUID.(7,1):EAX[5] AVX512_BF16
}
#else
IsaLevel detect() { return IsaLevel::portable; }
#endif

}  // namespace

const char *isa_level_name(IsaLevel level) { return kNames[static_cast<int>(level)]; }

IsaLevel compiled_isa_level() {
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
    return IsaLevel::avx512;
#elif defined(__AVX2__) && defined(__FMA__)
    return IsaLevel::avx2;
#else
    return IsaLevel::portable;
#endif
}

IsaLevel hardware_isa_level() {
    static const IsaLevel level = detect();
    return level;
}

IsaLevel runtime_isa_level() {
    const IsaLevel hw = hardware_isa_level();
    const char *cap = std::getenv("PRSPREAD_ISA_MAX");
    if (!cap || !*cap) return hw;
    for (int i = 0; i < 4; ++i)
        if (std::strcmp(cap, kNames[i]) == 0) return static_cast<int>(hw) < i ? hw : static_cast<IsaLevel>(i);
    fail(PR_ERR_INVALID_ARGUMENT, "environment variable PRSPREAD_ISA_MAX = '", cap,
         "' is not one of portable, avx2, avx512, avx512_bf16");
}

}  // namespace pr
