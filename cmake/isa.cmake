# Which instruction set the kernels are compiled for.  Eigen's float GEMM is
# about 5x faster with AVX-512 than with the x86-64 SSE2 baseline, so this is
# an explicit, printed choice rather than a hidden default.
#   native   : the build machine's CPU (-march=native); right for source builds
#   avx512   : x86-64-v4 (AVX-512 F/BW/DQ/VL)
#   avx2     : x86-64-v3 (AVX2 + FMA)
#   portable : the compiler's baseline (x86-64 SSE2); what a distribution ships
set(PRSPREAD_ISA "native" CACHE STRING "Target ISA: native, avx512, avx2 or portable")
set_property(CACHE PRSPREAD_ISA PROPERTY STRINGS native avx512 avx2 portable)
if(PRSPREAD_ISA STREQUAL "native")
  set(PRSPREAD_ISA_FLAGS -march=native)
elseif(PRSPREAD_ISA STREQUAL "avx512")
  set(PRSPREAD_ISA_FLAGS -march=x86-64-v4)
elseif(PRSPREAD_ISA STREQUAL "avx2")
  set(PRSPREAD_ISA_FLAGS -march=x86-64-v3)
elseif(PRSPREAD_ISA STREQUAL "portable")
  set(PRSPREAD_ISA_FLAGS "")
  message(WARNING "PRSPREAD_ISA=portable: dense kernels run on SSE2 and can be ~5x slower "
                  "than with AVX-512. Use native/avx2/avx512 when the target CPU allows it.")
else()
  message(FATAL_ERROR "PRSPREAD_ISA='${PRSPREAD_ISA}' is not one of native, avx512, avx2, portable")
endif()
message(STATUS "prspread: kernels compiled for ISA '${PRSPREAD_ISA}' (flags: ${PRSPREAD_ISA_FLAGS})")
