# Runtime ISA dispatch (PRSPREAD_ISA=dispatch builds only): every level the
# machine has, forced in turn, against isa_levels.c's references and the
# portable level (tests/dispatch/run_levels.sh).  The Debian autopkgtest
# isa-dispatch runs the same against the installed package.
if(PRSPREAD_ISA STREQUAL "dispatch")
  add_executable(isa_levels ${CMAKE_CURRENT_SOURCE_DIR}/dispatch/isa_levels.c)
  set_target_properties(isa_levels PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(isa_levels PRIVATE -Wall -Wextra -pedantic -Werror)
  target_link_libraries(isa_levels PRIVATE prspread m)
  add_test(NAME isa_dispatch_levels
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/dispatch/run_levels.sh $<TARGET_FILE:isa_levels>
            ${CMAKE_CURRENT_BINARY_DIR}/isa-levels)
endif()
