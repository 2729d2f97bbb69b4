#include "core/cpu_features.hpp"

#include "core/error.hpp"

#include <cstdlib>
#include <cstring>

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

IsaLevel detect() {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return IsaLevel::portable;
    const bool fma = bit(c, 12), osxsave = bit(c, 27), avx = bit(c, 28);
    if (!osxsave || !avx || !fma) return IsaLevel::portable;
    const unsigned long long x = xcr0();
    if ((x & 0x6) != 0x6) return IsaLevel::portable;  // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return IsaLevel::portable;
    const unsigned max_sub7 = a;
    if (!bit(b, 5)) return IsaLevel::portable;  // AVX2
    const bool avx512 = bit(b, 16) && bit(b, 17) && bit(b, 30) && bit(b, 31);  // F DQ BW VL
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
