# Soak (issue 18 §6) at a reduced size: token-file counting memory follows
# nnz and not the file, a 50% cancel leaves an exact, usable corpus, and
# training RSS is flat after the first step.  bench/soak/soak.c is the tool;
# bench/README.md ("Soak") has the full-size runs.  Label: soak
# (ctest -L soak); it is also part of the normal suite.
add_executable(prspread_soak ${PROJECT_SOURCE_DIR}/bench/soak/soak.c)
set_target_properties(prspread_soak PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON)
target_compile_options(prspread_soak PRIVATE -Wall -Wextra -Werror)
target_link_libraries(prspread_soak PRIVATE prspread)
add_test(NAME soak_reduced
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/soak/run_soak.sh $<TARGET_FILE:prspread_soak>
          ${CMAKE_CURRENT_BINARY_DIR}/tmp/soak $<BOOL:${PRSPREAD_SANITIZE}>)
set_tests_properties(soak_reduced PROPERTIES LABELS soak TIMEOUT 300 SKIP_RETURN_CODE 77)
