# PRSPREAD_ISA=dispatch: one shared library that runs AVX-512, AVX2 or
# baseline kernels, chosen from CPUID at run time (dispatch/forward.cpp).
#
# The whole core and C shell are compiled three times.  Each copy is linked
# into one relocatable object (ld -r, section groups dissolved so no COMDAT
# of one copy can stand in for another's), then cmake/dispatch_isolate.cmake
# renames its pr_x to prspread_<level>_pr_x and makes every other symbol
# local.  Whole copies rather than per-kernel dispatch: Eigen's templates
# are inlined everywhere, and a copy that shares no symbol cannot mix ISAs
# (the ODR problem of compiling one template twice with different flags).
#
# The baseline copy is prspread_objects itself, which the unit tests link.

if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  message(FATAL_ERROR "PRSPREAD_ISA=dispatch is for x86-64 (CMAKE_SYSTEM_PROCESSOR is "
                      "'${CMAKE_SYSTEM_PROCESSOR}'); use PRSPREAD_ISA=portable or native")
endif()

set(_dispatch_dir ${CMAKE_CURRENT_BINARY_DIR}/dispatch)
set(_dispatch_flags_avx2 -march=x86-64-v3)
set(_dispatch_flags_avx512 -march=x86-64-v4 ${PRSPREAD_AVX512_FLAGS})

# GCC gives the static locals of inline functions (Eigen's cache sizes, for
# one) STB_GNU_UNIQUE binding, which objcopy cannot make local and the
# dynamic loader merges process-wide: -fno-gnu-unique makes them plain weak
# symbols, which the isolation step then localizes.
# -fno-lto: the renaming works on ELF symbols, and LTO bytecode inside the
# objects would still name every copy's functions pr_x.
set(_dispatch_common_flags -fno-lto)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND _dispatch_common_flags -fno-gnu-unique)
endif()

target_compile_definitions(prspread_objects PRIVATE PRSPREAD_DISPATCH)
target_compile_options(prspread_objects PRIVATE ${_dispatch_common_flags})
foreach(level avx2 avx512)
  prspread_add_core(prspread_objects_${level} ${_dispatch_common_flags} ${_dispatch_flags_${level}})
  target_compile_definitions(prspread_objects_${level} PRIVATE PRSPREAD_DISPATCH)
endforeach()

set(_dispatch_copies)
foreach(level portable avx2 avx512)
  if(level STREQUAL "portable")
    set(_objects prspread_objects)
  else()
    set(_objects prspread_objects_${level})
  endif()
  set(_copy ${_dispatch_dir}/core_${level}.o)
  add_custom_command(OUTPUT ${_copy}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_dispatch_dir}
    COMMAND ${CMAKE_LINKER} -r --force-group-allocation -o ${_dispatch_dir}/core_${level}.merged.o
            "$<TARGET_OBJECTS:${_objects}>"
    COMMAND ${CMAKE_COMMAND} -DIN=${_dispatch_dir}/core_${level}.merged.o -DOUT=${_copy}
            -DPREFIX=prspread_${level}_ -DNM=${CMAKE_NM} -DOBJCOPY=${CMAKE_OBJCOPY} -DREADELF=${CMAKE_READELF}
            -DAPI=${PROJECT_SOURCE_DIR}/dispatch/api.inc
            -P ${PROJECT_SOURCE_DIR}/cmake/dispatch_isolate.cmake
    DEPENDS ${_objects} "$<TARGET_OBJECTS:${_objects}>" ${PROJECT_SOURCE_DIR}/cmake/dispatch_isolate.cmake
            ${PROJECT_SOURCE_DIR}/dispatch/api.inc
    COMMAND_EXPAND_LISTS
    COMMENT "prspread: isolating the ${level} copy of the core")
  list(APPEND _dispatch_copies ${_copy})
endforeach()
set_source_files_properties(${_dispatch_copies} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)

add_library(prspread SHARED ${PROJECT_SOURCE_DIR}/dispatch/forward.cpp ${_dispatch_copies})
target_include_directories(prspread PRIVATE ${PROJECT_SOURCE_DIR}/dispatch)
target_compile_definitions(prspread PRIVATE PRSPREAD_BUILDING)
target_compile_options(prspread PRIVATE -Wall -Wextra -fno-lto)
