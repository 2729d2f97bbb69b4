// Which instruction-set level this process may use, from CPUID (and the OS's
// saved register state, XGETBV), capped by the environment variable
// PRSPREAD_ISA_MAX.  The cap exists for tests and bug reports: it makes a
// kernel that needs a level fail (or fall back) as on an older CPU.
//
//   PRSPREAD_ISA_MAX = portable | avx2 | avx512 | avx512_bf16   (unset: no cap)
//
// Each copy of the core is compiled for one ISA (cmake/isa.cmake); code
// compiled for more than that (core/sgemm_bf16.cpp) asks here before it runs.
#pragma once

namespace pr {

enum class IsaLevel : int {
    portable = 0,     // the compiler's x86-64 baseline
    avx2 = 1,         // x86-64-v3: AVX2, FMA, BMI1/2, LZCNT, MOVBE, F16C
    avx512 = 2,       // x86-64-v4: the above plus AVX-512 F, CD, BW, DQ, VL
    avx512_bf16 = 3,  // the above plus AVX512-BF16 (vdpbf16ps)
};

const char *isa_level_name(IsaLevel level);

// What the CPU and OS support, ignoring PRSPREAD_ISA_MAX (computed once).
IsaLevel hardware_isa_level();

// The level this copy of the library was compiled for (cmake/isa.cmake;
// one of three copies in a dispatched build, cmake/dispatch.cmake).
IsaLevel compiled_isa_level();

// hardware_isa_level() capped by PRSPREAD_ISA_MAX, read at each call so a
// test can change it.  An unknown value is PR_ERR_INVALID_ARGUMENT naming it.
IsaLevel runtime_isa_level();

}  // namespace pr
