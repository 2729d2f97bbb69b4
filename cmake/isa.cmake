# Which instruction set the kernels are compiled for.  Eigen's float GEMM is
# about 5x faster with AVX-512 than with the x86-64 SSE2 baseline, so this is
# an explicit, printed choice rather than a hidden default.
#   native   : the build machine's CPU (-march=native); right for source builds
#   avx512   : x86-64-v4 (AVX-512 F/BW/DQ/VL)
#   avx2     : x86-64-v3 (AVX2 + FMA)
#   portable : the compiler's baseline (x86-64 SSE2)
#   dispatch : the baseline, with the library's core compiled three times
#              (baseline, x86-64-v3, x86-64-v4) and one copy chosen from
#              CPUID at run time (cmake/dispatch.cmake); what a
#              distribution ships
set(PRSPREAD_ISA "native" CACHE STRING "Target ISA: native, avx512, avx2, portable or dispatch")
set_property(CACHE PRSPREAD_ISA PROPERTY STRINGS native avx512 avx2 portable dispatch)
if(PRSPREAD_ISA STREQUAL "native")
  set(PRSPREAD_ISA_FLAGS -march=native)
elseif(PRSPREAD_ISA STREQUAL "avx512")
  set(PRSPREAD_ISA_FLAGS -march=x86-64-v4)
elseif(PRSPREAD_ISA STREQUAL "avx2")
  set(PRSPREAD_ISA_FLAGS -march=x86-64-v3)
elseif(PRSPREAD_ISA STREQUAL "dispatch")
  set(PRSPREAD_ISA_FLAGS "")  # what is built once (tools, tests) is baseline
elseif(PRSPREAD_ISA STREQUAL "portable")
  set(PRSPREAD_ISA_FLAGS "")
  message(WARNING "PRSPREAD_ISA=portable: dense kernels run on SSE2 and can be ~5x slower "
                  "than with AVX-512. Use native/avx2/avx512 when the target CPU allows it.")
else()
  message(FATAL_ERROR "PRSPREAD_ISA='${PRSPREAD_ISA}' is not one of native, avx512, avx2, portable, dispatch")
endif()
message(STATUS "prspread: kernels compiled for ISA '${PRSPREAD_ISA}' (flags: ${PRSPREAD_ISA_FLAGS})")

# Eigen 3.4.0 (Debian 12) with GCC 12 computes wrong BDCSVD results when its
# AVX-512 code paths are compiled at -O0 or -O1 (measured: a 16 x 16
# antisymmetric matrix reconstructs with relative error 0.31; -O2 and AVX2
# are exact).  Every spectrum of the library goes through BDCSVD, so builds
# below -O2 (Debug) drop AVX-512 and keep AVX2; CI's sanitizer build is -O2.
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "${PRSPREAD_ISA_FLAGS}")
check_cxx_source_compiles("
#ifndef __AVX512F__
#error no AVX-512
#endif
int main() { return 0; }" PRSPREAD_ISA_HAS_AVX512)
unset(CMAKE_REQUIRED_FLAGS)
string(TOUPPER "${CMAKE_BUILD_TYPE}" _prspread_bt)
set(_prspread_opt_flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_prspread_bt}}")
if(PRSPREAD_ISA STREQUAL "dispatch" AND NOT _prspread_opt_flags MATCHES "-O[23]|-Ofast")
  message(FATAL_ERROR "PRSPREAD_ISA=dispatch needs -O2 or higher ('${_prspread_opt_flags}'): its AVX-512 "
                      "copy would hit Eigen's BDCSVD miscompilation below -O2. Use a Release build.")
endif()
if(PRSPREAD_ISA_HAS_AVX512 AND NOT _prspread_opt_flags MATCHES "-O[23]|-Ofast")
  list(APPEND PRSPREAD_ISA_FLAGS -mno-avx512f)
  message(WARNING "prspread: optimisation below -O2 ('${_prspread_opt_flags}'): AVX-512 is turned off "
                  "(-mno-avx512f) because Eigen's BDCSVD miscomputes with AVX-512 below -O2. "
                  "Build with -O2 or higher for AVX-512.")
endif()

# GCC 12 reports "'__Y' may be used uninitialized" inside its own AVX-512
# intrinsics header whenever Eigen's double-precision reductions or our
# kernels are inlined: a false positive on the intrinsics' deliberately
# undefined operand (fixed in GCC 13), dozens of times per build.
# PRSPREAD_AVX512_FLAGS: what any AVX-512 compile adds (here and in
# cmake/dispatch.cmake's AVX-512 copy).
# Under AddressSanitizer GCC 12 reports the same operand as definitely
# uninitialized (-Wuninitialized).
set(PRSPREAD_AVX512_FLAGS "")
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  set(PRSPREAD_AVX512_FLAGS -Wno-maybe-uninitialized)
  if(PRSPREAD_SANITIZE)
    list(APPEND PRSPREAD_AVX512_FLAGS -Wno-uninitialized)
  endif()
endif()
if(PRSPREAD_ISA_HAS_AVX512)
  list(APPEND PRSPREAD_ISA_FLAGS ${PRSPREAD_AVX512_FLAGS})
endif()
